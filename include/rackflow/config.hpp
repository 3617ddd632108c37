// Device-safe basics shared by every component: the host/device qualifier macro and the
// index type. This is the only header that looks at __CUDACC__ (nvcc, and nvcc_wrapper for
// a CUDA Kokkos) and __HIPCC__ (hipcc for a HIP Kokkos, whose clang defines __host__ and
// __device__ itself). SYCL needs no qualifier: it compiles for the device whatever a
// kernel calls (docs/kokkos.md).
#pragma once

#include <cstdint>

#if defined(__CUDACC__)
#define RF_HD __host__ __device__
#define RF_INLINE __forceinline__
#elif defined(__HIPCC__)
#define RF_HD __host__ __device__
#define RF_INLINE inline __attribute__((always_inline))
#else
#define RF_HD
#define RF_INLINE inline __attribute__((always_inline))
#endif

namespace rackflow {

// Cell indices: 64-bit so that one GPU can hold > 2^31 cells (an H200 fits ~600 M).
using Index = std::int64_t;

}  // namespace rackflow
