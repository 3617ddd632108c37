// CPU launch layer: OpenMP threads over rows, SIMD along x. Functors are the same objects
// the CUDA layer launches.
#pragma once

#include <omp.h>
#include <xmmintrin.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "halo_kernels.hpp"
#include "rackflow/grid.hpp"

namespace rackflow::kernels {

struct CpuExec {
  static std::string describe() {
    return "cpu (" + std::to_string(omp_get_max_threads()) + " OpenMP threads)";
  }

  template <class T>
  static T* allocate(std::size_t count) {
    // 64-byte alignment: whole cache lines, aligned SIMD loads along x rows.
    const std::size_t bytes = ((count * sizeof(T) + 63) / 64) * 64;
    void* p = std::aligned_alloc(64, bytes ? bytes : 64);
    if (!p) throw std::bad_alloc();
    std::memset(p, 0, bytes);
    return static_cast<T*>(p);
  }
  static void release(void* p) { std::free(p); }
  // Host memory for staging halos (pinned on a GPU backend).
  template <class T>
  static T* allocate_host(std::size_t count) { return allocate<T>(count); }
  static void release_host(void* p) { std::free(p); }
  static void upload(void* dst, const void* src, std::size_t bytes) { std::memcpy(dst, src, bytes); }
  static void download(void* dst, const void* src, std::size_t bytes) { std::memcpy(dst, src, bytes); }
  static void synchronize() {}

  // Flush denormals to zero on the calling thread. Air at rest leaves population
  // deviations and temperature differences decaying towards 1e-38, where every x86 float
  // operation takes a ~100-cycle microcode assist: the demo room ran 10x slower without.
  static void flush_denormals() { _mm_setcsr(_mm_getcsr() | 0x8040); }  // FTZ | DAZ

  // Below this many cells a thread team costs more in barriers than it saves (validation
  // grids of a few thousand cells ran 100x slower on a loaded 2-core machine). Above it a
  // team pays: at 32768 the dlc-hall case (27,648 cells) ran on one thread at 9.0 MLUPs/s,
  // at 8192 on two at 15.5, and the 96^2 cavity went from 119 s to 85 s. Small work
  // gets a team of one through num_threads, not an `if` clause: for `if` GCC 12 also
  // emits a serial copy of the region that it does not vectorise (5 vs 28 MLUPs/s).
  static constexpr Index kParallelCells = 8192;
  static int team_size(Index work) { return work >= kParallelCells ? omp_get_max_threads() : 1; }

  // Every interior cell of the block, swept as one contiguous span from the first to the
  // last interior cell. Sweeping row by row leaves nx mod (SIMD width) cells per row to a
  // scalar remainder loop, and a scalar cell costs as much as a whole vector: 24^3 ran at
  // 5 MLUPs/s against 28 for 32^3 on one core. The span also covers the x- and y-halo
  // cells between rows; the kernels handle those by their flags (boundary cells write
  // zeros or keep their temperature, halo cells of the domain are refilled by the exchange before they are read),
  // at a cost of ~4/nx + 4/ny extra cells.
  template <class F>
  static void interior(const Grid& g, const F& f) {
    const Index first = g.index(0, 0, 0), last = g.index(g.nx - 1, g.ny - 1, g.nz - 1);
#pragma omp parallel num_threads(team_size(g.cells_interior()))
    {
      flush_denormals();
      // A private copy: the functor's pointers and parameters are then locals no store in
      // the loop can alias, so they stay in registers and each store has a loop-invariant
      // base. Through the shared reference GCC reloaded them per cell and, finding the
      // stores' bases variant, gave up vectorising ("unsupported emulated scatter").
      const F kernel = f;
#pragma omp for simd schedule(static)
      for (Index c = first; c <= last; ++c) kernel(c);
    }
  }

  // out[s] = sum of in[begin[s] .. end[s]), each segment in order (one thread per segment).
  // `scratch` is for the GPU layer's temporary storage; the CPU needs none.
  static void segmented_sum(const double* in, const Index* begin, const Index* end, int segments, double* out,
                            void*& /*scratch*/, std::size_t& /*scratch_bytes*/) {
#pragma omp parallel for schedule(static) num_threads(team_size(segments > 0 ? end[segments - 1] : 0))
    for (int s = 0; s < segments; ++s) {
      double sum = 0;
      for (Index q = begin[s]; q < end[s]; ++q) sum += in[q];
      out[s] = sum;
    }
  }

  // Every cell of a box of the grid (Slab: local coordinates), row by row, each row a SIMD
  // loop along x.
  template <class F>
  static void box(const Grid& g, const Slab& b, const F& f) {
    if (b.empty()) return;
    const Index rows = Index(b.n[1]) * b.n[2];
#pragma omp parallel num_threads(team_size(b.cells()))
    {
      flush_denormals();
      const F kernel = f;  // private, as in interior()
#pragma omp for schedule(static)
      for (Index r = 0; r < rows; ++r) {
        const Index first = g.index(b.lo[0], b.lo[1] + int(r % b.n[1]), b.lo[2] + int(r / b.n[1]));
#pragma omp simd
        for (Index i = 0; i < b.n[0]; ++i) kernel(first + i);
      }
    }
  }

  // Items 0 .. count-1 of a list (boundary links, sources, halo slab values).
  template <class F>
  static void range(Index count, const F& f) {
    if (count <= 0) return;
#pragma omp parallel for schedule(static) num_threads(team_size(count))
    for (Index k = 0; k < count; ++k) f(k);
  }

  // A halo slab's values, row by row: one thread per value pays four 64-bit divisions for
  // its indices, ~200 cycles against a copy of a few. A one-cell-deep periodic axis
  // (quasi-2-D cases) exchanges its whole plane twice a step, and that arithmetic made the
  // step 30x the cell update's cost.
  template <class T>
  static void range(Index count, const SlabCopy<T>& copy) {
    if (count <= 0) return;
    const Slab& s = copy.slab;
    const Index rows_per_component = Index(s.n[1]) * s.n[2];
    const Index rows = rows_per_component * copy.count;
#pragma omp parallel for schedule(static) num_threads(team_size(count))
    for (Index r = 0; r < rows; ++r) {
      const int comp = int(r / rows_per_component);
      const Index in_comp = r - comp * rows_per_component;
      const int j = s.lo[1] + int(in_comp % s.n[1]), k = s.lo[2] + int(in_comp / s.n[1]);
      const Index first_value = r * s.n[0];
      const Index first_cell = Index(copy.component[comp]) * copy.stride + copy.grid.index(s.lo[0], j, k);
      for (int i = 0; i < s.n[0]; ++i) copy.transfer(first_value + i, first_cell + i);
    }
  }

  template <class T, class Map, class Combine>
  static T reduce(Index count, T init, const Map& map, const Combine& combine) {
    std::vector<T> partial(omp_get_max_threads(), init);
#pragma omp parallel num_threads(team_size(count))
    {
      T local = init;
#pragma omp for schedule(static)
      for (Index k = 0; k < count; ++k) local = combine(local, map(k));
      partial[omp_get_thread_num()] = local;
    }
    T r = init;
    for (const T& p : partial) r = combine(r, p);  // fixed order: reproducible sums
    return r;
  }
};

}  // namespace rackflow::kernels
