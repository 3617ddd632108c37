// Kokkos launch layer: the functors the CPU and CUDA layers launch, run by Kokkos in its
// default execution space (Serial with Debian's Kokkos; CUDA, HIP, SYCL or OpenMP with a
// Kokkos the user built, docs/kokkos.md). Memory is raw kokkos_malloc storage in that
// space's memory space, moved by deep_copy on unmanaged Views, so the stepper keeps the
// plain pointers every functor captures.
#pragma once

#include <Kokkos_Core.hpp>

#include <cstddef>
#include <string>
#include <type_traits>

#include "halo_kernels.hpp"
#include "rackflow/grid.hpp"

#if defined(__SSE__) && !defined(__CUDA_ARCH__)
#include <xmmintrin.h>
#endif

namespace rackflow::kernels {

namespace kokkos_detail {

using ExecSpace = Kokkos::DefaultExecutionSpace;
using MemSpace = ExecSpace::memory_space;
using Unmanaged = Kokkos::MemoryTraits<Kokkos::Unmanaged>;
using Span = Kokkos::RangePolicy<ExecSpace, Kokkos::IndexType<Index>>;

template <class Space>
using Bytes = Kokkos::View<unsigned char*, Space, Unmanaged>;
template <class Space>
using ConstBytes = Kokkos::View<const unsigned char*, Space, Unmanaged>;

// Whole cache lines plus one, as the CPU (rounding) and CUDA (+64 bytes) layers allocate.
inline std::size_t padded_bytes(std::size_t bytes) { return ((bytes + 63) / 64) * 64 + 64; }

template <class Space>
void* allocate_zeroed(std::size_t bytes) {
  const std::size_t n = padded_bytes(bytes);
  void* p = Kokkos::kokkos_malloc<Space>("rackflow", n);
  Kokkos::deep_copy(Bytes<Space>(static_cast<unsigned char*>(p), n), static_cast<unsigned char>(0));
  return p;
}

// Cell t (x fastest) of a box, as the CUDA layer numbers them.
template <class F>
struct BoxCells {
  Grid grid;
  Slab box;
  F f;
  KOKKOS_INLINE_FUNCTION void operator()(const int i, const int j, const int k) const {
    f(grid.index(box.lo[0] + i, box.lo[1] + j, box.lo[2] + k));
  }
};

template <class F>
struct Items {
  F f;
  KOKKOS_INLINE_FUNCTION void operator()(const Index k) const { f(k); }
};

template <class T, class Map, class Combine>
struct MapCombine {
  Map map;
  Combine combine;
  KOKKOS_INLINE_FUNCTION void operator()(const Index k, T& acc) const { acc = combine(acc, map(k)); }
};

// A Kokkos reducer over any value type with a combine functor and an identity (Health,
// FieldSums: kernels/diagnostics.hpp). The result lives on the host.
template <class T, class Combine>
struct CombineReducer {
  using reducer = CombineReducer;
  using value_type = T;
  using result_view_type = Kokkos::View<T, Kokkos::HostSpace, Unmanaged>;

  T* result;
  T identity;
  Combine combine;

  KOKKOS_INLINE_FUNCTION void join(value_type& dest, const value_type& src) const { dest = combine(dest, src); }
  // Kokkos 3.4 joins through volatile references; the combine functors take plain ones.
  KOKKOS_INLINE_FUNCTION void join(volatile value_type& dest, const volatile value_type& src) const {
    const_cast<value_type&>(dest) = combine(const_cast<const value_type&>(dest), const_cast<const value_type&>(src));
  }
  KOKKOS_INLINE_FUNCTION void init(value_type& v) const { v = identity; }
  KOKKOS_INLINE_FUNCTION value_type& reference() const { return *result; }
  KOKKOS_INLINE_FUNCTION result_view_type view() const { return result_view_type(result); }
  KOKKOS_INLINE_FUNCTION bool references_scalar() const { return true; }
};

// out[s] = sum of in[begin[s] .. end[s]), one work item per segment, each in order.
struct SegmentSums {
  const double* in;
  const Index* begin;
  const Index* end;
  double* out;
  KOKKOS_INLINE_FUNCTION void operator()(const Index s) const {
    double sum = 0;
    for (Index q = begin[s]; q < end[s]; ++q) sum += in[q];
    out[s] = sum;
  }
};

// Denormals flushed on the launching thread when Kokkos runs kernels on it (Serial): the
// CPU layer's reason (CpuExec::flush_denormals), and the same arithmetic as that layer.
inline void flush_denormals_on_host() {
#if defined(__SSE__) && !defined(__CUDA_ARCH__)
  if (std::is_same<ExecSpace, Kokkos::DefaultHostExecutionSpace>::value) _mm_setcsr(_mm_getcsr() | 0x8040);
#endif
}

}  // namespace kokkos_detail

struct KokkosExec {
  static std::string describe() {
    return std::string("kokkos (") + kokkos_detail::ExecSpace::name() + ", " +
           std::to_string(kokkos_detail::ExecSpace().concurrency()) + " way)";  // a member from Kokkos 4 on
  }

  template <class T>
  static T* allocate(std::size_t count) {
    return static_cast<T*>(kokkos_detail::allocate_zeroed<kokkos_detail::MemSpace>(count * sizeof(T)));
  }
  static void release(void* p) { Kokkos::kokkos_free<kokkos_detail::MemSpace>(p); }
  // Host memory for staging halos and port sums.
  template <class T>
  static T* allocate_host(std::size_t count) {
    return static_cast<T*>(kokkos_detail::allocate_zeroed<Kokkos::HostSpace>(count * sizeof(T)));
  }
  static void release_host(void* p) { Kokkos::kokkos_free<Kokkos::HostSpace>(p); }

  static void upload(void* dst, const void* src, std::size_t bytes) {
    if (bytes == 0) return;
    using namespace kokkos_detail;
    Kokkos::deep_copy(Bytes<MemSpace>(static_cast<unsigned char*>(dst), bytes),
                      ConstBytes<Kokkos::HostSpace>(static_cast<const unsigned char*>(src), bytes));
  }
  static void download(void* dst, const void* src, std::size_t bytes) {
    if (bytes == 0) return;
    using namespace kokkos_detail;
    Kokkos::deep_copy(Bytes<Kokkos::HostSpace>(static_cast<unsigned char*>(dst), bytes),
                      ConstBytes<MemSpace>(static_cast<const unsigned char*>(src), bytes));
  }
  static void synchronize() { Kokkos::fence(); }

  // Every interior cell, as the contiguous span from the first to the last one (the CPU
  // and CUDA layers' reason: no per-row remainders; the kernels handle the x- and y-halo
  // cells inside the span by their flags).
  template <class F>
  static void interior(const Grid& g, const F& f) {
    const Index first = g.index(0, 0, 0), last = g.index(g.nx - 1, g.ny - 1, g.nz - 1);
    kokkos_detail::flush_denormals_on_host();
    Kokkos::parallel_for("rackflow::interior", kokkos_detail::Span(first, last + 1), kokkos_detail::Items<F>{f});
  }

  // Every cell of a box of the grid (Slab: local coordinates), x fastest (Iterate::Left).
  template <class F>
  static void box(const Grid& g, const Slab& b, const F& f) {
    if (b.empty()) return;
    using Policy = Kokkos::MDRangePolicy<kokkos_detail::ExecSpace, Kokkos::Rank<3, Kokkos::Iterate::Left, Kokkos::Iterate::Left>>;
    kokkos_detail::flush_denormals_on_host();
    Kokkos::parallel_for("rackflow::box", Policy({0, 0, 0}, {Index(b.n[0]), Index(b.n[1]), Index(b.n[2])}),
                         kokkos_detail::BoxCells<F>{g, b, f});
  }

  // Items 0 .. count-1 of a list (boundary links, sources, halo slab values).
  template <class F>
  static void range(Index count, const F& f) {
    if (count <= 0) return;
    Kokkos::parallel_for("rackflow::range", kokkos_detail::Span(0, count), kokkos_detail::Items<F>{f});
  }

  // `scratch` is for the CUDA layer's CUB storage; a parallel_for over segments needs none.
  static void segmented_sum(const double* in, const Index* begin, const Index* end, int segments, double* out,
                            void*& /*scratch*/, std::size_t& /*scratch_bytes*/) {
    if (segments <= 0) return;
    Kokkos::parallel_for("rackflow::segmented_sum", kokkos_detail::Span(0, segments),
                         kokkos_detail::SegmentSums{in, begin, end, out});
  }

  template <class T, class Map, class Combine>
  static T reduce(Index count, T init, const Map& map, const Combine& combine) {
    T result = init;
    if (count <= 0) return result;
    Kokkos::parallel_reduce("rackflow::reduce", kokkos_detail::Span(0, count),
                            kokkos_detail::MapCombine<T, Map, Combine>{map, combine},
                            kokkos_detail::CombineReducer<T, Combine>{&result, init, combine});
    return result;  // parallel_reduce into a host scalar fences
  }
};

}  // namespace rackflow::kernels
