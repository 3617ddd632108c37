// The layers the run's pictures are drawn from, gathered onto rank 0 from the ranks that
// hold them (Simulation::gather_plane), on 1, 2 or 4 ranks (whatever mpirun gives this
// binary), against the same layers of one block on rank 0 alone (Comm::self()).
//
// demo-hall after 50 steps, split along y only, so a horizontal layer and one normal to x
// are cut by every block boundary, and a layer normal to y lies in one rank's block, not
// rank 0's: the root itself sends nothing. What is bitwise: the gathered plane
// is exactly that layer of the same run's field (whole_snapshot, a gather of its own), and
// its object ids are the one block's. The temperatures of a coupled hall differ from the
// one block's in rounding only (test_decomposed_runs.cpp says why), within its 1e-5 K.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>

#include "case_parser.hpp"
#include "mpi_main.hpp"
#include "simulation.hpp"

using namespace rackflow;
using rackflow::solver::Comm;
using rackflow::solver::Simulation;

namespace {

constexpr long long kSteps = 50;
// The hall's port sums are added in another order on several ranks: rounding only, far
// below the bar for a coupled hall, which this is.
constexpr double kHallTemperatureK = 1e-5;

const Comm& world() { return Comm::world(); }

struct Layer {
  int axis;
  Index index;
  const char* what;
};
// demo-hall is 60 x 48 x 18 cells of 0.2 m: z = 1.3 m (inlet height), x = 5.9 m (across
// both rows and the cold aisle), y = 6.7 m (just behind row B's exhausts, the one place
// along y that 50 steps have warmed; in the last block but one at 2 and 4 ranks).
const Layer kLayers[] = {{2, 6, "horizontal"}, {0, 29, "normal to x"}, {1, 33, "normal to y"}};

// The layer of a whole-domain snapshot, x fastest over the other two axes, by the test's
// own indexing.
struct LayerValues {
  std::vector<float> temperature_c, velocity_m_s, pressure_pa;
  std::vector<std::int32_t> object_id;
};
LayerValues layer_of(const Snapshot& whole, const Layer& layer) {
  LayerValues v;
  for (int k = 0; k < whole.cells[2]; ++k)
    for (int j = 0; j < whole.cells[1]; ++j)
      for (int i = 0; i < whole.cells[0]; ++i) {
        if (std::array<int, 3>{i, j, k}[layer.axis] != layer.index) continue;
        const std::size_t c = std::size_t(i) + std::size_t(whole.cells[0]) * (j + std::size_t(whole.cells[1]) * k);
        v.temperature_c.push_back(whole.temperature_c[c]);
        v.object_id.push_back(whole.object_id[c]);
        v.velocity_m_s.insert(v.velocity_m_s.end(), whole.velocity_m_s.begin() + 3 * c,
                              whole.velocity_m_s.begin() + 3 * c + 3);
        v.pressure_pa.push_back(whole.pressure_pa[c]);
      }
  return v;
}

long count_differing(const std::vector<float>& a, const std::vector<float>& b) {
  long n = 0;
  for (std::size_t c = 0; c < a.size(); ++c) n += a[c] != b[c];
  return n;
}

double max_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double d = 0;
  for (std::size_t c = 0; c < a.size(); ++c) d = std::max(d, std::fabs(double(a[c]) - double(b[c])));
  return d;
}

std::optional<std::array<int, 3>> split_along_y() {
  if (world().size() == 1) return std::nullopt;
  return std::array<int, 3>{1, world().size(), 1};
}

TEST(GatheredPlane, IsThatLayerOfTheWholeField) {
  const CaseSpec spec = parse_case_file(std::string(RACKFLOW_SOURCE_DIR) + "/cases/demo-hall.yaml");
  Snapshot reference;
  if (world().root()) {
    Simulation one(spec, solver::Backend::Cpu, Comm::self());
    one.advance(kSteps);
    reference = one.snapshot();
  }
  Simulation sim(spec, solver::Backend::Cpu, world(), split_along_y());
  sim.advance(kSteps);
  const Snapshot whole = sim.whole_snapshot();
  for (const Layer& layer : kLayers) {
    const Snapshot plane = sim.gather_plane(layer.axis, layer.index);
    if (!world().root()) {
      EXPECT_TRUE(plane.temperature_c.empty()) << layer.what;
      continue;
    }
    ASSERT_EQ(whole.cells, reference.cells);
    std::array<int, 3> cells = whole.cells;
    cells[layer.axis] = 1;
    ASSERT_EQ(plane.cells, cells) << layer.what;
    EXPECT_EQ(plane.offset_cells[layer.axis], layer.index) << layer.what;
    EXPECT_EQ(plane.domain_cells, (std::array<long long, 3>{whole.cells[0], whole.cells[1], whole.cells[2]}));
    EXPECT_EQ(plane.step, kSteps);
    EXPECT_TRUE(plane.temperature_mean_c.empty()) << "no statistics: what the pictures need only";
    const LayerValues same_run = layer_of(whole, layer), one_block = layer_of(reference, layer);
    ASSERT_EQ(plane.temperature_c.size(), same_run.temperature_c.size()) << layer.what;
    EXPECT_EQ(count_differing(plane.temperature_c, same_run.temperature_c), 0) << layer.what;
    EXPECT_EQ(plane.object_id, one_block.object_id) << layer.what;
    // The arrows' velocity and the plenum map's pressure, as snapshot() converts them.
    ASSERT_EQ(plane.velocity_m_s.size(), 3 * same_run.temperature_c.size()) << layer.what;
    ASSERT_EQ(plane.pressure_pa.size(), same_run.temperature_c.size()) << layer.what;
    EXPECT_EQ(count_differing(plane.velocity_m_s, same_run.velocity_m_s), 0) << layer.what;
    EXPECT_EQ(count_differing(plane.pressure_pa, same_run.pressure_pa), 0) << layer.what;
    EXPECT_LE(max_difference(plane.temperature_c, one_block.temperature_c), kHallTemperatureK) << layer.what;
    // The layer is not uniform (else a plane of the wrong layer could pass).
    EXPECT_NE(max_difference(plane.temperature_c, std::vector<float>(plane.temperature_c.size(),
                                                                     plane.temperature_c.front())),
              0.0)
        << layer.what;
  }
}

// Asked for a layer outside the domain, every rank throws (none waits in a gather).
TEST(GatheredPlane, LayerOutsideTheDomainIsRefusedOnEveryRank) {
  const CaseSpec spec = parse_case_file(std::string(RACKFLOW_SOURCE_DIR) + "/cases/demo-hall.yaml");
  Simulation sim(spec, solver::Backend::Cpu, world(), split_along_y());
  EXPECT_THROW(sim.gather_plane(2, 18), std::invalid_argument);
  EXPECT_THROW(sim.gather_plane(1, -1), std::invalid_argument);
  EXPECT_THROW(sim.gather_plane(3, 0), std::invalid_argument);
  EXPECT_EQ(sim.gather_plane(2, 17).temperature_c.size(), world().root() ? 60u * 48u : 0u);
}

}  // namespace

RACKFLOW_MPI_TEST_MAIN
