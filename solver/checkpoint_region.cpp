#include "checkpoint_region.hpp"

namespace rackflow::solver {

PaddedBox padded_window(const Grid& grid) {
  const std::array<Index, 3> n{grid.nx, grid.ny, grid.nz};
  PaddedBox box;
  for (int a = 0; a < 3; ++a) {
    // Local padded coordinate 0 is local cell -kHalo, i.e. global padded origin[a].
    box.start[a] = grid.origin[a];
    box.count[a] = n[a] + 2 * kHalo;
  }
  return box;
}

PaddedBox owned_region(const Grid& grid) {
  const std::array<Index, 3> n{grid.nx, grid.ny, grid.nz};
  PaddedBox box;
  for (int a = 0; a < 3; ++a) {
    const bool low_face = grid.origin[a] == 0;
    const bool high_face = grid.origin[a] + n[a] == grid.global[a];
    const Index begin = low_face ? 0 : grid.origin[a] + kHalo;
    const Index end = high_face ? grid.global[a] + 2 * kHalo : grid.origin[a] + kHalo + n[a];
    box.start[a] = begin;
    box.count[a] = end - begin;
  }
  return box;
}

std::array<Index, 3> global_padded_cells(const Grid& grid) {
  return {grid.global[0] + 2 * kHalo, grid.global[1] + 2 * kHalo, grid.global[2] + 2 * kHalo};
}

}  // namespace rackflow::solver
