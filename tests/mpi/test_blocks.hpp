// A tiny Cartesian decomposition for the checkpoint tests (the solver's own is elsewhere):
// blocks of `global` cells, `parts` blocks along each axis, the first `n % p` blocks one
// cell longer, so uneven splits are covered.
#pragma once

#include <array>

#include "rackflow/grid.hpp"

namespace rackflow::test {

inline Grid test_block(const std::array<int, 3>& global, const std::array<int, 3>& parts, int block) {
  const std::array<int, 3> at{block % parts[0], (block / parts[0]) % parts[1], block / (parts[0] * parts[1])};
  Grid g;
  std::array<int, 3> n{};
  for (int a = 0; a < 3; ++a) {
    const int base = global[a] / parts[a], extra = global[a] % parts[a];
    n[a] = base + (at[a] < extra ? 1 : 0);
    g.origin[a] = Index(at[a]) * base + (at[a] < extra ? at[a] : extra);
    g.global[a] = global[a];
  }
  g.nx = n[0];
  g.ny = n[1];
  g.nz = n[2];
  return g;
}

}  // namespace rackflow::test
