// The time loop: advances a Simulation to its end time, sampling fields for output,
// monitoring energy and health, and stopping a diverging run with where and when.
#pragma once

#include <stdexcept>
#include <string>

#include "rackflow/snapshot.hpp"
#include "simulation.hpp"

namespace rackflow::solver {

struct RunControl {
  double end_time_s = 0;
  double output_interval_s = 0;   // 0: final state only
  double steady_tolerance = 0;    // stop early when |in - out| / in stays below it (0: never)
  long long monitor_steps = 0;    // 0: chosen from the run length
};

struct Progress {
  long long step = 0, total_steps = 0;
  double time_s = 0, end_time_s = 0;
  double wall_s = 0, steps_per_s = 0, mlups = 0, eta_s = 0;
  double max_temperature_c = 0;
};

// What the loop hands out; the CLI writes files and prints, tests record.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void output(const Snapshot&) {}
  virtual void monitor(const Progress&, const EnergyBalance&) {}
};

// Thrown when the fields leave physical bounds; what() names step, time and cell.
class DivergenceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bounds outside which a temperature is taken as divergence, not physics.
constexpr double kMinPlausibleC = -50.0, kMaxPlausibleC = 250.0;
// Lattice speed at which the weakly compressible model has broken down (Mach ~0.7).
constexpr double kMaxLatticeSpeed = 0.4;

// Throws DivergenceError when the current state is out of bounds.
void check_health(Simulation& sim);

RunSummary run_simulation(Simulation& sim, const RunControl& control, RunObserver& observer);

}  // namespace rackflow::solver
