// The design-speed check in a run: a small hall (a supply wall at 0.5 m/s, one rack) run
// briefly, once with run.max_velocity above every speed it reaches and once far below the
// supply's own speed. The record, the warning, summary.json's figures and the report's
// flag must follow the speeds the run reached, not the setting.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hall_fixture.hpp"
#include "postprocess/airflow_metrics.hpp"
#include "run_loop.hpp"

namespace rackflow::test {
namespace {

constexpr double kSupplyMS = 0.5;
constexpr double kRunS = 0.5;  // a few hundred steps: the supply jet is there from the first

struct Warnings : solver::RunObserver {
  bool wants_fields() const override { return false; }
  void warning(const std::string& text) override { texts.push_back(text); }
  std::vector<std::string> texts;
};

struct Outcome {
  RunSummary summary;
  HallResults hall;
  std::vector<std::string> warnings;
};

Outcome run_with_design_speed(double max_velocity_m_s) {
  CaseSpec c = hall_room(4.0, 2.4, 2.4, 0.1, kRunS);
  add_through_flow(c, kSupplyMS, 18.0);
  c.hall->racks.push_back(rack_at("r1", {1.5, 0.9, 0.0}, {2.5, 1.5, 2.0}, Face::XMin, 8000, 0.5));
  c.run.max_velocity_m_s = max_velocity_m_s;
  solver::Simulation sim(c, solver::Backend::Cpu);
  Warnings w;
  Outcome o;
  o.summary = solver::run_simulation(sim, solver::control_for(c), w);
  o.hall = sim.hall_results(o.summary.energy, sim.snapshot());
  o.warnings = w.texts;
  return o;
}

bool has_speed_flag(const HallResults& h) {
  for (const auto& f : post::airflow_flags(h))
    if (f.kind == "speed_above_design") return true;
  return false;
}

TEST(DesignSpeed, NoFlagWhenTheRunStaysBelowIt) {
  const Outcome o = run_with_design_speed(2.0);
  const SpeedRecord& s = o.summary.speed;
  std::printf("design 2.0 m/s: fastest %.3f m/s at t = %.3f s\n", s.max_m_s, s.at_s);
  EXPECT_DOUBLE_EQ(s.design_m_s, 2.0);
  EXPECT_GE(s.max_m_s, kSupplyMS * 0.9);  // the record saw the supply jet
  EXPECT_LT(s.max_m_s, 2.0);
  EXPECT_FALSE(s.exceeded());
  EXPECT_TRUE(o.warnings.empty());
  EXPECT_FALSE(has_speed_flag(o.hall));
}

TEST(DesignSpeed, FlaggedOnceWhenSetFarTooLow) {
  const double design = 0.4 * kSupplyMS;
  const Outcome o = run_with_design_speed(design);
  const SpeedRecord& s = o.summary.speed;
  std::printf("design %.2f m/s: fastest %.3f m/s at t = %.3f s, first above at %.3f s\n", design, s.max_m_s, s.at_s,
              s.first_exceeded_s.value_or(-1));
  EXPECT_DOUBLE_EQ(s.design_m_s, design);
  EXPECT_GT(s.max_m_s, kSupplyMS * 0.9);
  ASSERT_TRUE(s.exceeded());
  EXPECT_LE(*s.first_exceeded_s, s.at_s);
  // The supply stays above the design speed: it is exceeded up to the last check.
  ASSERT_TRUE(s.last_exceeded_s);
  EXPECT_NEAR(*s.last_exceeded_s, o.summary.simulated_time_s, 1e-9);
  ASSERT_EQ(o.warnings.size(), 1u);  // once, not at every check
  EXPECT_NE(o.warnings[0].find("faster than the 0.2 m/s"), std::string::npos) << o.warnings[0];
  EXPECT_TRUE(o.hall.airflow.speed.exceeded());
  EXPECT_DOUBLE_EQ(o.hall.airflow.speed.max_m_s, s.max_m_s);
  EXPECT_TRUE(has_speed_flag(o.hall));
}

}  // namespace
}  // namespace rackflow::test
