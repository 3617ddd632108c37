// CUDA launch layer: one thread per cell of a contiguous span, so that every warp reads
// and writes whole cache lines of each population array.
#pragma once

#include <cuda_runtime.h>
#include <cub/device/device_segmented_reduce.cuh>
#include <thrust/execution_policy.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/transform_reduce.h>

#include <stdexcept>
#include <string>

#include "halo_kernels.hpp"
#include "rackflow/grid.hpp"

namespace rackflow::kernels {

inline void cuda_check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

template <class F>
__global__ void span_kernel(Index first, Index last, F f) {
  const Index c = first + blockIdx.x * Index(blockDim.x) + threadIdx.x;
  if (c <= last) f(c);
}

template <class F>
__global__ void box_kernel(Grid g, Slab b, Index count, F f) {
  const Index t = blockIdx.x * Index(blockDim.x) + threadIdx.x;
  if (t >= count) return;
  const int i = b.lo[0] + int(t % b.n[0]);
  const Index r = t / b.n[0];
  f(g.index(i, b.lo[1] + int(r % b.n[1]), b.lo[2] + int(r / b.n[1])));
}

template <class F>
__global__ void range_kernel(Index count, F f) {
  for (Index k = blockIdx.x * Index(blockDim.x) + threadIdx.x; k < count;
       k += Index(gridDim.x) * blockDim.x)
    f(k);
}

struct CudaExec {
  static constexpr int kBlock = 256;

  static std::string describe() {
    int dev = 0;
    cudaDeviceProp prop{};
    cuda_check(cudaGetDevice(&dev), "cudaGetDevice");
    cuda_check(cudaGetDeviceProperties(&prop, dev), "cudaGetDeviceProperties");
    return std::string("cuda (") + prop.name + ")";
  }

  template <class T>
  static T* allocate(std::size_t count) {
    void* p = nullptr;
    cuda_check(cudaMalloc(&p, count * sizeof(T) + 64), "cudaMalloc");
    cuda_check(cudaMemset(p, 0, count * sizeof(T) + 64), "cudaMemset");
    return static_cast<T*>(p);
  }
  static void release(void* p) { cudaFree(p); }
  // Pinned host memory for staging halos: copies to and from it run at full PCIe/NVLink-C2C
  // speed and without a bounce through a driver buffer.
  template <class T>
  static T* allocate_host(std::size_t count) {
    void* p = nullptr;
    cuda_check(cudaMallocHost(&p, count * sizeof(T) + 64), "cudaMallocHost");
    return static_cast<T*>(p);
  }
  static void release_host(void* p) { cudaFreeHost(p); }
  static void upload(void* dst, const void* src, std::size_t bytes) {
    cuda_check(cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice), "upload");
  }
  static void download(void* dst, const void* src, std::size_t bytes) {
    cuda_check(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToHost), "download");
  }
  static void synchronize() { cuda_check(cudaDeviceSynchronize(), "kernel"); }

  // Every interior cell, as the contiguous span from the first to the last one, like the
  // CPU layer: blocks along x rows would idle most threads of rows shorter than a block
  // (a 40-cell row fills 40 of 128). The x- and y-halo cells inside the span are handled
  // by the kernels through their flags.
  template <class F>
  static void interior(const Grid& g, const F& f) {
    const Index first = g.index(0, 0, 0), last = g.index(g.nx - 1, g.ny - 1, g.nz - 1);
    const Index blocks = (last - first + kBlock) / kBlock;
    span_kernel<<<unsigned(blocks), kBlock>>>(first, last, f);
    cuda_check(cudaGetLastError(), "interior launch");
  }

  // Every cell of a box of the grid (Slab: local coordinates), one thread per cell, x
  // fastest so that a warp reads along rows.
  template <class F>
  static void box(const Grid& g, const Slab& b, const F& f) {
    if (b.empty()) return;
    const Index count = b.cells();
    box_kernel<<<unsigned((count + kBlock - 1) / kBlock), kBlock>>>(g, b, count, f);
    cuda_check(cudaGetLastError(), "box launch");
  }

  template <class F>
  static void range(Index count, const F& f) {
    if (count <= 0) return;
    const int blocks = int((count + 255) / 256 < 65535 ? (count + 255) / 256 : 65535);
    range_kernel<<<blocks, 256>>>(count, f);
    cuda_check(cudaGetLastError(), "range launch");
  }

  // out[s] = sum of in[begin[s] .. end[s]) (device arrays), by CUB's segmented reduction;
  // its temporary storage is kept in `scratch` and grown when a call needs more.
  static void segmented_sum(const double* in, const Index* begin, const Index* end, int segments, double* out,
                            void*& scratch, std::size_t& scratch_bytes) {
    if (segments <= 0) return;
    std::size_t need = 0;
    cuda_check(cub::DeviceSegmentedReduce::Sum(nullptr, need, in, out, segments, begin, end), "segmented sum size");
    if (need > scratch_bytes) {
      if (scratch) cudaFree(scratch);
      scratch = nullptr;
      cuda_check(cudaMalloc(&scratch, need), "cudaMalloc (segmented sum)");
      scratch_bytes = need;
    }
    cuda_check(cub::DeviceSegmentedReduce::Sum(scratch, scratch_bytes, in, out, segments, begin, end), "segmented sum");
  }

  template <class T, class Map, class Combine>
  static T reduce(Index count, T init, const Map& map, const Combine& combine) {
    return thrust::transform_reduce(thrust::device, thrust::counting_iterator<Index>(0),
                                    thrust::counting_iterator<Index>(count), map, init, combine);
  }
};

}  // namespace rackflow::kernels
