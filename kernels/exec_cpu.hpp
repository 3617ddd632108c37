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
  static void upload(void* dst, const void* src, std::size_t bytes) { std::memcpy(dst, src, bytes); }
  static void download(void* dst, const void* src, std::size_t bytes) { std::memcpy(dst, src, bytes); }
  static void synchronize() {}

  // Flush denormals to zero on the calling thread. Air at rest leaves population
  // deviations and temperature differences decaying towards 1e-38, where every x86 float
  // operation takes a ~100-cycle microcode assist: the demo room ran 10x slower without.
  static void flush_denormals() { _mm_setcsr(_mm_getcsr() | 0x8040); }  // FTZ | DAZ

  // Every interior cell of the block.
  template <class F>
  static void interior(const Grid& g, const F& f) {
#pragma omp parallel
    flush_denormals();
#pragma omp parallel for collapse(2) schedule(static)
    for (int k = 0; k < g.nz; ++k)
      for (int j = 0; j < g.ny; ++j) {
        const Index row = g.index(0, j, k);
#pragma omp simd
        for (int i = 0; i < g.nx; ++i) f(row + i);
      }
  }

  // Items 0 .. count-1 of a list (boundary links, sources, periodic images).
  template <class F>
  static void range(Index count, const F& f) {
    if (count <= 0) return;
#pragma omp parallel for schedule(static) if (count > 4096)
    for (Index k = 0; k < count; ++k) f(k);
  }

  template <class T, class Map, class Combine>
  static T reduce(Index count, T init, const Map& map, const Combine& combine) {
    std::vector<T> partial(omp_get_max_threads(), init);
#pragma omp parallel
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
