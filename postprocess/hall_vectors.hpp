// Velocity arrows over a slice: the in-plane air velocity, averaged over blocks of cells
// on a coarse grid (about one arrow per 40 px), drawn to a common scale whose key sits
// beside the scale bar.
#pragma once

#include "postprocess/figure.hpp"

namespace rackflow::post {

// Block-averaged velocity of the fluid cells of one arrow's block.
struct ArrowSample {
  double h_m = 0, v_m = 0;      // domain coordinates of the block centre
  double u_h_m_s = 0, u_v_m_s = 0;  // mean in-plane velocity over its fluid cells
};

// The arrows of `slice` (which must hold velocity) for a plot at `cells_per_arrow` cells
// per block edge; blocks with no fluid cell are left out.
std::vector<ArrowSample> arrow_samples(const FieldSlice& slice, int cells_per_arrow);

// Draws the arrows and their key ("→ 2 m/s") at the figure's legend line, to the right of
// the scale bar. Throws std::invalid_argument when the slice holds no velocity.
void draw_velocity_arrows(Figure& figure, const FieldSlice& slice);

}  // namespace rackflow::post
