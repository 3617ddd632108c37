// The memory bandwidth a device actually delivers to a plain copy, measured in the same run
// as a benchmark, so the benchmark's effective bandwidth can be given as a share of it.
// No launch-layer types: the solver compiles this header as plain C++.
#pragma once

namespace rackflow::kernels {

enum class CopyDevice { Cpu, Cuda };

// What one measurement copies, for saying what the figure means.
struct CopyBuffers {
  double bytes_per_array = 0;  // b is copied into a, each this large
  int threads = 1;             // CPU: the OpenMP team; CUDA: 1 (the copy engine decides)
  int repeats = 1;             // timed copies, of which the fastest counts
};

// The buffers measure_copy_bandwidth_gb_s(device, cpu_threads) uses. CPU: each array at
// least 4x the last-level cache of the whole machine (and 128 MiB), so the copy runs from
// and to DRAM; CUDA: a quarter of the free device memory, at most 1 GiB per array.
// `cpu_threads` <= 0: the CPU launch layer's team (omp_get_max_threads()).
CopyBuffers copy_buffers(CopyDevice device, int cpu_threads);

// GB/s (1e9 bytes) of a[i] = b[i] over copy_buffers(device, cpu_threads), counting the
// bytes read and the bytes written (2 per byte copied, as STREAM's "Copy" does; a CPU's
// write-allocate reads are not counted), best of several repeats after a warm-up copy.
// CPU: an OpenMP loop, each thread first-touching the part it copies. CUDA:
// cudaMemcpyDeviceToDevice timed with events. Throws std::runtime_error for CUDA in a
// build without it, or when the device fails.
double measure_copy_bandwidth_gb_s(CopyDevice device, int cpu_threads);

}  // namespace rackflow::kernels
