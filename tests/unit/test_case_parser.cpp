// Case parser: a valid case becomes the expected CaseSpec (units converted), and every bad
// input gives a CaseError that points at the right file, line and key.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "case_parser.hpp"
#include "quantity.hpp"

namespace rackflow {
namespace {

constexpr double kTol = 1e-12;  // unit conversions are a multiply and a divide

// Lines 1-6 of every error case; tests append boxes, patches etc. from line 7 on.
const std::string kHead =
    "name: t\n"             // 1
    "domain:\n"             // 2
    "  size: [6, 4, 3]\n"   // 3
    "  resolution: 0.1\n"   // 4
    "run:\n"                // 5
    "  end_time: 60\n";     // 6

CaseSpec parse(const std::string& yaml) { return parse_case_string(yaml, "room.yaml"); }

// Expects a CaseError located at `line` and `key`, whose message starts with
// "room.yaml:<line>: <key>: " and contains every fragment.
void expect_error(const std::string& yaml, int line, const std::string& key,
                  const std::vector<std::string>& fragments) {
  try {
    parse(yaml);
  } catch (const CaseError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.where().file, "room.yaml") << msg;
    EXPECT_EQ(e.where().line, line) << msg;
    EXPECT_EQ(e.where().key, key) << msg;
    std::string prefix = "room.yaml";
    if (line > 0) prefix += ":" + std::to_string(line);
    if (!key.empty()) prefix += ": " + key;
    EXPECT_EQ(msg.rfind(prefix + ": ", 0), 0u) << "expected prefix \"" << prefix << "\" in: " << msg;
    for (const std::string& f : fragments)
      EXPECT_NE(msg.find(f), std::string::npos) << "missing \"" << f << "\" in: " << msg;
    return;
  }
  ADD_FAILURE() << "no CaseError for:\n" << yaml;
}

// ---------------------------------------------------------------------------------------
// Valid cases

const std::string kFullCase =
    "name: demo-room\n"                          // 1
    "description: \"Two racks and a CRAH\"\n"    // 2
    "domain:\n"                                  // 3
    "  size: [6.0, 4.0, 3 m]\n"                  // 4
    "  resolution: 5 cm\n"                       // 5
    "  periodic: [false, true, false]\n"         // 6
    "fluid:\n"                                   // 7
    "  density: 1.2\n"                           // 8
    "  kinematic_viscosity: 1.5e-5\n"            // 9
    "  specific_heat: 1005 J/(kg K)\n"           // 10
    "  thermal_conductivity: 0.026\n"            // 11
    "  reference_temperature: 20\n"              // 12
    "turbulence:\n"                              // 13
    "  model: smagorinsky\n"                     // 14
    "  smagorinsky_constant: 0.16\n"             // 15
    "  turbulent_prandtl: 0.9\n"                 // 16
    "gravity: [0, 0, -9.81]\n"                   // 17
    "body_acceleration: [0.1, 0, 0]\n"           // 18
    "initial:\n"                                 // 19
    "  temperature: 68 °F\n"                     // 20
    "  velocity: [0.1, 0, 0]\n"                  // 21
    "run:\n"                                     // 22
    "  end_time: 10 min\n"                       // 23
    "  output_interval: 30\n"                    // 24
    "  max_lattice_mach: 0.08\n"                 // 25
    "  max_velocity: 3\n"                        // 26
    "  steady_tolerance: 1e-4\n"                 // 27
    "boxes:\n"                                   // 28
    "  - name: server-a\n"                       // 29
    "    kind: solid\n"                          // 30
    "    min: [1.0, 1.0, 0.0]\n"                 // 31
    "    max: [1.6, 2.0, 2.0]\n"                 // 32
    "    power: 3 kW\n"                          // 33
    "  - name: crah-1\n"                         // 34
    "    kind: solid\n"                          // 35
    "    min: [4.0, 0.5, 0.0]\n"                 // 36
    "    max: [5.0, 3.5, 2.5]\n"                 // 37
    "    temperature: 18\n"                      // 38
    "  - name: pdu\n"                            // 39
    "    kind: heat_source\n"                    // 40
    "    min: [0.2, 0.2, 0.0]\n"                 // 41
    "    max: [0.6, 0.4, 1.0]\n"                 // 42
    "    power: 500\n"                           // 43
    "patches:\n"                                 // 44
    "  - name: supply\n"                         // 45
    "    kind: velocity_inlet\n"                 // 46
    "    face: x_min\n"                          // 47
    "    box: crah-1\n"                          // 48
    "    min: [0.5, 0.0]\n"                      // 49
    "    max: [3.5, 0.5]\n"                      // 50
    "    flow_rate: 1000 CFM\n"                  // 51
    "    temperature: 18\n"                      // 52
    "  - name: vent\n"                           // 53
    "    kind: pressure_outlet\n"                // 54
    "    face: z_max\n"                          // 55
    "    min: [5.5, 0.0]\n"                      // 56
    "    max: [6.0, 4.0]\n"                      // 57
    "    pressure: -5 Pa\n"                      // 58
    "  - name: floor\n"                          // 59
    "    kind: wall\n"                           // 60
    "    face: z_min\n"                          // 61
    "    heat_flux: 10 W/m2\n"                   // 62
    "  - name: back\n"                           // 63
    "    kind: wall\n"                           // 64
    "    face: x_max\n"                          // 65
    "    temperature: 15\n"                      // 66
    "  - name: jet\n"                            // 67
    "    kind: velocity_inlet\n"                 // 68
    "    face: z_min\n"                          // 69
    "    min: [2.0, 1.0]\n"                      // 70
    "    max: [2.6, 1.6]\n"                      // 71
    "    velocity: 2.0\n"                        // 72
    "    temperature: 18\n";                     // 73

TEST(CaseParser, FullCaseRoundTrips) {
  const CaseSpec c = parse(kFullCase);
  EXPECT_EQ(c.name, "demo-room");
  EXPECT_EQ(c.description, "Two racks and a CRAH");
  EXPECT_EQ(c.source_file, "room.yaml");

  EXPECT_EQ(c.domain.size_m, (Vec3d{6, 4, 3}));
  EXPECT_DOUBLE_EQ(c.domain.resolution_m, 0.05);  // "5 cm"
  EXPECT_EQ(c.domain.periodic, (std::array<bool, 3>{false, true, false}));

  EXPECT_DOUBLE_EQ(c.fluid.density_kg_m3, 1.2);
  EXPECT_DOUBLE_EQ(c.fluid.kinematic_viscosity_m2_s, 1.5e-5);
  EXPECT_DOUBLE_EQ(c.fluid.specific_heat_j_kgk, 1005);
  EXPECT_DOUBLE_EQ(c.fluid.thermal_conductivity_w_mk, 0.026);
  EXPECT_DOUBLE_EQ(c.fluid.reference_temperature_c, 20);
  EXPECT_DOUBLE_EQ(c.fluid.thermal_expansion_1_k, 1.0 / 293.15);  // follows the reference

  EXPECT_EQ(c.turbulence.model, TurbulenceModel::Smagorinsky);
  EXPECT_DOUBLE_EQ(c.turbulence.smagorinsky_constant, 0.16);
  EXPECT_DOUBLE_EQ(c.turbulence.turbulent_prandtl, 0.9);
  EXPECT_EQ(c.gravity_m_s2, (Vec3d{0, 0, -9.81}));
  EXPECT_EQ(c.body_acceleration_m_s2, (Vec3d{0.1, 0, 0}));

  EXPECT_DOUBLE_EQ(c.initial.temperature_c, 20);  // "68 °F"
  EXPECT_EQ(c.initial.velocity_m_s, (Vec3d{0.1, 0, 0}));

  EXPECT_DOUBLE_EQ(c.run.end_time_s, 600);  // "10 min"
  EXPECT_DOUBLE_EQ(c.run.output_interval_s, 30);
  EXPECT_DOUBLE_EQ(c.run.max_lattice_mach, 0.08);
  ASSERT_TRUE(c.run.max_velocity_m_s.has_value());
  EXPECT_DOUBLE_EQ(*c.run.max_velocity_m_s, 3);
  EXPECT_DOUBLE_EQ(c.run.steady_tolerance, 1e-4);

  ASSERT_EQ(c.boxes.size(), 3u);
  EXPECT_EQ(c.boxes[0].name, "server-a");
  EXPECT_EQ(c.boxes[0].kind, BoxKind::Solid);
  EXPECT_EQ(c.boxes[0].min_m, (Vec3d{1.0, 1.0, 0.0}));
  EXPECT_EQ(c.boxes[0].max_m, (Vec3d{1.6, 2.0, 2.0}));
  EXPECT_DOUBLE_EQ(c.boxes[0].power_w, 3000);  // "3 kW"
  EXPECT_FALSE(c.boxes[0].temperature_c.has_value());
  ASSERT_TRUE(c.boxes[1].temperature_c.has_value());
  EXPECT_DOUBLE_EQ(*c.boxes[1].temperature_c, 18);
  EXPECT_DOUBLE_EQ(c.boxes[1].power_w, 0);
  EXPECT_EQ(c.boxes[2].kind, BoxKind::HeatSource);
  EXPECT_DOUBLE_EQ(c.boxes[2].power_w, 500);

  ASSERT_EQ(c.patches.size(), 5u);
  const PatchSpec& supply = c.patches[0];
  EXPECT_EQ(supply.kind, PatchKind::VelocityInlet);
  EXPECT_EQ(supply.face, Face::XMin);
  EXPECT_EQ(supply.box, "crah-1");
  ASSERT_TRUE(supply.rect_min_m && supply.rect_max_m);
  EXPECT_EQ(*supply.rect_min_m, (std::array<double, 2>{0.5, 0.0}));
  EXPECT_EQ(*supply.rect_max_m, (std::array<double, 2>{3.5, 0.5}));
  // 1000 CFM = 1000 * 0.3048^3 / 60 m3/s over 3.0 m x 0.5 m.
  EXPECT_NEAR(supply.velocity_m_s, 1000 * 0.028316846592 / 60 / 1.5, kTol);
  EXPECT_DOUBLE_EQ(supply.temperature_c, 18);

  EXPECT_EQ(c.patches[1].kind, PatchKind::PressureOutlet);
  EXPECT_EQ(c.patches[1].face, Face::ZMax);
  EXPECT_DOUBLE_EQ(c.patches[1].pressure_pa, -5);

  EXPECT_EQ(c.patches[2].kind, PatchKind::Wall);
  EXPECT_FALSE(c.patches[2].rect_min_m.has_value());
  EXPECT_FALSE(c.patches[2].has_temperature);
  EXPECT_DOUBLE_EQ(c.patches[2].heat_flux_w_m2, 10);
  EXPECT_TRUE(c.patches[3].has_temperature);
  EXPECT_DOUBLE_EQ(c.patches[3].temperature_c, 15);
  EXPECT_DOUBLE_EQ(c.patches[4].velocity_m_s, 2.0);
  EXPECT_TRUE(c.patches[4].box.empty());
}

// The solver reports lattice-dependent problems through these references.
TEST(CaseParser, SourceReferencesPointAtTheKeys) {
  const CaseSpec c = parse(kFullCase);
  EXPECT_EQ(c.domain.where_size.str(), "room.yaml:4: domain.size");
  EXPECT_EQ(c.domain.where_resolution.str(), "room.yaml:5: domain.resolution");
  EXPECT_EQ(c.domain.where_periodic.str(), "room.yaml:6: domain.periodic");
  EXPECT_EQ(c.run.where_end_time.str(), "room.yaml:23: run.end_time");
  EXPECT_EQ(c.run.where_mach.str(), "room.yaml:25: run.max_lattice_mach");
  EXPECT_EQ(c.run.where_max_velocity.str(), "room.yaml:26: run.max_velocity");
  EXPECT_EQ(c.boxes[1].where.str(), "room.yaml:34: boxes[1]");
  EXPECT_EQ(c.patches[3].where.str(), "room.yaml:63: patches[3]");
}

TEST(CaseParser, DefaultsFillOptionalKeys) {
  const CaseSpec c = parse(kHead);
  const FluidSpec air;
  EXPECT_DOUBLE_EQ(c.fluid.density_kg_m3, air.density_kg_m3);
  EXPECT_DOUBLE_EQ(c.fluid.thermal_expansion_1_k, air.thermal_expansion_1_k);
  EXPECT_EQ(c.turbulence.model, TurbulenceModel::Smagorinsky);
  EXPECT_EQ(c.gravity_m_s2, (Vec3d{0, 0, -9.81}));
  EXPECT_EQ(c.domain.periodic, (std::array<bool, 3>{false, false, false}));
  EXPECT_DOUBLE_EQ(c.initial.temperature_c, air.reference_temperature_c);
  EXPECT_DOUBLE_EQ(c.run.output_interval_s, 0);
  EXPECT_DOUBLE_EQ(c.run.max_lattice_mach, 0.1);
  EXPECT_FALSE(c.run.max_velocity_m_s.has_value());
  EXPECT_TRUE(c.boxes.empty());
  EXPECT_TRUE(c.patches.empty());
  // Absent keys still point into their section, so the solver can say where to add them.
  EXPECT_EQ(c.run.where_max_velocity.str(), "room.yaml:5: run.max_velocity");
  EXPECT_EQ(c.domain.where_periodic.str(), "room.yaml:2: domain.periodic");
}

TEST(CaseParser, InitialTemperatureFollowsReference) {
  const CaseSpec c = parse(kHead + "fluid:\n  reference_temperature: 300 K\n");
  EXPECT_NEAR(c.initial.temperature_c, 26.85, kTol);
  EXPECT_NEAR(c.fluid.thermal_expansion_1_k, 1.0 / 300.0, kTol);
}

TEST(CaseParser, EmptySectionsAreAllowed) {
  const CaseSpec c = parse(kHead + "fluid:\nboxes:\npatches: []\n");
  EXPECT_DOUBLE_EQ(c.fluid.density_kg_m3, FluidSpec{}.density_kg_m3);
  EXPECT_TRUE(c.boxes.empty());
}

TEST(CaseParser, FlowRateSpreadsOverTheWholeFace) {
  const CaseSpec c = parse(kHead + "patches:\n  - name: floor\n    kind: velocity_inlet\n    face: z_min\n"
                                   "    flow_rate: 2.4 m3/s\n    temperature: 18\n");
  EXPECT_NEAR(c.patches[0].velocity_m_s, 2.4 / (6 * 4), kTol);
}

// A box flush with a wall, written in other units than the domain, must not fail on a
// rounding bit, and must not stick out of the domain afterwards.
TEST(CaseParser, BoxFlushWithDomainInOtherUnits) {
  // 18 ft is 5.486400000000001 m in binary, one bit above 5.4864.
  const CaseSpec c = parse("name: t\ndomain:\n  size: [5.4864, 4, 3]\n  resolution: 0.1\nrun:\n  end_time: 60\n"
                           "boxes:\n  - name: wall-rack\n    kind: solid\n    min: [17 ft, 0, 0]\n"
                           "    max: [18 ft, 24 in, 2]\n");
  EXPECT_EQ(c.boxes[0].max_m[0], c.domain.size_m[0]);  // clamped onto the wall
}

TEST(CaseParser, ReadsFromFile) {
  const std::string path = ::testing::TempDir() + "rackflow_case_parser_test.yaml";
  {
    std::ofstream out(path);
    out << kHead;
  }
  const CaseSpec c = parse_case_file(path);
  EXPECT_EQ(c.source_file, path);
  EXPECT_EQ(c.run.where_end_time.str(), path + ":6: run.end_time");
  std::remove(path.c_str());
}

TEST(CaseParser, MissingFileNamesThePath) {
  try {
    parse_case_file("/nonexistent/room.yaml");
    ADD_FAILURE() << "no CaseError";
  } catch (const CaseError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/room.yaml: ", 0), 0u) << e.what();
  }
}

// ---------------------------------------------------------------------------------------
// Errors: every one names file:line, the key, the value and what is allowed

TEST(CaseParserErrors, NegativeResolution) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: -5 cm\nrun:\n  end_time: 60\n", 4,
               "domain.resolution",
               {"value -5 cm (= -0.05 m) is out of range",
                "(allowed: > 0 m and <= 3 m, the smallest domain extent)"});
}

TEST(CaseParserErrors, ZeroResolution) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0\nrun:\n  end_time: 60\n", 4,
               "domain.resolution", {"value 0 m is out of range", "allowed: > 0 m"});
}

TEST(CaseParserErrors, ResolutionLargerThanDomain) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 4\nrun:\n  end_time: 60\n", 4,
               "domain.resolution", {"value 4 m", "<= 3 m, the smallest domain extent"});
}

TEST(CaseParserErrors, NonPositiveDomainSize) {
  expect_error("name: t\ndomain:\n  size: [6,\n    0, 3]\n  resolution: 0.1\nrun:\n  end_time: 60\n", 4,
               "domain.size[1]", {"value 0 m is out of range", "allowed: > 0 m"});
}

TEST(CaseParserErrors, BoxOutsideDomain) {
  expect_error(kHead +
                   "boxes:\n"                  // 7
                   "  - name: rack\n"          // 8
                   "    kind: solid\n"         // 9
                   "    min: [5, 1, 0]\n"      // 10
                   "    max: [7.5, 2, 2]\n",   // 11
               11, "boxes[0].max[0]",
               {"value 7.5 m is outside the domain", "(allowed: >= 0 m and <= 6 m, the domain extent in x)"});
}

TEST(CaseParserErrors, BoxMinNotBelowMax) {
  expect_error(kHead +
                   "boxes:\n"
                   "  - name: rack\n"
                   "    kind: solid\n"
                   "    min: [1, 2, 0]\n"
                   "    max: [2, 1, 2]\n",  // 11
               11, "boxes[0].max[1]", {"value 1 m is out of range", "allowed: > 2 m, above this box's min y"});
}

TEST(CaseParserErrors, MissingEndTime) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\nrun:\n  output_interval: 10\n", 5,
               "run.end_time", {"required key is missing (allowed: > 0 s)"});
}

// Averaging must start inside the run: a start past the end would average nothing.
TEST(CaseParserErrors, AverageFromOutsideTheRun) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\nrun:\n  end_time: 60\n  average_from: 90 s\n",
               7, "run.average_from", {"90 s", "< 60 s, run.end_time"});
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\nrun:\n  end_time: 60\n  average_from: -1\n",
               7, "run.average_from", {">= 0 s"});
}

TEST(CaseParserErrors, MissingRunSection) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\n", 1, "run",
               {"required key is missing (allowed: a section with end_time)"});
}

TEST(CaseParserErrors, UnknownKeySuggestsTheIntendedOne) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolutoin: 0.1\nrun:\n  end_time: 60\n", 4,
               "domain.resolutoin",
               {"unknown key", "did you mean \"resolution\"?", "(allowed: size, resolution, periodic)"});
}

TEST(CaseParserErrors, UnknownTopLevelKey) {
  expect_error(kHead + "gravityy: [0, 0, -9.81]\n", 7, "gravityy",
               {"unknown key", "did you mean \"gravity\"?", "allowed: name, description, domain"});
}

TEST(CaseParserErrors, DuplicateKey) {
  expect_error(kHead + "  end_time: 120\n", 7, "run.end_time",
               {"duplicate key (first given on line 6"});
}

TEST(CaseParserErrors, DuplicateKeyInListEntry) {
  expect_error(kHead +
                   "boxes:\n"
                   "  - name: rack\n"
                   "    kind: solid\n"
                   "    name: rack2\n",  // 10
               10, "boxes[0].name", {"duplicate key (first given on line 8"});
}

TEST(CaseParserErrors, WrongUnitDimension) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 3 kW\nrun:\n  end_time: 60\n", 4,
               "domain.resolution",
               {"unit \"kW\" in \"3 kW\" is a unit of power, not of length", "(allowed: m, cm, mm, ft, in)"});
}

TEST(CaseParserErrors, UnknownUnit) {
  expect_error(kHead + "initial:\n  temperature: 20 Celsius\n", 8, "initial.temperature",
               {"unknown unit \"Celsius\"", "allowed units of temperature: °C, C, degC, °F, F, degF, K"});
}

TEST(CaseParserErrors, UnitOnDimensionlessKey) {
  expect_error(kHead + "  max_lattice_mach: 0.1 m/s\n", 7, "run.max_lattice_mach",
               {"has a unit, but this value is a plain number"});
}

TEST(CaseParserErrors, ListWhereNumberExpected) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: [0.1, 0.2]\nrun:\n  end_time: 60\n", 4,
               "domain.resolution", {"expected a number in m or \"<number> <unit>\" (length), got a list"});
}

TEST(CaseParserErrors, WrongVectorLength) {
  expect_error("name: t\ndomain:\n  size: [6, 4]\n  resolution: 0.1\nrun:\n  end_time: 60\n", 3,
               "domain.size", {"expected 3 length values [x, y, z], got 2 values"});
}

TEST(CaseParserErrors, NotANumber) {
  expect_error(kHead + "gravity: [0, 0, down]\n", 7, "gravity[2]", {"\"down\" is not a number", "m/s2"});
}

TEST(CaseParserErrors, EmptyValue) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution:\nrun:\n  end_time: 60\n", 4,
               "domain.resolution", {"expected a number in m", "got nothing"});
}

TEST(CaseParserErrors, SyntaxError) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1: 2\nrun:\n  end_time: 60\n", 4, "",
               {"YAML syntax error: illegal map value"});
}

TEST(CaseParserErrors, SecondDocument) {
  expect_error(kHead + "---\nname: u\n", 8, "", {"a second YAML document", "one case per file"});
}

TEST(CaseParserErrors, EmptyFile) {
  expect_error("# nothing here\n", 1, "", {"holds no case", "name, domain, run"});
  expect_error("", 1, "", {"holds no case", "name, domain, run"});
}

TEST(CaseParserErrors, BadName) {
  expect_error("name: my room\n" + kHead.substr(kHead.find('\n') + 1), 1, "name",
               {"value \"my room\" is not a valid name", "A-Z a-z 0-9 _ . -"});
}

TEST(CaseParserErrors, BadBoolean) {
  expect_error(kHead.substr(0, kHead.find("run:")) + "  periodic: [yes, no, no]\nrun:\n  end_time: 60\n", 5,
               "domain.periodic[0]", {"value \"yes\" is not a boolean (allowed: true, false)"});
}

TEST(CaseParserErrors, MachAboveLimit) {
  expect_error(kHead + "  max_lattice_mach: 0.5\n", 7, "run.max_lattice_mach",
               {"value 0.5 is out of range", "(allowed: > 0 and <= 0.3, the weakly compressible limit)"});
}

TEST(CaseParserErrors, NegativeEndTime) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\nrun:\n  end_time: -1 min\n", 6,
               "run.end_time", {"value -1 min (= -60 s) is out of range", "allowed: > 0 s"});
}

TEST(CaseParserErrors, UnknownPrecision) {
  expect_error(kHead + "  precision: fp64\n", 7, "run.precision",
               {"value \"fp64\" is not allowed (allowed: fp32, fp16)"});
}

TEST(CaseParser, PrecisionDefaultsToFp32AndReadsFp16) {
  EXPECT_EQ(parse_case_string(kHead, "p.yaml").run.precision, Precision::Fp32);
  EXPECT_EQ(parse_case_string(kHead + "  precision: fp16\n", "p.yaml").run.precision, Precision::Fp16);
}

TEST(CaseParserErrors, SmagorinskyConstantRange) {
  expect_error(kHead + "turbulence:\n  smagorinsky_constant: 0.6\n", 8, "turbulence.smagorinsky_constant",
               {"value 0.6", "allowed: >= 0 and <= 0.5"});
}

TEST(CaseParserErrors, UnknownTurbulenceModel) {
  expect_error(kHead + "turbulence:\n  model: k-epsilon\n", 8, "turbulence.model",
               {"value \"k-epsilon\" is not allowed (allowed: smagorinsky, none)"});
}

TEST(CaseParserErrors, NonPositiveFluidProperty) {
  expect_error(kHead + "fluid:\n  density: 0\n", 8, "fluid.density",
               {"value 0 kg/m3 is out of range", "allowed: >= 0.01 kg/m3"});
}

TEST(CaseParserErrors, TemperatureBelowAbsoluteZero) {
  expect_error(kHead + "initial:\n  temperature: -5 K\n", 8, "initial.temperature",
               {"value -5 K (= -278.15 °C)", "allowed: > -273.15 °C, above absolute zero"});
}

const std::string kRack =
    "boxes:\n"                 // 7
    "  - name: rack\n"         // 8
    "    kind: solid\n"        // 9
    "    min: [1, 1, 0]\n"     // 10
    "    max: [2, 2, 2]\n";    // 11

TEST(CaseParserErrors, NegativePower) {
  expect_error(kHead + kRack + "    power: -3 kW\n", 12, "boxes[0].power",
               {"value -3 kW (= -3000 W) is out of range", "allowed: >= 0 W"});
}

TEST(CaseParserErrors, SolidWithTemperatureAndPower) {
  expect_error(kHead + kRack + "    power: 3 kW\n    temperature: 40\n", 13, "boxes[0].temperature",
               {"not both; power is given on line 12"});
}

TEST(CaseParserErrors, HeatSourceWithTemperature) {
  expect_error(kHead +
                   "boxes:\n  - name: h\n    kind: heat_source\n    min: [1, 1, 0]\n    max: [2, 2, 2]\n"
                   "    temperature: 40\n",  // 12
               12, "boxes[0].temperature", {"not allowed for a heat_source box"});
}

TEST(CaseParserErrors, DuplicateName) {
  expect_error(kHead + kRack +
                   "patches:\n"             // 12
                   "  - name: rack\n",      // 13
               13, "patches[0].name",
               {"name \"rack\" is already used by boxes[0] on line 8", "unique among boxes and patches"});
}

TEST(CaseParserErrors, PatchOnPeriodicFace) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\n  periodic: [true, false, false]\n"
               "run:\n  end_time: 60\n"
               "patches:\n"                 // 8
               "  - name: in\n"             // 9
               "    kind: wall\n"           // 10
               "    face: x_max\n",         // 11
               11, "patches[0].face",
               {"value x_max is a periodic face (domain.periodic[0] is true",
                "allowed: y_min, y_max, z_min, z_max)"});
}

TEST(CaseParserErrors, PatchNamesUnknownBox) {
  expect_error(kHead + kRack +
                   "patches:\n"                     // 12
                   "  - name: exhaust\n"            // 13
                   "    kind: pressure_outlet\n"    // 14
                   "    face: x_max\n"              // 15
                   "    box: crah-9\n",             // 16
               16, "patches[0].box", {"value \"crah-9\" names no box", "(allowed: solid boxes rack)"});
}

TEST(CaseParserErrors, PatchOnHeatSourceBox) {
  expect_error(kHead +
                   "boxes:\n  - name: h\n    kind: heat_source\n    min: [1, 1, 0]\n    max: [2, 2, 2]\n"
                   "patches:\n  - name: p\n    kind: wall\n    face: x_max\n    box: h\n",  // 16
               16, "patches[0].box", {"box \"h\" is a heat_source", "none: this case has no solid box"});
}

TEST(CaseParserErrors, FlowRateAndVelocityBothGiven) {
  expect_error(kHead +
                   "patches:\n"                     // 7
                   "  - name: supply\n"             // 8
                   "    kind: velocity_inlet\n"     // 9
                   "    face: z_min\n"              // 10
                   "    velocity: 2\n"              // 11
                   "    flow_rate: 0.5 m3/s\n"      // 12
                   "    temperature: 18\n",         // 13
               12, "patches[0].flow_rate",
               {"takes velocity or flow_rate, not both; velocity is given on line 11",
                "allowed: exactly one of them"});
}

TEST(CaseParserErrors, InletWithoutSpeed) {
  expect_error(kHead + "patches:\n  - name: supply\n    kind: velocity_inlet\n    face: z_min\n"
                       "    temperature: 18\n",
               8, "patches[0].velocity", {"required key is missing", "velocity [m/s] or flow_rate [m3/s]"});
}

TEST(CaseParserErrors, InletWithoutTemperature) {
  expect_error(kHead + "patches:\n  - name: supply\n    kind: velocity_inlet\n    face: z_min\n"
                       "    velocity: 1\n",
               8, "patches[0].temperature",
               {"required key is missing (allowed: > -273.15 °C, above absolute zero)"});
}

TEST(CaseParserErrors, InletFasterThanMaxVelocity) {
  expect_error(kHead + "  max_velocity: 1\n" +
                   "patches:\n"                    // 8
                   "  - name: supply\n"            // 9
                   "    kind: velocity_inlet\n"    // 10
                   "    face: z_min\n"             // 11
                   "    min: [0, 0]\n"             // 12
                   "    max: [1, 1]\n"             // 13
                   "    flow_rate: 6000 m3/h\n"    // 14
                   "    temperature: 18\n",
               14, "patches[0].flow_rate",
               {"6000 m3/h (= 1.666666667 m3/s) over 1 m2 = 1.666666667 m/s is faster than run.max_velocity",
                "allowed: <= 1 m/s, run.max_velocity"});
}

TEST(CaseParserErrors, KeyOfAnotherPatchKind) {
  expect_error(kHead + "patches:\n  - name: supply\n    kind: velocity_inlet\n    face: z_min\n"
                       "    velocity: 1\n    temperature: 18\n    pressure: 5\n",  // 13
               13, "patches[0].pressure",
               {"not allowed for a velocity_inlet patch",
                "allowed for velocity_inlet: name, kind, face, box, min, max, velocity, flow_rate, temperature"});
}

TEST(CaseParserErrors, WallWithTemperatureAndHeatFlux) {
  expect_error(kHead + "patches:\n  - name: w\n    kind: wall\n    face: z_min\n"
                       "    temperature: 20\n    heat_flux: 5\n",  // 12
               12, "patches[0].heat_flux", {"not both; temperature is given on line 11"});
}

TEST(CaseParserErrors, PatchRectOutsideDomainFace) {
  expect_error(kHead + "patches:\n  - name: w\n    kind: wall\n    face: x_min\n"
                       "    min: [1, 0]\n    max: [5, 1]\n",  // 12
               12, "patches[0].max[0]",
               {"value 5 m is outside the x_min face of the domain",
                "(allowed: >= 0 m and <= 4 m, the y extent of the x_min face of the domain)"});
}

TEST(CaseParserErrors, PatchRectOutsideBoxFace) {
  expect_error(kHead + kRack +
                   "patches:\n  - name: w\n    kind: wall\n    face: z_max\n    box: rack\n"
                   "    min: [0.5, 1]\n    max: [1.5, 2]\n",  // min: line 17
               17, "patches[0].min[0]",
               {"value 0.5 m is outside the z_max face of box rack", "allowed: >= 1 m and <= 2 m"});
}

TEST(CaseParserErrors, PatchRectNeedsBothCorners) {
  expect_error(kHead + "patches:\n  - name: w\n    kind: wall\n    face: x_min\n    min: [1, 0]\n",  // 11
               11, "patches[0].min", {"min and max come as a pair"});
}

TEST(CaseParserErrors, UnknownFace) {
  expect_error(kHead + "patches:\n  - name: w\n    kind: wall\n    face: top\n",  // 10
               10, "patches[0].face",
               {"value \"top\" is not allowed (allowed: x_min, x_max, y_min, y_max, z_min, z_max)"});
}

TEST(CaseParserErrors, BoxEntryNotAMapping) {
  expect_error(kHead + "boxes:\n  - rack\n", 8, "boxes[0]", {"expected a mapping with keys name, kind"});
}

// ---------------------------------------------------------------------------------------
// Quantity strings

TEST(Quantity, ConvertsToSI) {
  EXPECT_DOUBLE_EQ(parse_quantity("5 cm", Dimension::Length).value, 0.05);
  EXPECT_DOUBLE_EQ(parse_quantity("250mm", Dimension::Length).value, 0.25);
  EXPECT_NEAR(parse_quantity("20 ft", Dimension::Length).value, 6.096, kTol);
  EXPECT_NEAR(parse_quantity("24 in", Dimension::Length).value, 0.6096, kTol);
  EXPECT_DOUBLE_EQ(parse_quantity("68 °F", Dimension::Temperature).value, 20);
  EXPECT_DOUBLE_EQ(parse_quantity("-40 F", Dimension::Temperature).value, -40);
  EXPECT_NEAR(parse_quantity("293.15 K", Dimension::Temperature).value, 20, kTol);
  EXPECT_DOUBLE_EQ(parse_quantity("22 degC", Dimension::Temperature).value, 22);
  EXPECT_DOUBLE_EQ(parse_quantity("1.5 MW", Dimension::Power).value, 1.5e6);
  EXPECT_NEAR(parse_quantity("1000 CFM", Dimension::VolumeFlow).value, 0.4719474432, kTol);
  EXPECT_NEAR(parse_quantity("3600 m³/h", Dimension::VolumeFlow).value, 1, kTol);
  EXPECT_DOUBLE_EQ(parse_quantity("250 L/s", Dimension::VolumeFlow).value, 0.25);
  EXPECT_NEAR(parse_quantity("500 fpm", Dimension::Velocity).value, 2.54, kTol);
  EXPECT_DOUBLE_EQ(parse_quantity("2 h", Dimension::Time).value, 7200);
  EXPECT_DOUBLE_EQ(parse_quantity("1.2 kPa", Dimension::Pressure).value, 1200);
  EXPECT_DOUBLE_EQ(parse_quantity("40 W/m²", Dimension::HeatFlux).value, 40);
  EXPECT_DOUBLE_EQ(parse_quantity("+1e-3", Dimension::Dimensionless).value, 1e-3);
}

TEST(Quantity, ShowsWhatWasWrittenAndItsSIValue) {
  EXPECT_EQ(parse_quantity("5 cm", Dimension::Length).shown, "5 cm (= 0.05 m)");
  EXPECT_EQ(parse_quantity("0.05", Dimension::Length).shown, "0.05 m");
  EXPECT_EQ(parse_quantity("0.05 m", Dimension::Length).shown, "0.05 m");
  EXPECT_EQ(parse_quantity("0.25", Dimension::Dimensionless).shown, "0.25");
}

TEST(Quantity, RejectsBadText) {
  EXPECT_THROW(parse_quantity("", Dimension::Length), std::invalid_argument);
  EXPECT_THROW(parse_quantity("fast", Dimension::Velocity), std::invalid_argument);
  EXPECT_THROW(parse_quantity("inf", Dimension::Length), std::invalid_argument);
  EXPECT_THROW(parse_quantity("nan m", Dimension::Length), std::invalid_argument);
  EXPECT_THROW(parse_quantity("5 KW", Dimension::Power), std::invalid_argument);  // units are case-sensitive
  EXPECT_THROW(parse_quantity("5 min", Dimension::Length), std::invalid_argument);
}

}  // namespace
}  // namespace rackflow
