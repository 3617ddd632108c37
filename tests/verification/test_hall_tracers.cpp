// The hall's passive tracers (solver/hall_tracers.hpp) after a short run of a closed room
// with one cooling unit and one rack: the unit's supply and the rack's exhaust are the
// room's only inflows, its return and the rack's intake its only outflows.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "hall_fixture.hpp"

namespace rackflow::test {
namespace {

using solver::Simulation;

// A crah against the x_min wall blowing +x at a rack 1.2 m away that faces it.
CaseSpec closed_room() {
  CaseSpec c = hall_room(4.0, 3.0, 2.4, 0.2, 4.0);
  c.hall->coolers.push_back(wall_crah(1.0, 40e3, 18.0));
  c.hall->racks.push_back(rack_at("r1", {2.0, 1.0, 0.0}, {3.0, 2.0, 2.0}, Face::XMin, 6000, 0.6));
  return c;
}

HallResults run(const CaseSpec& c) {
  Simulation sim(c, solver::Backend::Cpu);
  sim.advance(std::llround(c.run.end_time_s / sim.lattice().units.dt_s));
  return sim.hall_results(sim.energy_balance(), sim.snapshot());
}

// In this room all air comes from the supply or the exhaust, so the rack's intake holds
// the supply's share F and the exhaust's 1 - F; and the exhaust leaves through the
// return (its captured share X) or the intake (1 - X), which gives the intake's exhaust
// share as 1 - X too: F = X. The solve corrects the flow to divergence-free first, so this
// holds to what each tracer's residual leaves unaccounted, at most 1e-4 of its source
// flux: over the rack's flow, 1e-4 for X and 1e-4 x 1.0 / 0.6 for F. Hence 5e-4.
constexpr double kClosedRoomTolerance = 5e-4;
// The fractions are shares of flows: in [0, 1] to the solve's tolerance (1e-4).
constexpr double kShareSlack = 1e-4;

}  // namespace

TEST(HallTracers, ClosedRoomSupplyShareEqualsCapturedShare) {
  const HallResults h = run(closed_room());
  const TracerResults& t = h.tracers;
  ASSERT_TRUE(t.computed);
  ASSERT_EQ(t.coolers, std::vector<std::string>{"crah-1"});
  ASSERT_EQ(t.rack_intake_from_cooler.size(), 1u);
  ASSERT_EQ(t.rack_intake_from_cooler[0].size(), 1u);
  ASSERT_EQ(t.rack_exhaust_captured.size(), 1u);
  const double f = t.rack_intake_from_cooler[0][0], x = t.rack_exhaust_captured[0];
  std::printf("intake from crah-1 %.4f, exhaust captured %.4f; %d sweeps, residual %.2e, flow divergence %.2f, %.3f s\n",
              f, x, t.sweeps, t.worst_residual, t.flow_divergence, t.wall_s);
  EXPECT_LT(t.worst_residual, 1e-4);
  for (double share : {f, x}) {
    EXPECT_GE(share, -kShareSlack);
    EXPECT_LE(share, 1.0 + kShareSlack);
  }
  // The rack faces the unit's jet: most of its intake is the unit's air.
  EXPECT_GT(f, 0.5);
  EXPECT_NEAR(f, x, kClosedRoomTolerance);
}

// `tracers: false` (and a failed unit, which supplies nothing) leaves them out.
TEST(HallTracers, SwitchedOffOrNoRunningUnitMeansNone) {
  CaseSpec off = closed_room();
  off.hall->tracers = false;
  off.run.end_time_s = 0.2;
  EXPECT_FALSE(run(off).tracers.computed);
  CaseSpec failed = closed_room();
  failed.run.end_time_s = 0.2;
  failed.hall->coolers[0].fail_at_s = 0.0;
  EXPECT_FALSE(run(failed).tracers.computed);
}

}  // namespace rackflow::test
