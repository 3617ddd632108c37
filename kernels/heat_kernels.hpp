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
