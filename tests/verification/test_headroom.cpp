// Cooling headroom (solver/headroom.hpp): adding the reported headroom to a rack, in a
// fresh run from scratch, brings its hottest inlet to the class limit within 0.5 K (the
// issue's figure). The search itself stops within 0.2 K; the rest of the 0.5 K is for the
// fresh run settling to a slightly different state than the warm-started trial did.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "hall_fixture.hpp"
#include "headroom.hpp"

namespace rackflow::test {
namespace {

using solver::Simulation;

constexpr double kSettleS = 90;  // about 5 air changes of the room

// A closed room: one front-supply unit, one rack whose exhaust partly finds its way back
// over the top to its own intake.
CaseSpec room(double rack_power_w) {
  CaseSpec c = hall_room(4.0, 3.0, 2.4, 0.1, kSettleS);
  c.hall->ashrae_class = AshraeClass::A1;  // allowable max 32 °C
  CoolerSpec u;
  u.name = "crah-1";
  u.min_m = {0.0, 1.0, 0.0};
  u.max_m = {0.8, 2.0, 1.8};
  u.front = Face::XMax;
  u.supply = SupplyMode::Front;
  u.return_from = ReturnMode::Top;
  u.airflow_m3_s = 1.2;
  u.capacity_w = 1e6;
  u.supply_temperature_c = 18.0;
  c.hall->coolers.push_back(u);
  c.hall->racks.push_back(rack_at("r1", {2.6, 1.2, 0.0}, {3.6, 1.8, 2.0}, Face::XMin, rack_power_w, 0.8));
  return c;
}

double converged_inlet_max_c(Simulation& sim) {
  sim.advance(std::llround(kSettleS / sim.lattice().units.dt_s));
  return sim.rack_inlet_max_c(0);
}

TEST(Headroom, AddingItBringsTheHottestInletToTheLimit) {
  const double power_w = 8000;
  Simulation base(room(power_w), solver::Backend::Cpu);
  const double t0 = converged_inlet_max_c(base);
  solver::HeadroomOptions o;
  const auto h = solver::compute_headroom(base, {0}, o, [](const std::string& r, double w, double t) {
    std::printf("  trial %s +%.0f W: inlet max %.3f °C\n", r.c_str(), w, t);
  });
  ASSERT_EQ(h.size(), 1u);
  std::printf("base inlet max %.3f °C, headroom %.0f W after %d trials (%.3f °C)\n", t0, h[0].headroom_w,
              h[0].trials, h[0].inlet_max_c);
  ASSERT_TRUE(h[0].bounded);
  EXPECT_LT(t0, 32.0);
  EXPECT_GT(h[0].headroom_w, 0.0);
  EXPECT_NEAR(h[0].inlet_max_c, 32.0, o.tolerance_k);
  EXPECT_NEAR(base.rack_inlet_max_c(0), t0, 1e-4);  // the converged state is restored

  Simulation fresh(room(power_w + h[0].headroom_w), solver::Backend::Cpu);
  const double t1 = converged_inlet_max_c(fresh);
  std::printf("fresh run at %.0f W: inlet max %.3f °C\n", power_w + h[0].headroom_w, t1);
  EXPECT_NEAR(t1, 32.0, 0.5);
}

}  // namespace
}  // namespace rackflow::test
