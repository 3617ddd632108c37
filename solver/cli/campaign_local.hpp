// A campaign's scenarios on this machine: child processes of this binary, each running one
// scenario (`rackflow campaign FILE --out DIR --scenario NAME`), at most `jobs` at a time,
// the machine's threads shared among them. Children keep the parent's output tidy: each
// writes to run.log in its scenario's directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "campaign_parser.hpp"

namespace rackflow::cli {

struct PoolOptions {
  std::filesystem::path campaign_file, campaign_dir;
  int jobs = 1;
  int threads_per_job = 0;  // OMP_NUM_THREADS of each child; 0: the child's default
  int baseline_threads = 0; // the same for the baseline, which runs alone
  int ranks = 1;            // > 1: each child is `mpirun -np ranks`
  std::string backend;      // passed on as --backend
  bool quiet = false;
};

// This program's path (/proc/self/exe): what workers and batch scripts run.
std::string self_path();

// The scenario runs at once `jobs` scenarios can share the machine's threads by default:
// one on a GPU (its scenarios go in sequence), and on CPUs one per 4 threads, since one
// sweep over a hall's cells is bound by memory bandwidth well before it runs out of cores.
int default_jobs(bool on_gpu, int threads);

// Runs `todo` (indices into e.scenarios); the baseline, when listed, first and alone, and
// the warm-started scenarios only if it finished. A stop signal terminates the children
// and returns. Returns the exit code per index of `todo` (-1: not started).
std::vector<int> run_pool(const ExpandedCampaign& e, const std::vector<std::size_t>& todo, const PoolOptions& o);

}  // namespace rackflow::cli
