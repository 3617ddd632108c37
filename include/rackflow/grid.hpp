// Index arithmetic of one block: nx*ny*nz interior cells surrounded by a halo of kHalo
// layers, structure-of-arrays storage with x fastest. Interior coordinates run 0..n-1;
// halo coordinates are negative or >= n.
//
// The halo is two cells deep: populations stream from nearest neighbours only, but the
// bounded (TVD) temperature advection reads the cell two upwind of a face. Domain
// boundaries live in the halo, and an MPI rank's halo will hold its neighbours' cells, so
// the kernels never test for block edges.
#pragma once

#include <array>

#include "rackflow/config.hpp"

namespace rackflow {

constexpr int kHalo = 2;

struct Grid {
  int nx = 0, ny = 0, nz = 0;  // interior cells
  // Where the block lies in the whole domain: the global cell of interior cell (0, 0, 0),
  // and the domain's interior cells. A single block is the domain (origin 0, global = n).
  std::array<Index, 3> origin{0, 0, 0};
  std::array<Index, 3> global{0, 0, 0};

  RF_HD Index sx() const { return nx + 2 * kHalo; }
  RF_HD Index sy() const { return ny + 2 * kHalo; }
  RF_HD Index sz() const { return nz + 2 * kHalo; }
  RF_HD Index stride_y() const { return sx(); }
  RF_HD Index stride_z() const { return sx() * sy(); }
  RF_HD Index cells_padded() const { return sx() * sy() * sz(); }
  RF_HD Index cells_interior() const { return Index(nx) * ny * nz; }

  RF_HD Index index(int i, int j, int k) const {
    return (i + kHalo) + sx() * ((j + kHalo) + sy() * Index(k + kHalo));
  }
  RF_HD Index offset(int dx, int dy, int dz) const {
    return dx + stride_y() * dy + stride_z() * dz;
  }
  // Interior/halo coordinates of a padded index.
  std::array<int, 3> coords(Index idx) const {
    const Index s = sx(), t = sy();
    return {int(idx % s) - kHalo, int((idx / s) % t) - kHalo, int(idx / (s * t)) - kHalo};
  }
  bool inside(int i, int j, int k) const {
    return i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz;
  }
  // The whole domain as one block.
  static Grid whole(int nx, int ny, int nz) {
    Grid g{nx, ny, nz};
    g.global = {nx, ny, nz};
    return g;
  }
  // Global cell coordinates of a local (interior or halo) cell; 64-bit, as a hall of 1e9
  // cells overflows 32 bits in a linear index.
  std::array<Index, 3> global_coords(int i, int j, int k) const {
    return {origin[0] + i, origin[1] + j, origin[2] + k};
  }
  // Linear index over the domain's interior cells, x fastest.
  Index global_index(int i, int j, int k) const {
    return (origin[0] + i) + global[0] * ((origin[1] + j) + global[1] * (origin[2] + k));
  }
  bool is_whole() const {
    return origin[0] == 0 && origin[1] == 0 && origin[2] == 0 && global[0] == nx && global[1] == ny && global[2] == nz;
  }
};

}  // namespace rackflow
