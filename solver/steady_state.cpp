#include "steady_state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace rackflow::solver {

namespace {

// Duration-weighted means of intervals [lo, hi).
struct WindowMeans {
  double duration_s = 0, temperature_c = 0, speed_m_s = 0, span_k = 0;
  double heat_in_w = 0, heat_out_w = 0, storage_w = 0, load_w = 0;
  std::map<std::string, double> probes_c;
};

WindowMeans window_means(const std::vector<IntervalMeans>& v, std::size_t lo, std::size_t hi) {
  WindowMeans w;
  std::map<std::string, double> probe_time;
  for (std::size_t k = lo; k < hi; ++k) {
    const IntervalMeans& m = v[k];
    const double d = m.duration_s;
    w.duration_s += d;
    w.temperature_c += d * m.temperature_c;
    w.speed_m_s += d * m.speed_m_s;
    w.span_k += d * m.temperature_span_k;
    w.heat_in_w += d * m.heat_in_w;
    w.heat_out_w += d * m.heat_out_w;
    w.storage_w += d * m.storage_w;
    w.load_w += d * m.load_w;
    for (const auto& [name, value] : m.probes_c) {
      w.probes_c[name] += d * value;
      probe_time[name] += d;
    }
  }
  if (w.duration_s <= 0) return w;
  for (double* x : {&w.temperature_c, &w.speed_m_s, &w.span_k, &w.heat_in_w, &w.heat_out_w, &w.storage_w, &w.load_w})
    *x /= w.duration_s;
  for (auto& [name, sum] : w.probes_c) sum /= probe_time[name];
  return w;
}

std::string describe(const char* what, double change, double allowed, const char* unit, const char* how) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s: %s %.3g %s, tolerance %.3g %s", what, how, change, unit, allowed, unit);
  return buf;
}

}  // namespace

SteadyStateTest::SteadyStateTest(double tolerance, int min_intervals)
    : tolerance_(tolerance), min_intervals_(std::max(1, min_intervals)) {}

bool SteadyStateTest::add(const IntervalMeans& interval) {
  intervals_.push_back(interval);
  max_span_k_ = std::max(max_span_k_, interval.temperature_span_k);
  max_speed_m_s_ = std::max(max_speed_m_s_, interval.speed_m_s);
  const std::size_t k = intervals_.size();
  const std::size_t n = std::max<std::size_t>(std::size_t(min_intervals_), k / 8);
  if (2 * n > k) {
    worst_ = "the run is shorter than two comparison windows";
    worst_ratio_ = 1e30;
    return false;
  }
  const WindowMeans a = window_means(intervals_, k - 2 * n, k - n);
  const WindowMeans b = window_means(intervals_, k - n, k);
  window_s_ = b.duration_s;

  worst_ratio_ = 0;
  worst_.clear();
  auto judge = [&](double change, double allowed, const std::string& text) {
    const double ratio = allowed > 0 ? std::fabs(change) / allowed : (change == 0 ? 0.0 : 1e30);
    if (ratio >= worst_ratio_) {
      worst_ratio_ = ratio;
      worst_ = text;
    }
  };
  // Temperatures against the largest spread the field has had (0.5 % of a hall's 20 K is
  // 0.1 K); not the current spread, which vanishes as a room settles to one temperature.
  // At least 1 mK, so that a uniform field does not divide by zero.
  const double t_allowed = tolerance_ * std::max(max_span_k_, 1e-3);
  if (b.load_w > 0) {
    const double q_allowed = tolerance_ * b.load_w;
    judge(b.heat_in_w - b.heat_out_w, q_allowed,
          describe("heat in - heat out", b.heat_in_w - b.heat_out_w, q_allowed, "W", "over the last window"));
    judge(b.storage_w, q_allowed, describe("heat stored by the air", b.storage_w, q_allowed, "W", "over the last window"));
    judge(b.heat_in_w - a.heat_in_w, q_allowed,
          describe("heat entering the fluid", b.heat_in_w - a.heat_in_w, q_allowed, "W", "changed between windows by"));
  }
  judge(b.temperature_c - a.temperature_c, t_allowed,
        describe("mean fluid temperature", b.temperature_c - a.temperature_c, t_allowed, "K",
                 "changed between windows by"));
  // Speeds against the fastest mean the run has had; a fluid always at rest has none to settle.
  if (max_speed_m_s_ > 1e-9) {
    const double u_allowed = tolerance_ * max_speed_m_s_;
    judge(b.speed_m_s - a.speed_m_s, u_allowed,
          describe("mean fluid speed", b.speed_m_s - a.speed_m_s, u_allowed, "m/s", "changed between windows by"));
  }
  for (const auto& [name, value] : b.probes_c) {
    const auto before = a.probes_c.find(name);
    if (before == a.probes_c.end()) continue;
    judge(value - before->second, t_allowed,
          describe(name.c_str(), value - before->second, t_allowed, "K", "changed between windows by"));
  }
  return worst_ratio_ < 1.0;
}

}  // namespace rackflow::solver
