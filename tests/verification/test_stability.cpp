// Stability at data-centre scale: real air (nu = 1.5e-5 m^2/s), 5 cm cells, a 2 m/s
// supply jet, 20,000 steps (cases/validation/stability-room.yaml). The molecular
// relaxation time is 0.50003, so this is the regime where plain BGK diverges.
//
// Bounds: temperatures must stay within [coldest inlet, hottest source] = [16, 35] °C
// widened by 0.5 K (the figure). The heat transport is a positive (upwind)
// combination of neighbours plus a limited correction, so any excursion beyond that
// margin means a broken limiter or flux, not physics.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "case_parser.hpp"
#include "simulation.hpp"

namespace {

using namespace rackflow;

constexpr double kColdestInletC = 16.0, kHottestSourceC = 35.0, kMarginK = 0.5;
constexpr long long kSteps = 20000, kCheckEvery = 1000;

TEST(Stability, RealAirRoomRuns20000StepsBounded) {
  const CaseSpec spec = parse_case_file(std::string(RACKFLOW_SOURCE_DIR) + "/cases/validation/stability-room.yaml");
  solver::Simulation sim(spec, solver::Backend::Cpu);
  const double tau = sim.lattice().flow.tau0;
  ASSERT_LT(tau, 0.5001) << "the case no longer tests the near-0.5 regime";
  double t_min = 1e9, t_max = -1e9, u_max = 0;
  while (sim.step() < kSteps) {
    sim.advance(kCheckEvery);
    const kernels::Health h = sim.health();
    ASSERT_EQ(h.nonfinite, 0) << "NaN at step " << sim.step();
    t_min = std::min(t_min, sim.temperature_c(h.min_theta));
    t_max = std::max(t_max, sim.temperature_c(h.max_theta));
    u_max = std::max(u_max, sim.lattice().units.velocity_si(std::sqrt(h.max_speed2)));
  }
  std::printf("tau0 = %.6f, %lld steps (%.2f s): T in [%.3f, %.3f] °C, max speed %.2f m/s\n", tau, sim.step(),
              sim.time_s(), t_min, t_max, u_max);
  EXPECT_GE(t_min, kColdestInletC - kMarginK);
  EXPECT_LE(t_max, kHottestSourceC + kMarginK);
  // A jet from a 2 m/s grille: speeds well above it would mean a numerical instability.
  EXPECT_LT(u_max, 4.0);
}

}  // namespace
