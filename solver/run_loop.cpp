#include "run_loop.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

namespace rackflow::solver {

namespace {

using Clock = std::chrono::steady_clock;

void check_bounds(Simulation& sim, const kernels::Health& h) {
  std::ostringstream msg;
  msg.precision(5);
  msg << "run diverged at step " << sim.step() << " (t = " << sim.time_s() << " s): ";
  if (h.nonfinite > 0) {
    msg << h.nonfinite << " cells hold NaN or infinite values, first at " << sim.place(h.nonfinite_at).str();
    throw DivergenceError(msg.str());
  }
  const double t_max = sim.temperature_c(h.max_theta), t_min = sim.temperature_c(h.min_theta);
  if (t_max > kMaxPlausibleC || t_min < kMinPlausibleC) {
    const bool hot = t_max > kMaxPlausibleC;
    msg << "temperature " << (hot ? t_max : t_min) << " °C at " << sim.place(hot ? h.max_at : h.min_at).str()
        << " is outside the physical bounds [" << kMinPlausibleC << ", " << kMaxPlausibleC << "] °C";
    throw DivergenceError(msg.str());
  }
  if (std::sqrt(h.max_speed2) > kMaxLatticeSpeed) {
    msg << "speed " << sim.lattice().units.velocity_si(std::sqrt(h.max_speed2)) << " m/s at "
        << sim.place(h.speed_at).str() << " exceeds the lattice limit (Mach " << kMaxLatticeSpeed / std::sqrt(1.0 / 3.0)
        << "); raise run.max_velocity or refine the grid";
    throw DivergenceError(msg.str());
  }
}

}  // namespace

void check_health(Simulation& sim) { check_bounds(sim, sim.health()); }

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
    sim.advance(next - sim.step());

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
    const bool last = sim.step() >= total || sum.reached_steady_state;
    if ((out_every > 0 && sim.step() % out_every == 0) || last) observer.output(sim.snapshot());
    if (sum.reached_steady_state) break;
  }
  sum.steps = sim.step();
  sum.simulated_time_s = sim.time_s();
  sum.wall_time_s = std::chrono::duration<double>(Clock::now() - start).count();
  sum.mlups = sum.wall_time_s > 0 ? double(sum.steps) * cells / sum.wall_time_s * 1e-6 : 0;
  sum.energy = balance;
  return sum;
}

}  // namespace rackflow::solver
