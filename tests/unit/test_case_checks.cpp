// Refusals that depend on the lattice the solver chooses (docs/case-format.md, "What is
// checked where"): each goes through the public API (parse_case_string, then the
// Simulation constructor) and must name the file, line and key of the offending entry,
// the offending value and what would be allowed, before any field is allocated.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <vector>

#include "case_parser.hpp"
#include "simulation.hpp"

namespace rackflow::solver {
namespace {

const char* const kFile = "bad.yaml";

// The memory check must refuse from the grid size alone; anything that allocates or
// voxelises 8e15 cells takes far longer than this (or dies).
constexpr double kInstantSeconds = 1.0;

// Parses `yaml`, constructs a CPU Simulation and expects a CaseError at `line` and `key`,
// whose message starts with "bad.yaml:<line>: <key>: ", contains every fragment and says
// what is allowed.
void expect_refused(const std::string& yaml, int line, const std::string& key,
                    const std::vector<std::string>& fragments) {
  const CaseSpec spec = parse_case_string(yaml, kFile);  // valid as far as the parser goes
  try {
    Simulation sim(spec, Backend::Cpu);
  } catch (const CaseError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.where().file, kFile) << msg;
    EXPECT_EQ(e.where().line, line) << msg;
    EXPECT_EQ(e.where().key, key) << msg;
    const std::string prefix = std::string(kFile) + ":" + std::to_string(line) + ": " + key + ": ";
    EXPECT_EQ(msg.rfind(prefix, 0), 0u) << "expected prefix \"" << prefix << "\" in: " << msg;
    for (const std::string& f : fragments)
      EXPECT_NE(msg.find(f), std::string::npos) << "missing \"" << f << "\" in: " << msg;
    // docs/case-format.md, "Errors": every message ends in what would be accepted.
    std::string lower = msg;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    EXPECT_NE(lower.find("allowed:"), std::string::npos)
        << "message does not say what is allowed (docs/case-format.md: \"<file>:<line>: <key>: <what is "
           "wrong> (allowed: <what would be accepted>)\"): " << msg;
    return;
  }
  ADD_FAILURE() << "no CaseError for:\n" << yaml;
}

// A 2 x 1 x 1 m room at 10 cm; tests add boxes and patches from line 9 on.
std::string room(const std::string& size = "[2.0, 1.0, 1.0]", const std::string& resolution = "0.1") {
  return "name: checks\n"                      // 1
         "domain:\n"                           // 2
         "  size: " + size + "\n"              // 3
         "  resolution: " + resolution + "\n"  // 4
         "run:\n"                              // 5
         "  end_time: 10\n"                    // 6
         "  max_velocity: 1.0\n"               // 7
         "gravity: [0, 0, -9.81]\n";           // 8
}

TEST(CaseChecks, ValidRoomIsAccepted) {
  // The baseline the refusals below modify: it must construct.
  const std::string yaml = room() +
                           "boxes:\n"                          // 9
                           "  - name: rack\n"                  // 10
                           "    kind: solid\n"                 // 11
                           "    min: [0.5, 0.3, 0.0]\n"        // 12
                           "    max: [1.0, 0.7, 0.8]\n"        // 13
                           "patches:\n"                        // 14
                           "  - name: supply\n"                // 15
                           "    kind: velocity_inlet\n"        // 16
                           "    face: x_min\n"                 // 17
                           "    velocity: 0.5\n"               // 18
                           "    temperature: 18\n"             // 19
                           "  - name: exhaust\n"               // 20
                           "    kind: pressure_outlet\n"       // 21
                           "    face: x_max\n"                 // 22
                           "    box: rack\n";                  // 23
  const CaseSpec spec = parse_case_string(yaml, kFile);
  EXPECT_NO_THROW(Simulation(spec, Backend::Cpu));
}

TEST(CaseChecks, LaminarRelaxationTimeTooClose) {
  // Air at 5 cm and 2 m/s: dt = 0.1 cs dx / u = 1.44e-3 s, nu_lu = 9.0e-6, tau = 0.500027.
  const std::string yaml =
      "name: laminar\n"                 // 1
      "domain:\n"                       // 2
      "  size: [2.0, 1.0, 1.0]\n"       // 3
      "  resolution: 5 cm\n"            // 4
      "turbulence:\n"                   // 5
      "  model: none\n"                 // 6
      "run:\n"                          // 7
      "  end_time: 10\n"                // 8
      "  max_velocity: 2.0\n";          // 9
  expect_refused(yaml, 9, "run.max_velocity",
                 {"relaxation time", "tau = 0.500027", "0.51", "tau >= 0.51", "smagorinsky"});
}

TEST(CaseChecks, LaminarRefusalPointsAtRunSectionWithoutMaxVelocity) {
  // No run.max_velocity: the inlet sets the speed, and the message points at the section.
  const std::string yaml =
      "name: laminar\n"                 // 1
      "domain:\n"                       // 2
      "  size: [2.0, 1.0, 1.0]\n"       // 3
      "  resolution: 5 cm\n"            // 4
      "turbulence:\n"                   // 5
      "  model: none\n"                 // 6
      "run:\n"                          // 7
      "  end_time: 10\n"                // 8
      "patches:\n"                      // 9
      "  - name: supply\n"              // 10
      "    kind: velocity_inlet\n"      // 11
      "    face: x_min\n"               // 12
      "    velocity: 2.0\n"             // 13
      "    temperature: 18\n";          // 14
  expect_refused(yaml, 7, "run.max_velocity", {"relaxation time", "0.51"});
}

TEST(CaseChecks, SlowLaminarCaseIsAccepted) {
  // The same room laminar at 1 mm/s and 1 cm cells: tau = 0.5 + 3 nu dt/dx^2 = 0.52.
  const std::string yaml =
      "name: laminar\n"
      "domain:\n"
      "  size: [0.2, 0.1, 0.1]\n"
      "  resolution: 1 cm\n"
      "turbulence:\n"
      "  model: none\n"
      "run:\n"
      "  end_time: 10\n"
      "  max_velocity: 0.001\n";
  const CaseSpec spec = parse_case_string(yaml, kFile);
  Simulation sim(spec, Backend::Cpu);
  EXPECT_GE(sim.lattice().flow.tau0, kMinLaminarTau);
}

TEST(CaseChecks, GridTooLargeForMemoryRefusedBeforeAllocating) {
  // A 100 m x 100 m x 5 m hall at 1 cm: 5e10 cells, within the parser's grid bound
  // (2^36 cells) but terabytes, beyond any host.
  const std::string yaml = room("[100, 100, 5]", "1 cm");
  const auto start = std::chrono::steady_clock::now();
  expect_refused(yaml, 4, "domain.resolution",
                 {"10000 x 10000 x 500", "GiB", "host memory"});
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(elapsed, kInstantSeconds);
  // The estimate itself, without constructing anything.
  const MemoryCheck m = check_memory(parse_case_string(yaml, kFile), Backend::Cpu);
  EXPECT_FALSE(m.fits());
  EXPECT_GT(m.needed_bytes, 5e10 * 19 * 4);  // at least one float population array
}

// Issue 11: a side that is not a whole number of cells rounds to the nearest, and the
// wall's move (here 2.05 m -> 2.1 m, half a cell) is a warning, not a refusal.
TEST(CaseChecks, DomainSizeNotAMultipleOfResolutionIsRoundedWithAWarning) {
  const Simulation sim(parse_case_string(room("[2.05, 1.0, 1.0]"), kFile), Backend::Cpu);
  EXPECT_EQ(sim.scene().grid.global[0], 21);
  ASSERT_EQ(sim.scene().warnings.size(), 1u);
  EXPECT_NE(sim.scene().warnings[0].find("at 2.1 m, out by 0.05 m"), std::string::npos) << sim.scene().warnings[0];
}

TEST(CaseChecks, VelocityInletOnDomainFaceCoveredBySolid) {
  // A CRAH body fills the whole x_min wall, and the supply patch sits on that wall.
  const std::string yaml = room() +
                           "boxes:\n"                          // 9
                           "  - name: crah\n"                  // 10
                           "    kind: solid\n"                 // 11
                           "    min: [0.0, 0.0, 0.0]\n"        // 12
                           "    max: [0.4, 1.0, 1.0]\n"        // 13
                           "patches:\n"                        // 14
                           "  - name: supply\n"                // 15
                           "    kind: velocity_inlet\n"        // 16
                           "    face: x_min\n"                 // 17
                           "    min: [0.2, 0.2]\n"             // 18
                           "    max: [0.6, 0.5]\n"             // 19
                           "    velocity: 0.5\n"               // 20
                           "    temperature: 18\n";            // 21
  expect_refused(yaml, 15, "patches[0]",
                 {"'supply'", "x_min", "covered by a solid box", "cell (0, 2, 2)"});
}

TEST(CaseChecks, PatchOnBoxFaceAgainstDomainBoundary) {
  // The rack stands against the x_min wall; its x_min face has no fluid in front of it.
  const std::string yaml = room() +
                           "boxes:\n"                          // 9
                           "  - name: rack\n"                  // 10
                           "    kind: solid\n"                 // 11
                           "    min: [0.0, 0.3, 0.0]\n"        // 12
                           "    max: [0.6, 0.7, 0.8]\n"        // 13
                           "patches:\n"                        // 14
                           "  - name: intake\n"                // 15
                           "    kind: pressure_outlet\n"       // 16
                           "    face: x_min\n"                 // 17
                           "    box: rack\n";                  // 18
  expect_refused(yaml, 15, "patches[0]",
                 {"'intake'", "x_min face of box 'rack'", "not open to the fluid", "domain boundary"});
}

TEST(CaseChecks, PatchOnBoxFaceAgainstAnotherSolid) {
  // Two racks back to back: the exhaust of the first blows into the second.
  const std::string yaml = room() +
                           "boxes:\n"                          // 9
                           "  - name: rack-a\n"                // 10
                           "    kind: solid\n"                 // 11
                           "    min: [0.4, 0.3, 0.0]\n"        // 12
                           "    max: [0.8, 0.7, 0.8]\n"        // 13
                           "  - name: rack-b\n"                // 14
                           "    kind: solid\n"                 // 15
                           "    min: [0.8, 0.3, 0.0]\n"        // 16
                           "    max: [1.2, 0.7, 0.8]\n"        // 17
                           "patches:\n"                        // 18
                           "  - name: exhaust\n"               // 19
                           "    kind: pressure_outlet\n"       // 20
                           "    face: x_max\n"                 // 21
                           "    box: rack-a\n";                // 22
  expect_refused(yaml, 19, "patches[0]",
                 {"'exhaust'", "x_max face of box 'rack-a'", "not open to the fluid"});
}

TEST(CaseChecks, BoxThinnerThanACell) {
  // A 4 cm plate at 10 cm resolution covers no cell centre in z.
  const std::string yaml = room() +
                           "boxes:\n"                          // 9
                           "  - name: plate\n"                 // 10
                           "    kind: solid\n"                 // 11
                           "    min: [0.5, 0.3, 0.50]\n"       // 12
                           "    max: [1.0, 0.7, 0.54]\n";      // 13
  expect_refused(yaml, 10, "boxes[0]", {"'plate'", "thinner than one cell", "along z", "0.1 m"});
}

TEST(CaseChecks, PatchCoveringNoCell) {
  // A 3 cm high slot on the x_min wall at 10 cm resolution.
  const std::string yaml = room() +
                           "patches:\n"                        // 9
                           "  - name: slot\n"                  // 10
                           "    kind: velocity_inlet\n"        // 11
                           "    face: x_min\n"                 // 12
                           "    min: [0.2, 0.41]\n"            // 13
                           "    max: [0.6, 0.44]\n"            // 14
                           "    velocity: 0.5\n"               // 15
                           "    temperature: 18\n";            // 16
  expect_refused(yaml, 10, "patches[0]", {"'slot'", "covers no cell", "0.1 m"});
}

}  // namespace
}  // namespace rackflow::solver
