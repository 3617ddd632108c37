// The steady-state test (docs/physics.md, "Steady state"): a run is steady when the means
// over the latest window of the run agree with those over the window before it, for every
// watched quantity, and the heat books close over the latest window.
//
// Each window is an eighth of the run so far (at least `min_intervals` monitor intervals),
// so the two windows compared span the last quarter of the run. A quantity that still
// drifts towards its final value with a time constant tau changes between two such windows
// by about its remaining error times (exp(t / 8 tau) - 1): once that change is below the
// tolerance, so is the remaining error (tests/verification/test_steady_state.cpp: a
// balanced drift stops with a tenth of the tolerance left). Fixed short windows would not
// do: a slow drift changes little per window while still far from its end.
//
// Watched: the volume-mean fluid temperature and speed, the heat entering the fluid, and
// every probe the caller adds (a hall's rack inlet means and cooler returns). The energy
// balance itself is necessary but not enough: a centro-symmetric cavity has heat in = heat
// out and no storage at every instant, long before its wall heat has settled.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace rackflow::solver {

// Means over one monitor interval.
struct IntervalMeans {
  double duration_s = 0;
  double end_s = 0;
  double temperature_c = 0;       // volume mean over the fluid
  double speed_m_s = 0;           // volume mean of |u| over the fluid
  double temperature_span_k = 0;  // hottest minus coldest fluid cell
  double heat_in_w = 0, heat_out_w = 0, storage_w = 0;
  double load_w = 0;              // what the heat tolerances are relative to (EnergyBalance::load_w)
  std::vector<std::pair<std::string, double>> probes_c;  // named temperatures
};

class SteadyStateTest {
 public:
  // tolerance: relative; temperatures are compared against tolerance x the largest
  // temperature span of the run, speeds against tolerance x the largest mean speed, heat
  // against tolerance x the load.
  SteadyStateTest(double tolerance, int min_intervals);

  // Adds the next interval; true when every criterion holds at its end.
  bool add(const IntervalMeans& interval);

  // Length of each of the two windows last compared [s] (0 before the first comparison).
  double window_s() const { return window_s_; }
  // The criterion with the largest change-to-tolerance ratio at the last comparison, with
  // its figures ("rack A01 inlet mean: changed 0.31 K between windows, tolerance 0.10 K").
  const std::string& worst() const { return worst_; }
  double worst_ratio() const { return worst_ratio_; }

 private:
  double tolerance_;
  int min_intervals_;
  std::vector<IntervalMeans> intervals_;
  double max_span_k_ = 0, max_speed_m_s_ = 0;  // over all intervals: the scales of the tolerances
  double window_s_ = 0;
  std::string worst_ = "no window compared yet";
  double worst_ratio_ = 0;
};

}  // namespace rackflow::solver
