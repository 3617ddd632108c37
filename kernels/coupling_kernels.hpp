// Kernels behind the data-centre object models (solver/hall_model): coupling ports that a
// model reads and drives every step, the porous loss of perforated tiles and their jets'
// momentum. Each runs
// over a short list, one thread per port or per porous cell.
#pragma once

#include "flow_kernels.hpp"
#include "rackflow/scene.hpp"

namespace rackflow::kernels {

// Per port: the mass per step its links move, M = sum |m|, and sum |m| theta of the fluid
// cells they join. For an extracting port (a rack intake, a cooling unit's return) that
// sum is exactly the heat the heat sweep carries out through it this step, since air
// leaves at the fluid cell's temperature; M theta_mean = that sum.
//
// One thread per port link writes its two terms; a segmented sum over each port's links
// (Exec::segmented_sum: CUB on the GPU) then makes the port's sums. A thread per port
// looping over its links, as before, left a GPU with a few hundred busy threads walking
// up to ~10,000 links each in series.
struct PortLinkTerms {
  const Index* member;  // Scene::port_links
  const FlowLink* links;
  const FlowLinkParams* params;
  const float* theta;
  Index count;    // port links
  double* terms;  // mass terms at [0, count), heat terms at [count, 2 count)

  RF_HD void operator()(Index q) const {
    const FlowLink l = links[member[q]];
    const FlowLinkParams prm = params[l.param];
    const int i = l.dir;
    // The Ladd term of the link, what velocity_bounce_back adds to f_opp.
    const float m = 6.0f * q19::w(i) * (q19::cx(i) * prm.u[0] + q19::cy(i) * prm.u[1] + q19::cz(i) * prm.u[2]);
    const double am = m < 0.0f ? -m : m;
    terms[q] = am;
    terms[count + q] = am * theta[l.cell];
  }
};

// A post-collision cell's density and momentum, for the kernels below that change it.
template <class P>
RF_HD void cell_moments(const P* f, Index c, Index n, float& rho, float j[3]) {
  rho = 1.0f, j[0] = j[1] = j[2] = 0.0f;
  RF_UNROLL
  for (int i = 0; i < q19::Q; ++i) {
    const float fi = load_population(f, i * n + c);
    rho += fi;
    j[0] += q19::cx(i) * fi;
    j[1] += q19::cy(i) * fi;
    j[2] += q19::cz(i) * fi;
  }
}

// Moves a cell from velocity u_old to u_new as the difference of the equilibria at the two
// (Kupershtokh's exact difference), so the stress moves with the velocity and the next
// collision sees no spurious non-equilibrium part; mass is untouched.
template <class P>
RF_HD void shift_velocity(P* f, Index c, Index n, float rho, const float u_old[3], const float u_new[3]) {
  RF_UNROLL
  for (int i = 0; i < q19::Q; ++i)
    store_population(f, i * n + c, load_population(f, i * n + c) + (collision::equilibrium_shifted(i, rho, u_new) -
                                                                     collision::equilibrium_shifted(i, rho, u_old)));
}

// Sets the temperature an inlet port's boundary cells supply (theta, one per port).
struct SetPortTheta {
  const Index* start;  // Scene::port_cell_start
  const Index* cells;  // Scene::port_cells
  const float* port_theta;
  float* theta;

  RF_HD void operator()(Index p) const {
    for (Index q = start[p]; q < start[p + 1]; ++q) theta[cells[q]] = port_theta[p];
  }
};

// Quadratic loss of a porous cell, applied to its post-collision populations. As with any
// force in LBM, the velocity that moves mass is the mean of the momenta before and after
// the force (Guo: u = (j + F/2) / rho). The drag is k rho |u| u on that velocity, taken
// implicitly so the loss is exactly zeta rho u^2 / 2 across the layer: from u* before the
// drag, |u| solves |u| + (k/2) |u|^2 = |u*|, i.e.
//     |u| = 2 |u*| / (1 + sqrt(1 + 2 k |u*|)),
// and the momentum kept is j* - D = (2 |u| / |u*| - 1) j*. Past k |u*| = 4 that would
// reverse the flow within a step; it is clamped at zero there (the loss saturates: such a
// plate needs a thicker layer or a shorter step). The change enters through
// shift_velocity. The cell reports u.
template <class P>
struct PorousDrag {
  const PorousCell* cells;
  P* f;  // post-collision populations (shifted)
  AuxView aux;

  RF_HD void operator()(Index k) const {
    const Index c = cells[k].cell;
    const Index n = aux.n;
    float rho, j[3];
    cell_moments(f, c, n, rho, j);
    const float speed = sqrtf(j[0] * j[0] + j[1] * j[1] + j[2] * j[2]) / rho;
    const float ratio = 2.0f / (1.0f + sqrtf(1.0f + 2.0f * cells[k].k * speed));  // |u| / |u*|
    const float kept = 2.0f * ratio - 1.0f > 0.0f ? 2.0f * ratio - 1.0f : 0.0f;
    const float u_old[3] = {j[0] / rho, j[1] / rho, j[2] / rho};
    const float u_new[3] = {kept * u_old[0], kept * u_old[1], kept * u_old[2]};
    shift_velocity(f, c, n, rho, u_old, u_new);
    const float to_u = ratio / rho;
    aux.ux()[c] = j[0] * to_u;
    aux.uy()[c] = j[1] * to_u;
    aux.uz()[c] = j[2] * to_u;
  }
};

// The momentum a perforated tile's jet carries beyond a uniform exit over its gross area
// (a body-force model of the jet, as Abdelmaksoud et al. 2010 proposed for tiles). Air
// passes the holes at Q / (f A), so its momentum flux is rho Q^2 / (f A), f times that of
// the porous layer's uniform exit: per unit area the jet lacks rho w^2 (1/f - 1). The cell
// just above the tile gains that as a body force on its own upward velocity w (the
// layer's exit speed, by continuity), only while the air leaves upwards. Explicit: the
// speeds the Mach limit allows (w < 0.1) change w by at most a factor 1 + c w within a
// step. Entered, like the porous drag, as the difference of the equilibria at the new and
// the old velocity; the cell reports the mean of the two (Guo).
template <class P>
struct JetMomentum {
  const JetCell* cells;
  P* f;  // post-collision populations (shifted)
  AuxView aux;

  RF_HD void operator()(Index k) const {
    const Index c = cells[k].cell;
    const Index n = aux.n;
    float rho, j[3];
    cell_moments(f, c, n, rho, j);
    const float w = j[2] / rho;
    if (w <= 0.0f) return;
    const float u_old[3] = {j[0] / rho, j[1] / rho, w};
    const float u_new[3] = {u_old[0], u_old[1], w * (1.0f + cells[k].coefficient * w)};
    shift_velocity(f, c, n, rho, u_old, u_new);
    aux.uz()[c] = 0.5f * (u_old[2] + u_new[2]);
  }
};

// The fluid cells that feed a flow outlet are relaxed fully to equilibrium after collision
// (locally tau = 1, nu = 1/6 in lattice units). Bounce-back reflects a perturbation of such
// a cell unchanged (delta f_i = delta f_opp), so a velocity-prescribed outflow leaves the
// cells' odd-even modes undamped at tau ~ 0.5: in a duct, outlet-cell speeds alternated
// 4.8 / -0.2 m/s around a 1 m/s mean and grew. One layer of full relaxation removes them
// (a smooth profile) and keeps mass and momentum, so the outlet's flux is unchanged.
template <class P>
struct RelaxToEquilibrium {
  const Index* cells;
  P* f;  // post-collision populations (shifted)
  Index n;

  RF_HD void operator()(Index k) const {
    const Index c = cells[k];
    float rho, j[3];
    cell_moments(f, c, n, rho, j);
    const float u[3] = {j[0] / rho, j[1] / rho, j[2] / rho};
    RF_UNROLL
    for (int i = 0; i < q19::Q; ++i) store_population(f, i * n + c, collision::equilibrium_shifted(i, rho, u));
  }
};

}  // namespace rackflow::kernels
