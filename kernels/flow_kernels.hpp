// Flow kernels: the fused stream-collide sweep and the boundary-link fix-up.
//
// Pull scheme with two population arrays. Before the sweep, each boundary link writes the
// population a boundary would send into the boundary cell's own (otherwise unused) slot,
// so the sweep itself pulls blindly and stays branch-free (waLBerla's link-list idea).
#pragma once

#include <cstdint>

#include "rackflow/boundary_rules.hpp"
#include "rackflow/cell_flags.hpp"
#include "rackflow/collision.hpp"
#include "rackflow/grid.hpp"
#include "rackflow/scene.hpp"

namespace rackflow::kernels {

namespace q19 = lattice::d3q19;

// Per-cell outputs the heat sweep and the diagnostics read: velocity and the effective
// thermal diffusivity (molecular + eddy), SoA: [ux | uy | uz | alpha], each n long.
struct AuxView {
  float* data;
  Index n;
  RF_HD float* ux() const { return data; }
  RF_HD float* uy() const { return data + n; }
  RF_HD float* uz() const { return data + 2 * n; }
  RF_HD float* alpha() const { return data + 3 * n; }
};

struct StreamCollide {
  Grid grid;
  FlowParams p;
  const float* f_src;  // post-collision populations of the last step, 19 arrays of n
  float* f_dst;
  const std::uint8_t* flags;
  const float* theta;
  AuxView prev;  // the last step's outputs: its velocities give the FD strain
  AuxView aux;   // this step's outputs

  // d u_b / d x_a from the last step's velocities: central differences between fluid
  // neighbours; next to a no-slip wall (half a cell away) the quadratic through the wall's
  // zero, this cell and the cell beyond, d = u_c + u_far / 3 (exact for a parabola); next
  // to an inlet or outlet cell, the one-sided difference into the fluid.
  RF_HD RF_INLINE void velocity_gradient(Index c, float (&grad)[3][3]) const {
    const Index step[3] = {1, grid.stride_y(), grid.stride_z()};
    const float* u[3] = {prev.ux(), prev.uy(), prev.uz()};
    RF_UNROLL
    for (int a = 0; a < 3; ++a) {
      const std::uint8_t lo = flags[c - step[a]] & kTypeMask, hi = flags[c + step[a]] & kTypeMask;
      RF_UNROLL
      for (int b = 0; b < 3; ++b) {
        const float um = u[b][c - step[a]], u0 = u[b][c], up = u[b][c + step[a]];
        float d = 0.5f * (up - um);
        if (lo != kFluid && hi == kFluid) d = lo == kWall ? u0 + up * (1.0f / 3.0f) : up - u0;
        if (hi != kFluid && lo == kFluid) d = hi == kWall ? -(u0 + um * (1.0f / 3.0f)) : u0 - um;
        if (lo != kFluid && hi != kFluid) d = 0.0f;
        grad[a][b] = d;
      }
    }
  }

  RF_HD RF_INLINE void operator()(Index c) const {
    const Index n = aux.n;
    float f[q19::Q];
    RF_UNROLL
    for (int i = 0; i < q19::Q; ++i)
      f[i] = f_src[i * n + c - grid.offset(q19::cx(i), q19::cy(i), q19::cz(i))];

    const bool fluid = is_fluid(flags[c]);
    const float th = theta[c] - p.theta_buoyancy;
    const float force[3] = {p.accel[0] - p.beta_g[0] * th, p.accel[1] - p.beta_g[1] * th,
                            p.accel[2] - p.beta_g[2] * th};
    collision::CellMoments m = collision::moments(f, force);
    const float tau = collision::les_tau(m, force, p.tau0, p.smagorinsky_c2);
    const float omega = 1.0f / tau;
    float grad[3][3];
    velocity_gradient(c, grad);
    collision::blend_stress(m, grad, force, tau, p.hybrid_sigma);

    RF_UNROLL
    for (int i = 0; i < q19::Q; ++i)
      f_dst[i * n + c] = fluid ? collision::post_collision(i, m, force, omega) : 0.0f;

    // nu_t = (tau - tau0)/3; its heat counterpart is nu_t / Pr_t.
    float alpha = p.alpha0 + (tau - p.tau0) * (1.0f / 3.0f) * p.inv_prandtl_t;
    alpha = alpha < p.alpha_cap ? alpha : p.alpha_cap;
    aux.ux()[c] = fluid ? m.u[0] : 0.0f;
    aux.uy()[c] = fluid ? m.u[1] : 0.0f;
    aux.uz()[c] = fluid ? m.u[2] : 0.0f;
    aux.alpha()[c] = fluid ? alpha : 0.0f;
  }
};

// Writes, for each link, the population the boundary sends into the boundary cell's slot.
// Inlet and outlet links also carry heat: the link's net mass times the temperature it
// enters (or leaves) with, the same product HeatSweep applies, is summed per link into
// `heat` so the energy balance adds up exactly what the update did.
struct ApplyFlowLinks {
  Grid grid;
  const FlowLink* links;
  const FlowLinkParams* params;
  float* f;  // the array the next sweep pulls from
  AuxView aux;
  const float* theta;
  double* heat;  // per link, theta per step summed over steps

  RF_HD void operator()(Index k) const {
    const FlowLink link = links[k];
    const int i = link.dir;
    const Index n = aux.n;
    const float f_opp = f[q19::opposite(i) * n + link.cell];
    const Index upstream = link.cell - grid.offset(q19::cx(i), q19::cy(i), q19::cz(i));
    const FlowLinkParams prm = params[link.param];
    float value;
    if (link.kind == kLinkVelocity || link.kind == kLinkVelocityOut) {
      value = boundary::velocity_bounce_back(i, f_opp, prm.u);
    } else if (link.kind == kLinkPressure) {
      const float u[3] = {aux.ux()[link.cell], aux.uy()[link.cell], aux.uz()[link.cell]};
      value = boundary::pressure_anti_bounce_back(i, f_opp, prm.rho, u);
    } else {
      value = boundary::bounce_back(f_opp);
    }
    f[i * n + upstream] = value;
    if (link.kind != kLinkBounceBack) {
      // Inlet air enters at the inlet's temperature; air drawn out, and outlet flow either
      // way, at the fluid cell's.
      const float t = link.kind == kLinkVelocity ? theta[upstream] : theta[link.cell];
      heat[k] += double((value - f_opp) * t);
    }
  }
};

// Density of the stored (post-collision) populations; collision conserves mass, so this
// is the density of the step just taken.
RF_HD RF_INLINE float density(const float* f, Index n, Index c) {
  float s = 1.0f;
  RF_UNROLL
  for (int i = 0; i < q19::Q; ++i) s += f[i * n + c];
  return s;
}

struct Density {
  const float* f;
  Index n;
  float* rho;

  RF_HD void operator()(Index c) const { rho[c] = density(f, n, c); }
};

// Rest-state populations for a uniform initial velocity.
struct InitialPopulations {
  float* f;
  Index n;
  float u[3];

  RF_HD void operator()(Index c) const {
    RF_UNROLL
    for (int i = 0; i < q19::Q; ++i) f[i * n + c] = collision::equilibrium_shifted(i, 1.0f, u);
  }
};

}  // namespace rackflow::kernels
