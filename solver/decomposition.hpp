// Domain decomposition: the domain's cells cut into a Cartesian grid of blocks, one per
// rank. Pure arithmetic (no MPI), so `rackflow check --ranks N` can print what N ranks
// would get and the tests can check every split on one process.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "rackflow/grid.hpp"

namespace rackflow::solver {

struct Decomposition {
  std::array<int, 3> domain_cells{0, 0, 0};
  std::array<int, 3> blocks{1, 1, 1};        // blocks along x, y, z
  std::array<bool, 3> periodic{false, false, false};
  // Block b along axis a holds cells [start[a][b], start[a][b+1]).
  std::array<std::vector<int>, 3> start;

  int ranks() const { return blocks[0] * blocks[1] * blocks[2]; }
  // Rank order: x fastest, as the cells.
  std::array<int, 3> coords_of(int rank) const;
  int rank_at(const std::array<int, 3>& coords) const;
  // The rank's block as a Grid (origin, cells, the domain's cells).
  Grid block(int rank) const;
  // The rank across face `side` (0 low, 1 high) of `axis`, wrapping on a periodic axis
  // (possibly the rank itself); -1 at the domain boundary.
  int neighbour(int rank, int axis, int side) const;
  // "2 x 2 x 1 blocks of 32-33 x 20 x 16 cells".
  std::string describe() const;
};

// Splits the domain over `ranks` blocks. Without `blocks_requested`, the factorisation of
// `ranks` into blocks along x, y, z with the least halo surface (what MPI_Dims_create
// approximates for a cube, but weighted by the domain's shape); along an axis the cells
// split as evenly as they can (sizes differ by at most one). Throws std::invalid_argument
// when a block would be thinner than the halo (kHalo cells): the halo exchange fills two
// layers from one neighbour.
Decomposition decompose(const std::array<int, 3>& domain_cells, const std::array<bool, 3>& periodic, int ranks,
                        const std::optional<std::array<int, 3>>& blocks_requested = std::nullopt);

// "X,Y,Z" (positive integers) as given to --ranks-grid; throws std::invalid_argument.
std::array<int, 3> parse_ranks_grid(const std::string& text);

}  // namespace rackflow::solver
