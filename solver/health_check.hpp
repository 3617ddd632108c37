// Health of a running simulation: the bounds outside which a state is divergence, not
// physics, and the check that stops a run naming where and when.
#pragma once

#include <stdexcept>

#include "simulation.hpp"

namespace rackflow::solver {

// Thrown when the fields leave physical bounds; what() names step, time and cell.
class DivergenceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bounds outside which a temperature is taken as divergence, not physics.
constexpr double kMinPlausibleC = -50.0, kMaxPlausibleC = 250.0;
// Lattice speed at which the weakly compressible model has broken down (Mach ~0.7).
constexpr double kMaxLatticeSpeed = 0.4;

// Steps between health checks of a running simulation.
constexpr long long kHealthCheckSteps = 50;

// Throws DivergenceError when the current state is out of bounds.
void check_health(Simulation& sim);

// Throws DivergenceError naming step, time and cell when `h` is out of bounds.
void check_bounds(Simulation& sim, const kernels::Health& h);

}  // namespace rackflow::solver
