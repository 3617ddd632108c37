// The time loop: advances a Simulation to its end time, sampling fields for output,
// monitoring energy and health, and stopping a diverging run with where and when.
#pragma once

#include <csignal>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "rackflow/case_spec.hpp"
#include "rackflow/snapshot.hpp"
#include "health_check.hpp"
#include "simulation.hpp"

namespace rackflow::solver {

struct RunControl {
  double end_time_s = 0;
  double output_interval_s = 0;   // 0: final state only
  double steady_tolerance = 0;    // stop early once every steady criterion holds (0: never)
  long long monitor_steps = 0;    // 0: chosen from the run length
  std::optional<double> average_from_s;  // statistics from here on; absent: last steady window
  double last_event_s = 0;        // never stop as steady before this (scheduled events)
  // Set (to the signal number) by a signal handler: the loop stops at the next step
  // boundary and the summary says RunEnd::Interrupted. Null: not watched.
  const volatile std::sig_atomic_t* stop_signal = nullptr;
  // Checkpoints: at the first monitor-interval boundary after every checkpoint_every_s of
  // simulated time, and when SIGTERM stops the run (a batch system's notice). Empty: none.
  double checkpoint_every_s = 0;
  bool checkpoint_at_end = false;  // also when the run ends at its end time or as steady
  std::function<void(Simulation&)> checkpoint;
};

// The control a case asks for: its run section, and its last scheduled event.
RunControl control_for(const CaseSpec& spec);

// Latest time at which the case changes by itself (a fail_at, a profile step or ramp end,
// a trace's last change); 0 when nothing is scheduled.
double last_scheduled_event_s(const CaseSpec& spec);

struct Progress {
  long long step = 0, total_steps = 0;
  double time_s = 0, end_time_s = 0;
  double wall_s = 0, steps_per_s = 0, mlups = 0, eta_s = 0;
  double max_temperature_c = 0;
};

// Steps between monitor evaluations (energy balance, health, steady test) in a run under
// `control`: its monitor_steps, or chosen from the run length, never more than the steps
// between outputs.
long long monitor_interval_steps(const RunControl& control, double dt_s);

// What the loop hands out; the CLI writes files and prints, tests record.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // False: output() is never called, and no snapshot is taken for it (a benchmark).
  virtual bool wants_fields() const { return true; }
  virtual void output(const Snapshot&) {}
  virtual void monitor(const Progress&, const EnergyBalance&) {}
  // Something a person should know while the run goes on (once per cause): the air first
  // faster than the design speed (speed_exceeded_text).
  virtual void warning(const std::string&) {}
};

RunSummary run_simulation(Simulation& sim, const RunControl& control, RunObserver& observer);

}  // namespace rackflow::solver
