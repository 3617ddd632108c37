// Planes of cells cut out of a Snapshot for the pictures: a horizontal layer (plan view)
// or a vertical layer normal to x or y. A slice is stored as the picture shows it:
// column 0 at the left, row 0 at the bottom, so drawing needs no knowledge of axes.
//
// The snapshot a slice is cut from may be the whole domain or only the layer itself (a
// plane gathered from the ranks of a parallel run: one cell thick along its axis, placed
// by offset_cells); layers are named by their global cell index either way, so both give
// the same slice.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "rackflow/snapshot.hpp"

namespace rackflow::post {

struct FieldSlice {
  int columns = 0, rows = 0;
  std::vector<float> temperature_c;     // columns*rows, column fastest
  std::vector<std::int32_t> object_id;  // same layout: 0 fluid, >0 solid
  // Same layout, empty where the snapshot has no velocity / pressure: the air velocity in
  // the picture's axes (to the right, up as the picture shows them) and the pressure.
  std::vector<float> velocity_h_m_s, velocity_v_m_s;
  std::vector<float> pressure_pa;
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

// The domain a snapshot lies in, without its fields: what placing a layer needs.
struct DomainGeometry {
  std::array<long long, 3> cells{0, 0, 0};  // the whole domain's
  std::array<double, 3> origin_m{0, 0, 0};  // lower corner of cell (0,0,0)
  double spacing_m = 0;                     // cell edge
  bool operator==(const DomainGeometry& o) const {
    return cells == o.cells && origin_m == o.origin_m && spacing_m == o.spacing_m;
  }
};

// The domain of `snapshot`, a piece or a plane of it included (Snapshot::whole_cells).
DomainGeometry domain_geometry(const Snapshot& snapshot);

// Index of the cell layer whose centre is nearest to `coordinate_m` along `axis`,
// clamped into the domain.
int nearest_layer(const DomainGeometry& domain, int axis, double coordinate_m);

// What a slice reads: the grid and its placement (check_snapshot's rules), temperature_c
// and object_id; velocity and pressure of the right length or empty. Throws
// std::invalid_argument.
void check_slice_fields(const Snapshot& snapshot);

// The slice functions below throw std::invalid_argument for an inconsistent snapshot
// (check_slice_fields), a layer outside the domain, or a snapshot that does not hold the
// whole layer (the layer along its axis, the domain's full extent across it).

// The layer of cells k (z = constant, global index), seen from above: x to the right, y up.
FieldSlice horizontal_slice(const Snapshot& snapshot, int k);

// The layer `index` (global) normal to `axis` (0 or 1), z up, as seen by a viewer looking
// along `view_direction` (+1 or -1 along that axis): the picture's right is the viewer's
// right, so a rack front looks as it does from the aisle. `axis` must be 0 or 1.
FieldSlice vertical_slice(const Snapshot& snapshot, int axis, int index, int view_direction);

// The columns of `slice` that overlap the horizontal coordinates between a_m and b_m
// (either order), at least one: a window around a rack instead of a whole hall wall.
FieldSlice crop_columns(const FieldSlice& slice, double a_m, double b_m);

}  // namespace rackflow::post
