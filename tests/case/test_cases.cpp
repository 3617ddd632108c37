// Every example case parses, passes the lattice and memory checks, voxelises and runs a
// few hundred steps without diverging; the command line writes complete results; a
// diverging run stops with where and when.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "case_parser.hpp"
#include "mesh/voxelizer.hpp"
#include "run_loop.hpp"
#include "simulation.hpp"

namespace {

namespace fs = std::filesystem;
using namespace rackflow;

std::vector<fs::path> example_cases() {
  std::vector<fs::path> files;
  for (const auto& dir : {"cases", "cases/validation"})
    for (const auto& e : fs::directory_iterator(fs::path(RACKFLOW_SOURCE_DIR) / dir))
      if (e.path().extension() == ".yaml") files.push_back(e.path());
  return files;
}

TEST(Cases, EveryExampleChecksAndRunsBriefly) {
  const auto files = example_cases();
  ASSERT_GE(files.size(), 5u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const CaseSpec spec = parse_case_file(file.string());
    solver::Simulation sim(spec, solver::Backend::Cpu);
    sim.advance(300);
    const kernels::Health h = sim.health();
    EXPECT_EQ(h.nonfinite, 0);
    EXPECT_LT(sim.temperature_c(h.max_theta), solver::kMaxPlausibleC);
  }
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("rackflow-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

TEST(Cli, RunWritesFieldSeriesAndSummary) {
  const fs::path out = fresh_dir("cli");
  const std::string cmd = std::string(RACKFLOW_CLI) + " run " + RACKFLOW_SOURCE_DIR +
                          "/cases/demo-room.yaml --end-time 1.0 --quiet --out " + out.string() + " > " +
                          (out.string() + ".log") + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read(out.string() + ".log");
  const std::string pvd = read(out / "fields.pvd");
  EXPECT_NE(pvd.find("fields_000000.vti"), std::string::npos);
  EXPECT_NE(pvd.find("fields_000001.vti"), std::string::npos);  // the final state
  EXPECT_TRUE(fs::exists(out / "fields_000001.vti"));
  const std::string json = read(out / "summary.json");
  for (const char* key : {"\"dt_s\"", "\"tau_flow\"", "\"steps\"", "\"wall_time_s\"", "\"mlups\"", "\"energy_balance\"",
                          "\"return (pressure outlet)\""})
    EXPECT_NE(json.find(key), std::string::npos) << key;
  for (const auto& e : fs::directory_iterator(out)) EXPECT_NE(e.path().extension(), ".part") << e.path();
  fs::remove_all(out);
  fs::remove(out.string() + ".log");
}

TEST(Cli, BadCaseExitsWithLocatedError) {
  const fs::path dir = fresh_dir("bad");
  fs::create_directories(dir);
  std::ofstream(dir / "bad.yaml") << "name: bad\ndomain:\n  size: [1, 1, 1]\n  resolution: -0.1\nrun:\n  end_time: 1\n";
  const std::string log = (dir / "log").string();
  const int rc = std::system((std::string(RACKFLOW_CLI) + " check " + (dir / "bad.yaml").string() + " > " + log + " 2>&1").c_str());
  EXPECT_NE(rc, 0);
  const std::string msg = read(log);
  EXPECT_NE(msg.find("bad.yaml:4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("domain.resolution"), std::string::npos) << msg;
  fs::remove_all(dir);
}

// 50 MW in a 1 m^3 box: the air passes the plausibility bound within a second.
TEST(Divergence, StopsNamingStepTimeAndCell) {
  const CaseSpec spec = parse_case_string(R"(
name: runaway
domain: {size: [1.0, 1.0, 1.0], resolution: 0.1}
gravity: [0, 0, 0]
run: {end_time: 10, max_velocity: 1.0}
boxes:
  - {name: heater, kind: heat_source, min: [0.3, 0.3, 0.3], max: [0.7, 0.7, 0.7], power: 50 MW}
)", "runaway.yaml");
  solver::Simulation sim(spec, solver::Backend::Cpu);
  solver::RunObserver quiet;
  try {
    solver::run_simulation(sim, {spec.run.end_time_s, 0, 0, 50}, quiet);
    FAIL() << "the run should have diverged";
  } catch (const solver::DivergenceError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("diverged at step"), std::string::npos) << msg;
    EXPECT_NE(msg.find("t = "), std::string::npos) << msg;
    EXPECT_NE(msg.find("cell ("), std::string::npos) << msg;
    EXPECT_NE(msg.find("outside the physical bounds"), std::string::npos) << msg;
  }
}

}  // namespace
