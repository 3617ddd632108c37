// Checkpoint and restart files: one parallel HDF5 file per checkpoint, written and read
// collectively by every rank, laid out on the GLOBAL padded grid so that a file written by
// one rank count (or backend) restarts on another. docs/checkpoint.md describes the file.
// Built only with RACKFLOW_HAVE_HDF5 (parallel HDF5, which needs MPI).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "comm.hpp"
#include "rackflow/grid.hpp"

namespace rackflow::solver {

struct CheckpointHeader {
  std::string case_sha256;                  // of the case file text
  std::array<long long, 3> global_cells{0, 0, 0};  // the domain's interior cells
  double dx_m = 0;
  double dt_s = 0;  // the lattice time step the populations belong to
  long long step = 0;
  double time_s = 0;
  int ranks = 0;  // that wrote it (informative only; write_checkpoint records comm.size())
};

// One per-cell field of THIS rank's block on its padded grid.
struct CheckpointField {
  std::string name;         // "f", "theta", "aux", "statistics": a dataset /fields/<name>
  int components = 1;       // f: 19, aux: 4, statistics: 6, theta: 1
  std::vector<float> data;  // components x grid.cells_padded(), component-major
};

struct Checkpoint {
  CheckpointHeader header;
  std::vector<CheckpointField> fields;
  std::vector<std::uint8_t> model;                      // the rest of the state, identical on every rank
  std::vector<std::pair<std::string, double>> scalars;  // named numbers, identical on every rank
};

// Format name and version in the file's root attributes.
inline constexpr const char* kCheckpointFormat = "rackflow-checkpoint";
inline constexpr int kCheckpointVersion = 2;  // 2: dt_s added

// Collective. Writes `file` through "<file>.part" and renames it once every rank has closed
// it, so the previous checkpoint under `file` stays readable until the new one is whole.
// Each rank writes the cells it owns (owned_region); header, model and scalars must be the
// same on every rank. Throws std::runtime_error (on every rank) naming the file.
void write_checkpoint(const std::filesystem::path& file, const Comm& comm, const Grid& grid, const Checkpoint& c);

// Collective. The header only: validation before anything is allocated.
CheckpointHeader read_checkpoint_header(const std::filesystem::path& file, const Comm& comm);

// Collective. Every field comes back for this rank's whole padded window (halo cells
// included, from whichever rank owned them), in the order written. Throws when the file's
// grid is not `grid.global`.
Checkpoint read_checkpoint(const std::filesystem::path& file, const Comm& comm, const Grid& grid);

}  // namespace rackflow::solver
