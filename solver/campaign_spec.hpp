// A campaign (docs/campaign-format.md): one base case and the scenarios run on it, as read
// from the campaign file, in SI units; and the scenarios it expands to. Pure data.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "case_overrides.hpp"
#include "rackflow/case_error.hpp"

namespace rackflow {

enum class ScenarioKind {
  Steady,     // run to steady state (or the end time) with the change in force from the start
  Transient,  // the change (a cooling-unit failure) happens at the baseline's steady state
  Headroom,   // `rackflow headroom` of the named racks
};

inline const char* scenario_kind_name(ScenarioKind k) {
  switch (k) {
    case ScenarioKind::Steady: return "steady";
    case ScenarioKind::Transient: return "transient";
    case ScenarioKind::Headroom: return "headroom";
  }
  return "?";
}

// One entry of `scenarios:` as written: a list of overrides, or one generator.
struct ScenarioEntry {
  enum class Generator { Set, FailEach, FailPairs, ScalePower, SupplyTemperature, Headroom };
  Generator generator = Generator::Set;
  std::string name;                     // Set: required; generators: a prefix (optional)
  std::string description;
  std::vector<CaseOverride> overrides;  // Set
  ScenarioKind mode = ScenarioKind::Steady;  // FailEach, FailPairs: steady or transient
  std::vector<std::string> coolers;     // FailEach/FailPairs/SupplyTemperature: empty = all
  std::vector<double> factors;          // ScalePower
  std::vector<double> temperatures_c;   // SupplyTemperature
  std::vector<std::string> racks, rows;  // ScalePower, Headroom: both empty = all racks
  SourceRef where;                      // the list entry
};

struct SlurmDefaults {
  std::string partition, account;
  double time_limit_s = 3600;
  int gpus_per_task = 0;   // 0: CPU tasks
  int cpus_per_task = 0;   // 0: Slurm's default
};

struct CampaignSpec {
  std::string name, description;
  std::string file;       // the campaign file, as named
  std::string case_file;  // resolved against the campaign file's folder
  std::vector<CaseOverride> base_overrides;  // `set:` applied to every scenario, the baseline too
  bool warm_start = true;
  double transient_duration_s = 600;  // simulated time after a transient failure
  double fail_after_s = 0;            // from the baseline's steady state to the failure
  int ranks = 1;                      // MPI ranks per scenario
  SlurmDefaults slurm;
  std::vector<ScenarioEntry> entries;
};

// One scenario to run: the baseline is the first.
struct Scenario {
  std::string name, description;
  ScenarioKind kind = ScenarioKind::Steady;
  // The campaign's `set:`, then the scenario's own. A transient's failure time and a warm
  // start's end time depend on the baseline's steady time and are added when it runs
  // (run_overrides).
  std::vector<CaseOverride> overrides;
  std::vector<std::string> failing_coolers;  // FailEach/FailPairs: the units that fail (a
                                             // Transient's failure time is added when it runs)
  std::vector<std::string> headroom_racks;   // Headroom: empty = all
  bool warm_start = false;                   // from the baseline's checkpoint
  SourceRef where;                           // the campaign-file entry it came from
  // What a generated change must read back as (expand_campaign's check): ScalePower's
  // racks and factor, SupplyTemperature's units and set-point.
  std::vector<std::string> scaled_racks;
  double power_factor = 1;
  std::vector<std::string> supply_coolers;
  double supply_c = 0;
};

}  // namespace rackflow
