// Servers' thermal mass as a first-order lag (RackSpec::thermal_time_constant_s): the heat
// the air receives follows the power to air as dP_air/dt = (P - P_air) / tau.
#pragma once

#include <cmath>

namespace rackflow::solver {

// The share of the gap P - P_air closed in one step of dt: 1 - exp(-dt / tau), exact for a
// power that holds still over the step, so the lag is the same at any time step.
inline double thermal_lag_step(double dt_s, double tau_s) { return tau_s > 0 ? -std::expm1(-dt_s / tau_s) : 1.0; }

// P_air after one step towards `target_w` (step 1: no lag, P_air = P).
inline double thermal_lag(double air_w, double target_w, double step) { return air_w + step * (target_w - air_w); }

}  // namespace rackflow::solver
