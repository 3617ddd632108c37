// rackflow bench: the flow + heat step on an N^3 box, or a case as `run` steps it, timed,
// and set against the copy bandwidth measured in the same run.
#include <cstdio>

#include "bench.hpp"
#include "case_parser.hpp"
#include "commands.hpp"
#include "console_report.hpp"
#include "exit_codes.hpp"

namespace rackflow::cli {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// What the copy figure is: which copy, over how much memory, on how many threads.
void print_copy(const solver::BenchResult& r) {
  const double mib = r.copy_buffers.bytes_per_array / kMiB;
  if (r.copy_device == kernels::CopyDevice::Cuda)
    std::printf("copy GB/s:      %.4g (cudaMemcpy device to device, %.0f MiB, read + write counted, best of %d)\n",
                r.copy_gb_s, mib, r.copy_buffers.repeats);
  else
    std::printf("copy GB/s:      %.4g (a[i] = b[i], 2 x %.0f MiB, %d OpenMP thread%s, read + write counted, best of %d)\n",
                r.copy_gb_s, mib, r.copy_buffers.threads, r.copy_buffers.threads == 1 ? "" : "s",
                r.copy_buffers.repeats);
}

}  // namespace

int cmd_bench(const BenchOptions& o) {
  solver::BenchResult r;
  std::string what;
  if (o.case_file.empty()) {
    set_activity("allocating the benchmark box");
    r = solver::run_bench(o.size, o.precision, o.backend, o.seconds);
    what = "box:            " + std::to_string(o.size) + "^3 cells (D3Q19 + LES + buoyancy with the FV heat update, one fused sweep)";
  } else {
    set_activity("reading the case");
    const CaseSpec spec = parse_case_file(o.case_file);
    set_activity("allocating the simulation");
    r = solver::run_case_bench(spec, o.backend, o.seconds);
    what = "case:           " + spec.name + " as `run` steps it (objects, events, monitors), no output";
  }
  std::printf("backend:        %s\n", r.backend.c_str());
  std::printf("%s, %s\n", what.c_str(), r.bytes.precision.c_str());
  std::printf("cells:          %.0f (every interior cell, fluid or solid, as `run` counts)\n", r.cells);
  std::printf("steps:          %lld in %.3f s, after %lld warm-up steps\n", r.steps, r.seconds, r.warmup_steps);
  std::printf("MLUPs/s:        %.4g\n", r.mlups);
  print_cell_bytes(stdout);
  std::printf("effective GB/s: %.4g (MLUPs/s x %.0f bytes moved per %s cell update)\n", r.effective_gb_s,
              r.bytes.moved_per_update, r.bytes.precision.c_str());
  print_copy(r);
  std::printf("share of copy:  %.3g %%\n", 100 * r.copy_share());
  return kExitOk;
}

}  // namespace rackflow::cli
