#include "simulation.hpp"

#include <unistd.h>

#include <array>
#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "collective_errors.hpp"
#include "hall_airflow.hpp"
#include "hall_tracers.hpp"
#include "halo_channel.hpp"
#include "mesh/voxelizer.hpp"

namespace rackflow::solver {

Backend parse_backend(const std::string& name) {
  if (name == "auto") return Backend::Auto;
  if (name == "cpu") return Backend::Cpu;
  if (name == "cuda") return Backend::Cuda;
  if (name == "kokkos") return Backend::Kokkos;
  throw std::invalid_argument("unknown backend '" + name + "' (allowed: auto, cpu, cuda, kokkos)");
}

Backend resolve_backend(Backend b) {
  if (b != Backend::Auto) return b;
  return kernels::cuda_device_available(nullptr, nullptr) ? Backend::Cuda : Backend::Cpu;
}

namespace {

double host_available_bytes() {
  return double(sysconf(_SC_AVPHYS_PAGES)) * double(sysconf(_SC_PAGE_SIZE));
}

std::string gib(double bytes) {
  std::ostringstream s;
  s.precision(3);
  s << bytes / (1024.0 * 1024.0 * 1024.0) << " GiB";
  return s.str();
}

}  // namespace

namespace {

double padded_cells(const std::array<int, 3>& n) {
  return double(n[0] + 2 * kHalo) * (n[1] + 2 * kHalo) * (n[2] + 2 * kHalo);
}

// Cell faces on the domain's walls and the boxes' surfaces: where the link lists live.
// In doubles from the SI sizes, so absurd resolutions cannot overflow an int.
double boundary_faces(const CaseSpec& spec, const std::array<int, 3>& n) {
  double faces = 2.0 * (double(n[0]) * n[1] + double(n[1]) * n[2] + double(n[2]) * n[0]);
  const double dx = spec.domain.resolution_m;
  for (const auto& b : spec.boxes) {
    double c[3];
    for (int a = 0; a < 3; ++a) c[a] = std::max(1.0, std::ceil((b.max_m[a] - b.min_m[a]) / dx));
    faces += 2.0 * (c[0] * c[1] + c[1] * c[2] + c[2] * c[0]);
  }
  return faces;
}

// A CPU run also holds one host snapshot (T, u, p, object id) of the interior.
constexpr double kSnapshotBytesPerCell = 24.0;

std::string grid_text(const std::array<int, 3>& c) {
  return std::to_string(c[0]) + " x " + std::to_string(c[1]) + " x " + std::to_string(c[2]) + " cells";
}

}  // namespace

MemoryCheck available_memory(Backend backend) {
  MemoryCheck m;
  if (resolve_backend(backend) == Backend::Cuda) {
    std::string name;
    double free_bytes = 0;
    if (!kernels::cuda_device_available(&name, &free_bytes))
      throw std::runtime_error("--backend cuda: no usable CUDA device" +
                               std::string(kernels::cuda_backend_built() ? "" : " (this build has no CUDA backend)"));
    m.available_bytes = free_bytes;
    m.device = "GPU " + name;
  } else if (resolve_backend(backend) == Backend::Kokkos) {
    if (!kernels::kokkos_backend_built())
      throw std::runtime_error("--backend kokkos: this build has no Kokkos backend (configure with RACKFLOW_ENABLE_KOKKOS=ON)");
    std::string name;
    double free_bytes = 0;
    m.on_host = !kernels::kokkos_memory_on_device(&name, &free_bytes);
    m.available_bytes = m.on_host ? host_available_bytes() : free_bytes;
    m.device = m.on_host ? "host memory" : name;
  } else {
    m.available_bytes = host_available_bytes();
    m.device = "host memory";
    m.on_host = true;
  }
  return m;
}

double estimate_block_bytes(const CaseSpec& spec, const Grid& block, bool on_host) {
  const auto n = mesh::domain_cells(spec);
  const std::array<int, 3> b{block.nx, block.ny, block.nz};
  const double padded = padded_cells(b);
  // The boundary lists in proportion to the block's share of the cells: a rank's share of
  // the walls and boxes is not known before it voxelises (check_scene_memory then counts).
  const double share = double(block.cells_interior()) / (double(n[0]) * n[1] * n[2]);
  double bytes = padded * kernels::device_bytes_per_cell(spec.run.precision) +
                 share * boundary_faces(spec, n) * kernels::device_bytes_per_boundary_face();
  // Host side: flags, object ids and the voxelizer's per-cell scratch, plus one snapshot.
  if (on_host) bytes += padded * (1 + 4 + 5 * 4) + kSnapshotBytesPerCell * double(block.cells_interior());
  return bytes;
}

MemoryCheck check_memory(const CaseSpec& spec, Backend backend, const Grid& block) {
  MemoryCheck m = available_memory(backend);
  m.needed_bytes = estimate_block_bytes(spec, block, m.on_host);
  return m;
}

MemoryCheck check_memory(const CaseSpec& spec, Backend backend) {
  const auto n = mesh::domain_cells(spec);
  return check_memory(spec, backend, Grid::whole(n[0], n[1], n[2]));
}

void refuse_if_too_large(const CaseSpec& spec, const MemoryCheck& memory) {
  if (memory.fits()) return;
  throw CaseError(spec.domain.where_resolution,
                  "the grid of " + grid_text(mesh::domain_cells(spec)) + " needs about " + gib(memory.needed_bytes) +
                      " but " + memory.device + " has " + gib(memory.available_bytes) +
                      " free; allowed: a resolution whose estimate fits (coarsen the cells or shrink the domain)");
}

MemoryCheck check_scene_memory(const Scene& scene, Precision precision, const MemoryCheck& available) {
  MemoryCheck m = available;
  m.needed_bytes = kernels::device_bytes(scene, precision);
  if (m.on_host) m.needed_bytes += kSnapshotBytesPerCell * double(scene.grid.cells_interior());
  return m;
}

void refuse_scene_if_too_large(const CaseSpec& spec, const Scene& scene, const MemoryCheck& memory) {
  if (memory.fits()) return;
  const Grid& g = scene.grid;
  throw CaseError(spec.domain.where_resolution,
                  "the grid of " + grid_text({g.nx, g.ny, g.nz}) + " with its boundary lists (" +
                      std::to_string(scene.flow_links.size()) + " flow links, " +
                      std::to_string(scene.heat_cells.size()) + " heat boundary cells, " +
                      std::to_string(scene.heat_source_cells.size()) + " heat source cells) needs " +
                      gib(memory.needed_bytes) + " but " + memory.device + " has " + gib(memory.available_bytes) +
                      " free; allowed: a case whose fields and lists fit (coarsen the cells or shrink the domain)");
}

std::string CellPlace::str() const {
  std::ostringstream s;
  s.precision(4);
  s << "cell (" << i << ", " << j << ", " << k << ") at (" << x_m << ", " << y_m << ", " << z_m << ") m";
  return s.str();
}

Simulation::Simulation(const CaseSpec& spec, Backend backend, const Comm& comm,
                       const std::optional<std::array<int, 3>>& ranks_grid)
    : comm_(comm), spec_(spec) {
  std::optional<HallLayout> layout;
  if (spec.hall) {
    layout = build_hall_layout(spec);
    spec_ = layout->primitives;
  }
  setup_ = choose_lattice(spec_);
  try {
    decomposition_ = decompose(mesh::domain_cells(spec_), spec_.domain.periodic, comm_.size(), ranks_grid);
  } catch (const std::invalid_argument& e) {
    throw CaseError(spec_.domain.where_resolution, e.what());
  }
  const Grid block = decomposition_.block(comm_.rank());
  // Each rank's memory is its own device's: one that does not fit stops all.
  check_on_all_ranks(comm_, [&] {
    const MemoryCheck mem = check_memory(spec_, backend, block);
    setup_.report.memory_bytes = mem.needed_bytes;
    refuse_if_too_large(spec_, mem);
  });
  mesh::Collectives ranks;
  ranks.sum = [this](std::vector<double>& v) { comm_.sum(v); };
  ranks.first_error = [this](const std::optional<CaseError>& mine) {
    const std::string first = first_error(comm_, mine ? encode_case_error(*mine) : std::string());
    if (!first.empty()) throw decode_case_error(first);
  };
  scene_ = mesh::voxelize(spec_, setup_.units, block, ranks);
  check_on_all_ranks(comm_, [&] {
    const MemoryCheck lists = check_scene_memory(scene_, spec_.run.precision, available_memory(backend));
    setup_.report.memory_bytes = lists.needed_bytes;
    refuse_scene_if_too_large(spec_, scene_, lists);
  });
  // A Kokkos block's halos are staged through host buffers whatever its memory space: MPI is
  // handed device pointers only by the CUDA backend (and only where MPI is CUDA-aware).
  const Backend chosen = resolve_backend(backend);
  auto halo = make_halo_channel(comm_, decomposition_, chosen == Backend::Cuda);
  const Precision precision = spec_.run.precision;
  switch (chosen) {
    case Backend::Cuda: stepper_ = kernels::make_cuda_stepper(scene_, setup_.flow, precision, halo); break;
    case Backend::Kokkos: stepper_ = kernels::make_kokkos_stepper(scene_, setup_.flow, precision, halo); break;
    default: stepper_ = kernels::make_cpu_stepper(scene_, setup_.flow, precision, halo); break;
  }
  if (layout) hall_ = std::make_unique<HallModel>(spec, std::move(*layout), scene_, setup_.units, comm_);
  window_start_heat_j_ = heat_content_j();
  speed_.design_m_s = setup_.report.max_velocity_m_s;
}

void Simulation::record_speed(const kernels::Health& h) {
  const double speed_m_s = setup_.units.velocity_si(std::sqrt(double(h.max_speed2)));
  if (speed_m_s > speed_.design_m_s) {
    if (!speed_.first_exceeded_s) speed_.first_exceeded_s = time_s();
    speed_.last_exceeded_s = time_s();
  }
  if (!(speed_m_s > speed_.max_m_s) || h.speed_at < 0) return;
  const CellPlace at = place(h.speed_at);
  speed_.max_m_s = speed_m_s;
  speed_.at_m = {at.x_m, at.y_m, at.z_m};
  speed_.at_s = time_s();
}

kernels::Health Simulation::health() {
  kernels::Health h = stepper_->health();
  const Grid& g = scene_.grid;
  auto global = [&](Index cell) -> long long {
    if (cell < 0) return -1;
    const auto ijk = g.coords(cell);
    return g.global_index(ijk[0], ijk[1], ijk[2]);
  };
  if (h.nonfinite > 0)
    for (int d = 0; d < 3; ++d) {
      h.nonfinite_sum[d] += double(h.nonfinite) * double(g.origin[d]);
      h.nonfinite_lo[d] += int(g.origin[d]);
      h.nonfinite_hi[d] += int(g.origin[d]);
    }
  const Comm::Located lo = comm_.min_at(h.min_theta, global(h.min_at));
  const Comm::Located hi = comm_.max_at(h.max_theta, global(h.max_at));
  const Comm::Located fast = comm_.max_at(h.max_speed2, global(h.speed_at));
  h.min_theta = float(lo.value), h.min_at = lo.where;
  h.max_theta = float(hi.value), h.max_at = hi.where;
  h.max_speed2 = float(fast.value), h.speed_at = fast.where;
  double sums[5] = {h.sum_rho_theta, double(h.nonfinite), h.nonfinite_sum[0], h.nonfinite_sum[1], h.nonfinite_sum[2]};
  comm_.sum(sums, 5);
  h.sum_rho_theta = sums[0];
  h.nonfinite = (long long)sums[1];
  for (int d = 0; d < 3; ++d) {
    h.nonfinite_sum[d] = sums[2 + d];
    h.nonfinite_lo[d] = int(comm_.min(h.nonfinite_lo[d]));
    h.nonfinite_hi[d] = int(comm_.max(h.nonfinite_hi[d]));
  }
  record_speed(h);
  return h;
}

void Simulation::advance(long long steps) {
  if (!hall_) {
    stepper_->advance(steps);
    step_ += steps;
    return;
  }
  // The object models act between steps: each sees the state the step starts from.
  // Sampling after coupling: the inlet means are those of the state the step starts from.
  for (long long s = 0; s < steps; ++s) {
    const double t = time_s();
    hall_->couple(*stepper_, t);
    if (hall_->sample_due(t)) {
      stepper_->download_theta(theta_);
      hall_->sample(theta_, t);
      if (hall_->has_fan_curves()) {
        kernels::HostFields fields;
        stepper_->download(fields);
        hall_->update_fans(fields.rho);
      }
    }
    stepper_->advance(1);
    ++step_;
  }
}

void Simulation::start_averaging() {
  stepper_->reset_statistics();
  if (hall_) hall_->start_averaging();
  averaging_from_s_ = time_s();
}

void Simulation::sample_statistics() { stepper_->accumulate_statistics(); }

AveragingWindow Simulation::averaging() const {
  AveragingWindow w;
  if (!averaging_from_s_) return w;
  w.from_s = *averaging_from_s_;
  w.to_s = time_s();
  w.samples = stepper_->statistics_samples();
  return w;
}

Simulation::FieldMeans Simulation::field_means() {
  kernels::FieldTotals t = stepper_->field_totals();
  double sums[3] = {t.theta, t.speed, double(t.fluid_cells)};
  comm_.sum(sums, 3);
  t.theta = sums[0], t.speed = sums[1], t.fluid_cells = (long long)sums[2];
  FieldMeans m;
  if (t.fluid_cells == 0) return m;
  const auto& u = setup_.units;
  m.temperature_c = u.temperature_c(t.theta / double(t.fluid_cells));
  m.speed_m_s = u.velocity_si(t.speed / double(t.fluid_cells));
  return m;
}

HallResults Simulation::hall_results(const EnergyBalance& air, const Snapshot& fields) {
  stepper_->download_theta(theta_);
  const AveragingWindow window = averaging();
  kernels::HostStatistics stats;
  if (window.active()) stepper_->download_statistics(stats);
  HallResults out = hall_->results(theta_, window.active() ? &stats.theta_mean : nullptr, window, air, fields);
  out.airflow = airflow_results(hall_->hall(), out.tiles, fields, comm_);
  out.airflow.speed = speed_;
  // The tracers need the whole domain on one host: a decomposed or periodic run has none.
  const bool periodic = scene_.periodic[0] || scene_.periodic[1] || scene_.periodic[2];
  if (!hall_->hall().tracers || comm_.size() > 1 || periodic) return out;
  // On the time-mean flow when there is one; the diffusivity is the final state's.
  kernels::HostFields now;
  stepper_->download(now);
  const bool mean = window.active();
  const TracerFlow flow{mean ? stats.ux_mean : now.ux, mean ? stats.uy_mean : now.uy, mean ? stats.uz_mean : now.uz,
                        now.alpha};
  out.tracers = solve_hall_tracers(scene_, hall_->layout(), hall_->link_params(), out.coolers, flow);
  return out;
}

double Simulation::rack_inlet_max_c(int rack) {
  stepper_->download_theta(theta_);
  return hall_->rack_inlet_max_c(std::size_t(rack), theta_);
}

Simulation::State Simulation::save_state() {
  State s;
  stepper_->save_state(s.fields);
  if (hall_) s.hall = hall_->save_state();
  s.step = step_;
  s.window_start_step = window_start_step_;
  s.window_start_heat_j = window_start_heat_j_;
  s.averaging_from_s = averaging_from_s_;
  return s;
}

void Simulation::load_state(const State& s) {
  stepper_->load_state(s.fields);
  if (hall_ && s.hall) hall_->load_state(*s.hall);
  step_ = s.step;
  window_start_step_ = s.window_start_step;
  window_start_heat_j_ = s.window_start_heat_j;
  averaging_from_s_ = s.averaging_from_s;
}

CellPlace Simulation::place(Index global_cell) const {
  const Index gx = scene_.grid.global[0], gy = scene_.grid.global[1];
  const int i = int(global_cell % gx), j = int((global_cell / gx) % gy), k = int(global_cell / (gx * gy));
  const double dx = setup_.units.dx_m;
  return {i, j, k, (i + 0.5) * dx, (j + 0.5) * dx, (k + 0.5) * dx};
}

double Simulation::heat_content_j() {
  // Relative to theta = 0 (the supply temperature): only its changes enter the balance.
  // Over every rank, as the heat flows are: a block's own content would make the storage
  // term, and the residual, those of rank 0's block alone.
  return comm_.sum(stepper_->health().sum_rho_theta) * setup_.units.joules_per_kelvin_cell();
}

EnergyBalance Simulation::energy_balance() {
  const auto& u = setup_.units;
  const long long steps = step_ - window_start_step_;
  EnergyBalance e;
  e.window_s = u.time_s(double(steps));
  std::vector<double> group_theta(scene_.groups.size(), 0.0);
  const auto heat = stepper_->take_boundary_heat();
  for (std::size_t k = 0; k < scene_.heat_cells.size(); ++k)
    for (int f = 0; f < 6; ++f)
      if (scene_.heat_cells[k].face[f] != kNoHeatFace)
        group_theta[scene_.heat_face_group[scene_.heat_cells[k].face[f]]] += heat.faces[6 * k + f];
  for (std::size_t k = 0; k < scene_.flow_links.size(); ++k) {
    const int group = scene_.flow_link_param_group[scene_.flow_links[k].param];
    if (group >= 0) group_theta[group] += heat.links[k];
  }
  for (std::size_t s = 0; s < scene_.heat_sources.size(); ++s)
    group_theta[scene_.heat_source_group[s]] += double(scene_.heat_sources[s].theta_per_step) * double(steps);
  comm_.sum(group_theta);

  for (std::size_t g = 0; g < scene_.groups.size(); ++g) {
    const double w = steps > 0 ? u.watts_from_theta_per_step(group_theta[g]) / double(steps) : 0.0;
    e.flows.push_back({scene_.groups[g], w});
    (w >= 0 ? e.heat_in_w : e.heat_out_w) += std::fabs(w);
  }
  const double heat_now = heat_content_j();
  e.storage_w = e.window_s > 0 ? (heat_now - window_start_heat_j_) / e.window_s : 0.0;
  e.residual_w = e.heat_in_w - e.heat_out_w - e.storage_w;
  e.load_w = hall_ ? std::max(e.heat_in_w, hall_->window_air_power_w()) : e.heat_in_w;
  window_start_heat_j_ = heat_now;
  window_start_step_ = step_;
  if (hall_) hall_->close_window();
  return e;
}

std::vector<ObjectLabel> Simulation::objects() const {
  static const char* const box_kinds[] = {"solid", "heat_source", "porous", "panel"};
  static const char* const patch_kinds[] = {"velocity_inlet", "pressure_outlet", "wall", "flow_outlet"};
  std::vector<ObjectLabel> out;
  for (std::size_t b = 0; b < spec_.boxes.size(); ++b)
    out.push_back({std::int32_t(b + 1), spec_.boxes[b].name, box_kinds[int(spec_.boxes[b].kind)]});
  for (std::size_t p = 0; p < spec_.patches.size(); ++p)
    out.push_back({-std::int32_t(p + 1), spec_.patches[p].name, patch_kinds[int(spec_.patches[p].kind)]});
  out.push_back({kDomainWallId, "domain walls", "domain_wall"});
  return out;
}

Snapshot Simulation::snapshot() {
  kernels::HostFields h;
  stepper_->download(h);
  const Grid& g = scene_.grid;
  const auto& u = setup_.units;
  Snapshot s;
  s.cells = {g.nx, g.ny, g.nz};
  if (!g.is_whole()) {
    s.offset_cells = {g.origin[0], g.origin[1], g.origin[2]};
    s.domain_cells = {g.global[0], g.global[1], g.global[2]};
  }
  s.spacing_m = u.dx_m;
  s.time_s = time_s();
  s.step = step_;
  const std::size_t n = s.size();
  s.temperature_c.resize(n);
  s.velocity_m_s.resize(3 * n);
  s.pressure_pa.resize(n);
  s.object_id.resize(n);
  const double to_ms = u.dx_m / u.dt_s;
  std::size_t m = 0;
  for (int k = 0; k < g.nz; ++k)
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i, ++m) {
        const Index c = g.index(i, j, k);
        const bool fluid = is_fluid(scene_.flags[c]);
        s.temperature_c[m] = float(u.temperature_c(h.theta[c]));
        s.velocity_m_s[3 * m + 0] = float(h.ux[c] * to_ms);
        s.velocity_m_s[3 * m + 1] = float(h.uy[c] * to_ms);
        s.velocity_m_s[3 * m + 2] = float(h.uz[c] * to_ms);
        // p = (rho - 1) cs^2 in lattice units.
        s.pressure_pa[m] = fluid ? float(u.pressure_si((h.rho[c] - 1.0) / 3.0)) : 0.0f;
        s.object_id[m] = scene_.object_id[c];
      }
  if (averaging_from_s_) add_statistics(s);
  return s;
}

namespace {

// Copies a piece's per-cell array (`width` values a cell) into the whole domain's.
template <class T>
void place_piece(const std::vector<float>& piece, const Grid& b, int width, std::vector<T>& whole) {
  std::size_t m = 0;
  for (int k = 0; k < b.nz; ++k)
    for (int j = 0; j < b.ny; ++j)
      for (int i = 0; i < b.nx; ++i, ++m) {
        const std::size_t at = std::size_t(b.global_index(i, j, k));
        for (int c = 0; c < width; ++c) whole[width * at + c] = T(piece[width * m + c]);
      }
}

}  // namespace

Snapshot Simulation::whole_snapshot() {
  Snapshot mine = snapshot();
  if (comm_.size() == 1) return mine;
  Snapshot whole;
  const auto& n = scene_.grid.global;
  if (comm_.root()) {
    whole = mine;
    whole.cells = {int(n[0]), int(n[1]), int(n[2])};
    whole.offset_cells = {0, 0, 0};
    whole.domain_cells = {0, 0, 0};
  }
  const std::size_t cells = std::size_t(n[0]) * std::size_t(n[1]) * std::size_t(n[2]);
  // Object ids are small integers, exact in a float.
  const std::vector<float> ids(mine.object_id.begin(), mine.object_id.end());
  auto gather = [&](const std::vector<float>& field, int width, auto& out) {
    const std::vector<float> all = comm_.gather(field);
    if (!comm_.root()) return;
    out.assign(width * cells, 0);
    std::size_t at = 0;
    for (int r = 0; r < comm_.size(); ++r) {
      const Grid b = decomposition_.block(r);
      const std::size_t count = std::size_t(width) * std::size_t(b.cells_interior());
      const std::vector<float> piece(all.begin() + at, all.begin() + at + count);
      place_piece(piece, b, width, out);
      at += count;
    }
  };
  gather(mine.temperature_c, 1, whole.temperature_c);
  gather(mine.velocity_m_s, 3, whole.velocity_m_s);
  gather(mine.pressure_pa, 1, whole.pressure_pa);
  gather(ids, 1, whole.object_id);
  // Statistics exist on every rank or on none (one averaging window for the run).
  if (mine.has_statistics()) {
    gather(mine.temperature_mean_c, 1, whole.temperature_mean_c);
    gather(mine.temperature_rms_k, 1, whole.temperature_rms_k);
    gather(mine.velocity_mean_m_s, 3, whole.velocity_mean_m_s);
    gather(mine.velocity_rms_m_s, 1, whole.velocity_rms_m_s);
  }
  return whole;
}

Snapshot Simulation::gather_plane(int axis, Index layer) {
  const auto& n = scene_.grid.global;
  // The same on every rank, so every rank throws and none waits in the gathers.
  if (axis < 0 || axis > 2)
    throw std::invalid_argument("gather_plane: axis " + std::to_string(axis) + " (allowed: 0, 1, 2)");
  if (layer < 0 || layer >= n[axis])
    throw std::invalid_argument("gather_plane: layer " + std::to_string(layer) + " along axis " +
                                std::to_string(axis) + " (allowed: 0.." + std::to_string(n[axis] - 1) + ")");
  const Grid& g = scene_.grid;
  // This rank's cells of the layer, x fastest over the other two axes (none if its block
  // misses the layer). Temperature as snapshot() converts it; object ids are small
  // integers, exact in a float.
  std::vector<float> temperature, ids, velocity, pressure;
  if (layer >= g.origin[axis] && layer < g.origin[axis] + std::array<int, 3>{g.nx, g.ny, g.nz}[axis]) {
    kernels::HostFields h;
    stepper_->download(h);
    std::array<int, 3> lo{0, 0, 0}, hi{g.nx, g.ny, g.nz};
    lo[axis] = int(layer - g.origin[axis]);
    hi[axis] = lo[axis] + 1;
    for (int k = lo[2]; k < hi[2]; ++k)
      for (int j = lo[1]; j < hi[1]; ++j)
        for (int i = lo[0]; i < hi[0]; ++i) {
          const Index c = g.index(i, j, k);
          temperature.push_back(float(setup_.units.temperature_c(h.theta[c])));
          ids.push_back(float(scene_.object_id[c]));
          // As snapshot() converts them: the vectors and plenum map of the pictures.
          const double to_ms = setup_.units.dx_m / setup_.units.dt_s;
          velocity.insert(velocity.end(), {float(h.ux[c] * to_ms), float(h.uy[c] * to_ms), float(h.uz[c] * to_ms)});
          pressure.push_back(is_fluid(scene_.flags[c]) ? float(setup_.units.pressure_si((h.rho[c] - 1.0) / 3.0))
                                                       : 0.0f);
        }
  }
  const std::vector<float> all_temperature = comm_.gather(temperature), all_ids = comm_.gather(ids),
                           all_velocity = comm_.gather(velocity), all_pressure = comm_.gather(pressure);
  Snapshot plane;
  if (!comm_.root()) return plane;
  plane.cells = {int(n[0]), int(n[1]), int(n[2])};
  plane.cells[axis] = 1;
  plane.offset_cells[axis] = layer;
  plane.domain_cells = {n[0], n[1], n[2]};
  plane.spacing_m = setup_.units.dx_m;
  plane.time_s = time_s();
  plane.step = step_;
  plane.temperature_c.resize(plane.size());
  plane.object_id.resize(plane.size());
  plane.velocity_m_s.resize(3 * plane.size());
  plane.pressure_pa.resize(plane.size());
  // The ranks' parts in rank order, each a box of the plane at its block's place.
  std::size_t at = 0;
  for (int r = 0; r < comm_.size(); ++r) {
    const Grid b = decomposition_.block(r);
    const std::array<int, 3> bn{b.nx, b.ny, b.nz};
    if (layer < b.origin[axis] || layer >= b.origin[axis] + bn[axis]) continue;
    std::array<Index, 3> lo = b.origin, hi{b.origin[0] + bn[0], b.origin[1] + bn[1], b.origin[2] + bn[2]};
    lo[axis] = 0;
    hi[axis] = 1;
    for (Index k = lo[2]; k < hi[2]; ++k)
      for (Index j = lo[1]; j < hi[1]; ++j)
        for (Index i = lo[0]; i < hi[0]; ++i, ++at) {
          const std::size_t to = std::size_t(i + plane.cells[0] * (j + Index(plane.cells[1]) * k));
          plane.temperature_c[to] = all_temperature[at];
          plane.object_id[to] = std::int32_t(all_ids[at]);
          for (int d = 0; d < 3; ++d) plane.velocity_m_s[3 * to + d] = all_velocity[3 * at + d];
          plane.pressure_pa[to] = all_pressure[at];
        }
  }
  return plane;
}

void Simulation::add_statistics(Snapshot& s) {
  kernels::HostStatistics st;
  stepper_->download_statistics(st);
  if (st.samples == 0) return;
  const Grid& g = scene_.grid;
  const auto& u = setup_.units;
  const std::size_t n = s.size();
  s.temperature_mean_c.resize(n);
  s.temperature_rms_k.resize(n);
  s.velocity_mean_m_s.resize(3 * n);
  s.velocity_rms_m_s.resize(n);
  const double to_ms = u.dx_m / u.dt_s, samples = double(st.samples);
  std::size_t m = 0;
  for (int k = 0; k < g.nz; ++k)
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i, ++m) {
        const Index c = g.index(i, j, k);
        s.temperature_mean_c[m] = float(u.temperature_c(st.theta_mean[c]));
        s.temperature_rms_k[m] = float(std::sqrt(std::max(0.0, double(st.theta_m2[c]) / samples)));
        s.velocity_mean_m_s[3 * m + 0] = float(st.ux_mean[c] * to_ms);
        s.velocity_mean_m_s[3 * m + 1] = float(st.uy_mean[c] * to_ms);
        s.velocity_mean_m_s[3 * m + 2] = float(st.uz_mean[c] * to_ms);
        s.velocity_rms_m_s[m] = float(std::sqrt(std::max(0.0, double(st.u_m2[c]) / samples)) * to_ms);
      }
}

}  // namespace rackflow::solver
