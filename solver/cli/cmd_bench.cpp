// rackflow bench: the flow + heat step on an N^3 box, timed.
#include <cstdio>

#include "bench.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"

namespace rackflow::cli {

int cmd_bench(const BenchOptions& o) {
  set_activity("allocating the benchmark box");
  const solver::BenchResult r = solver::run_bench(o.size, o.backend, o.seconds);
  std::printf("backend        %s\n", r.backend.c_str());
  std::printf("box            %d^3 cells (flow D3Q19 + LES + buoyancy, FV heat), FP32\n", r.size);
  std::printf("steps          %lld in %.3f s\n", r.steps, r.seconds);
  std::printf("MLUPs/s        %.1f\n", r.mlups);
  std::printf("bytes/cell     %.0f\n", r.bytes_per_cell);
  std::printf("effective GB/s %.1f\n", r.gbytes_per_s);
  return kExitOk;
}

}  // namespace rackflow::cli
