#include "health_check.hpp"

#include <cmath>
#include <sstream>

namespace rackflow::solver {

void check_bounds(Simulation& sim, const kernels::Health& h) {
  std::ostringstream msg;
  msg.precision(5);
  msg << "run diverged at step " << sim.step() << " (t = " << sim.time_s() << " s): ";
  if (h.nonfinite > 0) {
    int centre[3];
    for (int d = 0; d < 3; ++d) centre[d] = int(std::lround(h.nonfinite_sum[d] / double(h.nonfinite)));
    const auto& n = sim.scene().grid.global;
    const CellPlace at = sim.place(centre[0] + n[0] * (centre[1] + n[1] * Index(centre[2])));
    msg << h.nonfinite << " cells hold NaN or infinite values, in cells (" << h.nonfinite_lo[0] << ".."
        << h.nonfinite_hi[0] << ", " << h.nonfinite_lo[1] << ".." << h.nonfinite_hi[1] << ", " << h.nonfinite_lo[2]
        << ".." << h.nonfinite_hi[2] << "); they began near their centroid, " << at.str();
    throw DivergenceError(msg.str(), at);
  }
  const double t_max = sim.temperature_c(h.max_theta), t_min = sim.temperature_c(h.min_theta);
  if (t_max > kMaxPlausibleC || t_min < kMinPlausibleC) {
    const bool hot = t_max > kMaxPlausibleC;
    const CellPlace at = sim.place(hot ? h.max_at : h.min_at);
    msg << "temperature " << (hot ? t_max : t_min) << " °C at " << at.str() << " is outside the physical bounds ["
        << kMinPlausibleC << ", " << kMaxPlausibleC << "] °C";
    throw DivergenceError(msg.str(), at);
  }
  if (std::sqrt(h.max_speed2) > kMaxLatticeSpeed) {
    const CellPlace at = sim.place(h.speed_at);
    msg << "speed " << sim.lattice().units.velocity_si(std::sqrt(h.max_speed2)) << " m/s at " << at.str() << " exceeds the lattice limit (Mach " << kMaxLatticeSpeed / std::sqrt(1.0 / 3.0)
        << "); raise run.max_velocity or refine the grid";
    throw DivergenceError(msg.str(), at);
  }
}

void check_health(Simulation& sim) { check_bounds(sim, sim.health()); }

}  // namespace rackflow::solver
