// Hostile input (docs/case-format.md, "Limits"): every check comes before anything large is
// built. The yaml-cpp 0.7 comma bug is guarded, counts are bounded and checked in linear
// time, overflow to infinity and implausible physics are refused, each with file:line, key,
// value and the allowed range.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "case_parser.hpp"

namespace rackflow {
namespace {

CaseSpec parse(const std::string& yaml) { return parse_case_string(yaml, "room.yaml"); }

// Expects a CaseError at `line` and `key` whose message contains every fragment.
void expect_error(const std::string& yaml, int line, const std::string& key,
                  const std::vector<std::string>& fragments) {
  try {
    parse(yaml);
  } catch (const CaseError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.where().file, "room.yaml") << msg;
    EXPECT_EQ(e.where().line, line) << msg;
    EXPECT_EQ(e.where().key, key) << msg;
    for (const std::string& f : fragments)
      EXPECT_NE(msg.find(f), std::string::npos) << "missing \"" << f << "\" in: " << msg;
    return;
  }
  ADD_FAILURE() << "no CaseError for:\n" << yaml;
}

// Lines 1-6; tests append from line 7 on.
const std::string kHead =
    "name: t\n"             // 1
    "domain:\n"             // 2
    "  size: [6, 4, 3]\n"   // 3
    "  resolution: 0.1\n"   // 4
    "run:\n"                // 5
    "  end_time: 60\n";     // 6

// ---------------------------------------------------------------------------------------
// The yaml-cpp 0.7 comma bug: each of these makes LoadAll allocate without limit (found
// with ulimit -v and a timeout), so each must be refused before the YAML library sees it.

TEST(CommaGuard, LinesStartingWithACommaAreRefusedWithTheirLine) {
  const std::vector<std::string> triggers = {",\n", " , \n", ",,\n", ", x\n", ",\t\n", ",# note\n"};
  for (const std::string& t : triggers)
    expect_error(kHead + t, 7, "", {"a line starting with ','", "yaml-cpp 0.7"});
  expect_error("- 1\n,\n", 2, "", {"a line starting with ','"});
  expect_error("---\n,\n", 2, "", {"a line starting with ','"});
  expect_error("[1]\n,\n", 2, "", {"a line starting with ','"});
  expect_error("\xEF\xBB\xBF,\n", 1, "", {"a line starting with ','"});  // after a byte-order mark
  expect_error(kHead + "description: \"a\"\n,\n", 8, "", {"a line starting with ','"});
}

TEST(CommaGuard, CommasInValidYamlPass) {
  const CaseSpec c = parse(
      "name: t\n"
      "description: \"racks, rows\n"
      ", and a quoted line starting with a comma\"\n"
      "domain:\n"
      "  size: [6,\n"
      "         4, 3]\n"
      "  resolution: 0.1\n"
      "  periodic: [false\n"
      "    , false, false]\n"
      "run:\n"
      "  end_time: 60\n");
  EXPECT_EQ(c.domain.size_m[1], 4);
  EXPECT_EQ(c.description, "racks, rows , and a quoted line starting with a comma");
  const CaseSpec block = parse(kHead + "description: |\n  ,\n  a block scalar\n");
  EXPECT_EQ(block.description, ",\na block scalar\n");
}

// ---------------------------------------------------------------------------------------
// Overflow to infinity

TEST(Overflow, InfiniteAfterUnitConversionIsRefused) {
  expect_error(kHead + "boxes: [{name: b, kind: heat_source, min: [0, 0, 0], max: [1, 1, 1], power: 1e308 MW}]\n",
               7, "boxes[0].power", {"\"1e308 MW\" is inf in W", "finite"});
  expect_error(kHead + "gravity: [0, 0, 1e400]\n", 7, "gravity[2]", {"\"1e400\" is not a number"});
  expect_error(kHead + "gravity: [0, 0, .inf]\n", 7, "gravity[2]", {"\".inf\" is not a number"});
  expect_error(kHead + "gravity: [0, 0, nan]\n", 7, "gravity[2]", {"not a finite number"});
}

// ---------------------------------------------------------------------------------------
// Names that are path components

TEST(Names, PathComponentsAreRefused) {
  const std::string rest = kHead.substr(kHead.find('\n') + 1);
  for (const std::string name : {".", "..", "..."})
    expect_error("name: \"" + name + "\"\n" + rest, 1, "name", {"not a valid name", "other than '.'"});
  expect_error("name: \"a/b\"\n" + rest, 1, "name", {"not a valid name", "A-Z a-z 0-9 _ . -"});
  expect_error("name: \"a\\x01b\"\n" + rest, 1, "name", {"not a valid name"});
  expect_error("name: \"\"\n" + rest, 1, "name", {"not a valid name"});
}

// ---------------------------------------------------------------------------------------
// The grid, bounded before the layout builder allocates it

TEST(GridBounds, TooManyCellsPerAxisOrInAllAreRefusedAtTheResolution) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.0001 mm\nrun:\n  end_time: 60\n", 4,
               "domain.resolution", {"60000000 cells along x", "at most 100000 cells per axis"});
  // 50 000 x 50 000 x 30 000 cells: each axis allowed, 7.5e13 in all is not.
  expect_error("name: t\ndomain:\n  size: [500, 500, 300]\n  resolution: 1 cm\nrun:\n  end_time: 60\n", 4,
               "domain.resolution", {"7.5e+13 cells", "at most 2^36"});
}

// ---------------------------------------------------------------------------------------
// Plausibility: the issue's examples, then each limit

const std::string kHall =
    "name: t\n"              // 1
    "domain:\n"              // 2
    "  size: [12, 8, 4]\n"   // 3
    "  resolution: 0.05\n"   // 4
    "run:\n"                 // 5
    "  end_time: 60\n"       // 6
    "hall:\n"                // 7
    "  racks:\n";            // 8

std::string rack(const std::string& load) {
  return "    - {name: r1, position: [2, 2], facing: -y, " + load + "}\n";  // 9
}

TEST(Plausibility, TheIssuesExamplesAreRefused) {
  expect_error(kHall + rack("power: 1e12 W, airflow: 1"), 9, "hall.racks[0].power",
               {"1e+12 W", "<= 1000000 W", "130-200 kW"});
  expect_error(kHead + "gravity: [0, 0, -1e6]\n", 7, "gravity[2]", {"<= 100 m/s2", "10 g"});
  expect_error(kHall + rack("power: 20 kW, airflow: 5000 m3/s"), 9, "hall.racks[0].airflow",
               {"5000 m3/s", "<= 20 m3/s"});
  expect_error(kHead + "fluid: {density: 1e-30}\n", 7, "fluid.density", {">= 0.01 kg/m3", "liquid metals"});
}

TEST(Plausibility, FluidPropertiesStayWithinAirAndLiquidRanges) {
  expect_error(kHead + "fluid: {kinematic_viscosity: 10}\n", 7, "fluid.kinematic_viscosity", {"<= 1 m2/s"});
  expect_error(kHead + "fluid: {specific_heat: 1e9}\n", 7, "fluid.specific_heat", {"<= 20000 J/(kg K)"});
  expect_error(kHead + "fluid: {thermal_conductivity: 1e-9}\n", 7, "fluid.thermal_conductivity",
               {">= 0.001 W/(m K)"});
  expect_error(kHead + "fluid: {thermal_expansion: 0.5}\n", 7, "fluid.thermal_expansion", {"<= 0.02 1/K"});
  // Water and air both pass.
  EXPECT_NO_THROW(parse(kHead + "fluid: {density: 998, kinematic_viscosity: 1.0e-6, specific_heat: 4182, "
                                "thermal_conductivity: 0.6, thermal_expansion: 2.1e-4}\n"));
  EXPECT_NO_THROW(parse(kHead + "fluid: {density: 1.2, kinematic_viscosity: 1.5e-5, specific_heat: 1005, "
                                "thermal_conductivity: 0.026, thermal_expansion: 0.0034}\n"));
}

TEST(Plausibility, GravityMagnitudeIsBoundedToo) {
  expect_error(kHead + "gravity: [80, 80, 0]\n", 7, "gravity", {"|gravity| = 113.1", "<= 100 m/s2"});
  expect_error(kHead + "body_acceleration: [0, 0, 500]\n", 7, "body_acceleration[2]", {"<= 100 m/s2"});
}

TEST(Plausibility, RackAirflowThroughItsFaceIsBounded) {
  // 0.6 m x 2.2 m front face: 19 m3/s is 14.4 m/s, 19.9 m3/s through a 0.6 x 2 m face is 16.6 m/s.
  EXPECT_NO_THROW(parse(kHall + rack("power: 200 kW, airflow: 19")));
  expect_error(kHall + rack("size: [0.6, 1.2, 2.0], power: 200 kW, airflow: 19.9"), 9, "hall.racks[0].airflow",
               {"16.58333333 m/s", "allowed: <= 18 m3/s", "1-3 m/s"});
}

TEST(Plausibility, RackServersAreBoundedInPowerAndNumber) {
  // Tenth-U sleds, so that 210 of them fit the rack's height.
  expect_error("name: t\ndomain: {size: [12, 8, 4], resolution: 0.05}\nrun: {end_time: 60}\nhall:\n"
               "  server_types: [{name: sled, height_u: 0.1, power: 10 W, airflow: 0.001}]\n"  // 5
               "  racks:\n"                                                                    // 6
               "    - {name: r1, position: [2, 2], facing: -y,\n"                             // 7
               "       servers: [{type: sled, count: 150}, {type: sled, count: 60}]}\n",      // 8
               8, "hall.racks[0].servers[1]", {"210 servers", "at most 200 per rack"});
  expect_error("name: t\ndomain: {size: [12, 8, 4], resolution: 0.05}\nrun: {end_time: 60}\nhall:\n"
               "  server_types: [{name: big, height_u: 1, power: 2 MW, airflow: 1}]\n",
               5, "hall.server_types[0].power", {"<= 1000000 W"});
}

TEST(Plausibility, BoussinesqRiseThroughARackIsBounded) {
  // Air: beta = 1/298.15 K, so beta dT <= 0.2 allows a rise of up to 59.6 K.
  EXPECT_NO_THROW(parse(kHall + rack("power: 20 kW, delta_t: 59 K")));
  expect_error(kHall + rack("power: 20 kW, delta_t: 61 K"), 9, "hall.racks[0].delta_t",
               {"through the rack", "= 61 K", "beta dT = 0.2045", "a difference <= 59.6", "Boussinesq"});
  // A cold plate takes 90 % of 100 kW to the liquid: the air sees 10 kW, a 28 K rise at 0.3 m3/s.
  EXPECT_NO_THROW(parse(kHall + rack("power: 100 kW, airflow: 0.3, cold_plate: {fraction: 0.9}")));
  expect_error(kHall + rack("power: 100 kW, airflow: 0.3"), 9, "hall.racks[0].airflow", {"279.57451 K", "beta dT"});
}

TEST(Plausibility, BoussinesqRiseOfARoomAndFixedTemperatures) {
  // 1 m/s through a 0.5 x 0.5 m inlet, 0.25 m3/s: the boxes' 20 kW raise it by 67 K.
  const std::string room = kHead +
                           "boxes:\n"                                                                // 7
                           "  - {name: a, kind: heat_source, min: [1, 1, 0], max: [2, 2, 1], power: 5 kW}\n"  // 8
                           "  - {name: b, kind: solid, min: [3, 1, 0], max: [4, 2, 1],\n"             // 9
                           "     power: 15 kW}\n"                                                    // 10
                           "patches:\n"                                                              // 11
                           "  - {name: in, kind: velocity_inlet, face: x_min, min: [0, 0], max: [0.5, 0.5], "
                           "velocity: 1, temperature: 20}\n"                                         // 12
                           "  - {name: out, kind: pressure_outlet, face: x_max}\n";                 // 13
  expect_error(room, 10, "boxes[1].power", {"P / (rho c_p Q_inlets)", "20000 W", "0.25 m3/s", "beta dT"});
  expect_error(kHead + "patches: [{name: hot, kind: wall, face: x_min, temperature: 150}]\n", 7,
               "patches[0].temperature", {"from fluid.reference_temperature 25 °C to 150 °C", "beta dT"});
  expect_error(kHead + "initial: {temperature: -60}\n", 7, "initial.temperature", {"beta dT"});
}

TEST(Plausibility, PowerDensityAndHeatFluxAreBounded) {
  // 2 MW in 1 m3 is twice the limit.
  expect_error(kHead + "boxes: [{name: b, kind: heat_source, min: [0, 0, 0], max: [1, 1, 1], power: 2 MW}]\n", 7,
               "boxes[0].power", {"2000000 W/m3", "allowed: <= 1000000 W", "GPU servers"});
  expect_error(kHead + "patches: [{name: w, kind: wall, face: x_min, heat_flux: 1e7}]\n", 7, "patches[0].heat_flux",
               {"<= 100000 W/m2"});
  // A solid box releases its power at its 6 m2 of faces: 1 MW is 1.7e5 W/m2.
  expect_error(kHead + "boxes: [{name: b, kind: solid, min: [0, 0, 0], max: [1, 1, 1], power: 1 MW}]\n", 7,
               "boxes[0].power", {"over the 6 m2 surface of box b", "allowed: <= 600000 W"});
  EXPECT_NO_THROW(parse(kHead + "boxes: [{name: b, kind: solid, min: [0, 0, 0], max: [1, 1, 1], power: 500 kW}]\n"));
}

TEST(Plausibility, CoolerAirflowIsBounded) {
  expect_error("name: t\ndomain: {size: [12, 8, 4], resolution: 0.05}\nrun: {end_time: 60}\nhall:\n"
               "  coolers: [{name: c, kind: crah, position: [1, 1], size: [2, 1, 2], facing: +y, "
               "airflow: 5000 m3/s, capacity: 100 kW}]\n",
               5, "hall.coolers[0].airflow", {"<= 100 m3/s", "fan walls"});
}

// ---------------------------------------------------------------------------------------
// Counts: bounded before anything is built, and checked in linear time

// The quadratic checks these replace took 45 s for a 5 000-rack row and minutes for a
// [2000, 2000] grid; a linear check of either takes a small fraction of a second even on a
// loaded CI core, so one second separates the two with a wide margin.
constexpr double kLinearSeconds = 1.0;

double seconds_to_parse(const std::string& yaml) {
  const auto start = std::chrono::steady_clock::now();
  try {
    parse(yaml);
  } catch (const CaseError&) {
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The fastest of three parses, to see past a loaded machine.
double best_seconds_to_parse(const std::string& yaml) {
  double best = seconds_to_parse(yaml);
  for (int k = 0; k < 2; ++k) best = std::min(best, seconds_to_parse(yaml));
  return best;
}

TEST(Counts, AFiveThousandRackRowIsCheckedInLinearTime) {
  // 5 000 racks at a 0.6 m pitch: a row 3 km long, 30 000 cells at 10 cm.
  const std::string yaml =
      "name: t\ndomain: {size: [3001, 4, 3], resolution: 0.1}\nrun: {end_time: 60}\nhall:\n"
      "  rack_rows: [{name: A, start: [0.5, 1], count: 5000, facing: -y, power: 5 kW, airflow: 0.4}]\n";
  EXPECT_EQ(parse(yaml).hall->racks.size(), 5000u);
  EXPECT_LT(seconds_to_parse(yaml), kLinearSeconds);
  // The last rack of a second, overlapping row is still found.
  expect_error(yaml.substr(0, yaml.size() - 2) +
                   ", {name: B, start: [3000.2, 1.5], count: 1, facing: -y, power: 5 kW, airflow: 0.4}]\n",
               5, "hall.rack_rows[1]", {"rack \"B01\"", "overlaps rack \"A5000\""});
}

TEST(Counts, ATwentyThousandRackRowIsCheckedInLinearTime) {
  // 2e8 pairs for a quadratic check (measured: 3 s), a few hundred thousand
  // neighbour tests for the binned one.
  const std::string yaml = "name: t\ndomain: {size: [12001, 4, 3], resolution: 0.2}\nrun: {end_time: 60}\nhall:\n"
                           "  rack_rows: [{name: A, start: [0.5, 1], count: 20000, facing: -y, power: 5 kW, "
                           "airflow: 0.4}]\n";
  EXPECT_LT(best_seconds_to_parse(yaml), kLinearSeconds);
}

TEST(Counts, ALargeColumnGridIsCheckedInLinearTimeAndAHugeOneRefused) {
  const std::string head = "name: t\ndomain: {size: [600, 600, 3], resolution: 0.1}\nrun: {end_time: 60}\nhall:\n";
  // 150 x 150 = 22 500 columns, each named and placed: 2.5e8 pairs for a quadratic check.
  const std::string grid = head + "  columns: [{start: [0, 0], count: [150, 150], pitch: [4, 4], size: [0.4, 0.4]}]\n";
  EXPECT_EQ(parse(grid).boxes.size(), 22500u);
  EXPECT_LT(seconds_to_parse(grid), kLinearSeconds);
  const std::string huge = head + "  columns: [{start: [0, 0], count: [2000, 2000], pitch: [0.3, 0.3], "
                                  "size: [0.2, 0.2]}]\n";
  expect_error(huge, 5, "hall.columns[0].count", {"4000000", "allowed: at most 100000 boxes", "campaign of smaller halls"});
  EXPECT_LT(seconds_to_parse(huge), kLinearSeconds);
}

TEST(Counts, TileRowsAndRackCountsAreBounded) {
  const std::string head = "name: t\ndomain: {size: [600, 600, 3], resolution: 0.1}\nrun: {end_time: 60}\nhall:\n"
                           "  raised_floor: {height: 0.6}\n";
  expect_error(head + "  tile_rows: [{name: T, start: [0, 0], count: 60000, along: x, size: [0.005, 0.6]},\n"
                      "              {name: U, start: [0, 1], count: 60000, along: x, size: [0.005, 0.6]}]\n",
               7, "hall.tile_rows[1].count", {"120000", "at most 100000 tiles"});
  expect_error(head + "  rack_rows: [{name: A, start: [0, 0], count: 100001, facing: -y, power: 5 kW, airflow: 1}]\n",
               6, "hall.rack_rows[0].count", {"<= 100000"});
}

TEST(Counts, MonitorSamplesAreBounded) {
  // 1e-300 s once looped for ever adding the interval to the next sample time.
  expect_error(kHall.substr(0, kHall.size() - std::string("  racks:\n").size()) + "  monitor_interval: 1e-300 s\n", 8,
               "hall.monitor_interval", {"at most a million history rows", ">= 6e-05 s"});
}

TEST(Counts, ATileRowIsCheckedInLinearTime) {
  const std::string yaml = "name: t\ndomain: {size: [600, 600, 3], resolution: 0.1}\nrun: {end_time: 60}\nhall:\n"
                           "  raised_floor: {height: 0.6}\n"
                           "  tile_rows: [{name: T, start: [0, 0], count: 10000, along: x, size: [0.05, 0.6]},\n"
                           "              {name: U, start: [0, 0.6], count: 10000, along: x, size: [0.05, 0.6]}]\n";
  EXPECT_EQ(parse(yaml).hall->tiles.size(), 20000u);
  EXPECT_LT(seconds_to_parse(yaml), kLinearSeconds);
}

}  // namespace
}  // namespace rackflow
