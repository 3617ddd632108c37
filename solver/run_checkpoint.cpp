#include "run_checkpoint.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#ifdef RACKFLOW_HAVE_HDF5
#include "checkpoint.hpp"
#include "state_codec.hpp"
#endif

namespace rackflow::solver {

#ifdef RACKFLOW_HAVE_HDF5

bool checkpoints_built() { return true; }

namespace {

constexpr int kPopulations = 19, kAux = 4;

std::string cells_text(const std::array<long long, 3>& n) {
  return std::to_string(n[0]) + " x " + std::to_string(n[1]) + " x " + std::to_string(n[2]) + " cells";
}

}  // namespace

void save_checkpoint(Simulation& sim, const std::filesystem::path& file, const std::string& case_sha256) {
  const Simulation::State s = sim.save_state();
  const Grid& g = sim.scene().grid;
  const Index n = g.cells_padded();
  Checkpoint c;
  c.header.case_sha256 = case_sha256;
  c.header.global_cells = {g.global[0], g.global[1], g.global[2]};
  c.header.dx_m = sim.lattice().units.dx_m;
  c.header.dt_s = sim.lattice().units.dt_s;
  c.header.step = s.step;
  c.header.time_s = sim.time_s();
  c.fields.push_back({"f", kPopulations, s.fields.f});
  c.fields.push_back({"theta", 1, s.fields.theta});
  c.fields.push_back({"aux", kAux, s.fields.aux});
  c.fields.push_back({"statistics", int(s.fields.statistics.size() / std::size_t(n)), s.fields.statistics});
  if (s.hall) c.model = encode_hall_state(*s.hall);
  c.scalars = {{"step", double(s.step)},
               {"window_start_step", double(s.window_start_step)},
               {"window_start_heat_j", s.window_start_heat_j},
               {"averaging_from_s", s.averaging_from_s.value_or(std::numeric_limits<double>::quiet_NaN())},
               {"statistics_samples", double(s.fields.statistics_samples)}};
  write_checkpoint(file, sim.comm(), g, c);
}

std::string load_checkpoint(Simulation& sim, const std::filesystem::path& file) {
  const Grid& g = sim.scene().grid;
  const CheckpointHeader h = read_checkpoint_header(file, sim.comm());
  const std::array<long long, 3> ours{g.global[0], g.global[1], g.global[2]};
  const double dx_m = sim.lattice().units.dx_m;
  if (h.global_cells != ours || std::fabs(h.dx_m - dx_m) > 1e-9 * dx_m)
    throw CaseError(sim.spec().domain.where_resolution,
                    "--restart " + file.string() + " holds a grid of " + cells_text(h.global_cells) + " at " +
                        std::to_string(h.dx_m) + " m, this case has " + cells_text(ours) + " at " +
                        std::to_string(dx_m) + " m (allowed: a checkpoint of the same grid)");
  // Populations carry velocities in lattice units, u dt / dx: at another time step the same
  // numbers would be another flow.
  const double dt_s = sim.lattice().units.dt_s;
  if (std::fabs(h.dt_s - dt_s) > 1e-9 * dt_s)
    throw CaseError(sim.spec().run.where_max_velocity,
                    "--restart " + file.string() + " holds a state at dt = " + std::to_string(h.dt_s) +
                        " s, this case's lattice has dt = " + std::to_string(dt_s) +
                        " s (allowed: a checkpoint of the same time step; dt follows run.max_velocity, "
                        "run.max_lattice_mach and, when max_velocity is absent, the fastest inlet: set "
                        "run.max_velocity to the checkpoint's case's value)");
  const Checkpoint c = read_checkpoint(file, sim.comm(), g);
  Simulation::State s = sim.save_state();  // the sizes of this block's arrays
  for (const CheckpointField& f : c.fields) {
    if (f.name == "f") s.fields.f = f.data;
    else if (f.name == "theta") s.fields.theta = f.data;
    else if (f.name == "aux") s.fields.aux = f.data;
    else if (f.name == "statistics") s.fields.statistics = f.data;
  }
  auto scalar = [&](const std::string& name) {
    for (const auto& [key, value] : c.scalars)
      if (key == name) return value;
    throw std::runtime_error("checkpoint " + file.string() + ": no scalar '" + name + "'");
  };
  s.step = (long long)scalar("step");
  s.window_start_step = (long long)scalar("window_start_step");
  s.window_start_heat_j = scalar("window_start_heat_j");
  const double from_s = scalar("averaging_from_s");
  s.averaging_from_s = std::isnan(from_s) ? std::nullopt : std::optional<double>(from_s);
  s.fields.statistics_samples = (long long)scalar("statistics_samples");
  // Saved at an interval boundary: the boundary-heat counters were zero.
  std::fill(s.fields.boundary_heat_faces.begin(), s.fields.boundary_heat_faces.end(), 0.0);
  std::fill(s.fields.boundary_heat_links.begin(), s.fields.boundary_heat_links.end(), 0.0);
  if (sim.has_hall() != !c.model.empty())
    throw CaseError(sim.spec().domain.where_resolution,
                    "--restart " + file.string() + (c.model.empty() ? " has no hall state, this case has a hall"
                                                                    : " has a hall state, this case has no hall"));
  if (sim.has_hall()) {
    HallModel::State hall = decode_hall_state(c.model);
    sim.hall().check_state(hall, file.string());
    s.hall = std::move(hall);
  }
  sim.load_state(s);
  return h.case_sha256;
}

#else

bool checkpoints_built() { return false; }

void save_checkpoint(Simulation&, const std::filesystem::path&, const std::string&) {
  throw std::runtime_error("this rackflow was built without parallel HDF5: no checkpoints (install libhdf5-openmpi-dev)");
}

std::string load_checkpoint(Simulation&, const std::filesystem::path&) {
  throw std::runtime_error("this rackflow was built without parallel HDF5: no restarts (install libhdf5-openmpi-dev)");
}

#endif

}  // namespace rackflow::solver
