// D3Q19 velocity set: rest, 6 faces, 12 edges. Opposite directions are adjacent pairs
// (1,2), (3,4), ... so opposite(i) is a bit flip away, which keeps boundary rules cheap.
//
// The tables are local constexpr arrays inside constexpr functions: CUDA may not index a
// namespace-scope array with a runtime index in device code, while a local array in an
// inlined, unrolled loop folds to constants on both compilers.
#pragma once

#include "rackflow/config.hpp"

namespace rackflow::lattice::d3q19 {

constexpr int Q = 19;
constexpr float cs2 = 1.0f / 3.0f;  // speed of sound squared, lattice units

RF_HD constexpr int cx(int i) {
  constexpr int c[Q] = {0, 1, -1, 0, 0, 0, 0, 1, -1, 1, -1, 1, -1, 1, -1, 0, 0, 0, 0};
  return c[i];
}
RF_HD constexpr int cy(int i) {
  constexpr int c[Q] = {0, 0, 0, 1, -1, 0, 0, 1, -1, -1, 1, 0, 0, 0, 0, 1, -1, 1, -1};
  return c[i];
}
RF_HD constexpr int cz(int i) {
  constexpr int c[Q] = {0, 0, 0, 0, 0, 1, -1, 0, 0, 0, 0, 1, -1, -1, 1, 1, -1, -1, 1};
  return c[i];
}
RF_HD constexpr float w(int i) {
  return i == 0 ? 1.0f / 3.0f : (i < 7 ? 1.0f / 18.0f : 1.0f / 36.0f);
}
RF_HD constexpr int opposite(int i) { return i == 0 ? 0 : (((i - 1) ^ 1) + 1); }

}  // namespace rackflow::lattice::d3q19
