// Where the hall pictures look, shared by the plan of the layers (hall_picture_plan.cpp)
// and the drawing (hall_pictures.cpp).
#pragma once

#include <algorithm>
#include <cmath>

#include "postprocess/field_slice.hpp"
#include "rackflow/hall_results.hpp"

namespace rackflow::post {

inline const RackResult& hottest_rack(const HallResults& results) {
  return *std::max_element(results.racks.begin(), results.racks.end(),
                           [](const RackResult& a, const RackResult& b) { return a.inlet_max_c < b.inlet_max_c; });
}

// The layer of cells just outside the rack's front face. The voxeliser makes a box of the
// cells whose centres lie in [min, max) (mesh/voxelizer.cpp); the same rule is used here,
// so the layer is the first one of air, not the rack's own intake cells.
inline int front_layer(const DomainGeometry& g, const RackResult& rack) {
  const int a = face_axis(rack.front);
  auto first_cell_at_or_above = [&](double x_m) {
    return int(std::ceil((x_m - g.origin_m[a]) / g.spacing_m - 0.5 - 1e-9));
  };
  const int layer = face_sign(rack.front) < 0 ? first_cell_at_or_above(rack.min_m[a]) - 1
                                              : first_cell_at_or_above(rack.max_m[a]);
  return std::clamp(layer, 0, int(g.cells[a] - 1));
}

inline double plenum_mid_height(const PlenumResult& p) { return (p.bottom_m + p.top_m) / 2; }

}  // namespace rackflow::post
