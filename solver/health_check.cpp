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

std::string speed_exceeded_text(const SpeedRecord& speed) {
  std::ostringstream msg;
  msg.precision(3);
  msg << "air reached " << speed.max_m_s << " m/s at (" << speed.at_m[0] << ", " << speed.at_m[1] << ", "
      << speed.at_m[2] << ") m at t = " << speed.at_s << " s (first above the design speed at t = "
      << speed.first_exceeded_s.value_or(speed.at_s) << " s), faster than the " << speed.design_m_s
      << " m/s the time step was chosen for (run.max_velocity or the estimate): the lattice Mach number is "
      << speed.max_m_s / speed.design_m_s
      << " times its bound, so compressibility errors grow; set run.max_velocity to at least the speed reached";
  return msg.str();
}

void check_health(Simulation& sim) { check_bounds(sim, sim.health()); }

}  // namespace rackflow::solver
