// Health of a running simulation: the bounds outside which a state is divergence, not
// physics, and the check that stops a run naming where and when.
#pragma once

#include <stdexcept>
#include <string>

#include "simulation.hpp"

namespace rackflow::solver {

// Thrown when the fields leave physical bounds; what() names step, time and cell, `at`
// holds the cell: where the bad values began (for NaN, the centroid of the region they
// have spread over since the last check).
class DivergenceError : public std::runtime_error {
 public:
  DivergenceError(const std::string& what, const CellPlace& where) : std::runtime_error(what), at(where) {}
  CellPlace at;
};

// Steps between health checks in a run (the run loop calls check_health this often).
// NaN spreads from the cell where it began by up to kNanSpreadCellsPerStep cells a step,
// so a check every 10 steps finds a region at most 61 cells across, whose centroid is
// where it began (off by at most the part a wall or solid cut away). The check is one
// reduction over the fields (93 bytes a cell against a step's 350): measured on the CPU
// backend it costs 7 % of one step, so 0.7 % of the ten steps it guards; by bytes, a GPU
// pays at most 27 % of a step, 2.7 %.
constexpr long long kHealthCheckSteps = 10;
// Streaming moves populations one cell a step; the bounded temperature advection reads
// two cells upwind: NaN can travel three cells in one step.
constexpr int kNanSpreadCellsPerStep = 3;

// Bounds outside which a temperature is taken as divergence, not physics.
constexpr double kMinPlausibleC = -50.0, kMaxPlausibleC = 250.0;
// Lattice speed at which the weakly compressible model has broken down (Mach ~0.7).
constexpr double kMaxLatticeSpeed = 0.4;

// "air reached 8.1 m/s at (3.05, 1.25, 0.45) m at t = 12 s, faster than the 4.7 m/s the
// time step was chosen for (run.max_velocity or the estimate): ..." for a record that
// exceeded its design speed.
std::string speed_exceeded_text(const SpeedRecord& speed);

// Throws DivergenceError when the current state is out of bounds.
void check_health(Simulation& sim);

// Throws DivergenceError naming step, time and cell when `h` is out of bounds.
void check_bounds(Simulation& sim, const kernels::Health& h);

}  // namespace rackflow::solver
