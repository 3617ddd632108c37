#include "campaign_records.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "postprocess/atomic_file.hpp"
#include "run_files.hpp"
#include "sha256.hpp"

namespace rackflow::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

fs::path scenario_dir(const fs::path& campaign_dir, const std::string& scenario) {
  return campaign_dir / "scenarios" / scenario;
}

std::optional<ScenarioRecord> read_record(const fs::path& dir) {
  std::ifstream in(dir / kScenarioRecordFile);
  if (!in) return std::nullopt;
  // A record that does not parse (a disk filled up mid-write cannot leave one: it is
  // written atomically; an edited one can) counts as no record: the scenario runs again.
  const json j = json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  ScenarioRecord r;
  r.name = j.value("name", "");
  r.fingerprint = j.value("fingerprint", "");
  r.status = j.value("status", "");
  r.started_from = j.value("started_from", "");
  r.note = j.value("note", "");
  r.start_time_s = j.value("start_time_s", 0.0);
  r.end_time_s = j.value("end_time_s", 0.0);
  r.wall_s = j.value("wall_s", 0.0);
  r.exit_code = j.value("exit_code", -1);
  return r;
}

void write_record(const fs::path& dir, const ScenarioRecord& r) {
  const json j = {{"name", r.name},           {"fingerprint", r.fingerprint}, {"status", r.status},
                  {"started_from", r.started_from}, {"note", r.note},     {"start_time_s", r.start_time_s},
                  {"end_time_s", r.end_time_s}, {"wall_s", r.wall_s},        {"exit_code", r.exit_code}};
  fs::create_directories(dir);
  post::write_file_atomically(dir / kScenarioRecordFile, j.dump(2) + "\n");
}

std::string fingerprint(const CampaignSpec& c, const Scenario& s, const std::vector<CaseOverride>& overrides) {
  std::string text = file_bytes(c.case_file) + "\n--\n" + scenario_kind_name(s.kind) + "\nranks " + std::to_string(c.ranks);
  for (const CaseOverride& o : overrides) text += "\nset " + o.text();
  for (const std::string& r : s.headroom_racks) text += "\nheadroom " + r;
  return sha256_hex(text);
}

std::optional<double> baseline_time_s(const CampaignSpec& c, const ExpandedCampaign& e, const fs::path& campaign_dir) {
  const Scenario& baseline = e.scenarios.front();
  const fs::path dir = scenario_dir(campaign_dir, baseline.name);
  const auto r = read_record(dir);
  if (!r || !r->done() || r->fingerprint != fingerprint(c, baseline, run_overrides(c, baseline, 0))) return std::nullopt;
  if (!fs::exists(dir / kCheckpointFile)) return std::nullopt;
  return r->end_time_s;
}

bool any_warm_start(const ExpandedCampaign& e) {
  return std::any_of(e.scenarios.begin(), e.scenarios.end(), [](const Scenario& s) { return s.warm_start; });
}

bool scenario_done(const CampaignSpec& c, const ExpandedCampaign& e, const Scenario& s, const fs::path& campaign_dir) {
  const auto r = read_record(scenario_dir(campaign_dir, s.name));
  if (!r || !r->done()) return false;
  // A baseline run for a campaign of cold starts wrote no checkpoint; warm starts need one.
  if (&s == &e.scenarios.front() && any_warm_start(e) && !fs::exists(scenario_dir(campaign_dir, s.name) / kCheckpointFile))
    return false;
  if (!s.warm_start) return r->fingerprint == fingerprint(c, s, run_overrides(c, s, 0));
  const auto t_s = baseline_time_s(c, e, campaign_dir);
  // A warm scenario may have fallen back to a cold start (another lattice): its record
  // then carries the cold fingerprint.
  if (r->fingerprint == fingerprint(c, s, s.overrides)) return true;
  return t_s && r->fingerprint == fingerprint(c, s, run_overrides(c, s, *t_s));
}

void write_scenarios_file(const CampaignSpec& c, const ExpandedCampaign& e, const fs::path& campaign_dir) {
  json list = json::array();
  for (const Scenario& s : e.scenarios) {
    json overrides = json::array();
    for (const CaseOverride& o : s.overrides) overrides.push_back(o.text());
    json entry = {{"name", s.name},
                  {"kind", scenario_kind_name(s.kind)},
                  {"description", s.description},
                  {"overrides", overrides},
                  {"warm_start", s.warm_start},
                  {"failing_coolers", s.failing_coolers},
                  {"headroom_racks", s.headroom_racks},
                  {"directory", (fs::path("scenarios") / s.name).string()}};
    if (s.kind == ScenarioKind::Transient) entry["fail_after_s"] = c.fail_after_s;
    list.push_back(entry);
  }
  json skipped = json::array();
  for (const SkippedScenario& s : e.skipped) skipped.push_back({{"name", s.name}, {"reason", s.reason}});
  const json j = {{"campaign", c.name},     {"description", c.description},
                  {"campaign_file", c.file}, {"case_file", c.case_file},
                  {"warm_start", c.warm_start}, {"transient_duration_s", c.transient_duration_s},
                  {"scenarios", list},       {"skipped", skipped}};
  fs::create_directories(campaign_dir);
  post::write_file_atomically(campaign_dir / kScenariosFile, j.dump(2) + "\n");
}

}  // namespace rackflow::cli
