// Restart equals an uninterrupted run. 200 steps straight against 100, a checkpoint, a new
// Simulation that loads it, and 100 more: on the same ranks, from all ranks to rank 0
// alone (N -> 1), and from rank 0 alone to all ranks (1 -> N).
//
// Bitwise wherever the engine is (see test_decomposed_runs.cpp: its fields do not depend on
// the split, and the file holds every float of the state). The hall case is bitwise on the
// same ranks (its model state is in the file to the bit); across rank counts it differs by
// the port sums' rounding, as any two splits do.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "case_parser.hpp"
#include "mpi_main.hpp"
#include "run_checkpoint.hpp"
#include "simulation.hpp"

using namespace rackflow;
using rackflow::solver::Comm;
using rackflow::solver::Simulation;
namespace fs = std::filesystem;

namespace {

constexpr long long kHalf = 100;
constexpr double kHallTemperatureK = 1e-5, kHallSpeedMS = 1e-6;  // as test_decomposed_runs

const Comm& world() { return Comm::world(); }

CaseSpec case_file(const std::string& name) {
  return parse_case_file(std::string(RACKFLOW_SOURCE_DIR) + "/cases/" + name + ".yaml");
}

// A directory every rank agrees on (rank 0 names it).
fs::path work_dir(const std::string& test) {
  std::string dir;
  if (world().root()) {
    dir = (fs::temp_directory_path() / ("rackflow-restart-" + std::to_string(::getpid()) + "-" + test)).string();
    fs::create_directories(dir);
  }
  world().broadcast(dir);
  return dir;
}

Snapshot straight(const CaseSpec& spec, const Comm& comm) {
  Simulation sim(spec, solver::Backend::Cpu, comm);
  sim.advance(2 * kHalf);
  sim.energy_balance();
  return sim.whole_snapshot();
}

void first_half(const CaseSpec& spec, const Comm& comm, const fs::path& file) {
  Simulation sim(spec, solver::Backend::Cpu, comm);
  sim.advance(kHalf);
  sim.energy_balance();  // the run loop checkpoints at an interval boundary
  solver::save_checkpoint(sim, file, "test");
}

Snapshot second_half(const CaseSpec& spec, const Comm& comm, const fs::path& file) {
  Simulation sim(spec, solver::Backend::Cpu, comm);
  solver::load_checkpoint(sim, file);
  EXPECT_EQ(sim.step(), kHalf);
  sim.advance(kHalf);
  sim.energy_balance();
  return sim.whole_snapshot();
}

long differing(const std::vector<float>& a, const std::vector<float>& b) {
  long n = 0;
  for (std::size_t k = 0; k < a.size(); ++k) n += a[k] != b[k];
  return a.size() == b.size() ? n : -1;
}

double max_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double d = 0;
  for (std::size_t k = 0; k < a.size(); ++k) d = std::max(d, std::fabs(double(a[k]) - double(b[k])));
  return d;
}

void expect_bitwise(const Snapshot& got, const Snapshot& want, const std::string& what) {
  EXPECT_EQ(differing(got.temperature_c, want.temperature_c), 0) << what;
  EXPECT_EQ(differing(got.velocity_m_s, want.velocity_m_s), 0) << what;
  EXPECT_EQ(differing(got.pressure_pa, want.pressure_pa), 0) << what;
}

}  // namespace

TEST(Restart, SameRanksIsBitwise) {
  for (const char* name : {"demo-room", "demo-hall"}) {
    const CaseSpec spec = case_file(name);
    const fs::path file = work_dir(std::string("same-") + name) / "checkpoint.h5";
    const Snapshot want = straight(spec, world());
    first_half(spec, world(), file);
    const Snapshot got = second_half(spec, world(), file);
    if (world().root()) expect_bitwise(got, want, name);
  }
}

TEST(Restart, AllRanksToOneAndOneToAll) {
  const CaseSpec spec = case_file("demo-room");
  const fs::path dir = work_dir("counts");
  Snapshot want;
  if (world().root()) want = straight(spec, Comm::self());
  // N -> 1
  first_half(spec, world(), dir / "from-all.h5");
  if (world().root()) expect_bitwise(second_half(spec, Comm::self(), dir / "from-all.h5"), want, "N -> 1");
  // 1 -> N
  if (world().root()) first_half(spec, Comm::self(), dir / "from-one.h5");
  world().barrier();
  const Snapshot got = second_half(spec, world(), dir / "from-one.h5");
  if (world().root()) expect_bitwise(got, want, "1 -> N");
}

TEST(Restart, HallAcrossRankCountsAgrees) {
  const CaseSpec spec = case_file("demo-hall");
  const fs::path dir = work_dir("hall-counts");
  Snapshot want;
  if (world().root()) want = straight(spec, Comm::self());
  first_half(spec, world(), dir / "hall.h5");
  if (!world().root()) return;
  const Snapshot got = second_half(spec, Comm::self(), dir / "hall.h5");
  EXPECT_LE(max_difference(got.temperature_c, want.temperature_c), kHallTemperatureK);
  EXPECT_LE(max_difference(got.velocity_m_s, want.velocity_m_s), kHallSpeedMS);
}

TEST(Restart, AnotherGridIsRefused) {
  const CaseSpec spec = case_file("demo-room");
  const fs::path file = work_dir("grid") / "checkpoint.h5";
  first_half(spec, world(), file);
  CaseSpec finer = spec;
  finer.domain.resolution_m = 0.05;
  Simulation sim(finer, solver::Backend::Cpu, world());
  try {
    solver::load_checkpoint(sim, file);
    ADD_FAILURE() << "a checkpoint of another grid was loaded";
  } catch (const CaseError& e) {
    EXPECT_NE(std::string(e.what()).find("40 x 30 x 25 cells"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("80 x 60 x 50 cells"), std::string::npos) << e.what();
  }
}

RACKFLOW_MPI_TEST_MAIN
