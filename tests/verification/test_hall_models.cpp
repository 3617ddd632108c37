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
  c.hall->coolers.push_back(wall_crah(1.5, capacity_w, 18.0));
  c.hall->racks.push_back(rack_at("r1", {2.5, 1.2, 0.0}, {3.5, 1.8, 2.0}, Face::XMin, 10000, 0.6));
  return c;
}

// Two racks side by side, a heater in the stream in front of r2 only. r1's intake port also
// has diagonal links whose fluid cells lie in front of r2; its inlet max must come from the
// cells directly in front of its own face. The test finds those cells from the geometry.
TEST(InletSampling, MaxLiesOnTheRacksOwnFace) {
  CaseSpec c = hall_room(3.0, 3.0, 2.4, 0.1, 3.0);
  add_through_flow(c, 0.5, 18.0);
  c.hall->racks.push_back(rack_at("r1", {1.5, 0.9, 0.0}, {2.5, 1.5, 2.0}, Face::XMin, 4000, 0.4));
  c.hall->racks.push_back(rack_at("r2", {1.5, 1.5, 0.0}, {2.5, 2.1, 2.0}, Face::XMin, 4000, 0.4));
  BoxSpec heater;
  heater.name = "heater";
  heater.kind = BoxKind::HeatSource;
  heater.min_m = {1.1, 1.5, 0.0};
  heater.max_m = {1.4, 2.1, 2.0};
  heater.power_w = 6000;
  c.boxes.push_back(heater);
  Simulation sim(c, solver::Backend::Cpu);
  sim.advance(std::llround(c.run.end_time_s / sim.lattice().units.dt_s));
  const Snapshot s = sim.snapshot();
  const HallResults h = sim.hall_results(sim.energy_balance(), s);
  // The cells at x in [1.4, 1.5) (i = 14) in front of r1's face y in [0.9, 1.5), z in [0, 2.0).
  const int nx = s.cells[0], ny = s.cells[1];
  auto at = [&](int i, int j, int k) { return s.temperature_c[std::size_t(i) + std::size_t(nx) * (j + std::size_t(ny) * k)]; };
  double own_max = -1e9, beside_max = -1e9;
  for (int k = 0; k < 20; ++k) {
    for (int j = 9; j < 15; ++j) own_max = std::max(own_max, double(at(14, j, k)));
    beside_max = std::max(beside_max, double(at(14, 15, k)));
  }
  const RackResult& r1 = h.racks[0];
  std::printf("r1 inlet max %.3f °C at y = %.2f m; own face cells max %.3f °C, the column in front of r2 %.3f °C\n",
              r1.inlet_max_c, r1.inlet_max_at_m[1], own_max, beside_max);
  ASSERT_GT(beside_max, own_max + 1.0) << "the heater should make r2's inlet the hotter one";
  EXPECT_NEAR(r1.inlet_max_c, own_max, 1e-3);
  EXPECT_GE(r1.inlet_max_at_m[1], 0.9);
  EXPECT_LE(r1.inlet_max_at_m[1], 1.5);
  EXPECT_LT(r1.inlet_max_at_m[2], 2.0);
}

// The first row of the inlet history is the initial field (20 °C here), not a model default.
TEST(InletSampling, HistoryStartsFromTheInitialField) {
  CaseSpec c = hall_room(4.0, 3.0, 2.4, 0.2, 2.0);
  add_through_flow(c, 0.5, 18.0);
  c.hall->racks.push_back(rack_at("r1", {1.6, 1.2, 0.0}, {2.6, 1.8, 2.0}, Face::XMin, 4000, 0.4));
  Simulation sim(c, solver::Backend::Cpu);
  sim.advance(std::llround(c.run.end_time_s / sim.lattice().units.dt_s));
  const HallResults h = sim.hall_results(sim.energy_balance(), sim.snapshot());
  ASSERT_FALSE(h.history.time_s.empty());
  EXPECT_EQ(h.history.time_s[0], 0.0);
  EXPECT_NEAR(h.history.inlet_mean_c[0][0], 20.0, 1e-4);
  EXPECT_NEAR(h.history.inlet_max_c[0][0], 20.0, 1e-4);
}

// A reloaded state carries the hall model's own state: reloading the state saved before a
// cooler failure and running again gives the same answer as the first continuation.
TEST(SimulationState, ReloadingResumesTheHallModelExactly) {
  CaseSpec c = crah_room(1e6, 22.0);
  c.hall->coolers[0].fail_at_s = 0.4;
  Simulation sim(c, solver::Backend::Cpu);
  const long long half = std::llround(0.3 / sim.lattice().units.dt_s);
  sim.advance(half);
  const Simulation::State saved = sim.save_state();
  sim.advance(2 * half);
  const HallResults first = sim.hall_results(sim.energy_balance(), sim.snapshot());
  const Snapshot first_fields = sim.snapshot();
  sim.load_state(saved);
  sim.advance(2 * half);
  const HallResults second = sim.hall_results(sim.energy_balance(), sim.snapshot());
  const Snapshot second_fields = sim.snapshot();
  EXPECT_EQ(first.history.time_s, second.history.time_s);
  EXPECT_EQ(first.coolers[0].failed, second.coolers[0].failed);
  EXPECT_EQ(first.racks[0].inlet_mean_c, second.racks[0].inlet_mean_c);
  EXPECT_EQ(first.energy.coolers_w, second.energy.coolers_w);
  EXPECT_EQ(first_fields.temperature_c, second_fields.temperature_c);  // bitwise: same steps, same order
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

// A raised floor fed by a down-flow unit, two tiles of different open area side by side
// in the same plenum, returning through the unit's top.
CaseSpec two_tiles(double f_a, double f_b) {
  CaseSpec c = hall_room(3.6, 1.8, 2.4, 0.1, 25.0);
  c.initial.temperature_c = 18.0;
  c.hall->raised_floor = RaisedFloorSpec{0.6, 0.1};
  CoolerSpec u;
  u.name = "crah-1";
  u.min_m = {0.0, 0.4, 0.5};
  u.max_m = {0.8, 1.4, 2.0};
  u.front = Face::XMax;
  u.supply = SupplyMode::Floor;
  u.airflow_m3_s = 0.8;
  u.capacity_w = 1e5;
  c.hall->coolers.push_back(u);
  TileSpec a, b;
  a.name = "tile-a";
  a.min_m = {1.8, 0.6};
  a.max_m = {2.4, 1.2};
  a.open_fraction = f_a;
  b = a;
  b.name = "tile-b";
  b.min_m = {2.7, 0.6};
  b.max_m = {3.3, 1.2};
  b.open_fraction = f_b;
  c.hall->tiles = {a, b};
  return c;
}

// Both tiles see the same plenum-to-room pressure difference dp. The loss model gives
// dp = (zeta + 1) rho v^2 / 2 per tile (the tile's own loss plus the jet's dynamic head,
// lost in the room), so Q_b / Q_a = sqrt((zeta_a + 1) / (zeta_b + 1)). The plenum is not
// perfectly uniform (the unit's jet sweeps it), hence 10 % on the ratio; the direction
// (the more open tile passes more) is checked on its own. What the 10 % covers: the grid
// resolves the flow converging into and spreading out of each 6 x 6-cell tile, form losses
// the one-number model leaves out, which weigh most on the low-loss tile (measured: 6 %
// below the prediction, steady from 5 s to 60 s).
TEST(PerforatedTiles, SplitFlowAsTheLossModelPredicts) {
  const double f_a = 0.25, f_b = 0.56;
  const CaseSpec c = two_tiles(f_a, f_b);
  Simulation sim(c, solver::Backend::Cpu);
  sim.advance(std::llround(c.run.end_time_s / sim.lattice().units.dt_s));
  const EnergyBalance e = sim.energy_balance();
  const HallResults r = sim.hall_results(e, sim.snapshot());
  ASSERT_EQ(r.tiles.size(), 2u);
  const double q_a = r.tiles[0].flow_m3_s, q_b = r.tiles[1].flow_m3_s;
  const double za = solver::perforated_plate_loss(f_a), zb = solver::perforated_plate_loss(f_b);
  const double predicted = std::sqrt((za + 1) / (zb + 1));
  std::printf("zeta %.2f / %.2f: Q %.4f / %.4f m3/s (sum %.4f of 0.8), ratio %.3f, predicted %.3f\n", za, zb, q_a,
              q_b, q_a + q_b, q_b / q_a, predicted);
  EXPECT_NEAR(za, 30.7, 0.1);  // datacentre-numbers.md: Idelchik at f = 0.25
  EXPECT_NEAR(zb, 2.9, 0.05);
  EXPECT_GT(q_b, q_a);
  EXPECT_NEAR(q_b / q_a, predicted, 0.10 * predicted);
  EXPECT_NEAR(q_a + q_b, 0.8, 0.02 * 0.8);  // all the unit's air leaves through the tiles
}

}  // namespace
}  // namespace rackflow::test
