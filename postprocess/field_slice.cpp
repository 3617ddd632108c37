#include "postprocess/field_slice.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "postprocess/field_writer.hpp"

namespace rackflow::post {

namespace {

void check_layer(const Snapshot& s, int axis, int index) {
  check_snapshot(s);
  if (axis < 0 || axis > 2)
    throw std::invalid_argument("slice axis " + std::to_string(axis) + " (allowed: 0, 1, 2)");
  if (index < 0 || index >= s.cells[axis])
    throw std::invalid_argument("slice layer " + std::to_string(index) + " along axis " +
                                std::to_string(axis) + " (allowed: 0.." +
                                std::to_string(s.cells[axis] - 1) + ")");
}

std::size_t cell(const Snapshot& s, int i, int j, int k) {
  return std::size_t(i) + std::size_t(s.cells[0]) * (std::size_t(j) + std::size_t(s.cells[1]) * k);
}

void resize(FieldSlice& slice) {
  const std::size_t n = std::size_t(slice.columns) * slice.rows;
  slice.temperature_c.resize(n);
  slice.object_id.resize(n);
}

void copy_cell(FieldSlice& slice, int column, int row, const Snapshot& s, std::size_t from) {
  const std::size_t to = std::size_t(column) + std::size_t(slice.columns) * row;
  slice.temperature_c[to] = s.temperature_c[from];
  slice.object_id[to] = s.object_id[from];
}

}  // namespace

double FieldSlice::column_of(double coordinate_m) const {
  return (mirrored ? left_m - coordinate_m : coordinate_m - left_m) / spacing_m;
}

double FieldSlice::row_of(double coordinate_m) const {
  return (coordinate_m - bottom_m) / spacing_m;
}

int nearest_layer(const Snapshot& s, int axis, double coordinate_m) {
  const int i = int(std::floor((coordinate_m - s.origin_m[axis]) / s.spacing_m));
  return std::clamp(i, 0, s.cells[axis] - 1);
}

FieldSlice horizontal_slice(const Snapshot& s, int k) {
  check_layer(s, 2, k);
  FieldSlice slice;
  slice.columns = s.cells[0];
  slice.rows = s.cells[1];
  slice.left_m = s.origin_m[0];
  slice.bottom_m = s.origin_m[1];
  slice.spacing_m = s.spacing_m;
  resize(slice);
  for (int j = 0; j < s.cells[1]; ++j)
    for (int i = 0; i < s.cells[0]; ++i) copy_cell(slice, i, j, s, cell(s, i, j, k));
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
  resize(slice);
  for (int k = 0; k < s.cells[2]; ++k)
    for (int c = 0; c < slice.columns; ++c) {
      const int along = slice.mirrored ? slice.columns - 1 - c : c;
      const std::size_t from = axis == 0 ? cell(s, index, along, k) : cell(s, along, index, k);
      copy_cell(slice, c, k, s, from);
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
  resize(out);
  for (int r = 0; r < slice.rows; ++r)
    for (int c = 0; c < out.columns; ++c) {
      const std::size_t from = std::size_t(first + c) + std::size_t(slice.columns) * r;
      const std::size_t to = std::size_t(c) + std::size_t(out.columns) * r;
      out.temperature_c[to] = slice.temperature_c[from];
      out.object_id[to] = slice.object_id[from];
    }
  return out;
}

}  // namespace rackflow::post
