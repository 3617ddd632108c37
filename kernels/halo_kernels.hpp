// Packing a slab of halo cells into a contiguous buffer and back, one thread per value.
#pragma once

#include "rackflow/config.hpp"
#include "rackflow/grid.hpp"
#include "population_storage.hpp"

namespace rackflow::kernels {

// A box of cells of a padded grid: first cell (local coordinates, halo included) and size.
struct Slab {
  int lo[3];
  int n[3];
  RF_HD Index cells() const { return Index(n[0]) * n[1] * n[2]; }
  bool empty() const { return n[0] <= 0 || n[1] <= 0 || n[2] <= 0; }
};

// The functor f over a list of items given by index (a subset of the links).
template <class F>
struct Subset {
  F f;
  const Index* items;
  RF_HD void operator()(Index t) const { f(items[t]); }
};

// The slab a face exchange moves: `depth` layers along `axis`, on side 0 (low) or 1
// (high), the interior layers next to the face when sending and the halo layers beyond
// it when receiving; across the whole padded extent of the other two axes.
inline Slab face_slab(const Grid& g, int axis, int side, int depth, bool receive) {
  const int n[3] = {g.nx, g.ny, g.nz};
  Slab s{};
  for (int a = 0; a < 3; ++a) {
    s.lo[a] = -kHalo;
    s.n[a] = n[a] + 2 * kHalo;
  }
  s.n[axis] = depth;
  s.lo[axis] = side == 0 ? (receive ? -depth : 0) : (receive ? n[axis] : n[axis] - depth);
  return s;
}

// Components [component[0] .. component[count-1]] of a field (component stride `stride`)
// over a slab, to or from `buffer` (component-major, then x fastest). T is float or a
// population storage; the buffer is float either way (the populations travel as FP32).
template <class T>
struct SlabCopy {
  Grid grid;
  Slab slab;
  T* field;
  Index stride;
  int component[19];
  int count;
  float* buffer;
  bool to_buffer;

  RF_HD void operator()(Index k) const {
    const Index cells = slab.cells();
    const int comp = int(k / cells);
    Index r = k - comp * cells;
    const int i = slab.lo[0] + int(r % slab.n[0]);
    r /= slab.n[0];
    const int j = slab.lo[1] + int(r % slab.n[1]);
    const int kk = slab.lo[2] + int(r / slab.n[1]);
    transfer(k, Index(component[comp]) * stride + grid.index(i, j, kk));
  }

  // Buffer value k <-> field value c.
  RF_HD RF_INLINE void transfer(Index k, Index c) const {
    if (to_buffer) buffer[k] = load_population(field, c);
    else store_population(field, c, buffer[k]);
  }
};

}  // namespace rackflow::kernels
