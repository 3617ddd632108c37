#include "headroom.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "run_loop.hpp"

namespace rackflow::solver {

namespace {

// On several ranks a signal arrives at different moments: all stop when any has one.
bool stop_requested(const Simulation& sim, const HeadroomOptions& o) {
  return sim.comm().any(o.stop_signal && *o.stop_signal != 0);
}

// Mean of the rack's hottest inlet over one chunk, sampled every o.sample_s.
double chunk_mean_c(Simulation& sim, int rack, const HeadroomOptions& o) {
  const double dt_s = sim.lattice().units.dt_s;
  const long long every = std::max<long long>(1, std::llround(o.sample_s / dt_s));
  const int samples = std::max(1, int(std::lround(o.settle_chunk_s / o.sample_s)));
  double sum = 0;
  for (int i = 0; i < samples && !stop_requested(sim, o); ++i) {
    sim.advance(every);
    sum += sim.rack_inlet_max_c(rack);
  }
  check_health(sim);
  return sum / samples;
}

double rack_max_power_w(const RackSpec& rack) {
  double w = 0;
  for (const auto& s : rack.servers) w += s.max_power_w;
  return w;
}

// Extra power at which the rack's fans, scaled with it, reach the speed the lattice's time
// step was chosen for (LatticeReport::max_velocity_m_s): beyond it the run's Mach bound
// no longer holds.
double search_limit_w(Simulation& sim, int rack) {
  const double fastest_lu = sim.hall().rack_patch_speed_lu(rack);
  const double allowed_lu = sim.lattice().units.velocity_lu(sim.lattice().report.max_velocity_m_s);
  const double scale = fastest_lu > 0 ? allowed_lu / fastest_lu : 1.0;
  return std::max(0.0, scale - 1.0) * rack_max_power_w(sim.hall().hall().racks.at(rack));
}

double rack_airflow_m3_s(const RackSpec& rack) {
  double q = 0;
  for (const auto& s : rack.servers) q += s.airflow_m3_s;
  return q;
}

}  // namespace

double settled_inlet_max_c(Simulation& sim, int rack, const HeadroomOptions& o) {
  const double start_s = sim.time_s();
  const int span = std::max(1, int(std::lround(o.settle_span_s / o.settle_chunk_s)));
  std::vector<double> means;
  for (;;) {
    means.push_back(chunk_mean_c(sim, rack, o));
    const std::size_t k = means.size() - 1;
    const double elapsed = sim.time_s() - start_s;
    const bool flat = k >= std::size_t(span) && std::fabs(means[k] - means[k - span]) < o.settle_change_k;
    if ((elapsed >= o.settle_min_s && flat) || elapsed >= o.settle_max_s || stop_requested(sim, o))
      return k > 0 ? 0.5 * (means[k] + means[k - 1]) : means[k];
  }
}

std::vector<RackHeadroom> compute_headroom(Simulation& sim, const std::vector<int>& racks,
                                           const HeadroomOptions& o, const HeadroomProgress& report) {
  const Simulation::State base = sim.save_state();
  HallModel& hall = sim.hall();
  const double limit_c = inlet_limits(hall.hall().ashrae_class).max_c;
  const auto& fluid = sim.spec().fluid;
  std::vector<RackHeadroom> out;
  for (int r : racks) {
    const RackSpec& spec = hall.hall().racks.at(r);
    RackHeadroom h;
    h.rack = spec.name;
    const double cap_w = o.max_extra_w > 0 ? o.max_extra_w : search_limit_w(sim, r);
    Simulation::State last = base;
    auto trial = [&](double extra_w) {
      sim.load_state(last);
      hall.set_extra_power(r, extra_w);
      const double t = settled_inlet_max_c(sim, r, o);
      last = sim.save_state();
      ++h.trials;
      if (report) report(spec.name, extra_w, t);
      return t - limit_c;
    };
    h.base_inlet_max_c = h.inlet_max_c = trial(0.0) + limit_c;
    if (stop_requested(sim, o)) break;
    // lo: below the limit (g < 0), hi: above it, once found.
    double x_lo = 0, g_lo = h.base_inlet_max_c - limit_c, x_hi = -1, g_hi = 0;
    double x_prev = 0, g_prev = g_lo;
    double x = g_lo < 0 ? std::min(cap_w, fluid.density_kg_m3 * fluid.specific_heat_j_kgk * rack_airflow_m3_s(spec) * -g_lo)
                        : 0.0;
    int side = 0;  // Illinois: which end was kept last time
    while (g_lo < 0 && h.trials < o.max_trials) {
      const double g = trial(x);
      if (stop_requested(sim, o)) break;
      h.headroom_w = x;
      h.inlet_max_c = g + limit_c;
      if (std::fabs(g) < o.tolerance_k) break;
      if (g < 0) {
        if (x >= cap_w) { h.status = HeadroomStatus::AtSearchLimit; break; }
        x_prev = x_lo; g_prev = g_lo;
        x_lo = x; g_lo = g;
        if (side == -1) g_hi *= 0.5;
        side = -1;
      } else {
        x_hi = x; g_hi = g;
        if (side == +1) g_lo *= 0.5;
        side = +1;
      }
      if (x_hi < 0) {
        // Not bracketed yet: secant through the last two points below the limit, at most
        // 4x further each time.
        const double slope = (g_lo - g_prev) / (x_lo - x_prev);
        x = slope > 0 ? x_lo - g_lo / slope : 4 * x_lo;
        x = std::min({x, 4 * std::max(x_lo, 1.0), cap_w});
      } else {
        x = x_lo - g_lo * (x_hi - x_lo) / (g_hi - g_lo);
      }
      // The loop's own condition ends it here: out of trials, not within tolerance.
      if (h.trials >= o.max_trials) h.status = HeadroomStatus::NotConverged;
    }
    h.bounded = h.status == HeadroomStatus::Converged;
    if (h.base_inlet_max_c >= limit_c) h.headroom_w = 0;
    hall.set_extra_power(r, 0.0);
    if (stop_requested(sim, o)) break;  // this rack's search is unfinished: no figure for it
    out.push_back(h);
  }
  sim.load_state(base);
  return out;
}

void apply_headroom(const RackHeadroom& h, RackResult& r) {
  r.headroom_w = h.headroom_w;
  r.headroom_is_lower_bound = h.status == HeadroomStatus::AtSearchLimit;
  r.headroom_unconverged_trials = h.status == HeadroomStatus::NotConverged ? h.trials : 0;
}

std::string headroom_text(const RackHeadroom& h) {
  char kw[32];
  std::snprintf(kw, sizeof kw, "%.1f kW", h.headroom_w / 1e3);
  switch (h.status) {
    case HeadroomStatus::Converged: return kw;
    case HeadroomStatus::AtSearchLimit: return std::string(kw) + " or more";
    case HeadroomStatus::NotConverged:
      return "not converged after " + std::to_string(h.trials) + " trials (last trial +" + kw + ")";
  }
  return kw;
}

}  // namespace rackflow::solver
