// The numbers of a campaign report (docs/campaign-report.md): scenarios of one hall side by
// side, derived from their run directories (run_record.hpp). The first scenario is the
// reference (a campaign's baseline, compare's RUN_A): per-rack differences are taken from it.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "postprocess/report/run_record.hpp"

namespace rackflow::post {

struct CampaignScenario {
  std::string name, run_dir, description;
  std::string kind = "steady";  // "steady", "transient" or "headroom"
  std::optional<double> failure_at_s;  // transient: when the unit fails; unset: from its report
};

struct ScenarioRow {
  static constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
  std::string name, description, kind;
  // "steady", "not steady", "transient", "failed", "missing" or "no hall"
  std::string status;
  std::string status_detail;  // the run's own status and message, for failed and missing runs
  std::string started_from;   // "cold", "warm from baseline's checkpoint at t = 101.9 s"
  double settle_simulated_s = kUnknown, settle_wall_s = kUnknown;  // from the run's start time to its end; NaN unknown
  // The rest only with a hall (has_hall); NaN or empty otherwise.
  bool has_hall = false;
  double hottest_inlet_c = kUnknown;
  std::string hottest_server;  // "rack/server"
  Vec3d hottest_at_m{0, 0, 0};
  std::vector<std::string> racks_over_limit;  // inlet max above the allowable maximum
  double rci_hi_pct = kUnknown, rci_lo_pct = kUnknown;
  double max_utilisation = kUnknown;  // 0..1, of the unit below
  std::string max_utilisation_unit;
  std::vector<long long> bins;  // servers per inlet bin (CampaignTables::bins)
  double relative_energy_residual = kUnknown;
  // Transients: the failure time, the first crossing of the allowable maximum after it
  // (ride-through = crossing − failure, 0 if over the limit already), else how long after
  // the failure the run went on without one.
  std::optional<double> failure_at_s, ride_through_s;
  double observed_after_failure_s = kUnknown;
};

struct RackRow {
  std::string name, row;
  std::vector<double> inlet_max_c;   // per scenario; NaN where the scenario has no result
  std::vector<double> difference_k;  // minus the reference's; NaN where either is missing
  std::optional<std::size_t> worst;  // the scenario with its hottest inlet
  std::vector<std::optional<double>> ride_through_s;  // per scenario, transients only
};

struct CampaignTables {
  std::vector<ScenarioRow> scenarios;
  std::vector<RunRecord> records;  // one per scenario, same order
  AshraeClass ashrae_class = AshraeClass::A1;  // of the first run with a hall
  InletLimits limits{15, 32, 18, 27};
  std::vector<BinRecord> bins;  // the bins' edges (servers of the first run with a hall)
  std::vector<RackRow> racks;   // the reference's racks (else the first run's with a hall)
  // The hall's worst case: the hottest inlet; ties go to more racks over the limit. Unset
  // when no scenario has a hall.
  std::optional<std::size_t> worst;
};

// The tables of `scenarios` (at least one), whose runs are `records` (same order). Throws
// std::invalid_argument for a count mismatch, runs of different halls (rack sets differ)
// or different inlet bins.
CampaignTables campaign_tables(const std::vector<CampaignScenario>& scenarios, std::vector<RunRecord> records);

// Reads every scenario's run directory (read_run_record), then campaign_tables.
CampaignTables read_campaign(const std::vector<CampaignScenario>& scenarios);

}  // namespace rackflow::post
