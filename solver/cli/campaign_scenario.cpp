#include "campaign_scenario.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "campaign_records.hpp"
#include "case_parser.hpp"
#include "comm.hpp"
#include "exit_codes.hpp"
#include "hall_layout.hpp"
#include "lattice_setup.hpp"
#include "quantity.hpp"
#include "run_files.hpp"
#include "simulation.hpp"

namespace rackflow::cli {

namespace fs = std::filesystem;

namespace {

double lattice_dt_s(const std::string& case_file, const std::vector<CaseOverride>& overrides) {
  return solver::choose_lattice(solver::primitive_case(parse_case_file(case_file, overrides))).units.dt_s;
}

std::string status_for(int exit_code) {
  if (exit_code == kExitOk) return "finished";
  if (exit_code == kExitNotSteady) return "not steady";
  if (exit_code == kExitDiverged) return "diverged";
  if (exit_code > kExitSignalBase) return "interrupted";
  return "failed";
}

// The simulated time the run ended at, from its summary.json.
double end_time_s(const fs::path& dir) {
  std::ifstream in(dir / kSummaryFile);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() ? j.value("simulated_time_s", 0.0) : 0.0;
}

}  // namespace

int run_scenario(const CampaignSpec& c, const ExpandedCampaign& e, const Scenario& s, const fs::path& campaign_dir,
                 const RunOptions& base_options) {
  const bool root = solver::Comm::world().root();
  const Scenario& baseline = e.scenarios.front();
  const bool is_baseline = &s == &baseline;
  RunOptions o = base_options;
  o.case_file = c.case_file;
  o.out_dir = scenario_dir(campaign_dir, s.name).string();
  o.headroom = s.kind == ScenarioKind::Headroom;
  o.racks = s.headroom_racks;
  o.checkpoint_at_end = is_baseline && any_warm_start(e);
  ScenarioRecord record;
  record.name = s.name;
  record.started_from = "cold";
  o.overrides = s.overrides;
  if (s.warm_start) {
    const auto t_s = baseline_time_s(c, e, campaign_dir);
    if (!t_s)
      throw UsageError("scenario " + s.name + " starts from the baseline's steady state, and the baseline has not "
                       "finished in " + campaign_dir.string() + " (run the campaign, or its baseline, first)");
    const std::vector<CaseOverride> warm = run_overrides(c, s, *t_s);
    const double dt_s = lattice_dt_s(c.case_file, warm), baseline_dt_s = lattice_dt_s(c.case_file, baseline.overrides);
    if (std::fabs(dt_s - baseline_dt_s) <= 1e-9 * baseline_dt_s) {
      o.overrides = warm;
      o.restart_file = (scenario_dir(campaign_dir, baseline.name) / kCheckpointFile).string();
      record.started_from = "warm: the baseline's state at t = " + format_number(*t_s) + " s";
      record.start_time_s = *t_s;
    } else if (s.kind == ScenarioKind::Transient) {
      throw UsageError("scenario " + s.name + " fails units at the baseline's steady state, but its lattice has dt = " +
                       format_number(dt_s) + " s against the baseline's " + format_number(baseline_dt_s) +
                       " s (set run.max_velocity in the campaign's `set:` so that all scenarios share one lattice)");
    } else {
      record.note = "started cold: its lattice time step (" + format_number(dt_s) + " s) is not the baseline's (" +
                    format_number(baseline_dt_s) + " s), so the baseline's state does not fit it";
    }
  }
  record.fingerprint = fingerprint(c, s, o.overrides);
  record.status = "running";
  if (root) write_record(o.out_dir, record);
  const auto start = std::chrono::steady_clock::now();
  auto finish = [&](const std::string& status, int code, const std::string& note) {
    record.status = status;
    record.exit_code = code;
    if (!note.empty()) record.note = note;
    record.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    record.end_time_s = end_time_s(o.out_dir);
    if (root) write_record(o.out_dir, record);
  };
  int code = kExitError;
  try {
    code = cmd_run(o);
  } catch (const CaseError& err) {
    finish("failed", kExitInvalidCase, err.what());
    throw;
  } catch (const solver::DivergenceError& err) {
    finish("diverged", kExitDiverged, err.what());
    throw;
  } catch (const std::exception& err) {
    finish("failed", kExitError, err.what());
    throw;
  }
  finish(status_for(code), code, "");
  return code;
}

}  // namespace rackflow::cli
