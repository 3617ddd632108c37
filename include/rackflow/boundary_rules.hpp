// Flow boundary rules for a link whose upstream cell is a boundary cell. Each returns the
// shifted population entering the fluid cell along direction i, from the fluid cell's own
// post-collision population in the opposite direction (half-way schemes: the boundary
// sits midway between the two cell centres).
#pragma once

#include "rackflow/config.hpp"
#include "rackflow/lattice/d3q19.hpp"

namespace rackflow::boundary {

namespace q19 = lattice::d3q19;

// No slip: f_i = f_opp.
RF_HD RF_INLINE float bounce_back(float f_opp) { return f_opp; }

// Prescribed wall velocity u_w (Ladd 1994): f_i = f_opp + 2 w_i rho0 (c_i . u_w) / cs2.
RF_HD RF_INLINE float velocity_bounce_back(int i, float f_opp, const float u_w[3]) {
  const float cu = q19::cx(i) * u_w[0] + q19::cy(i) * u_w[1] + q19::cz(i) * u_w[2];
  return f_opp + 6.0f * q19::w(i) * cu;
}

// Prescribed density rho_w (anti-bounce-back, Izquierdo & Fueyo 2008; Krueger et al.
// 2017 eq. 5.53): f_i = -f_opp + 2 w_i rho_w (1 + (c.u)^2/(2 cs^4) - u^2/(2 cs2)), with u the
// velocity of the fluid cell next to the boundary. In shifted form the -w_i and +w_i of
// the two populations combine to -2 w_i.
RF_HD RF_INLINE float pressure_anti_bounce_back(int i, float f_opp, float rho_w,
                                                const float u[3]) {
  const float cu = q19::cx(i) * u[0] + q19::cy(i) * u[1] + q19::cz(i) * u[2];
  const float uu = u[0] * u[0] + u[1] * u[1] + u[2] * u[2];
  const float wi = q19::w(i);
  return -f_opp - 2.0f * wi + 2.0f * wi * rho_w * (1.0f + 4.5f * cu * cu - 1.5f * uu);
}

}  // namespace rackflow::boundary
