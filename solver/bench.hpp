// `rackflow bench`: times the full time step on an N^3 box, or a real case with its
// objects, and measures the device's copy bandwidth in the same run.
#pragma once

#include <string>

#include "cell_bytes.hpp"
#include "kernels/copy_bandwidth.hpp"
#include "rackflow/case_spec.hpp"
#include "simulation.hpp"

namespace rackflow::solver {

struct BenchResult {
  std::string backend;
  double cells = 0;  // counted per step: every interior cell of the domain, fluid or solid, as `run` counts
  long long warmup_steps = 0, steps = 0;  // steps timed after the warm-up ones
  double seconds = 0;
  double mlups = 0;
  CellBytes bytes;            // of the precision the run stored
  double effective_gb_s = 0;  // mlups x bytes.moved_per_update
  kernels::CopyDevice copy_device = kernels::CopyDevice::Cpu;
  kernels::CopyBuffers copy_buffers;
  double copy_gb_s = 0;        // kernels::measure_copy_bandwidth_gb_s, after the timing
  double copy_share() const { return copy_gb_s > 0 ? effective_gb_s / copy_gb_s : 0; }
};

// A closed N^3 box heated from below (all kernels on their common path: buoyancy, LES,
// walls, heat faces), stepped alone. Runs until at least min_seconds have passed after a
// warm-up. `precision`: the population storage (run.precision).
BenchResult run_bench(int size, Precision precision, Backend backend, double min_seconds = 2.0);

// The case as `rackflow run` steps it, in the case's run.precision (run_simulation: the hall's objects and scheduled
// events, the monitors at the case's own interval, the health and steady tests), without
// fields or reports, from its initial state for at least min_seconds after a warm-up.
// The simulated time may pass the case's end time. Throws CaseError as Simulation does.
BenchResult run_case_bench(const CaseSpec& spec, Backend backend, double min_seconds = 2.0);

}  // namespace rackflow::solver
