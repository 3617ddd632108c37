// Simulation: one case on one backend. Chooses the lattice, refuses what will not fit,
// voxelises, owns the stepper, and turns device state into SI snapshots, energy balances
// and health reports. It contains no loops over cells.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "comm.hpp"
#include "decomposition.hpp"
#include "hall_model.hpp"
#include "kernels/stepper.hpp"
#include "lattice_setup.hpp"
#include "rackflow/case_spec.hpp"
#include "rackflow/scene.hpp"
#include "rackflow/snapshot.hpp"

namespace rackflow::solver {

// Auto picks CUDA when a device is usable, else the CPU; Kokkos is only ever chosen by name.
enum class Backend { Auto, Cpu, Cuda, Kokkos };
Backend parse_backend(const std::string& name);  // throws std::invalid_argument naming the allowed values
// The backend `backend` stands for here: Auto is the GPU when one is present, else the CPU.
Backend resolve_backend(Backend backend);

// Memory a case needs on its device and what is available there.
struct MemoryCheck {
  double needed_bytes = 0;
  double available_bytes = 0;
  std::string device;
  bool on_host = false;  // the CPU backend: host memory, which also holds the snapshot
  bool fits() const { return needed_bytes <= available_bytes; }
};
// Estimated from the grid and the boundary area of the domain and the boxes (nothing
// allocated); `backend` picks whose memory counts. With `block`, for that rank's block of
// a decomposed domain (its padded cells, and the boundary area in proportion to its cells).
MemoryCheck check_memory(const CaseSpec& spec, Backend backend);
MemoryCheck check_memory(const CaseSpec& spec, Backend backend, const Grid& block);
// The bytes of that estimate alone (no device is asked).
double estimate_block_bytes(const CaseSpec& spec, const Grid& block, bool on_host);
// CaseError naming the grid, the estimate and the free memory when it does not fit.
void refuse_if_too_large(const CaseSpec& spec, const MemoryCheck& memory);
// What `backend` has free now (needed_bytes 0).
MemoryCheck available_memory(Backend backend);
// After voxelising, before the stepper allocates: the fields and the scene's lists as the
// stepper will upload them (kernels::device_bytes), against `available`'s free bytes.
MemoryCheck check_scene_memory(const Scene& scene, Precision precision, const MemoryCheck& available);
// CaseError naming the grid, its list sizes, the need and the free memory when it does not fit.
void refuse_scene_if_too_large(const CaseSpec& spec, const Scene& scene, const MemoryCheck& memory);

// Where a cell is, for messages a person reads.
struct CellPlace {
  int i = 0, j = 0, k = 0;
  double x_m = 0, y_m = 0, z_m = 0;
  std::string str() const;
};

// One case on one backend, as one rank's block of the domain: every rank of `comm` builds
// its own Simulation with the same arguments. Everything it reports (balances, health,
// monitors, results) is reduced over the ranks and the same on each; fields (snapshots,
// states) are the rank's block.
class Simulation {
 public:
  // Throws CaseError for invalid or unstable cases and for grids too large for the
  // device, before allocating any field. `ranks_grid` overrides the blocks per axis.
  Simulation(const CaseSpec& spec, Backend backend, const Comm& comm = Comm::world(),
             const std::optional<std::array<int, 3>>& ranks_grid = std::nullopt);

  // The case as simulated: a hall's objects appear as boxes and patches (HallLayout).
  const CaseSpec& spec() const { return spec_; }
  const LatticeSetup& lattice() const { return setup_; }
  const Scene& scene() const { return scene_; }
  const Decomposition& decomposition() const { return decomposition_; }
  const Comm& comm() const { return comm_; }
  std::string backend_name() const { return stepper_->describe(); }

  void advance(long long steps);
  long long step() const { return step_; }
  double time_s() const { return setup_.units.time_s(double(step_)); }

  // The current fields of this rank's block (a piece of the domain on several ranks), with
  // the time statistics when averaging() is active.
  Snapshot snapshot();
  // The whole domain's fields on rank 0, gathered from every rank's snapshot (empty on the
  // others). Collective. For tests that compare decomposed runs: a run's field files are
  // pieces and its pictures come from gather_plane.
  Snapshot whole_snapshot();
  // The layer of cells `layer` (global) normal to `axis` on rank 0 (empty on the others):
  // each rank sends the interior cells of the layer its block holds, none if it misses it.
  // Collective. The Snapshot is one cell thick along `axis`, placed by offset_cells within
  // domain_cells, with temperature_c, velocity_m_s, pressure_pa and object_id (statistics
  // empty): what the pictures draw. Throws std::invalid_argument, on every rank, for an
  // axis or layer outside the domain.
  Snapshot gather_plane(int axis, Index layer);
  // What each object id of Snapshot::object_id stands for.
  std::vector<ObjectLabel> objects() const;
  // Heat flows averaged over the steps since the previous call (or the start).
  EnergyBalance energy_balance();
  // Over every rank; the cells (min_at, max_at, speed_at) are global (Grid::global_index)
  // and the non-finite box is in global cell coordinates. Each call also updates
  // speed_record().
  kernels::Health health();
  // The fastest air over every health() so far against the design speed (since this
  // Simulation was built: a loaded state does not carry it).
  const SpeedRecord& speed_record() const { return speed_; }

  // Time statistics of T and u per cell, and the hall's time-mean inlets, over a window
  // that starts now (forgetting any earlier one); each sample adds the current state.
  void start_averaging();
  void stop_averaging() { averaging_from_s_.reset(); }
  bool averaging_started() const { return averaging_from_s_.has_value(); }
  void sample_statistics();
  AveragingWindow averaging() const;

  // Volume means over the fluid cells, for the steady-state test.
  struct FieldMeans {
    double temperature_c = 0, speed_m_s = 0;
  };
  FieldMeans field_means();
  // Where a global cell (Grid::global_index) is.
  CellPlace place(Index global_cell) const;

  // Data-centre objects, when the case has a hall.
  bool has_hall() const { return hall_ != nullptr; }
  HallModel& hall() { return *hall_; }
  // What the object monitors measured; `air` is the last energy_balance() window and
  // `fields` a snapshot of the current state. Its airflow figures are of `fields`
  // (hall_airflow.hpp), with speed_record().
  HallResults hall_results(const EnergyBalance& air, const Snapshot& fields);
  double rack_inlet_max_c(int rack);

  // The whole state (fields, statistics, the hall model, the accounting window and the
  // step), so a perturbed case can start from this one and a reloaded run goes on exactly.
  struct State {
    kernels::HostState fields;
    std::optional<HallModel::State> hall;
    long long step = 0;
    long long window_start_step = 0;
    double window_start_heat_j = 0;
    std::optional<double> averaging_from_s;
  };
  State save_state();
  void load_state(const State& state);
  double temperature_c(float theta) const { return setup_.units.temperature_c(theta); }

 private:
  double heat_content_j();
  void add_statistics(Snapshot& s);
  void record_speed(const kernels::Health& h);

  const Comm& comm_;
  CaseSpec spec_;
  LatticeSetup setup_;
  Decomposition decomposition_;
  Scene scene_;
  std::unique_ptr<kernels::Stepper> stepper_;
  std::unique_ptr<HallModel> hall_;
  std::vector<float> theta_;  // host copy for the hall monitors
  long long step_ = 0;
  long long window_start_step_ = 0;
  double window_start_heat_j_ = 0;
  std::optional<double> averaging_from_s_;  // set while statistics are collected
  SpeedRecord speed_;
};

}  // namespace rackflow::solver
