// The rackflow command line (CLI11): check, run, headroom, bench; maps what went wrong to
// the exit codes of exit_codes.hpp.
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

#include <cstdio>
#include <new>

#include "cli_values.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "comm.hpp"
#include "decomposition.hpp"
#include "health_check.hpp"
#include "kernels/stepper.hpp"
#include "provenance.hpp"
#include "rackflow/case_error.hpp"

using namespace rackflow;
using namespace rackflow::cli;

namespace {

// --ranks-grid X,Y,Z, for run, headroom and check.
void add_ranks_grid(CLI::App& app, std::optional<std::array<int, 3>>& grid) {
  app.add_option_function<std::string>(
      "--ranks-grid",
      [&grid](const std::string& text) {
        try {
          grid = solver::parse_ranks_grid(text);
        } catch (const std::invalid_argument& e) {
          throw CLI::ValidationError(e.what());  // a usage error (exit 64), not a crash
        }
      },
      "blocks along x,y,z of the domain decomposition (default: the split with the least halo); "
      "their product is the number of MPI ranks");
}

// --backend, shared by every command.
void add_backend(CLI::App& app, solver::Backend& backend) {
  app.add_option_function<std::string>(
         "--backend", [&backend](const std::string& name) { backend = solver::parse_backend(name); },
         "auto (default: the GPU when present, else all CPU cores), cpu, cuda or kokkos (Kokkos' default "
         "execution space; never chosen by auto)")
      ->check(CLI::IsMember({"auto", "cpu", "cuda", "kokkos"}));
}

// --set KEY=VALUE, repeatable, one override per occurrence (so that it cannot swallow the
// case file that follows it).
void add_overrides(CLI::App& app, std::vector<CaseOverride>& overrides) {
  app.add_option_function<std::string>(
         "--set",
         [&overrides](const std::string& text) {
           try {
             overrides.push_back(parse_override(text));
           } catch (const std::invalid_argument& e) {
             throw CLI::ValidationError(e.what());
           }
         },
         "change one key of the case for this run, e.g. --set 'hall.coolers[crah-2].fail_at=30 s' or --set "
         "run.end_time=10min (repeatable; list entries by [index] or [name]; checked as the file is)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->trigger_on_parse();
}

void add_run_options(CLI::App& app, RunOptions& o) {
  app.add_option("case", o.case_file, "the case file (YAML)")->required();
  add_overrides(app, o.overrides);
  app.add_option("--out", o.out_dir, "result directory (default: results/<case name>)");
  add_backend(app, o.backend);
  app.add_option_function<std::string>(
      "--end-time",
      [&o](const std::string& text) { o.end_time_s = parse_time_option("--end-time", text, kMaxEndTimeS); },
      "override run.end_time: seconds, or a time with its unit (\"2 min\")");
  app.add_flag("--quiet", o.quiet, "no progress display");
  add_ranks_grid(app, o.ranks_grid);
  app.add_option_function<std::string>(
      "--checkpoint-every",
      [&o](const std::string& text) {
        o.checkpoint_every_s = parse_time_option("--checkpoint-every", text, kMaxEndTimeS);
      },
      "write <out>/checkpoint.h5 every this much simulated time (at the next monitor interval), and on SIGTERM");
  app.add_flag("--checkpoint-at-end", o.checkpoint_at_end,
               "write <out>/checkpoint.h5 when the run ends, at its end time or steady (what scenarios warm-start "
               "from)");
  app.add_option("--restart", o.restart_file, "continue from a checkpoint of the same grid (any rank count or "
                                              "backend; the case's loads, profiles and end time may differ)")
      ->check(CLI::ExistingFile);
}

// Under mpirun every rank runs this program; the ones other than rank 0 keep quiet, or
// each line would appear once per rank. Their stderr is kept for errors only they see.
int quiet_other_ranks(const solver::Comm& comm) {
  if (comm.root()) return 2;
  std::fflush(stdout);
  std::fflush(stderr);
  const int own_stderr = dup(2);
  const int null = open("/dev/null", O_WRONLY);
  dup2(null, 1);
  dup2(null, 2);
  close(null);
  return own_stderr;
}

// An error that only this rank may have seen: said by this rank, and the whole job ends.
[[noreturn]] void abort_job(const solver::Comm& comm, int own_stderr, const char* what, int code) {
  dprintf(own_stderr, "rackflow rank %d of %d: error: %s\n", comm.rank(), comm.size(), what);
  comm.abort(code);
  std::exit(code);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"rackflow: lattice-Boltzmann CFD for data-centre halls"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1, 1);

  CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "validate a case and print the lattice it would use, without running");
  check_cmd->add_option("case", check.case_file, "the case file (YAML)")->required();
  add_overrides(*check_cmd, check.overrides);
  add_backend(*check_cmd, check.backend);
  check_cmd->add_option("--ranks", check.ranks, "print the decomposition and memory per rank for N MPI ranks")
      ->check(CLI::Range(1, kMaxRanks));
  add_ranks_grid(*check_cmd, check.ranks_grid);

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "run a case; fields, summary and report go to --out");
  add_run_options(*run_cmd, run);

  RunOptions headroom;
  headroom.headroom = true;
  CLI::App* headroom_cmd = app.add_subcommand(
      "headroom", "run a hall case, then find for each rack the extra kW at which its hottest inlet reaches the "
                  "class limit");
  add_run_options(*headroom_cmd, headroom);
  headroom_cmd->add_option("--racks", headroom.racks, "racks to search, comma separated (default: all)")
      ->delimiter(',');

  BenchOptions bench;
  CLI::App* bench_cmd = app.add_subcommand(
      "bench", "time the flow + heat step on an N^3 box, or a case with its objects, against the measured copy "
               "bandwidth");
  CLI::Option* bench_size = bench_cmd->add_option("--size", bench.size, "box edge in cells (default 128)")
                                ->check(CLI::Range(kMinBenchSize, kMaxBenchSize));
  CLI::Option* bench_case = bench_cmd->add_option(
      "--case", bench.case_file,
      "time this case (YAML) as `run` steps it, objects and monitors included, instead of the box")
      ->excludes(bench_size);
  // A case brings its own run.precision.
  bench_cmd->add_option_function<std::string>(
      "--precision",
      [&bench](const std::string& name) { bench.precision = name == "fp16" ? Precision::Fp16 : Precision::Fp32; },
      "population storage of the box: fp32 (default) or fp16 (run.precision)")
      ->check(CLI::IsMember({"fp32", "fp16"}))
      ->excludes(bench_case);
  add_backend(*bench_cmd, bench.backend);
  bench_cmd->add_option_function<std::string>(
      "--seconds",
      [&bench](const std::string& text) { bench.seconds = parse_time_option("--seconds", text, kMaxBenchSeconds); },
      "how long to time (default 3 s)");

  CampaignOptions campaign;
  CLI::App* campaign_cmd = app.add_subcommand(
      "campaign", "run a campaign file's scenarios (docs/campaign-format.md) here or on Slurm, and write the "
                  "campaign report");
  campaign_cmd->add_option("campaign", campaign.campaign_file, "the campaign file (YAML)")->required();
  campaign_cmd->add_option("--out", campaign.out_dir, "campaign directory (default: results/<campaign name>)");
  add_backend(*campaign_cmd, campaign.backend);
  campaign_cmd->add_flag("--quiet", campaign.quiet, "no progress display");
  CLI::Option* list_opt = campaign_cmd->add_flag("--list", campaign.list, "print the expanded scenarios and whether "
                                                                          "each has finished; run nothing");
  campaign_cmd->add_option("--jobs", campaign.jobs, "scenarios at once on this machine (default: 1 on a GPU, else one "
                                                    "per 4 CPU threads)")
      ->check(CLI::Range(1, 4096));
  CLI::Option* slurm_opt = campaign_cmd->add_flag("--slurm", campaign.slurm, "submit to Slurm: the baseline, a job "
                                                                             "array of the others, a gather job");
  campaign_cmd->add_flag("--dry-run", campaign.dry_run, "with --slurm: write the scripts to <out>/slurm, submit nothing")
      ->needs(slurm_opt);
  campaign_cmd->add_option("--partition", campaign.partition, "Slurm partition (default: the campaign file's)")
      ->needs(slurm_opt);
  campaign_cmd->add_option("--account", campaign.account, "Slurm account (default: the campaign file's)")
      ->needs(slurm_opt);
  campaign_cmd->add_option_function<std::string>(
                  "--time-limit",
                  [&campaign](const std::string& text) {
                    campaign.time_limit_s = parse_time_option("--time-limit", text, kMaxEndTimeS);
                  },
                  "Slurm time limit per task (default: the campaign file's, else 1 h)")
      ->needs(slurm_opt);
  campaign_cmd->add_option("--gpus-per-task", campaign.gpus_per_task,
                           "Slurm: GPUs per node for a scenario, one rank each (default: the campaign file's, else 0)")
      ->check(CLI::Range(0, 64))
      ->needs(slurm_opt);
  CLI::Option* scenario_opt = campaign_cmd->add_option("--scenario", campaign.scenario,
                                                       "run this one scenario here (what each worker and array task runs)");
  CLI::Option* gather_opt = campaign_cmd->add_flag("--gather", campaign.gather,
                                                   "write the campaign report from the scenarios' directories");
  list_opt->excludes(slurm_opt)->excludes(scenario_opt)->excludes(gather_opt);
  slurm_opt->excludes(scenario_opt)->excludes(gather_opt);
  scenario_opt->excludes(gather_opt);

  CompareOptions compare;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare", "the campaign tables of finished runs of one hall side by side, the first the reference");
  compare_cmd->add_option("runs", compare.runs, "run directories (at least two)")->required();
  compare_cmd->add_option("--out", compare.out_dir, "also write compare.md, .json, .csv, _racks.csv, _plans.png here");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int printed = app.exit(e);  // prints help, the version, or the error
    return printed == 0 ? kExitOk : kExitUsage;
  }

  // The GPU of this rank is chosen from its rank on the node, before MPI or anything else
  // touches CUDA (one rank per GPU; DESIGN.md §10).
  kernels::select_cuda_device_by_local_rank();
  // A campaign's own process only starts others (scenarios under mpirun among them): as an
  // MPI singleton it would hand them an environment under which mpirun will not start.
  const bool campaign_parent = campaign_cmd->parsed() && campaign.scenario.empty();
  const solver::Comm& comm = campaign_parent ? solver::Comm::world() : solver::Comm::init(&argc, &argv);
  const int own_stderr = quiet_other_ranks(comm);
  try {
    if (check_cmd->parsed()) return cmd_check(check);
    if (run_cmd->parsed()) return cmd_run(run);
    if (headroom_cmd->parsed()) return cmd_run(headroom);
    if (compare_cmd->parsed()) return cmd_compare(compare);
    if (campaign_cmd->parsed()) return cmd_campaign(campaign);
    return cmd_bench(bench);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "rackflow: %s\n", e.what());
    return kExitUsage;
  } catch (const CaseError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return kExitInvalidCase;
  } catch (const solver::DivergenceError& e) {
    std::fprintf(stderr, "\nerror: %s\nThe files already written stay valid (fields.pvd lists only complete states).\n",
                 e.what());
    return kExitDiverged;
  } catch (const std::bad_alloc&) {
    if (comm.size() > 1) abort_job(comm, own_stderr, "out of memory", kExitError);
    std::fprintf(stderr, "error: out of memory while %s: the case is too large for this machine (coarsen the grid or "
                         "shrink the domain; `rackflow check` shows the estimate)\n",
                 activity());
    return kExitError;
  } catch (const std::exception& e) {
    if (comm.size() > 1) abort_job(comm, own_stderr, e.what(), kExitError);
    std::fprintf(stderr, "error: %s\n", e.what());
    return kExitError;
  }
}
