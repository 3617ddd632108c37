// Rack fans on a fan curve (RackSpec::fan_curve): the flow the curve gives at a pressure
// rise, and the under-relaxed step the model takes towards it at each monitor sample.
#pragma once

#include <algorithm>
#include <cmath>

#include "rackflow/hall_spec.hpp"

namespace rackflow::solver {

// The rack's airflow [m3/s] at a static-pressure rise exhaust - intake [Pa]: linear between
// the curve's points, the first point's flow below its pressure, the last segment carried on
// to zero flow beyond the last point (FanCurveSpec).
inline double fan_curve_flow_m3_s(const FanCurveSpec& curve, double rise_pa) {
  const auto& p = curve.points;
  if (p.empty()) return 0.0;
  if (p.size() == 1 || rise_pa <= p.front()[0]) return p.front()[1];
  std::size_t i = 1;
  while (i + 1 < p.size() && rise_pa > p[i][0]) ++i;
  const auto &a = p[i - 1], &b = p[i];
  const double flow = a[1] + (b[1] - a[1]) * (rise_pa - a[0]) / (b[0] - a[0]);
  return std::max(0.0, flow);
}

// The operating point follows the curve's flow at the measured rise as a first-order lag of
// this time constant: a sample dt_s after the last moves it the share 1 - exp(-dt / tau) of
// the way (fan_step). Two reasons. The rise moves with the flow (the hall's resistance,
// dp_sys/dQ), so a full step overshoots where that slope is steeper than the fan's: the
// iteration Q <- Q + w (Q_fan(dp_sys(Q)) - Q) converges for w (1 + s) < 2, s the ratio of
// the two slopes; at the default 1 s samples w = 0.39, converging up to s = 4. And the
// lattice's sound is slow (c = dx / (sqrt(3) dt), ~10 m/s at 0.1 m cells), so pressure
// waves of rho c du, several pascals, ring through a duct after every change of flow: the
// lag averages the sampled rise over tau, as a fan's rotor inertia (seconds) does.
constexpr double kFanTimeConstantS = 2.0;
inline double fan_step(double dt_s) { return -std::expm1(-dt_s / kFanTimeConstantS); }

}  // namespace rackflow::solver
