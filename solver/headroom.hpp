// Cooling headroom of a rack: the extra power it can take before its hottest server inlet
// reaches the allowable limit of the hall's ASHRAE class.
//
// Method (docs/physics.md, "Headroom"): from the converged state of the case, the extra
// power dP is added to the rack (spread over its servers by their maximum power, with
// airflow in the rack's own proportion, as added servers bring their fans) and the hall is
// run until that rack's hottest inlet settles; g(dP) = T_max(dP) - T_limit is driven to
// zero by the secant method, with the root bracketed once it is (Illinois false
// position). The first trial assumes the rack breathes all of its own exhaust at its
// design rise, dP = rho c_p Q (T_limit - T_max). Each trial starts from where the last
// one settled: near the root the steps are small, so is the transient left to settle,
// and so is the drift a settling criterion cannot see (its error scales with the step).
// It stops when |g| < tolerance; that last trial is what the result reports.
#pragma once

#include <csignal>
#include <functional>
#include <string>
#include <vector>

#include "simulation.hpp"

namespace rackflow::solver {

struct HeadroomOptions {
  double tolerance_k = 0.2;      // |T_max - T_limit| accepted
  int max_trials = 8;            // settling runs per rack, the baseline at its own power included
  // The hottest inlet of a hall in motion flickers (plumes, shed eddies), so what the search
  // compares is its time mean: sampled every sample_s and averaged per chunk. A hall
  // answers a load change in two stages, the room's mixing within an air change or two and
  // then a slower rise as warm air fills the upper volume; over a single chunk the
  // plateau between them looks settled. So settled means the chunk mean moved less than
  // settle_change_k over settle_span_s; the answer is the mean of the last two chunks.
  double sample_s = 0.5;
  double settle_chunk_s = 10.0;
  double settle_span_s = 30.0;
  double settle_change_k = 0.05;
  double settle_min_s = 30.0, settle_max_s = 300.0;
  // Search limit per rack; 0: where the rack's scaled fans reach the speed the lattice's
  // time step was chosen for (run.max_velocity, or what the case's fastest inlet set).
  double max_extra_w = 0;
  // Watched between samples: once it is non-zero the search stops, the state is restored
  // and only the racks finished before are returned. Null: not watched.
  const volatile std::sig_atomic_t* stop_signal = nullptr;
};

// How a rack's search ended.
enum class HeadroomStatus {
  Converged,     // |T_max - T_limit| < tolerance: headroom_w is the headroom
  AtSearchLimit, // still below the limit at max_extra_w: the headroom is at least headroom_w
  NotConverged,  // max_trials ran out first: headroom_w is only the last trial's power
};

struct RackHeadroom {
  std::string rack;
  double headroom_w = 0;      // extra power at which the hottest inlet reaches the limit
  double inlet_max_c = 0;     // hottest inlet at that power (last trial), time mean [°C]
  double base_inlet_max_c = 0;  // the same at the case's own power
  HeadroomStatus status = HeadroomStatus::Converged;
  bool bounded = true;        // status == Converged: headroom_w is the figure, not a bound or a guess
  int trials = 0;
};

// The search's outcome for the report (RackResult's headroom fields).
void apply_headroom(const RackHeadroom& h, RackResult& r);
// One line for the console: "12.3 kW", "12.3 kW or more", or "not converged after 8 trials".
std::string headroom_text(const RackHeadroom& h);

// Runs `sim` on until the rack's hottest inlet settles (HeadroomOptions); returns its time
// mean over the last two chunks [°C].
double settled_inlet_max_c(Simulation& sim, int rack, const HeadroomOptions& options);

// `sim` must hold the converged state of a hall case; it is restored afterwards. Returns
// one result per rack, in order; fewer when options.stop_signal stopped the search. `report`
// is called after each trial (rack, extra W, T_max) for progress output; the first trial
// of each rack is at its own power (the baseline, measured the same way).
using HeadroomProgress = std::function<void(const std::string&, double, double)>;
std::vector<RackHeadroom> compute_headroom(Simulation& sim, const std::vector<int>& racks,
                                           const HeadroomOptions& options, const HeadroomProgress& report = {});

}  // namespace rackflow::solver
