// Servers' thermal mass (RackSpec::thermal_time_constant_s): after a power step, the heat the
// air carries out of the rack, measured as rho c_p Q (T_exhaust - T_intake) on the exhaust's
// boundary cells and the fluid in front of the intake, rises as 1 - exp(-t / tau).
//
// Tolerance: the intake mean moves by a few hundredths of a kelvin as the room warms
// (the supply stream sweeps the exhaust away from the intake), against a full rise of
// 13.4 K; equal-weight cell means differ from the model's link-weighted ones by well under
// 1 % of the rise here (test_hall_models.cpp); 0.02 of the full rise covers both.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "hall_fixture.hpp"

namespace rackflow::test {
namespace {

using solver::Simulation;

constexpr double kPowerW = 8000, kFlowM3S = 0.5, kStepAtS = 1.0, kTauS = 3.0;
constexpr double kFractionTolerance = 0.02;

CaseSpec stepped_rack(double tau_s) {
  CaseSpec c = hall_room(4.0, 2.4, 2.4, 0.1, 0.0);
  add_through_flow(c, 0.5, 18.0);
  c.initial.temperature_c = 18.0;
  PowerProfileSpec& p = c.hall->profiles.back();
  p.kind = ProfileKind::Step;
  p.before = 0.0;
  p.after = 1.0;
  p.at_s = kStepAtS;
  c.hall->racks.push_back(rack_at("r1", {1.5, 0.9, 0.0}, {2.5, 1.5, 2.0}, Face::XMin, kPowerW, kFlowM3S));
  c.hall->racks.back().thermal_time_constant_s = tau_s;
  return c;
}

TEST(ServerThermalMass, ExhaustHeatFollowsAFirstOrderLag) {
  Simulation sim(stepped_rack(kTauS), solver::Backend::Cpu);
  const double dt = sim.lattice().units.dt_s;
  long long step = 0;
  for (double after_tau : {0.5, 1.0, 2.0}) {
    const double t_s = kStepAtS + after_tau * kTauS;
    const long long target = std::llround(t_s / dt);
    sim.advance(target - step);
    step = target;
    const Snapshot s = sim.snapshot();
    const double rise = patch_temperature_c(sim, s, "/exhaust", false) - patch_temperature_c(sim, s, "/intake", true);
    const double air_w = kRho * kCp * kFlowM3S * rise;
    const double expected = 1.0 - std::exp(-(step * dt - kStepAtS) / kTauS);
    std::printf("t - t_step = %.2f tau: heat to air %.0f W = %.3f of %.0f W (1 - exp(-t/tau) = %.3f)\n", after_tau,
                air_w, air_w / kPowerW, kPowerW, expected);
    EXPECT_NEAR(air_w / kPowerW, expected, kFractionTolerance);
  }
}

}  // namespace
}  // namespace rackflow::test
