// rackflow compare: the campaign tables (postprocess/report/) for any finished runs of one
// hall, the first the reference; printed, and written as compare.* with --out.
#include <cstdio>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "postprocess/report/campaign_report.hpp"

namespace rackflow::cli {

namespace {

namespace fs = std::filesystem;

// The file names `--out` writes: compare.md, compare.json, ... (campaign_report.hpp), so that
// a comparison written into a campaign's directory does not replace its campaign.* report.
constexpr const char* kCompareStem = "compare";

// The directory's last component: "results/fail-crah-2/" names "fail-crah-2".
std::string last_component(const std::string& dir) {
  fs::path p = fs::path(dir).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p.filename().string();
}

post::RunRecord checked_run(const std::string& dir) {
  post::RunRecord run = post::read_run_record(dir);
  if (run.outcome == post::RunOutcome::Missing)
    throw UsageError("compare: " + dir + " is not a run directory (" + run.message + ")");
  return run;
}

}  // namespace

int cmd_compare(const CompareOptions& o) {
  if (o.runs.size() < 2)
    throw UsageError("compare: give at least two run directories (got " + std::to_string(o.runs.size()) + ")");
  std::vector<post::CampaignScenario> scenarios;
  std::vector<post::RunRecord> runs;
  std::set<std::string> names;
  bool names_clash = false;
  for (const std::string& dir : o.runs) {
    runs.push_back(checked_run(dir));
    // A run in which a cooling unit failed is a transient: its ride-through is reported.
    const bool transient = runs.back().transients.first_failure_at_s.has_value();
    scenarios.push_back({last_component(dir), dir, "", transient ? "transient" : "steady", std::nullopt});
    names_clash = !names.insert(scenarios.back().name).second || names_clash;
  }
  // Two directories of the same name (a/baseline, b/baseline) are told apart by their paths.
  if (names_clash)
    for (post::CampaignScenario& s : scenarios) s.name = s.run_dir;
  post::CampaignTables tables;
  try {
    tables = post::campaign_tables(scenarios, std::move(runs));
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("compare: ") + e.what());
  }
  std::string title;
  for (const post::CampaignScenario& s : scenarios) title += (title.empty() ? "" : " vs ") + s.name;
  std::fputs(post::campaign_markdown(tables, title).c_str(), stdout);
  if (!o.out_dir.empty()) {
    for (const std::string& file : post::write_campaign_report(o.out_dir, tables, title, kCompareStem))
      std::printf("wrote %s\n", file.c_str());
  }
  return kExitOk;
}

}  // namespace rackflow::cli
