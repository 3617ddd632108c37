// The last time a case changes by itself, so that no run stops as "steady" before it.
#include <algorithm>

#include "power_profile.hpp"
#include "run_loop.hpp"

namespace rackflow::solver {

namespace {

// Last time at which the profile's output stops changing.
double profile_settles_s(const PowerProfileSpec& p) {
  switch (p.kind) {
    case ProfileKind::Constant: return 0.0;
    case ProfileKind::Step: return p.before != p.after ? p.at_s : 0.0;
    case ProfileKind::Ramp: return p.before != p.after ? p.start_s + std::max(0.0, p.duration_s) : 0.0;
    // Checkpoint dips recur for ever: every period has one, so no time is past them. The
    // steady test then needs windows that span whole periods (run_loop.cpp).
    case ProfileKind::Training: return 0.0;
    case ProfileKind::Trace: {
      const auto& w = p.trace_power_w;
      for (std::size_t k = w.size(); k-- > 1;)
        if (w[k] != w[k - 1]) return p.trace_time_s[k];
      return 0.0;
    }
  }
  return 0.0;
}

}  // namespace

double last_scheduled_event_s(const CaseSpec& spec) {
  if (!spec.hall) return 0.0;
  double last = 0;
  for (const auto& c : spec.hall->coolers)
    if (c.fail_at_s) last = std::max(last, *c.fail_at_s);
  for (const auto& r : spec.hall->racks)
    for (const auto& p : spec.hall->profiles)
      if (p.name == r.profile) last = std::max(last, profile_settles_s(p));
  return last;
}

RunControl control_for(const CaseSpec& spec) {
  RunControl c;
  c.end_time_s = spec.run.end_time_s;
  c.output_interval_s = spec.run.output_interval_s;
  c.steady_tolerance = spec.run.steady_tolerance;
  c.average_from_s = spec.run.average_from_s;
  c.last_event_s = last_scheduled_event_s(spec);
  return c;
}

}  // namespace rackflow::solver
