// The plausibility limits against the solver (docs/case-format.md, "Limits"): a case that
// `check` accepts at the edge of every limit runs its first hundred steps without
// diverging, just beyond the edge it is refused, and step and output counts the run loop
// cannot hold are refused where dt is known.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "case_parser.hpp"
#include "health_check.hpp"
#include "lattice_setup.hpp"
#include "simulation.hpp"

namespace rackflow::solver {
namespace {

const char* const kFile = "edge.yaml";

// The steps the issue asks an accepted case to survive.
constexpr long long kFirstSteps = 100;

CaseSpec parse(const std::string& yaml) { return parse_case_string(yaml, kFile); }

void expect_refused(const std::string& yaml, int line, const std::string& key,
                    const std::vector<std::string>& fragments) {
  try {
    const CaseSpec spec = parse(yaml);
    choose_lattice(spec);
  } catch (const CaseError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.where().line, line) << msg;
    EXPECT_EQ(e.where().key, key) << msg;
    EXPECT_NE(msg.find("allowed"), std::string::npos) << msg;
    for (const std::string& f : fragments)
      EXPECT_NE(msg.find(f), std::string::npos) << "missing \"" << f << "\" in: " << msg;
    return;
  }
  ADD_FAILURE() << "no CaseError for:\n" << yaml;
}

// Runs the first steps on the CPU; check_health throws DivergenceError naming the cell.
void expect_healthy_start(const std::string& yaml) {
  Simulation sim(parse(yaml), Backend::Cpu);
  sim.advance(kFirstSteps);
  EXPECT_NO_THROW(check_health(sim));
  EXPECT_EQ(sim.step(), kFirstSteps);
}

// ---------------------------------------------------------------------------------------
// Step and output counts

// A 1.6 x 0.8 x 0.8 m room at 10 cm (1 024 cells); `run` is its run section, line 5 on.
std::string room(const std::string& run) {
  return "name: edge\n"                                        // 1
         "domain: {size: [1.6, 0.8, 0.8], resolution: 0.1}\n"   // 2
         "gravity: [0, 0, -9.81]\n"                            // 3
         "run:\n"                                              // 4
         + run +                                               // 5, 6
         "patches:\n"
         "  - {name: in, kind: velocity_inlet, face: x_min, velocity: 1, temperature: 25}\n"
         "  - {name: out, kind: pressure_outlet, face: x_max}\n";
}

TEST(RunCounts, StepCountBeyondTheLimitIsRefusedAtEndTime) {
  expect_refused(room("  end_time: 1e30 s\n"), 5, "run.end_time", {"time steps of dt", "at most 1e+11 steps"});
}

TEST(RunCounts, OutputIntervalsTheRunLoopCannotHoldAreRefused) {
  expect_refused(room("  end_time: 60\n  output_interval: 1e-9 s\n"), 6, "run.output_interval",
                 {"shorter than the time step", "a field would be written every step"});
  expect_refused(room("  end_time: 60\n  output_interval: 1e300 s\n"), 6, "run.output_interval",
                 {"time steps (allowed: 0 for only the final field"});
  // Past the end: only the final state, as when --end-time shortens a case.
  EXPECT_NO_THROW(choose_lattice(parse(room("  end_time: 60\n  output_interval: 120 s\n"))));
  expect_refused(room("  end_time: 1e6 s\n  output_interval: 1 s\n"), 6, "run.output_interval",
                 {"writes 1e+06 field files", "at most 1e+05 files"});
  EXPECT_NO_THROW(choose_lattice(parse(room("  end_time: 60\n  output_interval: 10 s\n"))));
}

// ---------------------------------------------------------------------------------------
// Accepted at the edge: the first hundred steps stay healthy

TEST(LimitRuns, GravityAndWallTemperatureAtTheirLimits) {
  // |g| = 100 m/s2, and a wall 59 K above the reference: beta dT = 0.198 for air.
  const std::string edge =
      "name: edge\n"
      "domain: {size: [0.8, 0.4, 0.4], resolution: 0.05}\n"
      "gravity: [0, 0, -100]\n"
      "run: {end_time: 10}\n"
      "patches: [{name: hot, kind: wall, face: x_min, temperature: 84}]\n";
  expect_healthy_start(edge);
  std::string beyond = edge;
  beyond.replace(beyond.find("-100"), 4, "-110");
  expect_refused(beyond, 3, "gravity[2]", {"<= 100 m/s2"});
}

TEST(LimitRuns, HeatSourceAtTheBoussinesqLimits) {
  // 1 m/s through the 0.8 x 0.8 m inlet, 0.64 m3/s, carries 45 kW at a 59 K rise (the
  // room's limit); the 0.8 m box that releases it heats the air crossing it by as much
  // (the local limit): (P / V) L / (rho c_p u) = 45 kW / 0.64 m2 / 1192 J/(m3 K) / 1 m/s.
  const std::string edge =
      "name: edge\n"
      "domain: {size: [1.6, 0.8, 0.8], resolution: 0.1}\n"
      "run: {end_time: 10}\n"
      "boxes: [{name: heater, kind: heat_source, min: [0.4, 0, 0], max: [1.2, 0.8, 0.8], power: 45 kW}]\n"
      "patches:\n"
      "  - {name: in, kind: velocity_inlet, face: x_min, velocity: 1, temperature: 25}\n"
      "  - {name: out, kind: pressure_outlet, face: x_max}\n";
  expect_healthy_start(edge);
  std::string beyond = edge;
  beyond.replace(beyond.find("45 kW"), 5, "50 kW");
  expect_refused(beyond, 4, "boxes[0].power", {"P / (rho c_p Q_inlets)", "beta dT"});
}

TEST(LimitRuns, SmallHotHeatSourceIsRefusedForItsLocalRise) {
  // 7.9 kW in 8 litres, just under the power-density limit, passes the room's estimate,
  // but the air crossing the box at 1 m/s would rise by 166 K: beta dT = 0.56.
  const std::string small =
      "name: edge\n"
      "domain: {size: [1.6, 0.8, 0.8], resolution: 0.1}\n"
      "run: {end_time: 10}\n"
      "boxes: [{name: heater, kind: heat_source, min: [0.4, 0.3, 0.3], max: [0.6, 0.5, 0.5], power: 7.9 kW}]\n"
      "patches:\n"
      "  - {name: in, kind: velocity_inlet, face: x_min, velocity: 1, temperature: 25}\n"
      "  - {name: out, kind: pressure_outlet, face: x_max}\n";
  expect_refused(small, 4, "boxes[0].power", {"heat source heater", "(P / V) L / (rho c_p u + k / L)", "beta dT"});
}

TEST(LimitRuns, RackAtTheLargestPowerAndAirflow) {
  // 1 MW and 14.1 m3/s: a 59.5 K rise (beta dT = 0.1995) and 10.7 m/s through the rack face.
  const std::string edge =
      "name: edge\n"
      "domain: {size: [4, 4, 3], resolution: 0.2}\n"
      "run: {end_time: 10}\n"
      "hall:\n"
      "  racks: [{name: r1, position: [1.8, 1.4], facing: -y, power: 1 MW, airflow: 14.1 m3/s}]\n";
  expect_healthy_start(edge);
  std::string beyond = edge;
  beyond.replace(beyond.find("1 MW"), 4, "1.1 MW");
  expect_refused(beyond, 5, "hall.racks[0].power", {"<= 1000000 W"});
}

}  // namespace
}  // namespace rackflow::solver
