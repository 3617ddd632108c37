#include "bench.hpp"

#include <chrono>

namespace rackflow::solver {

namespace {
CaseSpec bench_case(int n) {
  CaseSpec s;
  s.name = "bench";
  s.domain.size_m = {0.05 * n, 0.05 * n, 0.05 * n};
  s.domain.resolution_m = 0.05;
  s.run.end_time_s = 1;
  s.run.max_velocity_m_s = 1.0;
  s.initial.temperature_c = 20;
  PatchSpec hot;
  hot.name = "hot floor";
  hot.kind = PatchKind::Wall;
  hot.face = Face::ZMin;
  hot.has_temperature = true;
  hot.temperature_c = 40;
  s.patches.push_back(hot);
  return s;
}
}  // namespace

BenchResult run_bench(int size, Backend backend, double min_seconds) {
  using Clock = std::chrono::steady_clock;
  Simulation sim(bench_case(size), backend);
  sim.advance(5);  // warm-up: page faults, caches, GPU clocks
  long long steps = 0;
  long long batch = 10;
  const auto start = Clock::now();
  double elapsed = 0;
  while (elapsed < min_seconds) {
    sim.advance(batch);
    steps += batch;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (elapsed < 0.2 * min_seconds) batch *= 2;
  }
  BenchResult r;
  r.backend = sim.backend_name();
  r.size = size;
  r.steps = steps;
  r.seconds = elapsed;
  r.mlups = double(steps) * double(sim.scene().grid.cells_interior()) / elapsed * 1e-6;
  r.bytes_per_cell = kernels::kBytesPerCellUpdate;
  r.gbytes_per_s = r.mlups * 1e6 * r.bytes_per_cell * 1e-9;
  return r;
}

}  // namespace rackflow::solver
