#include "health_check.hpp"

#include <cmath>
#include <sstream>

namespace rackflow::solver {

void check_bounds(Simulation& sim, const kernels::Health& h) {
  std::ostringstream msg;
  msg.precision(5);
  msg << "run diverged at step " << sim.step() << " (t = " << sim.time_s() << " s): ";
  if (h.nonfinite > 0) {
    msg << h.nonfinite << " cells hold NaN or infinite values, first at " << sim.place(h.nonfinite_at).str();
    throw DivergenceError(msg.str());
  }
  const double t_max = sim.temperature_c(h.max_theta), t_min = sim.temperature_c(h.min_theta);
  if (t_max > kMaxPlausibleC || t_min < kMinPlausibleC) {
    const bool hot = t_max > kMaxPlausibleC;
    msg << "temperature " << (hot ? t_max : t_min) << " °C at " << sim.place(hot ? h.max_at : h.min_at).str()
        << " is outside the physical bounds [" << kMinPlausibleC << ", " << kMaxPlausibleC << "] °C";
    throw DivergenceError(msg.str());
  }
  if (std::sqrt(h.max_speed2) > kMaxLatticeSpeed) {
    msg << "speed " << sim.lattice().units.velocity_si(std::sqrt(h.max_speed2)) << " m/s at "
        << sim.place(h.speed_at).str() << " exceeds the lattice limit (Mach " << kMaxLatticeSpeed / std::sqrt(1.0 / 3.0)
        << "); raise run.max_velocity or refine the grid";
    throw DivergenceError(msg.str());
  }
}

void check_health(Simulation& sim) { check_bounds(sim, sim.health()); }

}  // namespace rackflow::solver
