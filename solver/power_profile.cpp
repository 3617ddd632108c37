#include "power_profile.hpp"

#include <algorithm>
#include <cmath>

namespace rackflow::solver {

double utilisation_at(const PowerProfileSpec& p, double t) {
  switch (p.kind) {
    case ProfileKind::Constant: return p.utilisation;
    case ProfileKind::Step: return t < p.at_s ? p.before : p.after;
    case ProfileKind::Ramp: {
      if (t <= p.start_s) return p.before;
      if (p.duration_s <= 0 || t >= p.start_s + p.duration_s) return p.after;
      return p.before + (p.after - p.before) * (t - p.start_s) / p.duration_s;
    }
    case ProfileKind::Training: {
      // A checkpoint dip closes every period: [k P - dip, k P) for k >= 1.
      if (p.period_s <= 0) return p.utilisation;
      return std::fmod(t, p.period_s) >= p.period_s - p.dip_duration_s ? p.dip_utilisation : p.utilisation;
    }
    case ProfileKind::Trace: return 1.0;
  }
  return 1.0;
}

namespace {
double trace_at(const PowerProfileSpec& p, double t) {
  const auto& ts = p.trace_time_s;
  const auto& ws = p.trace_power_w;
  if (ts.empty()) return 0.0;
  if (t <= ts.front()) return ws.front();
  if (t >= ts.back()) return ws.back();
  const auto hi = std::upper_bound(ts.begin(), ts.end(), t) - ts.begin();
  const auto lo = hi - 1;
  const double a = (t - ts[lo]) / (ts[hi] - ts[lo]);
  return ws[lo] + a * (ws[hi] - ws[lo]);
}
}  // namespace

double server_power_w(const ServerSpec& s, const PowerProfileSpec& p, double t) {
  if (p.kind == ProfileKind::Trace) return trace_at(p, t);
  return s.idle_power_w + (s.max_power_w - s.idle_power_w) * utilisation_at(p, t);
}

}  // namespace rackflow::solver
