// One scenario of a campaign, run in this process (on every MPI rank when it has several):
// the step a local pool's worker and a Slurm array task both take.
#pragma once

#include <filesystem>

#include "campaign_parser.hpp"
#include "commands.hpp"

namespace rackflow::cli {

// Runs scenario `s` into its directory under `campaign_dir`, recording in its scenario.json
// how it started (cold, or warm from the baseline's checkpoint; a warm start falls back to
// cold where the scenario's lattice time step differs from the baseline's) and how it
// ended. Returns `rackflow run`'s exit code; rethrows what the run throws, recorded.
int run_scenario(const CampaignSpec& c, const ExpandedCampaign& e, const Scenario& s,
                 const std::filesystem::path& campaign_dir, const RunOptions& base_options);

}  // namespace rackflow::cli
