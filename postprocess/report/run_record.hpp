// What a finished run directory says, read back from its files (report.json, or
// summary.json where a run wrote no report, and inlet_history.csv): the numbers the
// campaign tables and `rackflow compare` put side by side (docs/campaign-report.md).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "rackflow/hall_results.hpp"
#include "rackflow/hall_spec.hpp"

namespace rackflow::post {

// A file of a run directory that cannot be read as rackflow wrote it: names the file and
// what is wrong with it.
class RunRecordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What there is to read. A run without report.json has no hall results: it failed (its
// summary.json says how), or its case has no hall.
enum class RunOutcome {
  Missing,   // no directory, or neither report.json nor summary.json in it
  Failed,    // summary.json's status says it did not run to its end (diverged, failed, interrupted)
  NoHall,    // finished, but no report.json: a case without a hall
  Reported,  // report.json read
};

struct RackRecord {
  std::string name, row;
  Vec3d min_m{0, 0, 0}, max_m{0, 0, 0};  // footprint
  Face front = Face::YMin;
  double inlet_max_c = 0;
  std::string hottest_server;  // "rack/server" of that inlet; empty without servers
  Vec3d inlet_max_at_m{0, 0, 0};
  double margin_k = 0;  // allowable max minus inlet_max_c
};

struct CoolerRecord {
  std::string name, kind;
  Vec3d min_m{0, 0, 0}, max_m{0, 0, 0};
  double utilisation = 0, load_w = 0;
  bool failed = false;
  std::optional<double> fail_at_s;
};

// One ASHRAE bin of server inlets (metrics.hpp, kInletBinEdgesC): above_c < T <= up_to_c.
struct BinRecord {
  std::optional<double> above_c, up_to_c;  // open ends unset
  long long servers = 0;
};

struct TransientRecord {
  double limit_c = 0;
  std::optional<double> first_failure_at_s, limit_crossed_at_s, ride_through_s;
};

struct ProvenanceRecord {
  std::string case_file;
  std::vector<std::string> overrides;  // --set KEY=VALUE, as given
  std::optional<std::string> restart_file;  // warm start or restart source
  double start_time_s = 0;  // simulated time the run started at; 0 cold
};

struct RunRecord {
  std::string dir;
  RunOutcome outcome = RunOutcome::Missing;
  std::string status;   // summary.json's status: "completed", "not_converged", "diverged", ...
  std::string message;  // why it failed, or why it is missing
  bool steady_reached = false;
  std::string steady_unmet;  // the steady criterion that did not hold at the end, if any
  double wall_time_s = 0, simulated_time_s = 0;
  double dx_m = 0;  // the lattice's cell edge; 0 when not known
  ProvenanceRecord provenance;
  // With a report only:
  AshraeClass ashrae_class = AshraeClass::A1;
  InletLimits limits{15, 32, 18, 27};
  std::vector<RackRecord> racks;
  std::vector<CoolerRecord> coolers;
  double rci_hi_pct = 0, rci_lo_pct = 0;  // NaN when undefined
  std::vector<BinRecord> inlet_bins;
  std::string verdict;
  double relative_energy_residual = 0;  // residual / rack power
  TransientRecord transients;
  InletHistory history;  // inlet_history.csv; empty when the file is absent

  bool has_hall() const { return outcome == RunOutcome::Reported; }
};

// Reads the run directory `dir`. A missing directory or run, a failed run and a run without
// a hall come back as records saying so. Throws RunRecordError for a file that is there but
// malformed (not JSON, a key missing or of the wrong type, a CSV row of the wrong width),
// naming the file and the key or line.
RunRecord read_run_record(const std::string& dir);

}  // namespace rackflow::post
