// Flow kernels besides the cell sweep (cell_update.hpp): the boundary-link fix-up, density,
// initial populations, and the per-cell outputs' layout.
#pragma once

#include <cstdint>

#include "rackflow/boundary_rules.hpp"
#include "rackflow/cell_flags.hpp"
#include "rackflow/collision.hpp"
#include "rackflow/grid.hpp"
#include "rackflow/scene.hpp"
#include "population_storage.hpp"

namespace rackflow::kernels {

namespace q19 = lattice::d3q19;

// Per-cell outputs the next step and the diagnostics read: velocity and the effective
// thermal diffusivity (molecular + eddy), SoA: [ux | uy | uz | alpha], each n long.
struct AuxView {
  float* data;
  Index n;
  RF_HD float* ux() const { return data; }
  RF_HD float* uy() const { return data + n; }
  RF_HD float* uz() const { return data + 2 * n; }
  RF_HD float* alpha() const { return data + 3 * n; }
};

// Writes, for each link, the population the boundary sends into the boundary cell's slot.
// Inlet and outlet links also carry heat: the link's net mass times the temperature it
// enters (or leaves) with, the same product the cell update (CellUpdate) applies, is summed per link into
// `heat` so the energy balance adds up exactly what the update did.
template <class P>
struct ApplyFlowLinks {
  Grid grid;
  const FlowLink* links;
  const FlowLinkParams* params;
  P* f;  // the array the next sweep pulls from
  AuxView aux;
  const float* theta;
  double* heat;  // per link, theta per step summed over steps

  RF_HD void operator()(Index k) const {
    const FlowLink link = links[k];
    const int i = link.dir;
    const Index n = aux.n;
    const float f_opp = load_population(f, q19::opposite(i) * n + link.cell);
    const Index upstream = link.cell - grid.offset(q19::cx(i), q19::cy(i), q19::cz(i));
    if (link.kind == kLinkPanel) {
      // Both cells are fluid: each one's population toward the panel comes back to it, so
      // the two slots the cells pull from swap (one entry per pair: no race).
      const float f_up = load_population(f, i * n + upstream);
      store_population(f, i * n + upstream, boundary::bounce_back(f_opp));
      store_population(f, q19::opposite(i) * n + link.cell, boundary::bounce_back(f_up));
      return;
    }
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
    store_population(f, i * n + upstream, value);
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
template <class P>
RF_HD RF_INLINE float density(const P* f, Index n, Index c) {
  float s = 1.0f;
  RF_UNROLL
  for (int i = 0; i < q19::Q; ++i) s += load_population(f, i * n + c);
  return s;
}

template <class P>
struct Density {
  const P* f;
  Index n;
  float* rho;

  RF_HD void operator()(Index c) const { rho[c] = density(f, n, c); }
};

// Rest-state populations for a uniform initial velocity.
template <class P>
struct InitialPopulations {
  P* f;
  Index n;
  float u[3];

  RF_HD void operator()(Index c) const {
    RF_UNROLL
    for (int i = 0; i < q19::Q; ++i) store_population(f, i * n + c, collision::equilibrium_shifted(i, 1.0f, u));
  }
};

}  // namespace rackflow::kernels
