// Planes of cells cut out of a Snapshot for the pictures: a horizontal layer (plan view)
// or a vertical layer normal to x or y. A slice is stored as the picture shows it:
// column 0 at the left, row 0 at the bottom, so drawing needs no knowledge of axes.
#pragma once

#include <cstdint>
#include <vector>

#include "rackflow/snapshot.hpp"

namespace rackflow::post {

struct FieldSlice {
  int columns = 0, rows = 0;
  std::vector<float> temperature_c;     // columns*rows, column fastest
  std::vector<std::int32_t> object_id;  // same layout: 0 fluid, >0 solid
  // Domain coordinates of the picture's left and bottom edges, and the cell edge [m].
  // With `mirrored` the horizontal coordinate decreases to the right, and `left_m` is its
  // largest value.
  double left_m = 0, bottom_m = 0, spacing_m = 0;
  bool mirrored = false;
  int horizontal_axis = 0;  // the Snapshot axis across the picture (0 x, 1 y)

  // Position, in cells from the left / bottom edge, of a domain coordinate.
  double column_of(double coordinate_m) const;
  double row_of(double coordinate_m) const;
};

// Index of the cell layer whose centre is nearest to `coordinate_m` along `axis`,
// clamped into the grid.
int nearest_layer(const Snapshot& snapshot, int axis, double coordinate_m);

// The slice functions below throw std::invalid_argument for an inconsistent snapshot
// (check_snapshot) or a layer outside the grid.

// The layer of cells k (z = constant), seen from above: x to the right, y up.
FieldSlice horizontal_slice(const Snapshot& snapshot, int k);

// The layer `index` normal to `axis` (0 or 1), z up, as seen by a viewer looking along
// `view_direction` (+1 or -1 along that axis): the picture's right is the viewer's right,
// so a rack front looks as it does from the aisle. `axis` must be 0 or 1.
FieldSlice vertical_slice(const Snapshot& snapshot, int axis, int index, int view_direction);

// The columns of `slice` that overlap the horizontal coordinates between a_m and b_m
// (either order), at least one: a window around a rack instead of a whole hall wall.
FieldSlice crop_columns(const FieldSlice& slice, double a_m, double b_m);

}  // namespace rackflow::post
