// The subcommands of rackflow, each given its parsed options; they return the exit code
// (exit_codes.hpp) and throw for errors main() maps to one.
#pragma once

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "case_overrides.hpp"
#include "rackflow/precision.hpp"
#include "simulation.hpp"

namespace rackflow::cli {

// A command line that does not fit the case (a rack it does not have): exit code 64.
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct CheckOptions {
  std::string case_file;
  std::vector<CaseOverride> overrides;            // --set KEY=VALUE
  solver::Backend backend = solver::Backend::Auto;
  int ranks = 1;                                  // --ranks: the decomposition to print
  std::optional<std::array<int, 3>> ranks_grid;   // --ranks-grid X,Y,Z
};

struct RunOptions {
  std::string case_file, out_dir;
  std::vector<CaseOverride> overrides;  // --set KEY=VALUE, in order
  solver::Backend backend = solver::Backend::Auto;
  std::optional<double> end_time_s;  // overrides run.end_time
  bool quiet = false;
  bool headroom = false;
  std::vector<std::string> racks;  // headroom: which racks (all when empty)
  std::optional<std::array<int, 3>> ranks_grid;  // --ranks-grid X,Y,Z: blocks per axis
  std::optional<double> checkpoint_every_s;      // --checkpoint-every: simulated seconds
  bool checkpoint_at_end = false;                // --checkpoint-at-end
  std::string restart_file;                      // --restart: a checkpoint to continue from
};

struct BenchOptions {
  std::string case_file;  // --case: time this case; empty: the box
  int size = 128;
  Precision precision = Precision::Fp32;  // --precision, the box's population storage
  solver::Backend backend = solver::Backend::Auto;
  double seconds = 3.0;
};

struct CompareOptions {
  std::vector<std::string> runs;  // run directories, the first the reference
  std::string out_dir;            // --out: write compare.* there; empty: print only
};

int cmd_check(const CheckOptions& o);
int cmd_run(const RunOptions& o);
int cmd_bench(const BenchOptions& o);
int cmd_compare(const CompareOptions& o);

struct CampaignOptions {
  std::string campaign_file, out_dir;
  solver::Backend backend = solver::Backend::Auto;
  bool quiet = false;
  bool list = false;    // --list: the expanded scenarios, nothing run
  int jobs = 0;         // --jobs: scenarios at once here; 0: default_jobs
  bool slurm = false, dry_run = false;
  std::optional<std::string> partition, account;
  std::optional<double> time_limit_s;
  std::optional<int> gpus_per_task;
  std::string scenario;  // --scenario: run this one scenario here
  bool gather = false;   // --gather: write the report from the scenarios' directories
};

int cmd_campaign(const CampaignOptions& o);

// What the command is doing now, for the message when memory runs out ("allocating the
// simulation"); set by the commands as they go.
void set_activity(const char* what);
const char* activity();

}  // namespace rackflow::cli
