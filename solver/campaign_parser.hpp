// Reads a campaign file (docs/campaign-format.md) into a CampaignSpec, and expands it into
// the scenarios it runs. Every problem is a CaseError naming the campaign file, line and
// key (or, for a change that does not take, the scenario and its override).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "campaign_spec.hpp"
#include "rackflow/case_spec.hpp"

namespace rackflow {

CampaignSpec parse_campaign_file(const std::string& path);
CampaignSpec parse_campaign_string(const std::string& yaml, const std::string& file);

// A scenario name rejected from a campaign, and why: a generated case identical to the
// baseline (a power factor of 1, the supply set-point the units already have).
struct SkippedScenario {
  std::string name, reason;
};

struct ExpandedCampaign {
  std::vector<Scenario> scenarios;  // the baseline first
  std::vector<SkippedScenario> skipped;
};

// The scenarios, each checked by reading its case (base case + overrides) and by testing
// that the change it stands for is in the case read back: the failed unit fails, the racks
// draw the scaled power, the units supply at the set-point. A scenario whose change did
// not take is an error, so a campaign cannot silently run the baseline N times.
ExpandedCampaign expand_campaign(const CampaignSpec& campaign);

// The overrides a scenario runs with once the baseline has settled at `baseline_s`: its
// own, and for a warm start the end time moved to baseline_s + its own run length, and
// for a transient the failures at baseline_s + fail_after. Without a warm start,
// baseline_s is ignored.
std::vector<CaseOverride> run_overrides(const CampaignSpec& campaign, const Scenario& s, double baseline_s);

}  // namespace rackflow
