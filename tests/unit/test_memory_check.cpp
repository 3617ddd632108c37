// Memory check after voxelising (solver/simulation.hpp, check_scene_memory): the boundary
// lists count, so a case whose lists alone exceed the budget is refused before the
// stepper allocates anything. The budget is injected; the need is what the scene holds.
#include <gtest/gtest.h>

#include <string>

#include "kernels/stepper.hpp"
#include "lattice_setup.hpp"
#include "mesh/voxelizer.hpp"
#include "simulation.hpp"

namespace rackflow {
namespace {

// A 3.2 m cube at 0.1 m, empty or filled with 16^3 one-cell solid boxes (each with six
// faces of links), so the two scenes share their grid and differ in their lists.
CaseSpec cube(bool with_boxes) {
  CaseSpec s;
  s.name = "lists";
  s.domain.size_m = {3.2, 3.2, 3.2};
  s.domain.resolution_m = 0.1;
  s.run.end_time_s = 1;
  s.run.max_velocity_m_s = 1.0;
  if (with_boxes)
    for (int k = 0; k < 16; ++k)
      for (int j = 0; j < 16; ++j)
        for (int i = 0; i < 16; ++i) {
          BoxSpec b;
          b.name = "b" + std::to_string(i) + "_" + std::to_string(j) + "_" + std::to_string(k);
          b.kind = BoxKind::Solid;
          b.min_m = {0.2 * i + 0.05, 0.2 * j + 0.05, 0.2 * k + 0.05};
          b.max_m = {b.min_m[0] + 0.1, b.min_m[1] + 0.1, b.min_m[2] + 0.1};
          b.power_w = 10.0;
          s.boxes.push_back(b);
        }
  return s;
}

Scene voxelized(const CaseSpec& s) { return mesh::voxelize(s, solver::choose_lattice(s).units); }

TEST(MemoryCheck, ListsAloneOverTheBudgetAreRefused) {
  const CaseSpec empty_case = cube(false), full_case = cube(true);
  const Scene empty = voxelized(empty_case), full = voxelized(full_case);
  ASSERT_EQ(empty.grid.cells_padded(), full.grid.cells_padded());
  // The budget: what the fields and the empty box's few lists need, with room
  // to spare; the 4096 boxes' links (18 into each box not on a wall) and heat cells do not.
  solver::MemoryCheck budget;
  budget.device = "a test budget";
  budget.available_bytes = 1.05 * solver::check_scene_memory(empty, Precision::Fp32, budget).needed_bytes;
  ASSERT_GT(budget.available_bytes, kernels::device_bytes_per_cell(Precision::Fp32) * double(full.grid.cells_padded()));

  EXPECT_GT(full.flow_links.size() - empty.flow_links.size(), 3000u * 18);
  EXPECT_TRUE(solver::check_scene_memory(empty, Precision::Fp32, budget).fits());
  const solver::MemoryCheck m = solver::check_scene_memory(full, Precision::Fp32, budget);
  EXPECT_FALSE(m.fits());
  EXPECT_GT(m.needed_bytes - kernels::device_bytes_per_cell(Precision::Fp32) * double(full.grid.cells_padded()),
            double(full.flow_links.size()) * sizeof(FlowLink));
  try {
    solver::refuse_scene_if_too_large(full_case, full, m);
    FAIL() << "not refused";
  } catch (const CaseError& e) {
    const std::string what = e.what();
    for (const std::string& part : {std::string("32 x 32 x 32 cells"), std::to_string(full.flow_links.size()) + " flow links",
                                   std::string("a test budget"), std::string("GiB")})
      EXPECT_NE(what.find(part), std::string::npos) << part << " missing in: " << what;
  }
}

// The estimate before voxelising counts the boundary area too: the same grid with the
// boxes is estimated at more, by at least the links their faces hold.
TEST(MemoryCheck, EstimateBeforeVoxelisingCountsTheBoxSurfaces) {
  const CaseSpec empty_case = cube(false), full_case = cube(true);
  const double extra_b = solver::check_memory(full_case, solver::Backend::Cpu).needed_bytes -
                         solver::check_memory(empty_case, solver::Backend::Cpu).needed_bytes;
  const Scene full = voxelized(full_case), empty = voxelized(empty_case);
  const double links_b = double(full.flow_links.size() - empty.flow_links.size()) * sizeof(FlowLink);
  EXPECT_GT(extra_b, links_b);
}

// FP16 storage (run.precision) halves the two population arrays and nothing else: the
// estimate before voxelising and the exact count after differ by 2 x 19 x 2 bytes a
// padded cell.
TEST(MemoryCheck, Fp16PopulationsSaveTwoBytesPerValue) {
  CaseSpec fp16_case = cube(true);
  fp16_case.run.precision = Precision::Fp16;
  const Scene full = voxelized(fp16_case);
  const double cells = double(full.grid.cells_padded());
  constexpr double kSavedPerCell = 2 * 19 * 2;
  solver::MemoryCheck budget;
  EXPECT_DOUBLE_EQ(solver::check_scene_memory(full, Precision::Fp32, budget).needed_bytes -
                       solver::check_scene_memory(full, Precision::Fp16, budget).needed_bytes,
                   kSavedPerCell * cells);
  EXPECT_DOUBLE_EQ(solver::estimate_block_bytes(cube(true), full.grid, false) -
                       solver::estimate_block_bytes(fp16_case, full.grid, false),
                   kSavedPerCell * cells);
}

}  // namespace
}  // namespace rackflow
