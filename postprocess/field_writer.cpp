#include "postprocess/field_writer.hpp"

#include <cmath>
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

}  // namespace

void check_snapshot(const Snapshot& s) {
  if (s.cells[0] <= 0 || s.cells[1] <= 0 || s.cells[2] <= 0)
    throw std::invalid_argument("snapshot grid " + std::to_string(s.cells[0]) + "x" +
                                std::to_string(s.cells[1]) + "x" + std::to_string(s.cells[2]) +
                                " has no cells");
  if (!(std::isfinite(s.spacing_m) && s.spacing_m > 0))
    throw std::invalid_argument("snapshot spacing " + std::to_string(s.spacing_m) +
                                " m is not a positive number");
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
