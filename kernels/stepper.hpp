// The solver's handle on a backend: owns the device fields of one block and advances
// them. Implemented once (stepper_impl.inl) and instantiated per launch layer; this header
// has no CUDA types, so the solver compiles as plain C++.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "halo.hpp"
#include "rackflow/lattice_params.hpp"
#include "rackflow/precision.hpp"
#include "rackflow/scene.hpp"

namespace rackflow::kernels {

// Host copies of the fields on the padded grid, lattice units. alpha: the effective
// (molecular + eddy) thermal diffusivity the heat update uses, for the passive tracers.
struct HostFields {
  std::vector<float> theta, ux, uy, uz, rho, alpha;
};

// Running time statistics on the padded grid (kernels/statistics_kernels.hpp): per cell the
// mean and the sum of squared deviations of theta and of the velocity vector, after
// `samples` samples.
struct HostStatistics {
  std::vector<float> theta_mean, theta_m2, ux_mean, uy_mean, uz_mean, u_m2;
  long long samples = 0;
};

// Everything a run continues from (populations, temperature, velocity and diffusivity, the
// running statistics), so a perturbed case can start from a converged one. The populations
// are FP32 whatever the stepper stores (run.precision), so a state moves between precisions.
struct HostState {
  std::vector<float> f, theta, aux, statistics;
  long long statistics_samples = 0;
  std::vector<double> boundary_heat_faces, boundary_heat_links;  // the counters take_boundary_heat() reads
};

// Sums over the interior fluid cells (lattice units), for the steady-state test.
struct FieldTotals {
  double theta = 0, speed = 0;
  long long fluid_cells = 0;
};

class Stepper {
 public:
  virtual ~Stepper() = default;
  virtual std::string describe() const = 0;
  // Advance by `steps` time steps (each: one fused flow and heat sweep, then the boundary lists).
  virtual void advance(long long steps) = 0;
  virtual Health health() = 0;
  // Heat through the boundaries (theta per step, summed over the steps since the last
  // call); the counters restart at zero.
  struct BoundaryHeat {
    std::vector<double> faces;  // 6 per Scene::heat_cells entry (isothermal, heat-flux faces)
    std::vector<double> links;  // 1 per Scene::flow_links entry (inlets, outlets)
  };
  virtual BoundaryHeat take_boundary_heat() = 0;
  virtual void download(HostFields& out) = 0;
  // Temperature alone (padded grid): what the object monitors sample.
  virtual void download_theta(std::vector<float>& out) = 0;

  // Coupling ports (Scene::port_*), for the object models. For the current state, per
  // port: the mass per step through its links and the mass-weighted sum of the fluid-side
  // temperatures (2 per port).
  virtual void port_sums(std::vector<double>& out) = 0;
  // Temperature each inlet port supplies from the next step on (theta, one per port).
  virtual void set_port_theta(const std::vector<float>& theta) = 0;
  // Replaces the boundary link parameters (as long as Scene::flow_link_params).
  virtual void set_link_params(const std::vector<FlowLinkParams>& params) = 0;

  // Time statistics: forget all samples; add the current state as one more sample; copy out.
  virtual void reset_statistics() = 0;
  virtual void accumulate_statistics() = 0;
  virtual void download_statistics(HostStatistics& out) = 0;
  virtual long long statistics_samples() const = 0;
  virtual FieldTotals field_totals() = 0;

  virtual void save_state(HostState& out) = 0;
  virtual void load_state(const HostState& in) = 0;
};

// Bytes of device memory a block needs, for refusing too-large cases before anything is
// allocated: per padded cell for the fields (with the populations in `precision`); for a voxelised scene, the fields and every
// list the stepper uploads (links, heat cells, sources, ports, with their accumulators);
// and, before voxelising, per cell face of a boundary (a domain wall or box surface,
// where flat faces hold 5 links and one heat cell each) for an estimate of the lists.
double device_bytes_per_cell(Precision precision);
double device_bytes(const Scene& scene, Precision precision);
double device_bytes_per_boundary_face();

// `precision` is how the populations are stored between steps (population_storage.hpp).
// `halo` moves the block's halo cells to and from its neighbours; without one the block is
// the whole domain (SelfChannel: periodic axes wrap onto the block itself).
std::unique_ptr<Stepper> make_cpu_stepper(const Scene& scene, const FlowParams& params, Precision precision,
                                          std::shared_ptr<HaloChannel> halo = nullptr);

// CUDA backend; present only in builds with RACKFLOW_ENABLE_CUDA.
bool cuda_backend_built();
// Picks this process's GPU from its rank on the node (OMPI_COMM_WORLD_LOCAL_RANK,
// SLURM_LOCALID or MPI_LOCALRANKID), modulo the GPUs it sees; nothing without a local rank,
// a device or the CUDA backend. Call before anything else uses CUDA.
void select_cuda_device_by_local_rank();
// True when a CUDA device can be used; fills its name and free memory.
bool cuda_device_available(std::string* name, double* free_bytes);
std::unique_ptr<Stepper> make_cuda_stepper(const Scene& scene, const FlowParams& params, Precision precision,
                                           std::shared_ptr<HaloChannel> halo = nullptr);

// Kokkos backend (exec_kokkos.hpp), in Kokkos' default execution space; present only in
// builds with RACKFLOW_ENABLE_KOKKOS. The first call of either function below starts the
// Kokkos runtime (ended at exit).
bool kokkos_backend_built();
// False when the Kokkos fields live in host memory (Serial, OpenMP, Threads). Otherwise
// true, with the memory space's name and its free bytes (CUDA and HIP; infinity where
// Kokkos offers no query, e.g. SYCL).
bool kokkos_memory_on_device(std::string* name, double* free_bytes);
std::unique_ptr<Stepper> make_kokkos_stepper(const Scene& scene, const FlowParams& params, Precision precision,
                                             std::shared_ptr<HaloChannel> halo = nullptr);

}  // namespace rackflow::kernels

namespace rackflow::kernels {
// Minimum memory traffic of one cell update, the figure the bandwidth roofline is
// computed from (neighbour reads assumed to hit cache): the populations read and written
// (2 x 19 x 4 in FP32, 2 x 19 x 2 in FP16), the temperature read and written (8), the
// flags (4), the last step's velocity and diffusivity read (16) and this step's written
// (16). The heat update is fused into the sweep (cell_update.hpp), so the populations are
// read once.
constexpr double bytes_per_cell_update(Precision precision) {
  return 2 * 19 * (precision == Precision::Fp16 ? 2 : 4) + 8 + 4 + 16 + 16;
}
}  // namespace rackflow::kernels
