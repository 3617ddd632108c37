#include "run_loop.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "steady_state.hpp"

namespace rackflow::solver {

namespace {

using Clock = std::chrono::steady_clock;

// Steps between looks at RunControl::stop_signal: a signal stops the run within this many.
constexpr long long kSignalPollSteps = 16;
// Samples of the time statistics per monitor interval: enough for a mean of a window of a
// few intervals, at under 2 % of the step's memory traffic (a sample moves 64 B per cell,
// a step ~350 B, every 16th step).
constexpr long long kStatisticsSamplesPerInterval = 16;

bool stop_requested(const RunControl& c) { return c.stop_signal && *c.stop_signal != 0; }

// Steps of a run of end_time_s; refuses counts that a long long cannot hold.
long long step_count(double end_time_s, double dt_s) {
  const double steps = std::ceil(end_time_s / dt_s - 1e-9);
  if (!(steps < 9.0e15)) throw std::invalid_argument("run.end_time needs more steps than can be counted");
  return std::max<long long>(1, static_cast<long long>(steps));
}

// Time for the hall's (or room's) air to be replaced once: gross volume over the flow that
// circulates it (the cooling units', else the racks', else the inlets'). 0 without flow.
double air_change_time_s(Simulation& sim) {
  const CaseSpec& spec = sim.spec();
  const double volume = spec.domain.size_m[0] * spec.domain.size_m[1] * spec.domain.size_m[2];
  double flow = 0;
  if (sim.has_hall()) {
    for (const auto& c : sim.hall().hall().coolers) flow += c.airflow_m3_s;
    if (flow <= 0)
      for (const auto& r : sim.hall().hall().racks)
        for (const auto& s : r.servers) flow += s.airflow_m3_s;
  } else {
    for (const auto& p : spec.patches)
      if (p.kind == PatchKind::VelocityInlet && p.flow_m3_s) flow += *p.flow_m3_s;
  }
  return flow > 0 ? volume / flow : 0.0;
}

// Steps between outputs; 0 for the final state only (also for an interval at or past the end).
long long output_interval_steps(const RunControl& control, double dt_s) {
  return control.output_interval_s > 0 && control.output_interval_s < control.end_time_s
             ? std::max<long long>(1, std::llround(control.output_interval_s / dt_s))
             : 0;
}

}  // namespace

long long monitor_interval_steps(const RunControl& control, double dt_s) {
  long long monitor = control.monitor_steps;
  if (monitor <= 0) monitor = std::clamp<long long>(step_count(control.end_time_s, dt_s) / 200, 10, 2000);
  const long long out_every = output_interval_steps(control, dt_s);
  return out_every > 0 ? std::min(monitor, out_every) : monitor;
}

RunSummary run_simulation(Simulation& sim, const RunControl& control, RunObserver& observer) {
  const double dt = sim.lattice().units.dt_s;
  const long long total = step_count(control.end_time_s, dt);
  const long long out_every = output_interval_steps(control, dt);
  const long long monitor = monitor_interval_steps(control, dt);
  const long long health_every = std::min(monitor, kHealthCheckSteps);
  const long long statistics_every = std::max<long long>(1, monitor / kStatisticsSamplesPerInterval);

  // The steady test: windows of at least a quarter of an air change, and no stop before
  // one air change, the start of the averaging asked for, or (in a case with scheduled
  // events, which runs to its end time) at all.
  const bool steady_requested = control.steady_tolerance > 0;
  const double air_change_s = air_change_time_s(sim);
  const double interval_s = double(monitor) * dt;
  const int min_intervals = std::max(2, int(std::ceil(0.25 * air_change_s / interval_s)));
  SteadyStateTest steady_test(control.steady_tolerance, min_intervals);
  const bool has_events = control.last_event_s > 0;
  // A restart (a warm start from another case's state) needs its own air change: what it
  // changed takes that long to reach the racks, and its steady history starts afresh.
  const double earliest_stop_s =
      std::max({sim.time_s() + air_change_s, control.last_event_s, control.average_from_s.value_or(0.0)});

  const auto& domain = sim.scene().grid.global;
  const double cells = double(domain[0]) * double(domain[1]) * double(domain[2]);
  const auto start = Clock::now();
  const long long first_step = sim.step();  // a restart's steps before this run took no time here
  RunSummary sum;
  sum.case_name = sim.spec().name;
  sum.backend = sim.backend_name();
  sum.lattice = sim.lattice().report;
  sum.steady.requested = steady_requested;
  sum.steady.tolerance = control.steady_tolerance;
  sum.steady.earliest_stop_s = has_events ? control.end_time_s : earliest_stop_s;

  // Averaging: from average_from when given; else over a window that starts when the
  // steady criteria first hold and must hold throughout it (the "last window").
  const bool fixed_averaging = control.average_from_s.has_value();
  bool averaging = sim.averaging_started();  // a restart continues its window
  auto start_averaging_if_due = [&] {
    if (fixed_averaging && !averaging && sim.time_s() + 0.5 * dt >= *control.average_from_s) {
      sim.start_averaging();
      averaging = true;
    }
  };
  start_averaging_if_due();
  double candidate_since_s = -1, candidate_window_s = 0;
  double next_checkpoint_s = sim.time_s() + control.checkpoint_every_s;

  // The design-speed warning, once, at the first health check that finds faster air.
  bool speed_warned = sim.speed_record().exceeded();
  auto warn_if_too_fast = [&] {
    if (speed_warned || !sim.speed_record().exceeded()) return;
    speed_warned = true;
    observer.warning(speed_exceeded_text(sim.speed_record()));
  };

  const bool fields = observer.wants_fields();
  if (fields) observer.output(sim.snapshot());
  EnergyBalance balance;
  while (sim.step() < total) {
    long long next = std::min(total, (sim.step() / monitor + 1) * monitor);
    if (out_every > 0) next = std::min(next, (sim.step() / out_every + 1) * out_every);
    // A signal reaches the ranks at different steps: they stop when any has seen one.
    auto stop = [&] { return sim.comm().any(stop_requested(control)); };
    bool stopping = false;
    while (sim.step() < next && !(stopping = stop())) {
      long long chunk = std::min({kSignalPollSteps, next - sim.step(), health_every - sim.step() % health_every});
      if (averaging) chunk = std::min(chunk, statistics_every - sim.step() % statistics_every);
      sim.advance(chunk);
      if (sim.step() % health_every == 0 && sim.step() != next) {
        check_bounds(sim, sim.health());
        warn_if_too_fast();
      }
      if (averaging && sim.step() % statistics_every == 0) sim.sample_statistics();
      start_averaging_if_due();
    }
    if (!stopping) stopping = stop();  // a signal during the interval's last chunk
    if (stopping) {
      sum.end = RunEnd::Interrupted;
      // The signal number as rank 0 saw it (or the first any rank saw).
      sum.signal = int(sim.comm().max(double(control.stop_signal ? int(*control.stop_signal) : 0)));
    }

    const kernels::Health h = sim.health();
    check_bounds(sim, h);
    warn_if_too_fast();
    balance = sim.energy_balance();
    Progress p;
    p.step = sim.step();
    p.total_steps = total;
    p.time_s = sim.time_s();
    p.end_time_s = control.end_time_s;
    p.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    p.steps_per_s = p.wall_s > 0 ? double(p.step - first_step) / p.wall_s : 0;
    p.mlups = p.steps_per_s * cells * 1e-6;
    p.eta_s = p.steps_per_s > 0 ? double(total - p.step) / p.steps_per_s : 0;
    p.max_temperature_c = sim.temperature_c(h.max_theta);
    observer.monitor(p, balance);
    sum.min_temperature_c = sim.temperature_c(h.min_theta);
    sum.max_temperature_c = p.max_temperature_c;

    if (steady_requested) {
      const Simulation::FieldMeans means = sim.field_means();
      IntervalMeans m;
      m.duration_s = balance.window_s;
      m.end_s = sim.time_s();
      m.temperature_c = means.temperature_c;
      m.speed_m_s = means.speed_m_s;
      m.temperature_span_k = double(h.max_theta) - double(h.min_theta);
      m.heat_in_w = balance.heat_in_w;
      m.heat_out_w = balance.heat_out_w;
      m.storage_w = balance.storage_w;
      m.load_w = balance.load_w;
      if (sim.has_hall()) m.probes_c = sim.hall().window_probes_c();
      // Every rank has the same reduced numbers; rank 0's verdict is taken all the same, so
      // that no rounding can ever send the ranks different ways.
      const bool holds = sim.comm().any(steady_test.add(m) && sim.comm().root());
      sum.steady.window_s = steady_test.window_s();
      if (!holds) {
        candidate_since_s = -1;
        sum.steady.reached = false;
        if (averaging && !fixed_averaging) {
          sim.stop_averaging();
          averaging = false;
        }
      } else if (candidate_since_s < 0) {
        // The criteria hold from here: average over one more window, and stop at its end
        // if they still hold.
        candidate_since_s = sim.time_s();
        candidate_window_s = steady_test.window_s();
        if (!fixed_averaging) {
          sim.start_averaging();
          averaging = true;
        }
      } else if (!sum.steady.reached && sim.time_s() - candidate_since_s >= candidate_window_s - 0.5 * dt &&
                 sim.time_s() + 0.5 * dt >= earliest_stop_s) {
        sum.steady.reached = true;
        sum.steady.reached_at_s = sim.time_s();
      }
      sum.steady.unmet = sum.steady.reached ? "" : steady_test.worst();
      if (!sum.steady.reached && holds)
        sum.steady.unmet = "the criteria held only since t = " + std::to_string(candidate_since_s) +
                           " s, less than one comparison window or before the earliest stop";
    }
    sum.reached_steady_state = sum.steady.reached;
    const bool stop_steady = sum.steady.reached && !has_events;
    const bool last = sim.step() >= total || stop_steady || sum.end == RunEnd::Interrupted;
    if (control.checkpoint) {
      const bool term = sum.end == RunEnd::Interrupted && sum.signal == SIGTERM;
      const bool at_end = last && control.checkpoint_at_end && sum.end != RunEnd::Interrupted;
      if (term || at_end || (control.checkpoint_every_s > 0 && sim.time_s() + 0.5 * dt >= next_checkpoint_s)) {
        control.checkpoint(sim);
        while (control.checkpoint_every_s > 0 && next_checkpoint_s <= sim.time_s() + 0.5 * dt)
          next_checkpoint_s += control.checkpoint_every_s;
      }
    }
    if (stop_steady) sum.end = RunEnd::SteadyState;
    if (fields && ((out_every > 0 && sim.step() % out_every == 0) || last)) observer.output(sim.snapshot());
    if (last) break;
  }
  sum.steps = sim.step();
  sum.simulated_time_s = sim.time_s();
  sum.wall_time_s = std::chrono::duration<double>(Clock::now() - start).count();
  sum.mlups = sum.wall_time_s > 0 ? double(sum.steps - first_step) * cells / sum.wall_time_s * 1e-6 : 0;
  sum.energy = balance;
  sum.averaging = sim.averaging();
  sum.speed = sim.speed_record();
  return sum;
}

}  // namespace rackflow::solver
