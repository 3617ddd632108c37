// The data-centre object models against their defining equations, measured on the
// temperature field (boundary cells and the fluid in front of faces), not on the models'
// own bookkeeping.
//
// Tolerances: a model sets each cell layer's exhaust from that layer's link-weighted intake
// mean; the checks below average cells with equal weights, which differs where the intake
// temperature varies across the face and edge cells have fewer links. In these rooms the
// intake varies by < 0.5 K across a face, which bounds that difference well inside 2 % of a
// 10-15 K rise: hence 2 %. Energy figures come from the solver's own link accounting, exact
// to float round-off: 0.1 %.
#include <gtest/gtest.h>

#include <cmath>

#include "hall_fixture.hpp"
#include "hall_layout.hpp"
#include "run_loop.hpp"

namespace rackflow::test {
namespace {

using solver::Simulation;

constexpr double kRackPowerW = 8000, kRackFlow = 0.5;  // 13.4 K rise
const double kRise = kRackPowerW / (kRho * kCp * kRackFlow);

CaseSpec rack_in_stream() {
  CaseSpec c = hall_room(4.0, 2.4, 2.4, 0.1, 20.0);
  add_through_flow(c, 0.5, 18.0);
  c.hall->racks.push_back(rack_at("r1", {1.5, 0.9, 0.0}, {2.5, 1.5, 2.0}, Face::XMin, kRackPowerW, kRackFlow));
  return c;
}

struct Measured {
  double inlet_c, exhaust_c, rack_w;
};

Measured run_and_measure(const CaseSpec& c) {
  Simulation sim(c, solver::Backend::Cpu);
  sim.advance(std::llround(c.run.end_time_s / sim.lattice().units.dt_s) - 2000);
  sim.energy_balance();
  sim.advance(2000);
  const EnergyBalance e = sim.energy_balance();
  const Snapshot s = sim.snapshot();
  return {patch_temperature_c(sim, s, "/intake", true), patch_temperature_c(sim, s, "/exhaust", false),
          group_watts(e, "r1 (rack)")};
}

TEST(RackModel, ExhaustIsInletPlusPowerOverFlowHeatCapacity) {
  const Measured m = run_and_measure(rack_in_stream());
  std::printf("inlet %.3f °C, exhaust %.3f °C, rise %.3f K (model %.3f K), air heat %.1f W\n", m.inlet_c,
              m.exhaust_c, m.exhaust_c - m.inlet_c, kRise, m.rack_w);
  EXPECT_NEAR(m.exhaust_c - m.inlet_c, kRise, 0.02 * kRise);
  EXPECT_NEAR(m.rack_w, kRackPowerW, 1e-3 * kRackPowerW);
}

TEST(RearDoor, OutletFollowsEffectivenessThenCapacity) {
  CaseSpec c = rack_in_stream();
  const double eff = 0.6, t_water = 16.0;
  c.hall->racks[0].rear_door = RearDoorSpec{eff, t_water, 1e6};
  const Measured free = run_and_measure(c);
  const double raw = free.inlet_c + kRise;
  std::printf("door: exhaust %.3f °C, expected %.3f °C\n", free.exhaust_c, raw - eff * (raw - t_water));
  EXPECT_NEAR(free.exhaust_c, raw - eff * (raw - t_water), 0.02 * kRise);

  const double cap_w = 3000;  // below eps (T - T_w) rho c_p Q ~ 5.5 kW
  c.hall->racks[0].rear_door->capacity_w = cap_w;
  const Measured capped = run_and_measure(c);
  const double raw2 = capped.inlet_c + kRise;
  EXPECT_NEAR(capped.exhaust_c, raw2 - cap_w / (kRho * kCp * kRackFlow), 0.02 * kRise);
  EXPECT_NEAR(capped.rack_w, kRackPowerW - cap_w, 1e-3 * kRackPowerW);
}

// A closed room with one front-supply unit and one rack; the air starts warm so the unit's
// demand exceeds its capacity from the first step.
CaseSpec crah_room(double capacity_w, double initial_c) {
  CaseSpec c = hall_room(4.0, 3.0, 2.4, 0.1, 8.0);
  c.initial.temperature_c = initial_c;
  CoolerSpec u;
  u.name = "crah-1";
  u.min_m = {0.0, 1.0, 0.0};
  u.max_m = {0.8, 2.0, 1.8};
  u.front = Face::XMax;
  u.supply = SupplyMode::Front;
  u.return_from = ReturnMode::Top;
  u.airflow_m3_s = 1.5;
  u.capacity_w = capacity_w;
  u.supply_temperature_c = 18.0;
  c.hall->coolers.push_back(u);
  c.hall->racks.push_back(rack_at("r1", {2.5, 1.2, 0.0}, {3.5, 1.8, 2.0}, Face::XMin, 10000, 0.6));
  return c;
}

TEST(CoolerModel, OverCapacitySuppliesWarmerByExactlyTheExcessLoad) {
  const double cap_w = 5000;
  const CaseSpec c = crah_room(cap_w, 30.0);
  Simulation sim(c, solver::Backend::Cpu);
  sim.advance(std::llround(c.run.end_time_s / sim.lattice().units.dt_s));
  const Snapshot s = sim.snapshot();
  const double t_ret = patch_temperature_c(sim, s, "crah-1/return", true);
  const double t_sup = patch_temperature_c(sim, s, "crah-1/supply", false);
  const double flow_heat = kRho * kCp * 1.5;  // W/K
  const double excess_w = flow_heat * (t_ret - 18.0) - cap_w;
  std::printf("return %.3f °C, supply %.3f °C, excess %.1f W -> %.3f K above the set-point\n", t_ret, t_sup,
              excess_w, excess_w / flow_heat);
  ASSERT_GT(excess_w, 0.0);
  // The return mean weights cells equally (see the file comment): 0.1 K.
  EXPECT_NEAR(t_sup - 18.0, excess_w / flow_heat, 0.1);
}

TEST(CoolerModel, WithinCapacitySuppliesTheSetPoint) {
  const CaseSpec c = crah_room(1e6, 30.0);
  Simulation sim(c, solver::Backend::Cpu);
  sim.advance(200);
  const Snapshot s = sim.snapshot();
  EXPECT_NEAR(patch_temperature_c(sim, s, "crah-1/supply", false), 18.0, 1e-4);
}

}  // namespace
}  // namespace rackflow::test
