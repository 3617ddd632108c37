// Every example case parses, passes the lattice and memory checks, voxelises and runs a
// few hundred steps without diverging (the fine GPU variants in cases/gpu only check and
// voxelise: a few hundred of their steps take minutes on CI's two cores); the command
// line writes complete results; a diverging run stops with where and when.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "case_parser.hpp"
#include "hall_layout.hpp"
#include "mesh/voxelizer.hpp"
#include "run_loop.hpp"
#include "simulation.hpp"

namespace {

namespace fs = std::filesystem;
using namespace rackflow;

std::vector<fs::path> yaml_files(std::initializer_list<const char*> dirs) {
  std::vector<fs::path> files;
  for (const auto& dir : dirs)
    for (const auto& e : fs::directory_iterator(fs::path(RACKFLOW_SOURCE_DIR) / dir))
      if (e.path().extension() == ".yaml") files.push_back(e.path());
  return files;
}

TEST(Cases, EveryGpuVariantChecksAndVoxelises) {
  const auto files = yaml_files({"cases/gpu"});
  ASSERT_GE(files.size(), 4u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const CaseSpec spec = solver::primitive_case(parse_case_file(file.string()));
    const solver::LatticeSetup setup = solver::choose_lattice(spec);
    solver::refuse_if_too_large(spec, solver::check_memory(spec, solver::Backend::Cpu));
    const Scene scene = mesh::voxelize(spec, setup.units);
    EXPECT_GT(scene.flow_links.size(), 0u);
    EXPECT_TRUE(scene.warnings.empty()) << scene.warnings.size() << " warnings, first: " << scene.warnings.front();
  }
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Each fine variant is its case with two header lines, "-fine" on the name and 0.05 m
// cells: nothing else may drift apart.
TEST(Cases, EveryGpuVariantIsItsCaseAtFineCells) {
  for (const auto& fine : yaml_files({"cases/gpu"})) {
    SCOPED_TRACE(fine.string());
    const std::string stem = fine.stem().string();
    ASSERT_EQ(stem.substr(stem.size() - 5), "-fine");
    const std::string name = stem.substr(0, stem.size() - 5);
    std::string expected = read_text(fs::path(RACKFLOW_SOURCE_DIR) / "cases" / (name + ".yaml"));
    const auto swap = [&](const std::string& from, const std::string& to) {
      const auto at = expected.find(from);
      ASSERT_NE(at, std::string::npos) << from;
      expected.replace(at, from.size(), to);
    };
    swap("\nname: " + name + "\n", "\nname: " + name + "-fine\n");
    swap("\n  resolution: 0.2\n", "\n  resolution: 0.05\n");
    expected = "# " + name + " at 0.05 m cells, for a GPU: the same hall as ../" + name +
               ".yaml (keep the two in step).\n#\n" + expected;
    EXPECT_EQ(read_text(fine), expected);
  }
}

TEST(Cases, EveryExampleChecksAndRunsBriefly) {
  const auto files = yaml_files({"cases", "cases/validation"});
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

#ifdef RACKFLOW_CLI  // the command line is built only where CLI11 is found
TEST(Cli, RunWritesFieldSeriesAndSummary) {
  const fs::path out = fresh_dir("cli");
  const std::string cmd = std::string(RACKFLOW_CLI) + " run " + RACKFLOW_SOURCE_DIR +
                          "/cases/demo-room.yaml --end-time 1.0 --quiet --out " + out.string() + " > " +
                          (out.string() + ".log") + " 2>&1";
  // demo-room asks for a steady state that one second cannot reach: exit code 4, and the
  // summary says so (README, exit codes).
  const int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc)) << read(out.string() + ".log");
  ASSERT_EQ(WEXITSTATUS(rc), 4) << read(out.string() + ".log");
  const std::string pvd = read(out / "fields.pvd");
  EXPECT_NE(pvd.find("fields_000000.vti"), std::string::npos);
  EXPECT_NE(pvd.find("fields_000001.vti"), std::string::npos);  // the final state
  EXPECT_TRUE(fs::exists(out / "fields_000001.vti"));
  const std::string json = read(out / "summary.json");
  for (const char* key : {"\"dt_s\"", "\"tau_flow\"", "\"steps\"", "\"wall_time_s\"", "\"mlups\"", "\"energy_balance\"",
                          "\"return (pressure outlet)\"", "\"status\": \"not_converged\""})
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
#endif

// The parser refuses any case that would run away from its parameters (test_limit_runs), so
// the run is given a state that already has: one cell 1000 K above the rest, past the
// plausibility bound of 250 °C.
TEST(Divergence, StopsNamingStepTimeAndCell) {
  const CaseSpec spec = parse_case_string(R"(
name: runaway
domain: {size: [1.0, 1.0, 1.0], resolution: 0.1}
gravity: [0, 0, 0]
run: {end_time: 10, max_velocity: 1.0}
)", "runaway.yaml");
  solver::Simulation sim(spec, solver::Backend::Cpu);
  solver::Simulation::State state = sim.save_state();
  state.fields.theta[sim.scene().grid.index(4, 5, 6)] = 1000.0f;
  sim.load_state(state);
  solver::RunObserver quiet;
  try {
    solver::RunControl control;
    control.end_time_s = spec.run.end_time_s;
    control.monitor_steps = 50;
    solver::run_simulation(sim, control, quiet);
    FAIL() << "the run should have diverged";
  } catch (const solver::DivergenceError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("diverged at step"), std::string::npos) << msg;
    EXPECT_NE(msg.find("t = "), std::string::npos) << msg;
    EXPECT_NE(msg.find("cell ("), std::string::npos) << msg;
    EXPECT_NE(msg.find("outside the physical bounds"), std::string::npos) << msg;
    EXPECT_EQ(e.at.i, 4) << msg;
    EXPECT_EQ(e.at.j, 5) << msg;
    EXPECT_EQ(e.at.k, 6) << msg;
  }
}

}  // namespace
