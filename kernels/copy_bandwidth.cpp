// The copy bandwidth: the CPU measurement here, the CUDA one in copy_bandwidth_cuda.cu (or
// its absence in copy_bandwidth_no_cuda.cpp).
#include "copy_bandwidth.hpp"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include "copy_bandwidth_cuda.hpp"

namespace rackflow::kernels {

namespace {

namespace fs = std::filesystem;

constexpr double kMiB = 1024.0 * 1024.0;
// Each array is this many times the machine's last-level cache, so that at most a quarter
// of a copy can be served from cache (the STREAM rule), and never below kMinArrayBytes: a
// virtual machine may be shown less cache than the host's socket shares with it.
constexpr double kCacheMultiple = 4.0;
constexpr double kMinArrayBytes = 128 * kMiB;
// Without a cache size from the system: about the largest one socket had before 2020.
constexpr double kFallbackCacheBytes = 64 * kMiB;
// The two arrays take at most this share of the host memory still free, beside the case.
constexpr double kMaxShareOfFreeMemory = 0.25;
// Timed copies after the first-touch pass; the best is kept (STREAM reports the best too:
// the others lost time to the operating system or to other work on the machine).
constexpr int kCpuRepeats = 5;

std::string read_line(const fs::path& file) {
  std::ifstream in(file);
  std::string s;
  std::getline(in, s);
  return s;
}

// sysfs sizes read "32768K" or "1M".
double cache_size_bytes(const std::string& text) {
  char* end = nullptr;
  const double n = std::strtod(text.c_str(), &end);
  if (end && *end == 'K') return n * 1024.0;
  if (end && *end == 'M') return n * kMiB;
  return n;
}

// The last-level caches of the whole machine, summed over the distinct instances (one per
// socket, or per core complex on AMD), from sysfs; 0 when sysfs does not say.
double machine_last_level_cache_bytes() {
  std::map<int, std::map<std::string, double>> caches_by_level;  // level -> instance -> bytes
  std::error_code ec;
  for (const auto& cpu : fs::directory_iterator("/sys/devices/system/cpu", ec)) {
    const std::string name = cpu.path().filename().string();
    if (name.size() < 4 || name.compare(0, 3, "cpu") != 0 || name[3] < '0' || name[3] > '9') continue;
    for (const auto& index : fs::directory_iterator(cpu.path() / "cache", ec)) {
      const std::string type = read_line(index.path() / "type");
      if (type != "Unified" && type != "Data") continue;
      const int level = std::atoi(read_line(index.path() / "level").c_str());
      const std::string instance = read_line(index.path() / "shared_cpu_list");
      caches_by_level[level][instance] = cache_size_bytes(read_line(index.path() / "size"));
    }
  }
  if (caches_by_level.empty()) return 0;
  double total = 0;
  for (const auto& [instance, bytes] : caches_by_level.rbegin()->second) total += bytes;
  return total;
}

double cpu_array_bytes() {
  double cache = machine_last_level_cache_bytes();
  if (cache <= 0) cache = double(sysconf(_SC_LEVEL3_CACHE_SIZE));
  if (cache <= 0) cache = kFallbackCacheBytes;
  const double wanted = std::max(kCacheMultiple * cache, kMinArrayBytes);
  const double free_bytes = double(sysconf(_SC_AVPHYS_PAGES)) * double(sysconf(_SC_PAGE_SIZE));
  const double most = free_bytes > 0 ? kMaxShareOfFreeMemory * free_bytes / 2 : wanted;
  return std::min(wanted, most);
}

int team(int cpu_threads) { return cpu_threads > 0 ? cpu_threads : omp_get_max_threads(); }

double measure_cpu_copy_gb_s(const CopyBuffers& buffers) {
  const std::size_t n = std::size_t(buffers.bytes_per_array / sizeof(float));
  if (n == 0) throw std::runtime_error("no host memory free for the copy-bandwidth measurement");
  // Not value-initialised: each thread's first touch places its pages on its own NUMA node.
  std::unique_ptr<float[]> a(new float[n]), b(new float[n]);
  float* const pa = a.get();
  float* const pb = b.get();
  const int threads = buffers.threads;
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::size_t i = 0; i < n; ++i) {
    pa[i] = 0.0f;
    pb[i] = float(i % 1024);
  }
  double best_s = std::numeric_limits<double>::infinity();
  for (int r = 0; r < buffers.repeats; ++r) {
    const double t0 = omp_get_wtime();
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::size_t i = 0; i < n; ++i) pa[i] = pb[i];
    best_s = std::min(best_s, omp_get_wtime() - t0);
  }
  // Reading the result keeps the copies from being optimised away, and checks them.
  if (pa[n - 1] != pb[n - 1] || pa[n / 2] != pb[n / 2])
    throw std::runtime_error("the copy-bandwidth measurement copied wrong values");
  return 2.0 * double(n) * sizeof(float) / best_s * 1e-9;
}

}  // namespace

CopyBuffers copy_buffers(CopyDevice device, int cpu_threads) {
  if (device == CopyDevice::Cuda) return cuda_copy_buffers();
  CopyBuffers b;
  b.bytes_per_array = cpu_array_bytes();
  b.threads = team(cpu_threads);
  b.repeats = kCpuRepeats;
  return b;
}

double measure_copy_bandwidth_gb_s(CopyDevice device, int cpu_threads) {
  if (device == CopyDevice::Cuda) return measure_cuda_copy_gb_s(cuda_copy_buffers());
  return measure_cpu_copy_gb_s(copy_buffers(device, cpu_threads));
}

}  // namespace rackflow::kernels
