#include "run_loop.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

namespace rackflow::solver {

namespace {

using Clock = std::chrono::steady_clock;

// Steps between looks at RunControl::stop_signal: a signal stops the run within this many.
constexpr long long kSignalPollSteps = 16;

bool stop_requested(const RunControl& c) { return c.stop_signal && *c.stop_signal != 0; }

}  // namespace

RunSummary run_simulation(Simulation& sim, const RunControl& control, RunObserver& observer) {
  const double dt = sim.lattice().units.dt_s;
  const long long total = std::max<long long>(1, std::llround(std::ceil(control.end_time_s / dt - 1e-9)));
  const long long out_every =
      control.output_interval_s > 0 ? std::max<long long>(1, std::llround(control.output_interval_s / dt)) : 0;
  long long monitor = control.monitor_steps;
  if (monitor <= 0) monitor = std::clamp<long long>(total / 200, 10, 2000);
  if (out_every > 0) monitor = std::min(monitor, out_every);

  const double cells = double(sim.scene().grid.cells_interior());
  const auto start = Clock::now();
  RunSummary sum;
  sum.case_name = sim.spec().name;
  sum.backend = sim.backend_name();
  sum.lattice = sim.lattice().report;

  observer.output(sim.snapshot());
  EnergyBalance balance;
  int steady_windows = 0;
  while (sim.step() < total) {
    long long next = std::min(total, (sim.step() / monitor + 1) * monitor);
    if (out_every > 0) next = std::min(next, (sim.step() / out_every + 1) * out_every);
    while (sim.step() < next && !stop_requested(control))
      sim.advance(std::min(kSignalPollSteps, next - sim.step()));
    if (stop_requested(control)) {
      sum.end = RunEnd::Interrupted;
      sum.signal = int(*control.stop_signal);
    }

    const kernels::Health h = sim.health();
    check_bounds(sim, h);
    balance = sim.energy_balance();
    Progress p;
    p.step = sim.step();
    p.total_steps = total;
    p.time_s = sim.time_s();
    p.end_time_s = control.end_time_s;
    p.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    p.steps_per_s = p.wall_s > 0 ? double(p.step) / p.wall_s : 0;
    p.mlups = p.steps_per_s * cells * 1e-6;
    p.eta_s = p.steps_per_s > 0 ? double(total - p.step) / p.steps_per_s : 0;
    p.max_temperature_c = sim.temperature_c(h.max_theta);
    observer.monitor(p, balance);
    sum.min_temperature_c = sim.temperature_c(h.min_theta);
    sum.max_temperature_c = p.max_temperature_c;

    const double tol_w = control.steady_tolerance * balance.load_w;
    const bool steady = control.steady_tolerance > 0 && balance.load_w > 0 &&
                        std::fabs(balance.heat_in_w - balance.heat_out_w) < tol_w &&
                        std::fabs(balance.storage_w) < tol_w;
    steady_windows = steady ? steady_windows + 1 : 0;
    sum.reached_steady_state = steady_windows >= 3;
    const bool last = sim.step() >= total || sum.reached_steady_state || sum.end == RunEnd::Interrupted;
    if ((out_every > 0 && sim.step() % out_every == 0) || last) observer.output(sim.snapshot());
    if (sum.reached_steady_state) sum.end = RunEnd::SteadyState;
    if (last) break;
  }
  sum.steps = sim.step();
  sum.simulated_time_s = sim.time_s();
  sum.wall_time_s = std::chrono::duration<double>(Clock::now() - start).count();
  sum.mlups = sum.wall_time_s > 0 ? double(sum.steps) * cells / sum.wall_time_s * 1e-6 : 0;
  sum.energy = balance;
  return sum;
}

}  // namespace rackflow::solver
