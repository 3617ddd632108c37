// The campaign report's files (docs/campaign-report.md), from its tables
// (campaign_tables.hpp):
//   <stem>.md          for people: title, the worst case, the scenario table, the inlet bins
//                      per scenario, the racks (hottest inlet per scenario, difference from
//                      the reference, worst scenario), ride-through per rack for transients;
//   <stem>.json        the same numbers for scripts, units in the key names;
//   <stem>.csv         one row per scenario;
//   <stem>_racks.csv   one row per rack, columns per scenario;
//   <stem>_plans.png   the per-rack plans side by side (campaign_plans.hpp); only when a
//                      scenario has a hall, and only in a build with Cairo and Pango.
// `rackflow campaign --gather` writes them as campaign.*, `rackflow compare --out` as compare.*.
#pragma once

#include <string>
#include <vector>

#include "postprocess/report/campaign_tables.hpp"

namespace rackflow::post {

std::string campaign_markdown(const CampaignTables& tables, const std::string& title);
std::string campaign_json(const CampaignTables& tables, const std::string& title);
std::string campaign_csv(const CampaignTables& tables);
std::string campaign_racks_csv(const CampaignTables& tables);

// Composes every file, then writes each atomically into `dir` (created if missing), and
// returns their paths. Throws std::runtime_error for I/O errors.
std::vector<std::string> write_campaign_report(const std::string& dir, const CampaignTables& tables,
                                               const std::string& title, const std::string& stem = "campaign");

}  // namespace rackflow::post
