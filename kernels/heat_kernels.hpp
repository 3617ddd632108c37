// Heat kernels besides the cell sweep: the boundary faces and the volumetric sources. They
// add to the theta_new that the cell update (cell_update.hpp) wrote for the fluid-fluid
// links and faces; together they are one conservative explicit step
// (include/rackflow/heat_transport.hpp says why FV).
#pragma once

#include <cstdint>

#include "flow_kernels.hpp"
#include "rackflow/cell_flags.hpp"
#include "rackflow/grid.hpp"
#include "rackflow/heat_transport.hpp"
#include "rackflow/scene.hpp"

namespace rackflow::kernels {

// Heat through boundary faces. Each entry is one fluid cell, so no two threads add to the
// same cell. Isothermal and heat-flux faces only (inlets and outlets exchange heat along
// links in CellUpdate). The flux of every face is also summed into `accumulated` (double,
// per entry and face) so the energy balance is the sum of what the update applied.
template <class P>
struct ApplyHeatBoundaries {
  const HeatBoundaryCell* cells;
  const HeatFace* faces;
  const float* theta;
  float* theta_new;
  AuxView aux;
  const P* f_new;   // populations of the new step: heat q raises rho theta by q
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

// Thin panels (Scene::panel_cells): the cell update streams heat along every link and
// diffuses it through every face between fluid cells, a panel's too. Across a panel the
// flow links swap the two cells' populations (ApplyFlowLinks), so the update's link mass
// f_in - f_out is the difference of the two sides' populations, not a flow; this takes back
// exactly the advected and diffused terms the update added for those links, which makes
// the panel adiabatic. Each entry is one cell, so no two threads add to the same cell.
template <class P>
struct PanelHeat {
  Grid grid;
  const PanelCell* cells;
  const P* f_src;  // the populations the update pulled (after the flow links)
  const DeviceFlag* flags;
  const float* theta;
  float* theta_new;
  AuxView prev;     // the diffusivity the update used
  const P* f_new;   // populations of the new step: its density divides the update's terms

  RF_HD float theta_or(Index cell, float fallback) const { return is_fluid(flags[cell]) ? theta[cell] : fallback; }

  RF_HD void operator()(Index k) const {
    const PanelCell e = cells[k];
    const Index c = e.cell, n = prev.n;
    const float tc = theta[c];
    float taken = 0.0f;
    for (int i = 1; i < q19::Q; ++i) {
      if (!(e.dirs >> i & 1u)) continue;
      const Index off = grid.offset(q19::cx(i), q19::cy(i), q19::cz(i));
      const Index nb = c - off;
      const float m = load_population(f_src, i * n + nb) - load_population(f_src, q19::opposite(i) * n + c);
      const float tn = theta[nb];
      taken += m * (heat::link_temperature(m, tc, tn, theta_or(c + off, tc), theta_or(nb - off, tn)) - tc);
      const bool face = q19::cx(i) * q19::cx(i) + q19::cy(i) * q19::cy(i) + q19::cz(i) * q19::cz(i) == 1;
      if (face) taken += 0.5f * (prev.alpha()[c] + prev.alpha()[nb]) * (tn - tc);
    }
    theta_new[c] -= taken / density(f_new, n, c);
  }
};

template <class P>
struct ApplyHeatSources {
  const HeatSourceCell* sources;
  float* theta_new;
  const P* f_new;
  Index n;

  RF_HD void operator()(Index k) const {
    const Index c = sources[k].cell;
    theta_new[c] += sources[k].theta_per_step / density(f_new, n, c);
  }
};

}  // namespace rackflow::kernels
