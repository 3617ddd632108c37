// The rackflow command line: check, run, bench.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bench.hpp"
#include "case_parser.hpp"
#include "console.hpp"
#include "mesh/voxelizer.hpp"
#include "postprocess/field_writer.hpp"
#include "postprocess/pvd_series.hpp"
#include "postprocess/summary_json.hpp"
#include "run_loop.hpp"
#include "simulation.hpp"

namespace fs = std::filesystem;
using namespace rackflow;

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  rackflow check CASE.yaml [--backend auto|cpu|cuda]\n"
    "  rackflow run   CASE.yaml [--out DIR] [--backend auto|cpu|cuda] [--end-time SECONDS] [--quiet]\n"
    "  rackflow bench [--size N] [--backend auto|cpu|cuda] [--seconds S]\n";

struct Args {
  std::string command, case_file, out_dir;
  solver::Backend backend = solver::Backend::Auto;
  std::optional<double> end_time_s;
  int size = 128;
  double seconds = 3.0;
  bool quiet = false;
};

Args parse_args(int argc, char** argv) {
  if (argc < 2) throw std::invalid_argument("missing command");
  Args a;
  a.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string k = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument("option " + k + " needs a value");
      return argv[++i];
    };
    if (k == "--out") a.out_dir = value();
    else if (k == "--backend") a.backend = solver::parse_backend(value());
    else if (k == "--end-time") a.end_time_s = std::stod(value());
    else if (k == "--size") a.size = std::stoi(value());
    else if (k == "--seconds") a.seconds = std::stod(value());
    else if (k == "--quiet") a.quiet = true;
    else if (!k.empty() && k[0] == '-') throw std::invalid_argument("unknown option " + k);
    else if (a.case_file.empty()) a.case_file = k;
    else throw std::invalid_argument("unexpected argument " + k);
  }
  if ((a.command == "check" || a.command == "run") && a.case_file.empty())
    throw std::invalid_argument("missing case file");
  if (a.end_time_s && !(*a.end_time_s > 0)) throw std::invalid_argument("--end-time must be > 0 seconds");
  if (a.size < 8 || a.size > 2048) throw std::invalid_argument("--size must be between 8 and 2048");
  return a;
}

void print_lattice(const LatticeReport& r, std::FILE* out) {
  std::fprintf(out,
               "lattice: %d x %d x %d cells, dx = %.4g m, dt = %.4g s\n"
               "         tau = %.6f (nu_lu = %.3g), alpha_lu = %.3g, max speed %.3g m/s -> lattice Mach %.3f\n"
               "memory:  %.3g GiB estimated\n",
               r.cells[0], r.cells[1], r.cells[2], r.dx_m, r.dt_s, r.tau_flow, r.nu_lu, r.alpha_lu,
               r.max_velocity_m_s, r.lattice_mach, r.memory_bytes / (1024.0 * 1024.0 * 1024.0));
}

int cmd_check(const Args& a) {
  const CaseSpec spec = parse_case_file(a.case_file);
  solver::LatticeSetup setup = solver::choose_lattice(spec);
  const solver::MemoryCheck mem = solver::check_memory(spec, a.backend);
  setup.report.memory_bytes = mem.needed_bytes;
  print_lattice(setup.report, stdout);
  solver::refuse_if_too_large(spec, mem);
  const Scene scene = mesh::voxelize(spec, setup.units);
  std::printf("geometry: %zu boundary links, %zu heat boundary cells, %zu heat source cells\n",
              scene.flow_links.size(), scene.heat_cells.size(), scene.heat_sources.size());
  std::printf("%s: ok (fits in %s)\n", a.case_file.c_str(), mem.device.c_str());
  return 0;
}

// Writes each sampled state as a .vti and keeps fields.pvd current, so a run stopped at
// any moment leaves a readable time series.
class FileOutput : public solver::RunObserver {
 public:
  FileOutput(const fs::path& dir, bool quiet) : dir_(dir), series_(dir), progress_(quiet) {}
  void output(const Snapshot& s) override {
    const std::string name = post::field_file_name(index_++);
    post::write_vti(s, dir_ / name);
    series_.add(s.time_s, name);
  }
  void monitor(const solver::Progress& p, const EnergyBalance& e) override { progress_.update(p, e); }
  void finish() { progress_.finish(); }

 private:
  fs::path dir_;
  post::PvdSeries series_;
  solver::ConsoleProgress progress_;
  int index_ = 0;
};

int cmd_run(const Args& a) {
  CaseSpec spec = parse_case_file(a.case_file);
  if (a.end_time_s) spec.run.end_time_s = *a.end_time_s;
  const fs::path out = a.out_dir.empty() ? fs::path("results") / spec.name : fs::path(a.out_dir);
  solver::Simulation sim(spec, a.backend);
  if (!a.quiet) {
    std::fprintf(stderr, "rackflow: %s on %s\n", spec.name.c_str(), sim.backend_name().c_str());
    print_lattice(sim.lattice().report, stderr);
  }
  fs::create_directories(out);
  FileOutput files(out, a.quiet);
  solver::RunControl control{spec.run.end_time_s, spec.run.output_interval_s, spec.run.steady_tolerance, 0};
  RunSummary summary;
  try {
    summary = solver::run_simulation(sim, control, files);
  } catch (...) {
    files.finish();
    throw;
  }
  files.finish();
  post::write_summary_json(summary, out / "summary.json");
  const EnergyBalance& e = summary.energy;
  std::printf("%s: %lld steps, %.4g s simulated in %.1f s wall (%.1f MLUPs/s)%s\n", spec.name.c_str(), summary.steps,
              summary.simulated_time_s, summary.wall_time_s, summary.mlups,
              summary.reached_steady_state ? ", steady state reached" : "");
  std::printf("temperature: %.2f to %.2f °C\n", summary.min_temperature_c, summary.max_temperature_c);
  std::printf("energy balance over the last %.3g s: in %.5g W, out %.5g W, storage %.4g W, in-out %.3f%%, "
              "accounting residual %.2g%%\n",
              e.window_s, e.heat_in_w, e.heat_out_w, e.storage_w, 100 * e.imbalance(), 100 * e.relative_residual());
  for (const auto& f : e.flows) std::printf("  %-40s %12.5g W\n", f.name.c_str(), f.watts);
  std::printf("results: %s\n", (out / "fields.pvd").c_str());
  return 0;
}

int cmd_bench(const Args& a) {
  const solver::BenchResult r = solver::run_bench(a.size, a.backend, a.seconds);
  std::printf("backend        %s\n", r.backend.c_str());
  std::printf("box            %d^3 cells (flow D3Q19 + LES + buoyancy, FV heat), FP32\n", r.size);
  std::printf("steps          %lld in %.3f s\n", r.steps, r.seconds);
  std::printf("MLUPs/s        %.1f\n", r.mlups);
  std::printf("bytes/cell     %.0f\n", r.bytes_per_cell);
  std::printf("effective GB/s %.1f\n", r.gbytes_per_s);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  try {
    args = parse_args(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rackflow: %s\n%s", e.what(), kUsage);
    return 64;
  }
  try {
    if (args.command == "check") return cmd_check(args);
    if (args.command == "run") return cmd_run(args);
    if (args.command == "bench") return cmd_bench(args);
    std::fprintf(stderr, "rackflow: unknown command '%s'\n%s", args.command.c_str(), kUsage);
    return 64;
  } catch (const CaseError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const solver::DivergenceError& e) {
    std::fprintf(stderr, "\nerror: %s\nThe files already written stay valid (fields.pvd lists only complete states).\n",
                 e.what());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
