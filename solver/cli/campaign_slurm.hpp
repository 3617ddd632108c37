// A campaign on a Slurm cluster: the baseline as one job, the other scenarios as a job
// array after it (afterok: they start from its state), and a gather job after the array
// (afterany: it reports failed tasks too). Each task is `rackflow campaign FILE --out DIR
// --scenario NAME`, under mpirun when a scenario has several ranks; with GPUs, one rank
// per GPU as DESIGN.md §10 says (--gpus-per-node=N with --ntasks-per-node=N).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "campaign_parser.hpp"

namespace rackflow::cli {

struct SlurmOptions {
  SlurmDefaults job;       // the campaign file's slurm section, with the command line's options over it
  int ranks = 1;           // MPI ranks per scenario
  std::string backend;     // passed on as --backend; empty: the task's default
  bool dry_run = false;    // write the scripts only
};

// Writes DIR/slurm/{baseline,scenarios,gather}.sbatch and submit.sh for the scenarios in
// `todo` (indices into e.scenarios), and, unless dry_run, runs submit.sh. Prints the job ids
// (or, for a dry run, how to submit). Throws when sbatch fails, with its output.
void submit_campaign(const CampaignSpec& c, const ExpandedCampaign& e, const std::vector<std::size_t>& todo,
                     const std::filesystem::path& campaign_dir, const SlurmOptions& o);

// "D-HH:MM:SS" for Slurm's --time, rounded up to whole minutes.
std::string slurm_time(double seconds);

}  // namespace rackflow::cli
