// rackflow campaign: a campaign file's scenarios listed, run here (a pool of processes) or
// on Slurm (a job array), one scenario run (what a worker or an array task does), or the
// report gathered from the scenarios' run directories.
#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "campaign_local.hpp"
#include "campaign_records.hpp"
#include "campaign_scenario.hpp"
#include "campaign_slurm.hpp"
#include "commands.hpp"
#include "comm.hpp"
#include "exit_codes.hpp"
#include "postprocess/report/campaign_report.hpp"
#include "quantity.hpp"
#include "signals.hpp"
#include "simulation.hpp"

namespace rackflow::cli {

namespace fs = std::filesystem;

namespace {

std::string change_text(const CampaignSpec& c, const Scenario& s) {
  std::string out;
  for (std::size_t i = c.base_overrides.size(); i < s.overrides.size(); ++i)
    out += (out.empty() ? "" : "; ") + s.overrides[i].text();
  if (s.kind == ScenarioKind::Transient)
    out += (out.empty() ? "" : "; ") + std::string("fail_at = baseline's steady time + ") +
           format_quantity(c.fail_after_s, Dimension::Time) + ", then " +
           format_quantity(c.transient_duration_s, Dimension::Time);
  return out.empty() ? "-" : out;
}

int list_scenarios(const CampaignSpec& c, const ExpandedCampaign& e, const fs::path& dir) {
  std::printf("campaign %s: %zu scenarios of %s%s\n", c.name.c_str(), e.scenarios.size(), c.case_file.c_str(),
              c.warm_start ? ", warm-started from the baseline's steady state" : ", each from a cold start");
  std::printf("%-4s %-26s %-10s %-5s %-9s %s\n", "#", "scenario", "kind", "start", "state", "change");
  for (std::size_t i = 0; i < e.scenarios.size(); ++i) {
    const Scenario& s = e.scenarios[i];
    std::printf("%-4zu %-26s %-10s %-5s %-9s %s\n", i, s.name.c_str(), scenario_kind_name(s.kind), s.warm_start ? "warm" : "cold",
                scenario_done(c, e, s, dir) ? "finished" : "to run", change_text(c, s).c_str());
  }
  for (const SkippedScenario& s : e.skipped) std::printf("not run: %s (%s)\n", s.name.c_str(), s.reason.c_str());
  return kExitOk;
}

// The report of whatever the scenarios' directories hold now; failed and missing runs are
// rows that say so.
int gather(const CampaignSpec& c, const ExpandedCampaign& e, const fs::path& dir) {
  std::vector<post::CampaignScenario> list;
  for (const Scenario& s : e.scenarios) {
    post::CampaignScenario p{s.name, scenario_dir(dir, s.name).string(), s.description, scenario_kind_name(s.kind), {}};
    if (s.kind == ScenarioKind::Transient) {
      if (const auto r = read_record(scenario_dir(dir, s.name)); r && r->start_time_s > 0)
        p.failure_at_s = r->start_time_s + c.fail_after_s;
    }
    list.push_back(p);
  }
  post::CampaignTables tables;
  try {
    tables = post::read_campaign(list);
  } catch (const std::invalid_argument& err) {
    throw UsageError(std::string("campaign ") + c.name + ": " + err.what());
  }
  for (const std::string& file : post::write_campaign_report(dir.string(), tables, c.name))
    std::printf("report:  %s\n", file.c_str());
  return kExitOk;
}

int hardware_threads() {
  if (const char* env = std::getenv("OMP_NUM_THREADS"); env && std::atoi(env) > 0) return std::atoi(env);
  return std::max(1, int(std::thread::hardware_concurrency()));
}

std::string backend_option(solver::Backend b) {
  switch (b) {
    case solver::Backend::Cpu: return "cpu";
    case solver::Backend::Cuda: return "cuda";
    case solver::Backend::Kokkos: return "kokkos";
    case solver::Backend::Auto: return "";
  }
  return "";
}

int run_here(const CampaignSpec& c, const ExpandedCampaign& e, const std::vector<std::size_t>& todo,
             const fs::path& dir, const CampaignOptions& o) {
  const bool on_gpu = solver::resolve_backend(o.backend) == solver::Backend::Cuda;
  const int threads = hardware_threads();
  PoolOptions pool;
  pool.campaign_file = fs::absolute(c.file);
  pool.campaign_dir = fs::absolute(dir);
  pool.jobs = o.jobs > 0 ? o.jobs : default_jobs(on_gpu, threads);
  pool.ranks = c.ranks;
  pool.threads_per_job = on_gpu ? 0 : std::max(1, threads / (pool.jobs * c.ranks));
  pool.baseline_threads = on_gpu ? 0 : std::max(1, threads / c.ranks);
  pool.backend = backend_option(o.backend);
  pool.quiet = o.quiet;
  std::printf("campaign %s: %zu scenarios, %zu to run, %d at a time%s\n", c.name.c_str(), e.scenarios.size(), todo.size(),
              pool.jobs, on_gpu ? " on the GPU" : (" with " + std::to_string(pool.threads_per_job) + " thread" + (pool.threads_per_job == 1 ? "" : "s") + " each").c_str());
  install_stop_handlers();
  const std::vector<int> codes = run_pool(e, todo, pool);
  gather(c, e, dir);
  if (stop_signal_received() != 0) return kExitSignalBase + stop_signal_received();
  // From the records: a worker exits 0 for a scenario that ran to its end unsettled.
  int worst = kExitOk;
  for (std::size_t k = 0; k < todo.size(); ++k) {
    const auto r = read_record(scenario_dir(dir, e.scenarios[todo[k]].name));
    if (codes[k] != kExitOk || !r || !r->done()) worst = kExitError;
    else if (r->status == "not steady" && worst == kExitOk) worst = kExitNotSteady;
  }
  return worst;
}

}  // namespace

int cmd_campaign(const CampaignOptions& o) {
  set_activity("reading the campaign");
  const CampaignSpec c = parse_campaign_file(o.campaign_file);
  const ExpandedCampaign e = expand_campaign(c);
  const fs::path dir = o.out_dir.empty() ? fs::path("results") / c.name : fs::path(o.out_dir);
  if (o.list) return list_scenarios(c, e, dir);
  if (o.gather) return gather(c, e, dir);
  if (!o.scenario.empty()) {
    const auto it = std::find_if(e.scenarios.begin(), e.scenarios.end(), [&](const Scenario& s) { return s.name == o.scenario; });
    if (it == e.scenarios.end()) {
      std::string names;
      for (const Scenario& s : e.scenarios) names += (names.empty() ? "" : ", ") + s.name;
      throw UsageError("--scenario: no scenario named '" + o.scenario + "' in " + c.file + "; allowed: " + names);
    }
    RunOptions run;
    run.backend = o.backend;
    run.quiet = o.quiet;
    // A scenario that ran to its end without settling is a result (its report says so), not
    // a failed task: a batch system must not cancel what depends on it.
    const int code = run_scenario(c, e, *it, dir, run);
    return code == kExitNotSteady ? kExitOk : code;
  }
  // This process is no MPI rank (main.cpp), so mpirun's own variables tell.
  const char* ranks = std::getenv("OMPI_COMM_WORLD_SIZE");
  if (ranks && std::atoi(ranks) > 1)
    throw UsageError("campaign: run the campaign itself as one process; each scenario starts its own ranks "
                     "(run.ranks in the campaign file)");
  write_scenarios_file(c, e, dir);
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < e.scenarios.size(); ++i)
    if (!scenario_done(c, e, e.scenarios[i], dir)) todo.push_back(i);
  if (todo.size() < e.scenarios.size())
    std::printf("campaign %s: %zu of %zu scenarios finished earlier and are current; they are not run again\n",
                c.name.c_str(), e.scenarios.size() - todo.size(), e.scenarios.size());
  if (o.slurm) {
    SlurmOptions s;
    s.job = c.slurm;
    if (o.partition) s.job.partition = *o.partition;
    if (o.account) s.job.account = *o.account;
    if (o.time_limit_s) s.job.time_limit_s = *o.time_limit_s;
    if (o.gpus_per_task) s.job.gpus_per_task = *o.gpus_per_task;
    s.ranks = c.ranks;
    s.backend = backend_option(o.backend);
    s.dry_run = o.dry_run;
    submit_campaign(c, e, todo, dir, s);
    return kExitOk;
  }
  return run_here(c, e, todo, dir, o);
}

}  // namespace rackflow::cli
