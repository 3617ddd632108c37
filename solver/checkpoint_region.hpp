// Which cells of a checkpoint's global arrays a block writes and reads (docs/checkpoint.md).
//
// A checkpoint stores every per-cell field on the GLOBAL padded grid: the domain's interior
// cells plus kHalo layers on every side, so that the boundary layers (walls, inlets, the
// periodic images) travel with the state. Padded coordinate p = global cell + kHalo, so the
// box runs 0 .. global + 2 kHalo - 1 on each axis. Pure index arithmetic, no HDF5, so it is
// tested in every build.
#pragma once

#include <array>

#include "rackflow/grid.hpp"

namespace rackflow::solver {

// A box of the global padded grid, axes in x, y, z order.
struct PaddedBox {
  std::array<Index, 3> start{0, 0, 0};
  std::array<Index, 3> count{0, 0, 0};
};

// The cells a block writes: its interior, and its halo layers along an axis only where the
// block touches that domain face (a rank's other halo cells are its neighbours' interior).
// Over the blocks of a decomposition these boxes tile the global padded grid exactly once.
PaddedBox owned_region(const Grid& grid);

// The block's whole padded window: interior and every halo cell, what a block reads back.
PaddedBox padded_window(const Grid& grid);

// The global padded grid: global + 2 kHalo cells along each axis.
std::array<Index, 3> global_padded_cells(const Grid& grid);

}  // namespace rackflow::solver
