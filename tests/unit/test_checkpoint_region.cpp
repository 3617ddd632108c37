// The cells each block writes into a checkpoint tile the global padded grid exactly once,
// whatever the decomposition (solver/checkpoint_region.hpp).
#include <gtest/gtest.h>

#include <vector>

#include "../mpi/test_blocks.hpp"
#include "solver/checkpoint_region.hpp"

using namespace rackflow;
using namespace rackflow::solver;

namespace {

// How many blocks write each cell of the global padded grid.
std::vector<int> write_counts(const std::array<int, 3>& global, const std::array<int, 3>& parts) {
  const Index px = global[0] + 2 * kHalo, py = global[1] + 2 * kHalo, pz = global[2] + 2 * kHalo;
  std::vector<int> counts(std::size_t(px * py * pz), 0);
  for (int b = 0; b < parts[0] * parts[1] * parts[2]; ++b) {
    const Grid g = test::test_block(global, parts, b);
    const PaddedBox own = owned_region(g), window = padded_window(g);
    for (int a = 0; a < 3; ++a) {
      // What a block writes it also holds.
      EXPECT_GE(own.start[a], window.start[a]) << "block " << b << " axis " << a;
      EXPECT_LE(own.start[a] + own.count[a], window.start[a] + window.count[a]) << "block " << b << " axis " << a;
      EXPECT_GE(own.count[a], 1) << "block " << b << " axis " << a;
    }
    for (Index k = own.start[2]; k < own.start[2] + own.count[2]; ++k)
      for (Index j = own.start[1]; j < own.start[1] + own.count[1]; ++j)
        for (Index i = own.start[0]; i < own.start[0] + own.count[0]; ++i)
          if (i >= 0 && j >= 0 && k >= 0 && i < px && j < py && k < pz) ++counts[std::size_t(i + px * (j + py * k))];
          else ADD_FAILURE() << "block " << b << " writes (" << i << ", " << j << ", " << k << "), outside the padded grid";
  }
  return counts;
}

void expect_tiled_once(const std::array<int, 3>& global, const std::array<int, 3>& parts) {
  const std::vector<int> counts = write_counts(global, parts);
  std::size_t wrong = 0;
  for (int c : counts) wrong += c != 1;
  EXPECT_EQ(wrong, 0u) << "cells written not exactly once, decomposition " << parts[0] << " x " << parts[1] << " x "
                       << parts[2] << " of " << global[0] << " x " << global[1] << " x " << global[2];
}

}  // namespace

TEST(CheckpointRegion, OneBlockOwnsTheWholePaddedGrid) {
  const Grid g = Grid::whole(13, 7, 5);
  const PaddedBox own = owned_region(g);
  EXPECT_EQ(own.start, (std::array<Index, 3>{0, 0, 0}));
  EXPECT_EQ(own.count, (std::array<Index, 3>{17, 11, 9}));
  expect_tiled_once({13, 7, 5}, {1, 1, 1});
}

TEST(CheckpointRegion, UnevenSplitsTileThePaddedGridOnce) {
  expect_tiled_once({13, 7, 5}, {2, 1, 1});
  expect_tiled_once({13, 7, 5}, {2, 2, 1});
  expect_tiled_once({13, 7, 5}, {3, 2, 2});
  // Blocks one cell thick: their low and high halos are both someone else's.
  expect_tiled_once({5, 4, 3}, {5, 4, 3});
}

TEST(CheckpointRegion, WindowIsTheBlockAndItsHaloInGlobalPaddedCells) {
  const Grid g = test::test_block({13, 7, 5}, {2, 2, 1}, 3);  // x 7..12, y 4..6
  const PaddedBox w = padded_window(g);
  EXPECT_EQ(w.start, (std::array<Index, 3>{7, 4, 0}));
  EXPECT_EQ(w.count, (std::array<Index, 3>{6 + 4, 3 + 4, 5 + 4}));
  // Its high faces touch the domain: it owns the high halo, not the low one.
  const PaddedBox own = owned_region(g);
  EXPECT_EQ(own.start, (std::array<Index, 3>{9, 6, 0}));
  EXPECT_EQ(own.count, (std::array<Index, 3>{8, 5, 9}));
}
