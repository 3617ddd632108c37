// Temperature transport rules, finite-volume form on the flow lattice's own links.
//
// Why not a D3Q7 thermal lattice: data-centre air has a molecular diffusivity of ~1e-5
// in lattice units, so a thermal lattice would relax at tau ~ 0.5, where it oscillates at
// every sharp front (server exhausts, supply jets).
//
// Why advect along the 18 D3Q19 links with the lattice's own mass fluxes, rather than
// through the 6 cell faces with averaged cell velocities: the averaged velocities are not
// discretely divergence-free where the flow contracts or turns within a few cells (return
// grilles, jet edges); in the demo room their divergence reached 1.5x the inlet speed, and
// a face-based scheme then either scaled temperatures (air 5 K colder than the supply) or
// lost 19 % of the heat. The net mass a link carries in one step,
//     m = f_i*(x - c_i) - f_opp*(x),
// is exactly what the lattice moves, so sum(m) = rho_new - rho_old to round-off. Moving
// rho*theta with these fluxes therefore keeps a uniform temperature uniform, conserves
// heat exactly, and with upwind face values makes every new temperature a weighted mean
// of old ones (no overshoot). Across a plane the link fluxes add up to rho u, so the
// transport speed is the flow's. A van Leer limiter brings the face values to second
// order where the field is smooth.
//
// Temperatures are stored as theta = T - theta_zero [K].
#pragma once

#include "rackflow/config.hpp"

namespace rackflow::heat {

// van Leer limited difference from upwind differences a = T_U - T_UU, b = T_D - T_U:
// the harmonic mean 2ab/(a+b) where the slopes agree in sign, else 0 (first order at
// extrema, which is what keeps the update free of overshoot).
// The quotient is formed for every pair and then selected (where ab <= 0 it may be 0/0 and
// is discarded): a divide under a condition is a branch, and a branch keeps the CPU's cell
// loop from vectorising.
RF_HD RF_INLINE float van_leer(float a, float b) {
  const float ab = a * b;
  const float harmonic = 2.0f * ab / (a + b);
  return ab > 0.0f ? harmonic : 0.0f;
}

// Temperature carried by a link with net inflow m into cell C from neighbour N. far_n lies
// one link beyond N (upwind of N), far_c one link beyond C (upwind of C for outflow).
RF_HD RF_INLINE float link_temperature(float m, float t_c, float t_n, float far_c, float far_n) {
  const bool in = m > 0.0f;
  const float t_up = in ? t_n : t_c;
  const float t_down = in ? t_c : t_n;
  const float t_far = in ? far_n : far_c;
  return t_up + 0.5f * van_leer(t_up - t_far, t_down - t_up);
}

}  // namespace rackflow::heat
