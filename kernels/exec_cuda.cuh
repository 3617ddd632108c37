// CUDA launch layer: one thread per cell, x along threadIdx so that every warp reads and
// writes whole cache lines of each population array.
#pragma once

#include <cuda_runtime.h>
#include <thrust/execution_policy.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/transform_reduce.h>

#include <stdexcept>
#include <string>

#include "rackflow/grid.hpp"

namespace rackflow::kernels {

inline void cuda_check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

template <class F>
__global__ void interior_kernel(Grid g, F f) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < g.nx) f(g.index(i, blockIdx.y, blockIdx.z));
}

template <class F>
__global__ void range_kernel(Index count, F f) {
  for (Index k = blockIdx.x * Index(blockDim.x) + threadIdx.x; k < count;
       k += Index(gridDim.x) * blockDim.x)
    f(k);
}

struct CudaExec {
  static constexpr int kBlockX = 128;

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
  static void upload(void* dst, const void* src, std::size_t bytes) {
    cuda_check(cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice), "upload");
  }
  static void download(void* dst, const void* src, std::size_t bytes) {
    cuda_check(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToHost), "download");
  }
  static void synchronize() { cuda_check(cudaDeviceSynchronize(), "kernel"); }

  template <class F>
  static void interior(const Grid& g, const F& f) {
    const dim3 block(kBlockX);
    const dim3 grid((g.nx + kBlockX - 1) / kBlockX, g.ny, g.nz);
    interior_kernel<<<grid, block>>>(g, f);
    cuda_check(cudaGetLastError(), "interior launch");
  }

  template <class F>
  static void range(Index count, const F& f) {
    if (count <= 0) return;
    const int blocks = int((count + 255) / 256 < 65535 ? (count + 255) / 256 : 65535);
    range_kernel<<<blocks, 256>>>(count, f);
    cuda_check(cudaGetLastError(), "range launch");
  }

  template <class T, class Map, class Combine>
  static T reduce(Index count, T init, const Map& map, const Combine& combine) {
    return thrust::transform_reduce(thrust::device, thrust::counting_iterator<Index>(0),
                                    thrust::counting_iterator<Index>(count), map, init, combine);
  }
};

}  // namespace rackflow::kernels
