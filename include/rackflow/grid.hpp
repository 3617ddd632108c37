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
};

}  // namespace rackflow
