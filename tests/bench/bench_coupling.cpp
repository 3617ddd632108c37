// What the object models' coupling costs per time step on a real hall: the same scene
// stepped with the hall models (Simulation::advance: port sums, the models, the port
// temperatures, every step) and without them (the stepper alone). The difference is the
// coupling's cost. Built against both the previous and the current solver to compare them
// side by side (docs/performance.md).
//
//   bench_coupling [--benchmark_min_time=2] [case.yaml]   (default cases/demo-hall.yaml)
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "case_parser.hpp"
#include "simulation.hpp"

namespace {

std::string g_case = std::string(RACKFLOW_SOURCE_DIR) + "/cases/demo-hall.yaml";
constexpr long long kStepsPerIteration = 20;

void HallWithCoupling(benchmark::State& state) {
  rackflow::solver::Simulation sim(rackflow::parse_case_file(g_case), rackflow::solver::Backend::Cpu);
  sim.advance(kStepsPerIteration);  // warm-up
  for (auto _ : state) sim.advance(kStepsPerIteration);
  state.counters["ms_per_step"] = benchmark::Counter(double(kStepsPerIteration) * 1e-3,
                                                      benchmark::Counter::kIsIterationInvariantRate |
                                                          benchmark::Counter::kInvert);
}

void SameSceneStepperOnly(benchmark::State& state) {
  rackflow::solver::Simulation sim(rackflow::parse_case_file(g_case), rackflow::solver::Backend::Cpu);
  const auto stepper = rackflow::kernels::make_cpu_stepper(sim.scene(), sim.lattice().flow, rackflow::Precision::Fp32);
  stepper->advance(kStepsPerIteration);
  for (auto _ : state) stepper->advance(kStepsPerIteration);
  state.counters["ms_per_step"] = benchmark::Counter(double(kStepsPerIteration) * 1e-3,
                                                      benchmark::Counter::kIsIterationInvariantRate |
                                                          benchmark::Counter::kInvert);
}

BENCHMARK(HallWithCoupling)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(SameSceneStepperOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc > 1) g_case = argv[1];
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
