#include "bench.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "run_loop.hpp"

namespace rackflow::solver {

namespace {

// Steps before the timing: page faults, caches, GPU clocks, the first monitor evaluation.
constexpr long long kWarmupSteps = 5;
// Segments of a case bench aim this far past the time still wanted, so that the last one,
// sized from the rate so far, rarely falls just short and needs another.
constexpr double kSegmentMargin = 1.05;

CaseSpec bench_case(int n, Precision precision) {
  CaseSpec s;
  s.name = "bench";
  s.domain.size_m = {0.05 * n, 0.05 * n, 0.05 * n};
  s.domain.resolution_m = 0.05;
  s.run.end_time_s = 1;
  s.run.max_velocity_m_s = 1.0;
  s.run.precision = precision;
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

// What `run` counts per step for its MLUPs figure: the domain's interior cells.
double domain_cells(const Simulation& sim) {
  const auto& n = sim.scene().grid.global;
  return double(n[0]) * double(n[1]) * double(n[2]);
}

// The figures that follow from the timing, and the copy bandwidth measured after it.
void finish(BenchResult& r, const Simulation& sim, Precision precision, Backend backend) {
  r.backend = sim.backend_name();
  r.cells = domain_cells(sim);
  r.mlups = double(r.steps) * r.cells / r.seconds * 1e-6;
  r.bytes = cell_bytes(precision);
  r.effective_gb_s = r.mlups * 1e6 * r.bytes.moved_per_update * 1e-9;
  r.copy_device = resolve_backend(backend) == Backend::Cuda ? kernels::CopyDevice::Cuda : kernels::CopyDevice::Cpu;
  constexpr int kSolverTeam = 0;  // the CPU launch layer's own thread count
  r.copy_buffers = kernels::copy_buffers(r.copy_device, kSolverTeam);
  r.copy_gb_s = kernels::measure_copy_bandwidth_gb_s(r.copy_device, kSolverTeam);
}

// The loop hands out no fields and nobody watches its monitors.
class Unobserved : public RunObserver {
 public:
  bool wants_fields() const override { return false; }
};

}  // namespace

BenchResult run_bench(int size, Precision precision, Backend backend, double min_seconds) {
  using Clock = std::chrono::steady_clock;
  Simulation sim(bench_case(size, precision), backend);
  sim.advance(kWarmupSteps);
  long long steps = 0;
  long long batch = 10;
  const auto start = Clock::now();
  double elapsed = 0;
  while (elapsed < min_seconds) {
    sim.advance(batch);
    steps += batch;
    // Every rank of a decomposed box takes the same steps: the slowest one's clock decides.
    elapsed = sim.comm().max(std::chrono::duration<double>(Clock::now() - start).count());
    if (elapsed < 0.2 * min_seconds) batch *= 2;
  }
  BenchResult r;
  r.warmup_steps = kWarmupSteps;
  r.steps = steps;
  r.seconds = elapsed;
  finish(r, sim, precision, backend);
  return r;
}

BenchResult run_case_bench(const CaseSpec& spec, Backend backend, double min_seconds) {
  Simulation sim(spec, backend);
  const double dt_s = sim.lattice().units.dt_s;
  RunControl control = control_for(spec);
  // The monitors at the interval the whole run would have; a short segment alone would
  // get the shortest one.
  control.monitor_steps = monitor_interval_steps(control, dt_s);
  control.output_interval_s = 0;
  Unobserved nobody;
  // Runs the loop `steps` further; returns its wall time.
  auto segment = [&](long long steps) {
    control.end_time_s = double(sim.step() + steps) * dt_s;
    const long long first = sim.step();
    const RunSummary s = run_simulation(sim, control, nobody);
    return std::make_pair(s.steps - first, s.wall_time_s);
  };
  BenchResult r;
  const auto [warmup_steps, warmup_s] = segment(kWarmupSteps);
  r.warmup_steps = warmup_steps;
  double rate = double(warmup_steps) / std::max(warmup_s, 1e-9);  // steps per second
  while (r.seconds < min_seconds) {
    const double wanted = kSegmentMargin * (min_seconds - r.seconds) * rate;
    // The ranks of a decomposed case step together: the same steps, the slowest one's time.
    const auto [steps, seconds] = segment(std::max<long long>(1, std::llround(sim.comm().max(wanted))));
    r.steps += steps;
    r.seconds += sim.comm().max(seconds);
    rate = double(r.steps) / std::max(r.seconds, 1e-9);
  }
  finish(r, sim, spec.run.precision, backend);
  return r;
}

}  // namespace rackflow::solver
