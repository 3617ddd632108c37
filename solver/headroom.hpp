// Cooling headroom of a rack: the extra power it can take before its hottest server inlet
// reaches the allowable limit of the hall's ASHRAE class.
//
// Method (docs/physics.md, "Headroom"): from the converged state of the case, the extra
// power dP is added to the rack (spread over its servers by their maximum power, airflow
// unchanged: the fans as they are) and the hall is run until that rack's hottest inlet
// settles; g(dP) = T_max(dP) - T_limit is driven to zero by the secant method, with the
// root bracketed once it is (Illinois false position). The first trial assumes the rack
// breathes all of its own extra exhaust, dP = rho c_p Q (T_limit - T_max), a lower bound
// on the answer. Each trial starts from the converged state, not from the last trial.
// It stops when |g| < tolerance; that last trial is what the result reports.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "simulation.hpp"

namespace rackflow::solver {

struct HeadroomOptions {
  double tolerance_k = 0.2;      // |T_max - T_limit| accepted
  int max_trials = 8;
  double settle_chunk_s = 5.0;   // settled when T_max moves less than settle_change_k per chunk
  double settle_change_k = 0.05;
  double settle_min_s = 10.0, settle_max_s = 180.0;
  double max_extra_w = 0;        // search limit per rack; 0: 10x the rack's power, at least 100 kW
};

struct RackHeadroom {
  std::string rack;
  double headroom_w = 0;      // extra power at which the hottest inlet reaches the limit
  double inlet_max_c = 0;     // hottest inlet at that power (last trial)
  double base_inlet_max_c = 0;
  bool bounded = true;        // false: still below the limit at max_extra_w (headroom >= it)
  int trials = 0;
};

// `sim` must hold the converged state of a hall case; it is restored afterwards. `report`
// is called after each trial (rack, extra W, T_max) for progress output.
using HeadroomProgress = std::function<void(const std::string&, double, double)>;
std::vector<RackHeadroom> compute_headroom(Simulation& sim, const std::vector<int>& racks,
                                           const HeadroomOptions& options, const HeadroomProgress& report = {});

}  // namespace rackflow::solver
