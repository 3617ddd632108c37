#include "postprocess/field_writer.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace rackflow::post {

namespace {

void check_length(const char* name, std::size_t actual, std::size_t expected) {
  if (actual != expected)
    throw std::invalid_argument(std::string("snapshot array ") + name + " has " +
                                std::to_string(actual) + " values, expected " +
                                std::to_string(expected));
}

// VTK keeps extents in int: a point index beyond INT_MAX cannot be written.
void check_placement(const Snapshot& s) {
  const std::array<long long, 3> whole = s.whole_cells();
  constexpr long long kMaxPointIndex = std::numeric_limits<int>::max();
  for (int d = 0; d < 3; ++d) {
    const char axis = "xyz"[d];
    if (whole[d] < 1 || whole[d] > kMaxPointIndex)
      throw std::invalid_argument(std::string("snapshot domain has ") + std::to_string(whole[d]) +
                                  " cells along " + axis + ", allowed 1.." +
                                  std::to_string(kMaxPointIndex));
    if (s.offset_cells[d] < 0 || s.offset_cells[d] + s.cells[d] > whole[d])
      throw std::invalid_argument(std::string("snapshot piece cells [") +
                                  std::to_string(s.offset_cells[d]) + ", " +
                                  std::to_string(s.offset_cells[d] + s.cells[d]) + ") along " +
                                  axis + " lie outside the domain's [0, " +
                                  std::to_string(whole[d]) + ")");
  }
}

}  // namespace

std::vector<FieldArray> field_arrays(bool with_statistics) {
  std::vector<FieldArray> arrays = {{field_names::temperature, "Float32", 1},
                                    {field_names::velocity, "Float32", 3},
                                    {field_names::pressure, "Float32", 1},
                                    {field_names::object_id, "Int32", 1}};
  if (with_statistics)
    arrays.insert(arrays.end(), {{field_names::temperature_mean, "Float32", 1},
                                 {field_names::temperature_rms, "Float32", 1},
                                 {field_names::velocity_mean, "Float32", 3},
                                 {field_names::velocity_rms, "Float32", 1}});
  return arrays;
}

void check_snapshot_grid(const Snapshot& s) {
  if (s.cells[0] <= 0 || s.cells[1] <= 0 || s.cells[2] <= 0)
    throw std::invalid_argument("snapshot grid " + std::to_string(s.cells[0]) + "x" +
                                std::to_string(s.cells[1]) + "x" + std::to_string(s.cells[2]) +
                                " has no cells");
  if (!(std::isfinite(s.spacing_m) && s.spacing_m > 0))
    throw std::invalid_argument("snapshot spacing " + std::to_string(s.spacing_m) +
                                " m is not a positive number");
  check_placement(s);
}

void check_snapshot(const Snapshot& s) {
  check_snapshot_grid(s);
  const std::size_t n = s.size();
  check_length(field_names::temperature, s.temperature_c.size(), n);
  check_length(field_names::velocity, s.velocity_m_s.size(), 3 * n);
  check_length(field_names::pressure, s.pressure_pa.size(), n);
  check_length(field_names::object_id, s.object_id.size(), n);
  if (s.has_statistics() || !s.temperature_rms_k.empty() || !s.velocity_mean_m_s.empty() ||
      !s.velocity_rms_m_s.empty()) {
    check_length(field_names::temperature_mean, s.temperature_mean_c.size(), n);
    check_length(field_names::temperature_rms, s.temperature_rms_k.size(), n);
    check_length(field_names::velocity_mean, s.velocity_mean_m_s.size(), 3 * n);
    check_length(field_names::velocity_rms, s.velocity_rms_m_s.size(), n);
  }
}

}  // namespace rackflow::post
