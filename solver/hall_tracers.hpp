// Passive tracers of a hall, solved on a frozen flow after the run
// (kernels/tracer_transport.hpp), and the fractions the Capture Index and the cooling
// units' contributions are made of (TracerResults; docs/physics.md, "Passive tracers").
//
//  - one per running cooling unit i: c = 1 on the air its supply openings deliver (a
//    supply face, or its grilles), 0 on every other inflow, rack exhausts included (air
//    that has passed through a rack is no longer the unit's direct air). The share of
//    rack j's intake flow that is unit i's direct air is the flow-weighted mean of c_i over
//    j's intake openings.
//  - one per rack j: c = 1 on its exhaust, 0 on every other inflow. The share of j's
//    exhaust that reaches a unit's return without passing through a rack is the flux of
//    c_j into all returns over j's exhaust flux.
// Every other opening (rack intakes, returns, pressure and flow outlets) takes the air
// out; inflow through a pressure outlet brings c = 0. A raised floor's plenum is part of
// the solve: the supply tracer reaches the room through the perforated tiles.
#pragma once

#include <vector>

#include "hall_layout.hpp"
#include "kernels/tracer_transport.hpp"
#include "rackflow/hall_results.hpp"
#include "rackflow/scene.hpp"

namespace rackflow::solver {

// The frozen flow: padded grids of this block (the whole domain), lattice units.
struct TracerFlow {
  const std::vector<float>& ux;
  const std::vector<float>& uy;
  const std::vector<float>& uz;
  const std::vector<float>& alpha;  // effective thermal diffusivity (kernels::HostFields)
};

// `link_params` are the boundary links' parameters as the run ended (a failed unit's are
// zero); `coolers` the units' results (as HallLayout::coolers: name, failed). `scene` must
// be the whole domain. computed stays false without racks or running units.
TracerResults solve_hall_tracers(const Scene& scene, const HallLayout& layout,
                                 const std::vector<FlowLinkParams>& link_params,
                                 const std::vector<CoolerResult>& coolers, const TracerFlow& flow,
                                 const kernels::TracerControl& control = {});

}  // namespace rackflow::solver
