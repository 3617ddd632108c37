// rackflow run and rackflow headroom: run a case into its directory, write the fields,
// summary and report, and say how the run ended in the exit code.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <new>
#include <vector>

#include "case_parser.hpp"
#include "commands.hpp"
#include "console_report.hpp"
#include "exit_codes.hpp"
#include "headroom.hpp"
#include "postprocess/hall_pictures.hpp"
#include "postprocess/hall_report.hpp"
#include "postprocess/objects_csv.hpp"
#include "postprocess/run_state_text.hpp"
#include "postprocess/summary_json.hpp"
#include "provenance.hpp"
#include "quantity.hpp"
#include "run_files.hpp"
#include "run_checkpoint.hpp"
#include "run_loop.hpp"
#include "signals.hpp"
#include "simulation.hpp"

namespace rackflow::cli {

namespace fs = std::filesystem;

namespace {

// Rack names listed in a message before "...".
constexpr std::size_t kListedRacks = 20;

std::string rack_list(const HallSpec& hall) {
  std::string out;
  for (std::size_t r = 0; r < hall.racks.size() && r < kListedRacks; ++r)
    out += (r == 0 ? "" : ", ") + hall.racks[r].name;
  return hall.racks.size() > kListedRacks ? out + ", ..." : out;
}

// Everything the command line asks of the case, checked before any allocation or run.
void check_request(const CaseSpec& spec, const RunOptions& o) {
  if (o.end_time_s && spec.run.average_from_s && *spec.run.average_from_s >= *o.end_time_s)
    throw UsageError("--end-time: " + format_quantity(*o.end_time_s, Dimension::Time) +
                     " is not after the case's run.average_from (" +
                     format_quantity(*spec.run.average_from_s, Dimension::Time) + "); allowed: > " +
                     format_quantity(*spec.run.average_from_s, Dimension::Time));
  if (!o.headroom) return;
  if (!spec.hall) throw UsageError("headroom: " + o.case_file + " has no hall section, so no racks");
  for (const std::string& name : o.racks)
    if (std::none_of(spec.hall->racks.begin(), spec.hall->racks.end(),
                     [&](const RackSpec& r) { return r.name == name; }))
      throw UsageError("--racks: no rack named '" + name + "' in " + o.case_file + "; allowed: " +
                       rack_list(*spec.hall));
}

// Headroom of the racks named (all when none), written into the results. A stop signal
// ends the search after the trial under way; the racks finished by then are reported.
void add_headroom(solver::Simulation& sim, const RunOptions& o, HallResults& results) {
  std::vector<int> racks;
  for (std::size_t r = 0; r < results.racks.size(); ++r)
    if (o.racks.empty() || std::find(o.racks.begin(), o.racks.end(), results.racks[r].name) != o.racks.end())
      racks.push_back(int(r));
  auto progress = [&o](const std::string& rack, double w, double t) {
    if (!o.quiet) std::fprintf(stderr, "headroom %s: +%.1f kW -> hottest inlet %.2f °C\n", rack.c_str(), w / 1e3, t);
  };
  solver::HeadroomOptions options;
  options.stop_signal = stop_flag();
  const auto found = solver::compute_headroom(sim, racks, options, progress);
  for (const auto& h : found) {
    for (auto& r : results.racks)
      if (r.name == h.rack) solver::apply_headroom(h, r);
    std::printf("headroom %-12s %s (hottest inlet %.1f -> %.1f °C, %d trials)\n", h.rack.c_str(),
                solver::headroom_text(h).c_str(), h.base_inlet_max_c, h.inlet_max_c, h.trials);
  }
  if (found.size() < racks.size())
    std::printf("headroom: interrupted by %s after %zu of %zu racks\n", post::signal_name(stop_signal_received()).c_str(),
                found.size(), racks.size());
}

int exit_code(const RunSummary& s) {
  if (stop_signal_received() != 0) return kExitSignalBase + stop_signal_received();
  if (s.steady.requested && !s.steady.reached) return kExitNotSteady;
  return kExitOk;
}

// The run proper, into a directory already cleared of an earlier run's files. `known`
// gathers what a failure summary can say.
int run_into(const fs::path& out, const CaseSpec& spec, const RunOptions& o, RunSummary& known) {
  set_activity("allocating the simulation");
  const solver::Comm& comm = solver::Comm::world();
  solver::Simulation sim(spec, o.backend, comm, o.ranks_grid);
  known.backend = sim.backend_name();
  known.lattice = sim.lattice().report;
  if (!o.quiet) {
    std::fprintf(stderr, "rackflow: %s on %s\n", spec.name.c_str(), sim.backend_name().c_str());
    print_lattice(sim.lattice().report, stderr);
    if (comm.size() > 1)
      std::fprintf(stderr, "ranks: %d, %s\n", comm.size(), sim.decomposition().describe().c_str());
  }
  for (const auto& w : sim.scene().warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (!o.restart_file.empty()) {
    set_activity("reading the checkpoint");
    const std::string hash = solver::load_checkpoint(sim, o.restart_file);
    known.provenance.restart_file = o.restart_file;
    known.provenance.start_time_s = sim.time_s();
    if (!o.quiet)
      std::fprintf(stderr, "rackflow: restarting at t = %.6g s (step %lld) from %s%s\n", sim.time_s(), sim.step(),
                   o.restart_file.c_str(),
                   hash == known.provenance.case_sha256 ? "" : ", written from another version of the case");
  }
  if (comm.root()) post::write_objects_csv(sim.objects(), out / kObjectsFile);
  FileOutput files(out, o.quiet, sim.decomposition(), comm);
  solver::RunControl control = solver::control_for(spec);
  control.stop_signal = stop_flag();
  if (o.checkpoint_every_s || o.checkpoint_at_end) {
    control.checkpoint_every_s = o.checkpoint_every_s.value_or(0.0);
    control.checkpoint_at_end = o.checkpoint_at_end;
    const fs::path file = out / kCheckpointFile;
    const std::string hash = known.provenance.case_sha256;
    control.checkpoint = [file, hash, &o](solver::Simulation& s) {
      solver::save_checkpoint(s, file, hash);
      if (!o.quiet) std::fprintf(stderr, "\rcheckpoint: %s at t = %.6g s\n", file.c_str(), s.time_s());
    };
  }
  set_activity("running the case");
  RunSummary summary;
  try {
    summary = solver::run_simulation(sim, control, files);
  } catch (...) {
    files.finish();
    throw;
  }
  files.finish();
  summary.provenance = known.provenance;
  std::printf("%s: %lld steps, %.4g s simulated in %.1f s wall (%.1f MLUPs/s)\n", spec.name.c_str(), summary.steps,
              summary.simulated_time_s, summary.wall_time_s, summary.mlups);
  std::printf("temperature: %.2f to %.2f °C\n", summary.min_temperature_c, summary.max_temperature_c);
  print_energy(summary.energy);
  set_activity("writing the results");
  if (comm.root()) post::write_summary_json(summary, out / kSummaryFile);
  if (sim.has_hall()) {
    // Every rank takes part in the results (their reductions) and the headroom trials;
    // rank 0 writes the report, and the pictures from the layers they show, gathered.
    HallResults hall;
    post::DomainGeometry domain;
    {
      const Snapshot fields = sim.snapshot();  // this rank's block
      hall = sim.hall_results(summary.energy, fields);
      domain = post::domain_geometry(fields);
    }
    if (o.headroom && summary.end != RunEnd::Interrupted) {
      set_activity("searching for headroom");
      add_headroom(sim, o, hall);
      set_activity("writing the results");
    }
    post::PictureOptions pictures;
    pictures.label = spec.name;
    // The results are the same on every rank, so every rank names the same layers.
    std::vector<Snapshot> planes;
    for (const post::PicturePlane& plane : post::picture_planes(hall, pictures, domain))
      planes.push_back(sim.gather_plane(plane.axis, plane.index));
    if (comm.root()) {
      print_hall(hall);
      // The pictures first: the report shows them, and report.html embeds them.
      fs::create_directories(out);
      const std::vector<post::PictureFile> drawn = post::write_hall_pictures(out.string(), planes, hall, pictures);
      post::write_hall_report(out.string(), summary, hall, o.case_file, drawn);
      std::printf("report:  %s\n", (out / post::kReportFiles[0]).c_str());
    }
  }
  std::printf("results: %s\n", (out / "fields.pvd").c_str());
  print_run_end(summary);
  return exit_code(summary);
}

// summary.json for a run that threw, and no report: one written before the failure (the
// pictures failed, say) would read as a pass. A failure to clean up or to write must not
// hide the first error.
void record_failure(const fs::path& out, const RunSummary& known, const std::string& status,
                    const std::string& message) {
  if (!solver::Comm::world().root()) return;
  try {
    for (const char* report : post::kReportFiles) fs::remove(out / report);
    post::write_failed_summary_json(known, post::RunFailure{status, message}, out / kSummaryFile);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rackflow: could not record the failure in %s: %s\n", (out / kSummaryFile).c_str(),
                 e.what());
  }
}

}  // namespace

int cmd_run(const RunOptions& o) {
  install_stop_handlers();
  set_activity("reading the case");
  CaseSpec spec = parse_case_file(o.case_file, o.overrides);
  for (const std::string& unchanged : spec.overrides_without_effect)
    std::fprintf(stderr, "warning: --set %s changes nothing: the case already has that value\n", unchanged.c_str());
  check_request(spec, o);
  if (o.end_time_s) spec.run.end_time_s = *o.end_time_s;
  if ((o.checkpoint_every_s || o.checkpoint_at_end || !o.restart_file.empty()) && !solver::checkpoints_built())
    throw UsageError("--checkpoint-every, --checkpoint-at-end and --restart need parallel HDF5, which this build lacks "
                     "(install libhdf5-openmpi-dev and rebuild)");
  RunSummary known;
  known.case_name = spec.name;
  known.provenance = provenance_for(o.case_file);
  known.provenance.overrides = spec.overrides;
  const fs::path out = o.out_dir.empty() ? fs::path("results") / spec.name : fs::path(o.out_dir);
  const solver::Comm& comm = solver::Comm::world();
  if (comm.root()) {
    fs::create_directories(out);
    // A checkpoint this run restarts from stays, wherever it is.
    const int removed = remove_previous_run(out, o.restart_file);
    if (removed > 0 && !o.quiet)
      std::fprintf(stderr, "rackflow: removed %d files of an earlier run from %s\n", removed, out.c_str());
  }
  comm.barrier();  // no rank writes into the directory before it is cleared
  try {
    return run_into(out, spec, o, known);
  } catch (const solver::DivergenceError& e) {
    record_failure(out, known, "diverged", e.what());
    throw;
  } catch (const std::bad_alloc&) {
    record_failure(out, known, "failed", std::string("out of memory while ") + activity());
    throw;
  } catch (const std::exception& e) {
    record_failure(out, known, "failed", e.what());
    throw;
  }
}

}  // namespace rackflow::cli
