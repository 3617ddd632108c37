// The copy bandwidth of this rank's GPU: cudaMemcpyDeviceToDevice of a large buffer, timed
// with events.
#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "copy_bandwidth_cuda.hpp"

namespace rackflow::kernels {

namespace {

constexpr double kMaxArrayBytes = 1024.0 * 1024.0 * 1024.0;  // far beyond any L2 (50-126 MiB)
// The two arrays take at most half of the free memory, beside the case's fields.
constexpr double kShareOfFreeMemoryPerArray = 0.25;
// Timed copies after a warm-up one; the best is kept, as STREAM does.
constexpr int kCudaRepeats = 10;

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess)
    throw std::runtime_error(std::string("copy-bandwidth measurement: ") + what + ": " + cudaGetErrorString(e));
}

}  // namespace

CopyBuffers cuda_copy_buffers() {
  std::size_t free = 0, total = 0;
  check(cudaMemGetInfo(&free, &total), "cudaMemGetInfo");
  CopyBuffers b;
  // Whole 4 KiB pages: the copy engine's best case, and what any real field is.
  const double bytes = std::min(kMaxArrayBytes, kShareOfFreeMemoryPerArray * double(free));
  b.bytes_per_array = double(std::size_t(bytes) / 4096 * 4096);
  b.threads = 1;
  b.repeats = kCudaRepeats;
  return b;
}

double measure_cuda_copy_gb_s(const CopyBuffers& buffers) {
  const std::size_t bytes = std::size_t(buffers.bytes_per_array);
  if (bytes == 0) throw std::runtime_error("no device memory free for the copy-bandwidth measurement");
  void* a = nullptr;
  void* b = nullptr;
  cudaEvent_t start = nullptr, stop = nullptr;
  float best_ms = 0;
  auto release = [&] {
    if (start) cudaEventDestroy(start);
    if (stop) cudaEventDestroy(stop);
    cudaFree(a);
    cudaFree(b);
  };
  try {
    check(cudaMalloc(&a, bytes), "cudaMalloc");
    check(cudaMalloc(&b, bytes), "cudaMalloc");
    check(cudaMemset(b, 1, bytes), "cudaMemset");
    check(cudaEventCreate(&start), "cudaEventCreate");
    check(cudaEventCreate(&stop), "cudaEventCreate");
    check(cudaMemcpy(a, b, bytes, cudaMemcpyDeviceToDevice), "cudaMemcpy");  // warm-up: clocks, TLB
    for (int r = 0; r < buffers.repeats; ++r) {
      check(cudaEventRecord(start), "cudaEventRecord");
      check(cudaMemcpyAsync(a, b, bytes, cudaMemcpyDeviceToDevice), "cudaMemcpyAsync");
      check(cudaEventRecord(stop), "cudaEventRecord");
      check(cudaEventSynchronize(stop), "cudaEventSynchronize");
      float ms = 0;
      check(cudaEventElapsedTime(&ms, start, stop), "cudaEventElapsedTime");
      if (r == 0 || ms < best_ms) best_ms = ms;
    }
  } catch (...) {
    release();
    throw;
  }
  release();
  return 2.0 * double(bytes) / (double(best_ms) * 1e-3) * 1e-9;
}

}  // namespace rackflow::kernels
