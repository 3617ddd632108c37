// Parallel HDF5 checkpoints (solver/checkpoint.hpp) at 1, 2 and 4 ranks: every cell of every
// rank's padded window reads back exactly; the file is the global grid whatever the ranks
// (read on another decomposition, and by the plain HDF5 C API on one process); a
// half-written ".part" never hides or spoils the previous checkpoint; a wrong grid, a file
// that is not a checkpoint and a missing dataset are refused, naming the file.
//
// The values are a function of the GLOBAL padded cell, (padded index) + 1e5 x component,
// exact in float32 for this grid (< 2^24), so every comparison is exact.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>

#include "solver/checkpoint.hpp"
#include "solver/checkpoint_region.hpp"
#include "solver/comm.hpp"
#include "test_blocks.hpp"

using namespace rackflow;
using namespace rackflow::solver;
namespace fs = std::filesystem;

namespace {

const Comm& comm() { return Comm::world(); }

// Uneven on purpose: 13 and 7 split 7+6 and 4+3 (and 2+2+2+1 along y).
constexpr std::array<int, 3> kGlobal{13, 7, 5};
constexpr float kComponentOffset = 1e5f;
constexpr float kNotOwned = -1.0f;  // what a rank leaves in halo cells it does not own

// Blocks along x, then y; `along_y` splits the other way round, to read back on a
// decomposition the file was not written on.
std::array<int, 3> parts_for(int ranks, bool along_y = false) {
  if (ranks == 4) return along_y ? std::array<int, 3>{1, 4, 1} : std::array<int, 3>{2, 2, 1};
  return along_y ? std::array<int, 3>{1, ranks, 1} : std::array<int, 3>{ranks, 1, 1};
}
Grid my_block(bool along_y = false, std::array<int, 3> global = kGlobal) {
  return test::test_block(global, parts_for(comm().size(), along_y), comm().rank());
}

Index padded_linear(const std::array<Index, 3>& cells, const std::array<Index, 3>& padded) {
  return padded[0] + cells[0] * (padded[1] + cells[1] * padded[2]);
}
float global_value(Index padded_index, int component) { return float(padded_index) + kComponentOffset * component; }

// Global padded coordinates of a local padded index.
std::array<Index, 3> global_padded(const Grid& g, Index local) {
  const auto c = g.coords(local);
  return {g.origin[0] + c[0] + kHalo, g.origin[1] + c[1] + kHalo, g.origin[2] + c[2] + kHalo};
}
float expected_value(const Grid& g, Index local, int component) {
  const auto p = global_padded(g, local);
  return global_value(padded_linear(global_padded_cells(g), p), component);
}
// Whether the block owns a cell, from the decomposition alone (not owned_region, which is
// under test): a halo cell outside the domain belongs to the block holding the nearest
// interior cell, every other cell to the block whose interior it is.
bool owned(const Grid& g, Index local) {
  const auto p = global_padded(g, local);
  const std::array<Index, 3> n{g.nx, g.ny, g.nz};
  for (int a = 0; a < 3; ++a) {
    const Index nearest_interior = std::clamp<Index>(p[a] - kHalo, 0, g.global[a] - 1);
    if (nearest_interior < g.origin[a] || nearest_interior >= g.origin[a] + n[a]) return false;
  }
  return true;
}

// A field as a rank holds it, with kNotOwned in the halo cells its neighbours own: if a rank
// wrote those, they would spoil the file.
CheckpointField field(const Grid& g, const std::string& name, int components) {
  CheckpointField f{name, components, std::vector<float>(std::size_t(components * g.cells_padded()))};
  for (int c = 0; c < components; ++c)
    for (Index i = 0; i < g.cells_padded(); ++i)
      f.data[std::size_t(c * g.cells_padded() + i)] = owned(g, i) ? expected_value(g, i, c) : kNotOwned;
  return f;
}

Checkpoint checkpoint(const Grid& g, long long step) {
  Checkpoint c;
  c.header.case_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  c.header.global_cells = {kGlobal[0], kGlobal[1], kGlobal[2]};
  c.header.dx_m = 0.025;
  c.header.step = step;
  c.header.time_s = 0.5 * double(step);
  // Not in alphabetical order: they must come back as written.
  c.fields = {field(g, "f", 19), field(g, "theta", 1), field(g, "aux", 4), field(g, "statistics", 6)};
  for (int i = 0; i < 300; ++i) c.model.push_back(std::uint8_t((7 * i + step) % 256));
  c.scalars = {{"energy_in_j", 1.5e6 + double(step)}, {"steps_averaged", 42.0}, {"x", -0.25}};
  return c;
}

// Every cell of every field of the window against the global function.
void expect_whole_window(const Grid& g, const Checkpoint& read, long long step) {
  const Checkpoint written = checkpoint(g, step);
  ASSERT_EQ(read.fields.size(), written.fields.size());
  for (std::size_t k = 0; k < read.fields.size(); ++k) {
    const CheckpointField& f = read.fields[k];
    EXPECT_EQ(f.name, written.fields[k].name);
    EXPECT_EQ(f.components, written.fields[k].components);
    ASSERT_EQ(f.data.size(), std::size_t(f.components * g.cells_padded())) << f.name;
    std::size_t wrong = 0;
    Index first_wrong = -1;
    for (int c = 0; c < f.components; ++c)
      for (Index i = 0; i < g.cells_padded(); ++i)
        if (f.data[std::size_t(c * g.cells_padded() + i)] != expected_value(g, i, c)) {
          if (!wrong++) first_wrong = i;
        }
    EXPECT_EQ(wrong, 0u) << "field " << f.name << " on rank " << comm().rank() << ", first wrong local padded cell "
                         << first_wrong;
  }
  EXPECT_EQ(read.header.case_sha256, written.header.case_sha256);
  EXPECT_EQ(read.header.global_cells, written.header.global_cells);
  EXPECT_EQ(read.header.dx_m, written.header.dx_m);
  EXPECT_EQ(read.header.step, step);
  EXPECT_EQ(read.header.time_s, written.header.time_s);
  EXPECT_EQ(read.header.ranks, comm().size());
  EXPECT_EQ(read.model, written.model);
  EXPECT_EQ(read.scalars, written.scalars);
}

// One folder every rank sees (rank 0's temporary folder; the ranks share a host here).
const fs::path& folder() {
  static const fs::path dir = [] {
    std::string name;
    if (comm().root()) {
      name = (fs::temp_directory_path() / ("rackflow_test_checkpoint_" + std::to_string(getpid()))).string();
      fs::create_directories(name);
    }
    comm().broadcast(name);
    return fs::path(name);
  }();
  return dir;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

class Folder : public ::testing::Environment {
 public:
  void TearDown() override {
    comm().barrier();
    if (comm().root()) fs::remove_all(folder());
  }
};

}  // namespace

TEST(Checkpoint, EveryCellOfEveryRanksPaddedWindowReadsBack) {
  const fs::path file = folder() / "window.h5";
  const Grid g = my_block();
  write_checkpoint(file, comm(), g, checkpoint(g, 10));
  EXPECT_FALSE(fs::exists(fs::path(file.string() + ".part")));
  expect_whole_window(g, read_checkpoint(file, comm(), g), 10);
  const CheckpointHeader h = read_checkpoint_header(file, comm());
  EXPECT_EQ(h.step, 10);
  EXPECT_EQ(h.global_cells, (std::array<long long, 3>{13, 7, 5}));
}

TEST(Checkpoint, ReadsBackOnAnotherDecomposition) {
  const fs::path file = folder() / "redecomposed.h5";
  const Grid written_on = my_block(false);
  write_checkpoint(file, comm(), written_on, checkpoint(written_on, 3));
  const Grid read_on = my_block(true);
  expect_whole_window(read_on, read_checkpoint(file, comm(), read_on), 3);
}

// The "read back with the HDF5 C API": one process, HDF5's default (serial) driver,
// the global arrays in (component, z, y, x) order.
TEST(Checkpoint, PlainHdf5ReadsTheGlobalPaddedArrays) {
  const fs::path file = folder() / "plain.h5";
  const Grid g = my_block();
  const Checkpoint written = checkpoint(g, 7);
  write_checkpoint(file, comm(), g, written);
  if (comm().root()) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    const hid_t format = H5Aopen(f, "format", H5P_DEFAULT);
    const hid_t format_type = H5Aget_type(format);
    std::string text(H5Tget_size(format_type), '\0');
    H5Aread(format, format_type, text.data());
    EXPECT_EQ(text, "rackflow-checkpoint");
    H5Tclose(format_type);
    H5Aclose(format);
    long long cells[3] = {0, 0, 0};
    const hid_t global = H5Aopen(f, "global_cells", H5P_DEFAULT);
    H5Aread(global, H5T_NATIVE_LLONG, cells);
    H5Aclose(global);
    EXPECT_EQ(cells[0], 13);
    EXPECT_EQ(cells[1], 7);
    EXPECT_EQ(cells[2], 5);
    const Index px = 13 + 4, py = 7 + 4, pz = 5 + 4;
    for (const auto& wf : written.fields) {
      const hid_t d = H5Dopen2(f, ("/fields/" + wf.name).c_str(), H5P_DEFAULT);
      ASSERT_GE(d, 0) << wf.name;
      const hid_t space = H5Dget_space(d);
      hsize_t dims[4] = {0, 0, 0, 0};
      ASSERT_EQ(H5Sget_simple_extent_dims(space, dims, nullptr), 4);
      EXPECT_EQ(dims[0], hsize_t(wf.components));
      EXPECT_EQ(dims[1], hsize_t(pz));
      EXPECT_EQ(dims[2], hsize_t(py));
      EXPECT_EQ(dims[3], hsize_t(px));
      std::vector<float> all(std::size_t(wf.components * px * py * pz));
      ASSERT_GE(H5Dread(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, all.data()), 0);
      std::size_t wrong = 0;
      for (int c = 0; c < wf.components; ++c)
        for (Index i = 0; i < px * py * pz; ++i) wrong += all[std::size_t(c * px * py * pz + i)] != global_value(i, c);
      EXPECT_EQ(wrong, 0u) << wf.name;
      H5Sclose(space);
      H5Dclose(d);
    }
    H5Fclose(f);
  }
  comm().barrier();
}

// What a writer killed midway leaves: the start of a file under "<file>.part". The previous
// checkpoint still reads back whole, and the next write replaces both.
TEST(Checkpoint, HalfWrittenPartNeitherHidesNorSpoilsThePrevious) {
  const fs::path file = folder() / "killed.h5", part = folder() / "killed.h5.part";
  const Grid g = my_block();
  write_checkpoint(file, comm(), g, checkpoint(g, 10));
  if (comm().root()) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(part, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  comm().barrier();
  expect_whole_window(g, read_checkpoint(file, comm(), g), 10);

  write_checkpoint(file, comm(), g, checkpoint(g, 20));
  EXPECT_FALSE(fs::exists(part));
  expect_whole_window(g, read_checkpoint(file, comm(), g), 20);
}

// A writer killed midway through the file, in two runs (tests/CMakeLists.txt): the first
// writes a checkpoint, then lets its files grow to a limit well below a checkpoint's size
// (RLIMIT_FSIZE), so the kernel kills it with SIGXFSZ partway through the second, as a
// SIGKILL or a node failure would. The second run finds the dead writer's ".part" and the
// previous checkpoint whole; its next write succeeds. DISABLED_: they run only in that pair.
const fs::path kKilledFile = fs::path(RACKFLOW_TEST_WORK) / "killed.h5";
const fs::path kKilledPart = fs::path(RACKFLOW_TEST_WORK) / "killed.h5.part";

TEST(KilledWriter, DISABLED_DiesMidwayThroughTheSecondCheckpoint) {
  const Grid g = my_block();
  if (comm().root()) {
    fs::remove_all(RACKFLOW_TEST_WORK);
    fs::create_directories(RACKFLOW_TEST_WORK);
  }
  comm().barrier();
  write_checkpoint(kKilledFile, comm(), g, checkpoint(g, 10));
  // The file holds 30 components x 17 x 11 x 9 float32 cells = 202 kB; 64 kB cuts it inside /fields/f.
  constexpr rlim_t kFileLimitBytes = 64 * 1024;
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &limit), 0);
  limit.rlim_cur = kFileLimitBytes;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);
  write_checkpoint(kKilledFile, comm(), g, checkpoint(g, 20));
  FAIL() << "the writer outlived its file-size limit: nothing was killed midway";
}

TEST(KilledWriter, DISABLED_PreviousCheckpointIsWholeAfterTheKill) {
  const Grid g = my_block();
  ASSERT_TRUE(fs::exists(kKilledPart)) << "the killed writer left no .part: it did not die midway";
  expect_whole_window(g, read_checkpoint(kKilledFile, comm(), g), 10);
  write_checkpoint(kKilledFile, comm(), g, checkpoint(g, 30));
  EXPECT_FALSE(fs::exists(kKilledPart));
  expect_whole_window(g, read_checkpoint(kKilledFile, comm(), g), 30);
}

// A write that fails (here one rank's field is short) fails on every rank, and leaves the
// previous checkpoint as it was.
TEST(Checkpoint, FailedWriteFailsEverywhereAndKeepsThePrevious) {
  const fs::path file = folder() / "failed.h5";
  const Grid g = my_block();
  write_checkpoint(file, comm(), g, checkpoint(g, 10));
  Checkpoint bad = checkpoint(g, 11);
  if (comm().rank() == comm().size() - 1) bad.fields[1].data.pop_back();
  const std::string message = message_of([&] { write_checkpoint(file, comm(), g, bad); });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  if (comm().rank() == comm().size() - 1) {
    EXPECT_NE(message.find("'theta'"), std::string::npos) << message;
  }
  expect_whole_window(g, read_checkpoint(file, comm(), g), 10);
}

TEST(Checkpoint, AnotherGridIsRefusedNamingBoth) {
  const fs::path file = folder() / "grid.h5";
  const Grid g = my_block();
  write_checkpoint(file, comm(), g, checkpoint(g, 1));
  const Grid other = my_block(false, {13, 7, 6});
  const std::string message = message_of([&] { read_checkpoint(file, comm(), other); });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("13 x 7 x 5"), std::string::npos) << message;
  EXPECT_NE(message.find("13 x 7 x 6"), std::string::npos) << message;
}

TEST(Checkpoint, NotACheckpointIsRefusedNamingTheFile) {
  const fs::path missing = folder() / "missing.h5", text = folder() / "text.h5", foreign = folder() / "foreign.h5";
  if (comm().root()) {
    std::ofstream(text) << "not hdf5\n";
    const hid_t f = H5Fcreate(foreign.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, 5);
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t a = H5Acreate2(f, "format", type, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, type, "other");
    H5Aclose(a);
    H5Sclose(space);
    H5Tclose(type);
    H5Fclose(f);
  }
  comm().barrier();
  const auto header_error = [](const fs::path& p) { return message_of([&] { read_checkpoint_header(p, comm()); }); };
  const std::string m1 = header_error(missing), m2 = header_error(text), m3 = header_error(foreign);
  EXPECT_NE(m1.find(missing.string() + ": no such file"), std::string::npos) << m1;
  EXPECT_NE(m2.find(text.string() + ": not an HDF5 file"), std::string::npos) << m2;
  EXPECT_NE(m3.find(foreign.string() + ": format is 'other', expected 'rackflow-checkpoint'"), std::string::npos) << m3;
}

TEST(Checkpoint, MissingDatasetIsRefused) {
  const fs::path file = folder() / "no_model.h5";
  const Grid g = my_block();
  write_checkpoint(file, comm(), g, checkpoint(g, 1));
  if (comm().root()) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    H5Ldelete(f, "/model", H5P_DEFAULT);
    H5Fclose(f);
  }
  comm().barrier();
  const std::string message = message_of([&] { read_checkpoint(file, comm(), g); });
  EXPECT_NE(message.find(file.string() + ": no dataset /model"), std::string::npos) << message;
}

// MPI before GoogleTest sees the arguments (mpirun may add its own); finalised at exit.
int main(int argc, char** argv) {
  Comm::init(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new Folder);
  return RUN_ALL_TESTS();
}
