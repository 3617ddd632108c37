// Reductions over the interior fluid cells, run at monitor intervals only: the heat
// content for the energy balance, temperature extremes and their places (to report where
// a run diverged), the top speed (lattice Mach), and non-finite values.
#pragma once

#include <cstdint>

#include "flow_kernels.hpp"
#include "rackflow/cell_flags.hpp"
#include "rackflow/grid.hpp"

namespace rackflow::kernels {

struct Health {
  double sum_rho_theta;  // sum over fluid cells of rho theta (heat content / (rho0 cp dx^3))
  float min_theta;
  Index min_at;
  float max_theta;
  Index max_at;
  float max_speed2;
  Index speed_at;
  // Cells holding NaN or infinity: how many, the sum of their interior coordinates (for
  // the centroid) and their bounding box. NaN spreads from where it began a few cells a
  // step in every direction, so the centroid of a young region is where it began; the
  // first such cell in memory order is only the region's lowest corner.
  long long nonfinite;
  double nonfinite_sum[3];
  int nonfinite_lo[3], nonfinite_hi[3];

  RF_HD static Health identity() {
    return {0.0, 3.0e38f, -1, -3.0e38f, -1, 0.0f, -1, 0, {0.0, 0.0, 0.0}, {kNoCell, kNoCell, kNoCell}, {-1, -1, -1}};
  }
  static constexpr int kNoCell = 0x7fffffff;  // lo of an empty box
};

struct HealthCombine {
  RF_HD Health operator()(const Health& a, const Health& b) const {
    Health r;
    r.sum_rho_theta = a.sum_rho_theta + b.sum_rho_theta;
    const bool amin = a.min_theta <= b.min_theta;
    r.min_theta = amin ? a.min_theta : b.min_theta;
    r.min_at = amin ? a.min_at : b.min_at;
    const bool amax = a.max_theta >= b.max_theta;
    r.max_theta = amax ? a.max_theta : b.max_theta;
    r.max_at = amax ? a.max_at : b.max_at;
    const bool aspd = a.max_speed2 >= b.max_speed2;
    r.max_speed2 = aspd ? a.max_speed2 : b.max_speed2;
    r.speed_at = aspd ? a.speed_at : b.speed_at;
    r.nonfinite = a.nonfinite + b.nonfinite;
    for (int d = 0; d < 3; ++d) {
      r.nonfinite_sum[d] = a.nonfinite_sum[d] + b.nonfinite_sum[d];
      r.nonfinite_lo[d] = a.nonfinite_lo[d] < b.nonfinite_lo[d] ? a.nonfinite_lo[d] : b.nonfinite_lo[d];
      r.nonfinite_hi[d] = a.nonfinite_hi[d] > b.nonfinite_hi[d] ? a.nonfinite_hi[d] : b.nonfinite_hi[d];
    }
    return r;
  }
};

// Maps an interior cell number t (0 .. nx*ny*nz-1) to that cell's contribution.
template <class P>
struct HealthOfCell {
  Grid grid;
  const DeviceFlag* flags;
  const P* f;
  const float* theta;
  AuxView aux;

  RF_HD Health operator()(Index t) const {
    const int i = int(t % grid.nx), j = int((t / grid.nx) % grid.ny), k = int(t / (Index(grid.nx) * grid.ny));
    const Index c = grid.index(i, j, k);
    Health h = Health::identity();
    if (!is_fluid(flags[c])) return h;
    const float th = theta[c];
    const float u2 = aux.ux()[c] * aux.ux()[c] + aux.uy()[c] * aux.uy()[c] + aux.uz()[c] * aux.uz()[c];
    // NaN fails every comparison: this catches NaN and infinities in either field.
    if (!(th > -1.0e30f && th < 1.0e30f && u2 < 1.0e30f)) {
      h.nonfinite = 1;
      const int ijk[3] = {i, j, k};
      for (int d = 0; d < 3; ++d) {
        h.nonfinite_sum[d] = ijk[d];
        h.nonfinite_lo[d] = h.nonfinite_hi[d] = ijk[d];
      }
      return h;
    }
    h.sum_rho_theta = double(density(f, aux.n, c)) * th;
    h.min_theta = h.max_theta = th;
    h.min_at = h.max_at = c;
    h.max_speed2 = u2;
    h.speed_at = c;
    return h;
  }
};

}  // namespace rackflow::kernels
