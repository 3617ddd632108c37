// The one sweep over cells: stream, collide, and the temperature update, fused.
//
// Pull scheme with two population arrays. Before the sweep, each boundary link writes the
// population a boundary would send into the boundary cell's own (otherwise unused) slot
// (ApplyFlowLinks), so the sweep pulls blindly (waLBerla's link-list idea).
//
// Why fused: the heat update moves rho theta with the masses the populations stream
// (include/rackflow/heat_transport.hpp), so it needs the incoming populations. A separate
// heat sweep read all 19 arrays a second time, 76 of the step's 350 bytes per cell. Here
// each incoming population is loaded once and feeds both the moments and its link's heat
// flux. The price is a lagged diffusivity: this step's eddy diffusivity is known only once
// the cell's stress is, and its face neighbours' only after they are swept, so diffusion
// uses the last step's (AuxView `prev`, double-buffered with the velocity). The eddy
// viscosity changes by a fraction of itself per step only where the flow changes on the
// time scale of one step, which a resolved LES does not.
//
// Branch-free by construction: every load is unconditional (the padded grid makes each
// neighbour up to kHalo away addressable) and every choice is a select, because one branch
// in the cell keeps the CPU's loop over x from vectorising (scripts/kernel_spills.sh).
#pragma once

#include <cstdint>

#include "flow_kernels.hpp"
#include "population_storage.hpp"
#include "rackflow/cell_flags.hpp"
#include "rackflow/collision.hpp"
#include "rackflow/grid.hpp"
#include "rackflow/heat_transport.hpp"
#include "rackflow/scene.hpp"

namespace rackflow::kernels {

// P: the population storage (population_storage.hpp); all arithmetic is FP32.
template <class P>
struct CellUpdate {
  Grid grid;
  FlowParams p;
  const P* f_src;  // post-collision populations of the last step, 19 arrays of n
  P* f_dst;
  const DeviceFlag* flags;
  const float* theta;
  float* theta_new;
  AuxView prev;  // the last step's outputs: velocities for the FD strain, diffusivity for heat
  AuxView aux;   // this step's outputs

  // d u_b / d x_a from the last step's velocities, as weights on the cells below, at and
  // above along each axis: central differences between fluid neighbours; next to a no-slip
  // wall (half a cell away) the quadratic through the wall's zero, this cell and the cell
  // beyond, d = u_c + u_far / 3 (exact for a parabola); next to an inlet or outlet cell,
  // the one-sided difference into the fluid; between two boundaries, zero.
  RF_HD RF_INLINE void velocity_gradient(Index c, float (&grad)[3][3]) const {
    const Index step[3] = {1, grid.stride_y(), grid.stride_z()};
    const float* u[3] = {prev.ux(), prev.uy(), prev.uz()};
    RF_UNROLL
    for (int a = 0; a < 3; ++a) {
      const DeviceFlag lo = flags[c - step[a]] & kTypeMask, hi = flags[c + step[a]] & kTypeMask;
      const bool lo_fluid = lo == kFluid, hi_fluid = hi == kFluid;
      const bool lo_wall = lo == kWall, hi_wall = hi == kWall;
      const float w_up = lo_fluid ? (hi_fluid ? 0.5f : 0.0f) : (hi_fluid ? (lo_wall ? 1.0f / 3.0f : 1.0f) : 0.0f);
      const float w_mid = lo_fluid ? (hi_fluid ? 0.0f : (hi_wall ? -1.0f : 1.0f)) : (hi_fluid ? (lo_wall ? 1.0f : -1.0f) : 0.0f);
      const float w_down = lo_fluid ? (hi_fluid ? -0.5f : (hi_wall ? -1.0f / 3.0f : -1.0f)) : 0.0f;
      RF_UNROLL
      for (int b = 0; b < 3; ++b)
        grad[a][b] = w_up * u[b][c + step[a]] + w_mid * u[b][c] + w_down * u[b][c - step[a]];
    }
  }

  RF_HD RF_INLINE float theta_or(Index cell, float fallback) const {
    const float t = theta[cell];
    return is_fluid(flags[cell]) ? t : fallback;
  }

  RF_HD RF_INLINE void operator()(Index c) const {
    const Index n = aux.n;
    const bool fluid = is_fluid(flags[c]);
    const float tc = theta[c];

    // Each incoming population once: into the moments, and as the mass its link carries,
    // m = f_i*(x - c_i) - f_opp*(x), into the advected heat. Across an outlet the air
    // leaves, and backflow enters, at the cell's own temperature (zero gradient), which
    // makes the limited link value exactly tc.
    collision::MomentSums sums;
    sums.add(0, load_population(f_src, c));
    RF_UNROLL
    for (int i = 1; i < q19::Q; ++i)
      sums.add(i, load_population(f_src, i * n + c - grid.offset(q19::cx(i), q19::cy(i), q19::cz(i))));
    float advected = 0.0f;
    RF_UNROLL
    for (int i = 1; i < q19::Q; ++i) {
      const Index off = grid.offset(q19::cx(i), q19::cy(i), q19::cz(i));
      const Index nb = c - off;
      const float f_in = load_population(f_src, i * n + nb);
      const float m = f_in - load_population(f_src, q19::opposite(i) * n + c);
      const DeviceFlag nb_type = flags[nb] & kTypeMask;
      const float theta_nb = theta[nb];
      const float tn = nb_type == kPressureOutlet || nb_type == kFlowOutlet ? tc : theta_nb;
      const float far_n_fluid = theta_or(nb - off, tn);
      const float far_n = nb_type == kFluid ? far_n_fluid : tn;
      const float far_c = theta_or(c + off, tc);
      advected += m * (heat::link_temperature(m, tc, tn, far_c, far_n) - tc);
    }

    const float th = tc - p.theta_buoyancy;
    const float force[3] = {p.accel[0] - p.beta_g[0] * th, p.accel[1] - p.beta_g[1] * th,
                            p.accel[2] - p.beta_g[2] * th};
    collision::CellMoments m = collision::moments(sums, force);
    const float tau = collision::les_tau(m, force, p.tau0, p.smagorinsky_c2);
    const float omega = 1.0f / tau;
    float grad[3][3];
    velocity_gradient(c, grad);
    collision::blend_stress(m, grad, force, tau, p.hybrid_sigma);

    const collision::PostCollision post = collision::post_collision(m, force, omega);
    RF_UNROLL
    for (int i = 0; i < q19::Q; ++i) store_population(f_dst, i * n + c, fluid ? post(i) : 0.0f);

    // rho_new theta_new = rho_old theta + sum m t + D with rho_new = rho_old + sum m, i.e.
    // theta_new = theta + (sum m (t - theta) + D) / rho_new: a uniform field gets exactly 0.
    // rho_new is the density of the populations just streamed in, m.rho. Diffusion goes
    // through the 6 faces to fluid neighbours with the lagged diffusivity; faces to
    // non-fluid cells are ApplyHeatBoundaries' (isothermal, heat flux) or adiabatic.
    // Each face's flux is added to theta on its own, as the separate heat sweep did: the
    // net of two opposing fluxes is often below half a unit in the last place of theta,
    // and added as one small sum it is rounded away every step, a bias that grows with the
    // step count (the semi-infinite conduction test lost its second order at 25,000
    // steps); the roundings of the single large fluxes fall either way.
    const Index step[3] = {1, grid.stride_y(), grid.stride_z()};
    const float alpha_c = prev.alpha()[c];
    float heat = tc + advected * m.inv_rho;
    RF_UNROLL
    for (int face = 0; face < 6; ++face) {
      const Index nb = c + (face % 2 ? step[face / 2] : -step[face / 2]);
      const float flux = 0.5f * (alpha_c + prev.alpha()[nb]) * (theta[nb] - tc);
      heat += is_fluid(flags[nb]) ? flux * m.inv_rho : 0.0f;
    }
    theta_new[c] = fluid ? heat : tc;

    // nu_t = (tau - tau0)/3; its heat counterpart is nu_t / Pr_t.
    float alpha = p.alpha0 + (tau - p.tau0) * (1.0f / 3.0f) * p.inv_prandtl_t;
    alpha = alpha < p.alpha_cap ? alpha : p.alpha_cap;
    aux.ux()[c] = fluid ? m.u[0] : 0.0f;
    aux.uy()[c] = fluid ? m.u[1] : 0.0f;
    aux.uz()[c] = fluid ? m.u[2] : 0.0f;
    aux.alpha()[c] = fluid ? alpha : 0.0f;
  }
};

}  // namespace rackflow::kernels
