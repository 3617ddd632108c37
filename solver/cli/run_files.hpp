// The files a run writes into its directory: the field series as it goes, and the cleanup
// that makes a rerun into a used directory start from what this run writes alone.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "comm.hpp"
#include "decomposition.hpp"

#include "console.hpp"
#include "postprocess/pvd_series.hpp"
#include "run_loop.hpp"

namespace rackflow::cli {

inline constexpr const char* kSummaryFile = "summary.json";
inline constexpr const char* kObjectsFile = "objects.csv";
inline constexpr const char* kCheckpointFile = "checkpoint.h5";

// True for a name rackflow writes into a run directory (fields_NNNNNN.vti, fields.pvd,
// summary.json, objects.csv, the report files, the pictures) or the ".part" of one.
bool is_run_output(const std::string& file_name);

// Removes from `dir` the files an earlier run left (is_run_output) and nothing else: a
// user's notes stay. Sub-directories are not entered. `keep` (a checkpoint the new run
// restarts from) stays. Returns how many were removed.
int remove_previous_run(const std::filesystem::path& dir, const std::filesystem::path& keep = {});

// Writes each sampled state as a .vti and keeps fields.pvd current, so a run stopped at
// any moment leaves a readable time series; shows progress on the console. On several
// ranks each writes its piece (fields_NNNNNN_rRRRR.vti) and rank 0 the .pvti that joins
// them, the series and the progress.
class FileOutput : public solver::RunObserver {
 public:
  FileOutput(const std::filesystem::path& dir, bool quiet, const solver::Decomposition& decomposition,
             const solver::Comm& comm);
  void output(const Snapshot& s) override;
  void monitor(const solver::Progress& p, const EnergyBalance& e) override;
  void warning(const std::string& text) override;  // on stderr, rank 0, even when quiet
  void finish();

 private:
  std::filesystem::path dir_;
  const solver::Comm& comm_;
  solver::Decomposition decomposition_;
  std::optional<post::PvdSeries> series_;  // rank 0
  solver::ConsoleProgress progress_;
  int index_ = 0;
};

}  // namespace rackflow::cli
