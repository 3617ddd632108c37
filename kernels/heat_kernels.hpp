// Heat kernels: the finite-volume temperature sweep over fluid-fluid faces, the boundary
// faces, and the volumetric sources. Each writes theta_new; together they are one
// conservative explicit step (include/rackflow/heat_transport.hpp says why FV).
#pragma once

#include <cstdint>

#include "flow_kernels.hpp"
#include "rackflow/cell_flags.hpp"
#include "rackflow/grid.hpp"
#include "rackflow/heat_transport.hpp"
#include "rackflow/scene.hpp"

namespace rackflow::kernels {

// Advection along the 18 links with the lattice's mass fluxes (heat_transport.hpp says
// why) plus diffusion through the 6 faces with the effective diffusivity. Reads the
// post-collision populations of the last step (`f`, after the boundary links wrote their
// slots), i.e. exactly the masses the flow sweep just streamed. Links from inlet and
// outlet cells carry heat across the boundary (their sums are kept by ApplyFlowLinks);
// wall links carry none (m = 0 by bounce-back). Faces to non-fluid cells do not diffuse
// here: ApplyHeatBoundaries adds isothermal and heat-flux faces.
struct HeatSweep {
  Grid grid;
  const std::uint8_t* flags;
  const float* f;
  const float* theta;
  float* theta_new;
  AuxView aux;

  RF_HD RF_INLINE float theta_or(Index cell, float fallback) const {
    return is_fluid(flags[cell]) ? theta[cell] : fallback;
  }

  RF_HD RF_INLINE void operator()(Index c) const {
    const Index n = aux.n;
    const float tc = theta[c];
    // rho_new theta_new = rho_old theta + sum m t + D with rho_new = rho_old + sum m, i.e.
    // theta_new = theta + (sum m (t - theta) + D) / rho_new: a uniform field gets exactly 0.
    float rho_new_m1 = f[c];
    float adv = 0.0f;
    RF_UNROLL
    for (int i = 1; i < q19::Q; ++i) {
      const Index off = grid.offset(q19::cx(i), q19::cy(i), q19::cz(i));
      const Index nb = c - off;
      const float f_in = f[i * n + nb];
      rho_new_m1 += f_in;
      const float m = f_in - f[q19::opposite(i) * n + c];
      // Across an outlet the air leaves, and backflow enters, at the cell's own temperature
      // (zero gradient); that makes the limited link value exactly tc.
      const std::uint8_t nb_type = flags[nb] & kTypeMask;
      const float tn = nb_type == kPressureOutlet || nb_type == kFlowOutlet ? tc : theta[nb];
      const float far_n = nb_type == kFluid ? theta_or(nb - off, tn) : tn;
      const float far_c = theta_or(c + off, tc);
      adv += m * (heat::link_temperature(m, tc, tn, far_c, far_n) - tc);
    }
    const float inv_rho = 1.0f / (1.0f + rho_new_m1);
    float heat = tc + adv * inv_rho;  // theta, advanced in place
    const Index step[3] = {1, grid.stride_y(), grid.stride_z()};
    const float ac = aux.alpha()[c];
    RF_UNROLL
    for (int face = 0; face < 6; ++face) {
      const Index nb = c + (face % 2 ? step[face / 2] : -step[face / 2]);
      const float diff = 0.5f * (ac + aux.alpha()[nb]) * (theta[nb] - tc);
      heat += is_fluid(flags[nb]) ? diff * inv_rho : 0.0f;
    }
    theta_new[c] = is_fluid(flags[c]) ? heat : tc;
  }
};

// Heat through boundary faces. Each entry is one fluid cell, so no two threads add to the
// same cell. Isothermal and heat-flux faces only (inlets and outlets exchange heat along
// links in HeatSweep). The flux of every face is also summed into `accumulated` (double,
// per entry and face) so the energy balance is the sum of what the update applied.
struct ApplyHeatBoundaries {
  const HeatBoundaryCell* cells;
  const HeatFace* faces;
  const float* theta;
  float* theta_new;
  AuxView aux;
  const float* f_new;   // populations of the new step: heat q raises rho theta by q
  double* accumulated;  // 6 per entry

  RF_HD void operator()(Index k) const {
    const HeatBoundaryCell e = cells[k];
    const Index c = e.cell;
    const float tc = theta[c];
    const float ac = aux.alpha()[c];
    float total = 0.0f;
    for (int face = 0; face < 6; ++face) {
      if (e.face[face] == kNoHeatFace) continue;
      const HeatFace hf = faces[e.face[face]];
      // theta per step entering the cell; an isothermal wall is half a cell away.
      const float q = hf.kind == kHeatFixedTemperature ? 2.0f * ac * (hf.value - tc)
                      : hf.kind == kHeatFixedFlux      ? hf.value
                                                       : 0.0f;
      total += q;
      accumulated[6 * k + face] += q;
    }
    theta_new[c] += total / density(f_new, aux.n, c);
  }
};

struct ApplyHeatSources {
  const HeatSourceCell* sources;
  float* theta_new;
  const float* f_new;
  Index n;

  RF_HD void operator()(Index k) const {
    const Index c = sources[k].cell;
    theta_new[c] += sources[k].theta_per_step / density(f_new, n, c);
  }
};

}  // namespace rackflow::kernels
