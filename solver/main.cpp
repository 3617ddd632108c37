// The rackflow command line: check, run, headroom, bench.
#include <algorithm>
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
#include "hall_layout.hpp"
#include "headroom.hpp"
#include "mesh/voxelizer.hpp"
#include "postprocess/field_writer.hpp"
#include "postprocess/hall_pictures.hpp"
#include "postprocess/hall_report.hpp"
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
    "  rackflow headroom CASE.yaml [--racks NAME,NAME,...] [run options]\n"
    "                 runs the case, then finds for each rack (default: all) the extra kW at which\n"
    "                 its hottest inlet reaches the class limit; the report gets the figures\n"
    "  rackflow bench [--size N] [--backend auto|cpu|cuda] [--seconds S]\n";

struct Args {
  std::string command, case_file, out_dir;
  std::vector<std::string> racks;  // headroom: which racks
  solver::Backend backend = solver::Backend::Auto;
  std::optional<double> end_time_s;
  int size = 128;
  double seconds = 3.0;
  bool quiet = false;
};

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start) out.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

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
    else if (k == "--racks") a.racks = split_names(value());
    else if (!k.empty() && k[0] == '-') throw std::invalid_argument("unknown option " + k);
    else if (a.case_file.empty()) a.case_file = k;
    else throw std::invalid_argument("unexpected argument " + k);
  }
  if ((a.command == "check" || a.command == "run" || a.command == "headroom") && a.case_file.empty())
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

void print_hall_load(const HallSpec& h) {
  double it_w = 0, cooling_w = 0, liquid_w = 0;
  for (const auto& r : h.racks)
    for (const auto& s : r.servers) {
      it_w += s.max_power_w;
      if (r.cold_plate) liquid_w += r.cold_plate->liquid_fraction * s.max_power_w;
    }
  for (const auto& c : h.coolers) cooling_w += c.capacity_w;
  std::printf("hall:    %zu racks, %.1f kW IT at full power (%.1f kW to liquid), %zu cooling units, %.1f kW of "
              "coil capacity, %zu tiles; class %s\n",
              h.racks.size(), it_w / 1e3, liquid_w / 1e3, h.coolers.size(), cooling_w / 1e3, h.tiles.size(),
              ashrae_class_name(h.ashrae_class));
}

int cmd_check(const Args& a) {
  const CaseSpec spec = parse_case_file(a.case_file);
  const CaseSpec prim = solver::primitive_case(spec);
  solver::LatticeSetup setup = solver::choose_lattice(prim);
  const solver::MemoryCheck mem = solver::check_memory(prim, a.backend);
  setup.report.memory_bytes = mem.needed_bytes;
  print_lattice(setup.report, stdout);
  if (spec.hall) print_hall_load(*spec.hall);
  solver::refuse_if_too_large(prim, mem);
  const Scene scene = mesh::voxelize(prim, setup.units);
  std::printf("geometry: %zu boundary links, %zu heat boundary cells, %zu heat source cells, %zu porous cells, %d ports\n",
              scene.flow_links.size(), scene.heat_cells.size(), scene.heat_sources.size(), scene.porous_cells.size(),
              scene.ports());
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

void print_energy(const EnergyBalance& e) {
  std::printf("energy balance over the last %.3g s: in %.5g W, out %.5g W, storage %.4g W, in-out %.3f%%, "
              "accounting residual %.2g%%\n",
              e.window_s, e.heat_in_w, e.heat_out_w, e.storage_w, 100 * e.imbalance(), 100 * e.relative_residual());
  if (e.flows.size() <= 12)
    for (const auto& f : e.flows) std::printf("  %-40s %12.5g W\n", f.name.c_str(), f.watts);
}

void print_hall(const HallResults& h) {
  const auto hottest = std::max_element(h.racks.begin(), h.racks.end(), [](const RackResult& a, const RackResult& b) {
    return a.inlet_max_c < b.inlet_max_c;
  });
  if (hottest != h.racks.end())
    std::printf("hottest inlet: %.1f °C at rack %s (class %s allowable max %.0f °C, margin %.1f K)\n",
                hottest->inlet_max_c, hottest->name.c_str(), ashrae_class_name(h.ashrae_class), h.limits.max_c,
                hottest->margin_k);
  const auto& e = h.energy;
  std::printf("hall balance: racks %.1f kW = coolers %.1f + liquid %.1f + doors %.1f + boundaries %.1f + storage %.1f "
              "kW, residual %.3f%%\n",
              e.rack_power_w / 1e3, e.coolers_w / 1e3, e.liquid_w / 1e3, e.doors_w / 1e3, e.boundaries_w / 1e3,
              e.storage_w / 1e3, 100 * e.relative_residual());
  if (h.limit_crossed_at_s)
    std::printf("ride-through: an inlet (%s) crossed %.0f °C at t = %.1f s\n", h.limit_crossed_by.c_str(),
                h.limits.max_c, *h.limit_crossed_at_s);
}

// Headroom of the racks named (all when none), written into the results.
void add_headroom(solver::Simulation& sim, const std::vector<std::string>& names, HallResults& results, bool quiet) {
  std::vector<int> racks;
  for (std::size_t r = 0; r < results.racks.size(); ++r)
    if (names.empty() || std::find(names.begin(), names.end(), results.racks[r].name) != names.end())
      racks.push_back(int(r));
  for (const auto& n : names)
    if (std::none_of(results.racks.begin(), results.racks.end(), [&](const RackResult& r) { return r.name == n; }))
      throw std::invalid_argument("--racks: no rack named '" + n + "' in the case");
  auto progress = [quiet](const std::string& rack, double w, double t) {
    if (!quiet) std::fprintf(stderr, "headroom %s: +%.1f kW -> hottest inlet %.2f °C\n", rack.c_str(), w / 1e3, t);
  };
  for (const auto& h : solver::compute_headroom(sim, racks, solver::HeadroomOptions{}, progress)) {
    for (auto& r : results.racks)
      if (r.name == h.rack) {
        r.headroom_w = h.headroom_w;
        r.headroom_is_lower_bound = !h.bounded;
      }
    std::printf("headroom %-12s %8.1f kW%s (hottest inlet %.1f -> %.1f °C, %d trials)\n", h.rack.c_str(),
                h.headroom_w / 1e3, h.bounded ? "" : " or more", h.base_inlet_max_c, h.inlet_max_c, h.trials);
  }
}

int cmd_run(const Args& a, bool headroom) {
  CaseSpec spec = parse_case_file(a.case_file);
  if (a.end_time_s) spec.run.end_time_s = *a.end_time_s;
  if (headroom && !spec.hall) throw std::invalid_argument("headroom needs a case with a hall section");
  const fs::path out = a.out_dir.empty() ? fs::path("results") / spec.name : fs::path(a.out_dir);
  solver::Simulation sim(spec, a.backend);
  if (!a.quiet) {
    std::fprintf(stderr, "rackflow: %s on %s\n", spec.name.c_str(), sim.backend_name().c_str());
    print_lattice(sim.lattice().report, stderr);
  }
  fs::create_directories(out);
  FileOutput files(out, a.quiet);
  solver::RunControl control = solver::control_for(spec);
  RunSummary summary;
  try {
    summary = solver::run_simulation(sim, control, files);
  } catch (...) {
    files.finish();
    throw;
  }
  files.finish();
  post::write_summary_json(summary, out / "summary.json");
  std::printf("%s: %lld steps, %.4g s simulated in %.1f s wall (%.1f MLUPs/s)%s\n", spec.name.c_str(), summary.steps,
              summary.simulated_time_s, summary.wall_time_s, summary.mlups,
              summary.reached_steady_state ? ", steady state reached" : "");
  std::printf("temperature: %.2f to %.2f °C\n", summary.min_temperature_c, summary.max_temperature_c);
  print_energy(summary.energy);
  if (sim.has_hall()) {
    const Snapshot final_state = sim.snapshot();
    HallResults hall = sim.hall_results(summary.energy, final_state);
    if (headroom) add_headroom(sim, a.racks, hall, a.quiet);
    print_hall(hall);
    post::write_hall_report(out.string(), summary, hall, a.case_file);
    post::PictureOptions pictures;
    pictures.label = spec.name;
    post::write_hall_pictures(out.string(), final_state, hall, pictures);
    std::printf("report:  %s\n", (out / "report.md").c_str());
  }
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
    if (args.command == "run") return cmd_run(args, false);
    if (args.command == "headroom") return cmd_run(args, true);
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
