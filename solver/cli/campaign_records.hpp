// What a campaign keeps on disk besides the runs themselves: where each scenario runs, the
// record of how its last run went (scenario.json in its directory), and the fingerprint
// that says whether that run is of the scenario as it is defined now. A rerun of the
// campaign skips exactly the scenarios whose record is finished and current.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "campaign_parser.hpp"

namespace rackflow::cli {

inline constexpr const char* kScenarioRecordFile = "scenario.json";
inline constexpr const char* kScenariosFile = "scenarios.json";

std::filesystem::path scenario_dir(const std::filesystem::path& campaign_dir, const std::string& scenario);

// How a scenario's last run went, as its runner recorded it.
struct ScenarioRecord {
  std::string name;
  std::string fingerprint;
  std::string status;        // "running", "finished", "not steady", "interrupted", "diverged", "failed"
  std::string started_from;  // "cold", or "warm: <checkpoint> at t = <s> s"
  std::string note;          // why a warm start fell back to cold, or the failure's message
  double start_time_s = 0, end_time_s = 0;  // simulated
  double wall_s = 0;
  int exit_code = -1;
  bool done() const { return status == "finished" || status == "not steady"; }
};

std::optional<ScenarioRecord> read_record(const std::filesystem::path& dir);
void write_record(const std::filesystem::path& dir, const ScenarioRecord& r);

// The scenario's identity: the case file's bytes, the overrides it runs with (for a warm
// start they hold the baseline's steady time), its kind and racks, the ranks. A scenario
// whose record has another fingerprint is stale and runs again.
std::string fingerprint(const CampaignSpec& c, const Scenario& s, const std::vector<CaseOverride>& overrides);

// The baseline's steady time, when the baseline is finished and current; else nothing.
std::optional<double> baseline_time_s(const CampaignSpec& c, const ExpandedCampaign& e,
                                      const std::filesystem::path& campaign_dir);

// True when some scenario starts from the baseline's checkpoint, which the baseline must
// then write.
bool any_warm_start(const ExpandedCampaign& e);

// True when the scenario's record is finished and of the scenario as defined now.
bool scenario_done(const CampaignSpec& c, const ExpandedCampaign& e, const Scenario& s,
                   const std::filesystem::path& campaign_dir);

// DIR/scenarios.json: the expanded scenarios, for the gather step and for people.
void write_scenarios_file(const CampaignSpec& c, const ExpandedCampaign& e, const std::filesystem::path& campaign_dir);

}  // namespace rackflow::cli
