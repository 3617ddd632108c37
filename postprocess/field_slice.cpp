#include "postprocess/field_slice.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "postprocess/field_writer.hpp"

namespace rackflow::post {

namespace {

void check_length(const char* name, std::size_t actual, std::size_t expected) {
  if (actual != expected)
    throw std::invalid_argument(std::string("snapshot array ") + name + " has " + std::to_string(actual) +
                                " values, expected " + std::to_string(expected));
}

// The snapshot must hold layer `index` along `axis` and, across it, the whole domain.
void check_layer(const Snapshot& s, int axis, int index) {
  check_slice_fields(s);
  if (axis < 0 || axis > 2)
    throw std::invalid_argument("slice axis " + std::to_string(axis) + " (allowed: 0, 1, 2)");
  const std::array<long long, 3> whole = s.whole_cells();
  if (index < 0 || index >= whole[axis])
    throw std::invalid_argument("slice layer " + std::to_string(index) + " along axis " + std::to_string(axis) +
                                " (allowed: 0.." + std::to_string(whole[axis] - 1) + ")");
  if (index < s.offset_cells[axis] || index >= s.offset_cells[axis] + s.cells[axis])
    throw std::invalid_argument("slice layer " + std::to_string(index) + " along axis " + std::to_string(axis) +
                                " is not in the snapshot, which holds layers " + std::to_string(s.offset_cells[axis]) +
                                ".." + std::to_string(s.offset_cells[axis] + s.cells[axis] - 1));
  for (int d = 0; d < 3; ++d)
    if (d != axis && (s.offset_cells[d] != 0 || s.cells[d] != whole[d]))
      throw std::invalid_argument("snapshot holds cells " + std::to_string(s.offset_cells[d]) + ".." +
                                  std::to_string(s.offset_cells[d] + s.cells[d] - 1) + " along axis " +
                                  std::to_string(d) + ", not the whole layer (0.." + std::to_string(whole[d] - 1) +
                                  ")");
}

// The snapshot's own index of global cell (i, j, k), which it holds (check_layer).
std::size_t cell(const Snapshot& s, int i, int j, long long k) {
  const long long li = i - s.offset_cells[0], lj = j - s.offset_cells[1], lk = k - s.offset_cells[2];
  return std::size_t(li) + std::size_t(s.cells[0]) * (std::size_t(lj) + std::size_t(s.cells[1]) * std::size_t(lk));
}

void resize(FieldSlice& slice, bool velocity, bool pressure) {
  const std::size_t n = std::size_t(slice.columns) * slice.rows;
  slice.temperature_c.resize(n);
  slice.object_id.resize(n);
  slice.velocity_h_m_s.resize(velocity ? n : 0);
  slice.velocity_v_m_s.resize(velocity ? n : 0);
  slice.pressure_pa.resize(pressure ? n : 0);
}

void resize(FieldSlice& slice, const Snapshot& s) {
  resize(slice, !s.velocity_m_s.empty(), !s.pressure_pa.empty());
}

// The picture's vertical axis is z for a vertical slice, y for a plan.
void copy_cell(FieldSlice& slice, int column, int row, const Snapshot& s, std::size_t from, int vertical_axis) {
  const std::size_t to = std::size_t(column) + std::size_t(slice.columns) * row;
  slice.temperature_c[to] = s.temperature_c[from];
  slice.object_id[to] = s.object_id[from];
  if (!slice.velocity_h_m_s.empty()) {
    const float h = s.velocity_m_s[3 * from + slice.horizontal_axis];
    slice.velocity_h_m_s[to] = slice.mirrored ? -h : h;
    slice.velocity_v_m_s[to] = s.velocity_m_s[3 * from + vertical_axis];
  }
  if (!slice.pressure_pa.empty()) slice.pressure_pa[to] = s.pressure_pa[from];
}

}  // namespace

double FieldSlice::column_of(double coordinate_m) const {
  return (mirrored ? left_m - coordinate_m : coordinate_m - left_m) / spacing_m;
}

double FieldSlice::row_of(double coordinate_m) const {
  return (coordinate_m - bottom_m) / spacing_m;
}

DomainGeometry domain_geometry(const Snapshot& s) { return {s.whole_cells(), s.origin_m, s.spacing_m}; }

int nearest_layer(const DomainGeometry& g, int axis, double coordinate_m) {
  const long long i = (long long)std::floor((coordinate_m - g.origin_m[axis]) / g.spacing_m);
  return int(std::clamp(i, 0LL, g.cells[axis] - 1));
}

void check_slice_fields(const Snapshot& s) {
  check_snapshot_grid(s);
  check_length(field_names::temperature, s.temperature_c.size(), s.size());
  check_length(field_names::object_id, s.object_id.size(), s.size());
  if (!s.velocity_m_s.empty()) check_length(field_names::velocity, s.velocity_m_s.size(), 3 * s.size());
  if (!s.pressure_pa.empty()) check_length(field_names::pressure, s.pressure_pa.size(), s.size());
}

FieldSlice horizontal_slice(const Snapshot& s, int k) {
  check_layer(s, 2, k);
  FieldSlice slice;
  slice.columns = s.cells[0];
  slice.rows = s.cells[1];
  slice.left_m = s.origin_m[0];
  slice.bottom_m = s.origin_m[1];
  slice.spacing_m = s.spacing_m;
  resize(slice, s);
  for (int j = 0; j < s.cells[1]; ++j)
    for (int i = 0; i < s.cells[0]; ++i) copy_cell(slice, i, j, s, cell(s, i, j, k), 1);
  return slice;
}

FieldSlice vertical_slice(const Snapshot& s, int axis, int index, int view_direction) {
  if (axis == 2) throw std::invalid_argument("vertical slice normal to z (allowed axes: 0, 1)");
  check_layer(s, axis, index);
  FieldSlice slice;
  slice.horizontal_axis = axis == 0 ? 1 : 0;
  const int h = slice.horizontal_axis;
  // The viewer's right is forward × up: +x when looking along +y, -y when looking along +x.
  slice.mirrored = axis == 1 ? view_direction < 0 : view_direction > 0;
  slice.columns = s.cells[h];
  slice.rows = s.cells[2];
  slice.left_m = s.origin_m[h] + (slice.mirrored ? s.cells[h] * s.spacing_m : 0.0);
  slice.bottom_m = s.origin_m[2];
  slice.spacing_m = s.spacing_m;
  resize(slice, s);
  for (int k = 0; k < s.cells[2]; ++k)
    for (int c = 0; c < slice.columns; ++c) {
      const int along = slice.mirrored ? slice.columns - 1 - c : c;
      const std::size_t from = axis == 0 ? cell(s, index, along, k) : cell(s, along, index, k);
      copy_cell(slice, c, k, s, from, 2);
    }
  return slice;
}
FieldSlice crop_columns(const FieldSlice& slice, double a_m, double b_m) {
  const double ca = slice.column_of(a_m), cb = slice.column_of(b_m);
  const int first = std::clamp(int(std::floor(std::min(ca, cb))), 0, slice.columns - 1);
  const int last = std::clamp(int(std::ceil(std::max(ca, cb))), first + 1, slice.columns);
  FieldSlice out = slice;
  out.columns = last - first;
  out.left_m = slice.left_m + (slice.mirrored ? -first : first) * slice.spacing_m;
  resize(out, !slice.velocity_h_m_s.empty(), !slice.pressure_pa.empty());
  for (int r = 0; r < slice.rows; ++r)
    for (int c = 0; c < out.columns; ++c) {
      const std::size_t from = std::size_t(first + c) + std::size_t(slice.columns) * r;
      const std::size_t to = std::size_t(c) + std::size_t(out.columns) * r;
      out.temperature_c[to] = slice.temperature_c[from];
      out.object_id[to] = slice.object_id[from];
      if (!out.velocity_h_m_s.empty()) {
        out.velocity_h_m_s[to] = slice.velocity_h_m_s[from];
        out.velocity_v_m_s[to] = slice.velocity_v_m_s[from];
      }
      if (!out.pressure_pa.empty()) out.pressure_pa[to] = slice.pressure_pa[from];
    }
  return out;
}

}  // namespace rackflow::post
