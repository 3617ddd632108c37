// Server power over time: a utilisation profile applied to a server's idle and maximum
// power, or a measured trace of watts.
#pragma once

#include "rackflow/hall_spec.hpp"

namespace rackflow::solver {

// Utilisation 0..1 of a Constant, Step, Ramp or Training profile at time t.
double utilisation_at(const PowerProfileSpec& profile, double t_s);

// Electrical power of one server at time t [W]: idle + (max - idle) * utilisation, or the
// trace's watts (linear between samples, the last value after the end).
double server_power_w(const ServerSpec& server, const PowerProfileSpec& profile, double t_s);

}  // namespace rackflow::solver
