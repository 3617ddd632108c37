// A Simulation's whole state to and from a checkpoint file (solver/checkpoint.hpp): the
// fields of every rank's block in the file's global layout, the step and the accounting
// window, the averaging sums, and the hall model's state. Saved at a monitor-interval
// boundary (the run loop's), where the boundary-heat counters have just been read and are
// zero, so nothing tied to one rank's lists needs saving and a restart on any rank count
// or backend continues exactly.
#pragma once

#include <filesystem>
#include <string>

#include "simulation.hpp"

namespace rackflow::solver {

// True when the build has parallel HDF5 (RACKFLOW_HAVE_HDF5).
bool checkpoints_built();

// Collective. `case_sha256` identifies the case file the state came from.
void save_checkpoint(Simulation& sim, const std::filesystem::path& file, const std::string& case_sha256);

// Collective. Loads `file` into `sim`, which must have the same grid (cells and cell size:
// CaseError otherwise, naming both). Loads, profiles, set-points and failures may differ:
// that is how a scenario warm-starts from a converged state. Returns the case hash the
// file records.
std::string load_checkpoint(Simulation& sim, const std::filesystem::path& file);

}  // namespace rackflow::solver
