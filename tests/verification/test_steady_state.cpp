// The steady-state stop, scheduled events and time averages, checked against quantities the
// stop itself does not read: the converged answer of a longer run, the room's air-change
// time computed here from its geometry, and host-side statistics of sampled snapshots.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "case_parser.hpp"
#include "hall_fixture.hpp"
#include "run_loop.hpp"
#include "steady_state.hpp"

namespace rackflow {
namespace {

using test::hall_room;
using test::rack_at;

struct Quiet : solver::RunObserver {};

// The figure: at the stop, the answer is within 1 % of the converged one.
constexpr double kConvergedAnswer = 0.01;

// --- the test on its own, with series whose end we know ------------------------------------

solver::IntervalMeans interval(double t, double dt, double temperature_c, double heat_w) {
  solver::IntervalMeans m;
  m.duration_s = dt;
  m.end_s = t;
  m.temperature_c = temperature_c;
  m.speed_m_s = 1.0;
  m.temperature_span_k = 10.0;
  m.heat_in_w = m.heat_out_w = m.load_w = heat_w;  // balanced at every instant, like the symmetric cavity
  return m;
}

// A heat flow creeping up to 100 W with a 50 s time constant, books balanced throughout:
// a test on the balance alone stops at once; this one only once the flow is within about the
// tolerance of its end.
TEST(SteadyStateTest, ABalancedButDriftingHeatFlowIsNotSteady) {
  const double tol = 1e-3, tau = 50, dt = 1;
  solver::SteadyStateTest test(tol, 2);
  double stopped_at = -1;
  for (double t = dt; t < 2000 && stopped_at < 0; t += dt)
    if (test.add(interval(t, dt, 20.0, 100.0 * (1 - std::exp(-t / tau))))) stopped_at = t;
  ASSERT_GT(stopped_at, 0) << test.worst();
  const double error = std::exp(-stopped_at / tau);
  std::printf("balanced drift: steady at %.0f s = %.1f tau, remaining error %.3g (tolerance %.g)\n", stopped_at,
              stopped_at / tau, error, tol);
  EXPECT_LT(error, 2 * tol);
}

// A probe (a rack inlet) that still warms fails the test although the books close.
TEST(SteadyStateTest, ADriftingProbeIsNamed) {
  solver::SteadyStateTest test(5e-3, 2);
  bool steady = false;
  for (int k = 1; k <= 40; ++k) {
    solver::IntervalMeans m = interval(k, 1.0, 20.0, 100.0);
    m.probes_c = {{"rack A01 inlet mean", 20.0 + 0.1 * k}};
    steady = test.add(m);
  }
  EXPECT_FALSE(steady);
  EXPECT_NE(test.worst().find("rack A01 inlet mean"), std::string::npos) << test.worst();
}

// --- the symmetric cavity --------------------------------------------------------------

// Heat through the hot wall over the last energy-balance window [W].
double hot_wall_watts(const EnergyBalance& e) {
  for (const auto& f : e.flows)
    if (f.name.rfind("hot", 0) == 0) return f.watts;
  return 0.0;
}

// Ra = 1e6 on 64^2, started at the mean temperature: heat in = heat out and zero storage at
// every instant. The stop must wait for the wall heat itself. The converged figure comes
// from running on to twice the stop time: were the stop premature by an error e, the wall
// heat would move by about e over that second half (it approaches its end exponentially).
TEST(SteadyState, SymmetricCavityStopsOnlyOnceItsWallHeatHasSettled) {
  const CaseSpec spec =
      parse_case_file(std::string(RACKFLOW_SOURCE_DIR) + "/cases/validation/heated-cavity-ra1e6-symmetric.yaml");
  ASSERT_GT(spec.run.steady_tolerance, 0);
  solver::Simulation sim(spec, solver::Backend::Cpu);
  Quiet quiet;
  const RunSummary r = solver::run_simulation(sim, solver::control_for(spec), quiet);
  ASSERT_TRUE(r.steady.reached) << r.steady.unmet;
  ASSERT_EQ(r.end, RunEnd::SteadyState);
  const double q_stop = hot_wall_watts(r.energy);

  // The same window length as the stop's last interval, twice as late.
  const long long window_steps = std::llround(r.energy.window_s / sim.lattice().units.dt_s);
  sim.advance(sim.step() - window_steps);
  sim.energy_balance();
  sim.advance(window_steps);
  const double q = hot_wall_watts(sim.energy_balance());
  const double conduction_w = spec.fluid.thermal_conductivity_w_mk * 10.0 / spec.domain.size_m[0] *
                              (spec.domain.size_m[0] * spec.domain.size_m[2]);
  std::printf("symmetric cavity Ra 1e6: stopped at t = %.1f s (window %.1f s), Nu %.4f; converged Nu %.4f at "
              "t = %.1f s; error at the stop %+.3f %%\n",
              r.simulated_time_s, r.steady.window_s, q_stop / conduction_w, q / conduction_w, sim.time_s(),
              100 * (q_stop - q) / q);
  EXPECT_NEAR(q_stop, q, kConvergedAnswer * std::fabs(q));
}

// --- a room cooled by its rear door -----------------------------------------------------

constexpr double kDoorRoomPowerW = 8000, kDoorRoomRackFlow = 0.5, kDoorRoomCoolerFlow = 1.2;

// The room starts at 24 °C; the door (effectiveness 1, 20 °C water) returns the rack's
// exhaust at 20 °C and the cooler supplies 20 °C: the room ends at 20 °C everywhere, and
// the air itself never sees the rack's heat.
CaseSpec door_room(double end_time_s) {
  CaseSpec c = hall_room(4.0, 3.0, 2.4, 0.2, end_time_s);
  c.initial.temperature_c = 24.0;
  c.run.steady_tolerance = 0.005;
  c.hall->coolers.push_back(test::wall_crah(kDoorRoomCoolerFlow, 1e6, 20.0));
  c.hall->racks.push_back(
      rack_at("r1", {2.6, 1.2, 0.0}, {3.6, 1.8, 2.0}, Face::XMin, kDoorRoomPowerW, kDoorRoomRackFlow));
  c.hall->racks[0].rear_door = RearDoorSpec{1.0, 20.0, 1e6};
  return c;
}

TEST(SteadyState, DoorCooledRoomRunsPastOneAirChangeAndSettles) {
  const CaseSpec c = door_room(400.0);
  const double air_change_s = 4.0 * 3.0 * 2.4 / kDoorRoomCoolerFlow;
  solver::Simulation sim(c, solver::Backend::Cpu);
  Quiet quiet;
  const RunSummary r = solver::run_simulation(sim, solver::control_for(c), quiet);
  const HallResults h = sim.hall_results(r.energy, sim.snapshot());
  // The inlet as the field has it, in front of the intake face (not the model's figure).
  const double inlet_c = test::patch_temperature_c(sim, sim.snapshot(), "r1/layer", true);
  std::printf("door room: steady %d at %.1f s (one air change %.1f s); inlet %.3f °C from the field, %.3f °C "
              "reported\n",
              int(r.steady.reached), r.simulated_time_s, air_change_s, inlet_c, h.racks[0].inlet_mean_c);
  ASSERT_TRUE(r.steady.reached) << r.steady.unmet;
  EXPECT_GE(r.simulated_time_s, air_change_s);
  // Settled to the 20 °C the supply and the door deliver: within the tolerance times the
  // room's 4 K spread.
  EXPECT_NEAR(inlet_c, 20.0, 0.005 * 4.0 * 2);
  EXPECT_NEAR(h.racks[0].inlet_mean_c, 20.0, 0.005 * 4.0 * 2);
}

// A cooler that fails after the point where the room would be steady is run through: the
// case runs to its end time and reports the unit failed.
TEST(SteadyState, FailureAfterTheWouldBeSteadyPointIsRunThrough) {
  CaseSpec c = door_room(150.0);
  c.hall->racks[0].rear_door.reset();  // the cooler takes the heat
  c.initial.temperature_c = 20.0;
  c.hall->coolers[0].fail_at_s = 140.0;
  solver::Simulation sim(c, solver::Backend::Cpu);
  Quiet quiet;
  const RunSummary r = solver::run_simulation(sim, solver::control_for(c), quiet);
  const HallResults h = sim.hall_results(r.energy, sim.snapshot());
  std::printf("failure at 140 s: ran to %.1f s, end %s, steady %d\n", r.simulated_time_s, run_end_name(r.end),
              int(r.steady.reached));
  EXPECT_EQ(r.end, RunEnd::EndTime);
  EXPECT_NEAR(r.simulated_time_s, 150.0, 0.1);
  ASSERT_EQ(h.coolers.size(), 1u);
  EXPECT_TRUE(h.coolers[0].failed);
}

// --- time statistics ---------------------------------------------------------------------

// The run's per-cell mean and RMS equal those computed here from the same states' snapshots.
TEST(TimeAverages, MeanAndRmsEqualThoseOfTheSampledSnapshots) {
  CaseSpec c = door_room(30.0);
  c.hall->racks[0].rear_door.reset();
  solver::Simulation sim(c, solver::Backend::Cpu);
  sim.advance(200);
  sim.start_averaging();
  std::vector<Snapshot> samples;
  for (int k = 0; k < 12; ++k) {
    sim.advance(37);
    sim.sample_statistics();
    samples.push_back(sim.snapshot());
  }
  const Snapshot s = sim.snapshot();
  ASSERT_TRUE(s.has_statistics());
  ASSERT_EQ(sim.averaging().samples, 12);
  double worst_t = 0, worst_rms = 0, worst_u = 0, spread = 0;
  for (std::size_t m = 0; m < s.size(); ++m) {
    if (s.object_id[m] != 0) continue;
    double mean = 0, umean[3] = {0, 0, 0};
    for (const auto& x : samples) {
      mean += x.temperature_c[m];
      for (int a = 0; a < 3; ++a) umean[a] += x.velocity_m_s[3 * m + a];
    }
    mean /= samples.size();
    for (double& u : umean) u /= samples.size();
    double var = 0;
    for (const auto& x : samples) var += (x.temperature_c[m] - mean) * (x.temperature_c[m] - mean);
    const double rms = std::sqrt(var / samples.size());
    spread = std::max(spread, rms);
    worst_t = std::max(worst_t, std::fabs(s.temperature_mean_c[m] - mean));
    worst_rms = std::max(worst_rms, std::fabs(s.temperature_rms_k[m] - rms));
    for (int a = 0; a < 3; ++a) worst_u = std::max(worst_u, std::fabs(s.velocity_mean_m_s[3 * m + a] - umean[a]));
  }
  std::printf("statistics: |mean - host mean| <= %.2g K, |rms - host rms| <= %.2g K (largest rms %.3g K), |u| %.2g m/s\n",
              worst_t, worst_rms, spread, worst_u);
  ASSERT_GT(spread, 1e-3) << "the field should fluctuate over the window";
  // FP32 running sums over 12 samples of ~25 °C: a few ulps of 25 (2e-6 K each).
  EXPECT_LT(worst_t, 1e-4);
  EXPECT_LT(worst_rms, 1e-3);
  EXPECT_LT(worst_u, 1e-5);
}

}  // namespace
}  // namespace rackflow
