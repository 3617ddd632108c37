// Snapshot: a host copy of the fields in SI units, and the run summary. This is all a
// writer ever sees of a simulation (DESIGN.md §2): no lattice units, no device memory.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace rackflow {

// Cell-centred fields on a uniform grid, x fastest: index = i + nx*(j + ny*k).
struct Snapshot {
  std::array<int, 3> cells{0, 0, 0};           // nx, ny, nz (interior cells only)
  std::array<double, 3> origin_m{0, 0, 0};     // lower corner of cell (0,0,0)
  double spacing_m = 0;                        // cell edge
  double time_s = 0;
  long long step = 0;
  std::vector<float> temperature_c;            // n
  std::vector<float> velocity_m_s;             // 3n, interleaved (u,v,w) per cell
  std::vector<float> pressure_pa;              // n, relative to the reference pressure
  std::vector<std::int32_t> object_id;         // n: 0 fluid, >0 solid/box id, <0 boundary patch -(id)
  std::size_t size() const { return std::size_t(cells[0]) * cells[1] * cells[2]; }
};

// One line of the energy balance: heat flow into the fluid [W] (negative: out of it).
struct HeatFlow {
  std::string name;  // "supply (velocity_inlet)", "server-a (heat source)", ...
  double watts = 0;
};

// Heat accounting over a window of steps (the last monitor interval). Every number is
// the sum of what the update actually applied, so `residual_w` is round-off; whether the
// room is at steady state shows in `imbalance()`.
struct EnergyBalance {
  std::vector<HeatFlow> flows;  // every source, sink and open boundary
  double heat_in_w = 0;         // sum of positive flows
  double heat_out_w = 0;        // minus the sum of negative flows (>= 0)
  double storage_w = 0;         // rate of change of the air's heat content
  double residual_w = 0;        // in - out - storage: the accounting error
  double window_s = 0;          // length of the window the averages cover
  // What the steady-state tolerance is relative to: heat_in_w, or in a hall the heat the
  // racks put into their air if larger (a rear door may take it all back before the room
  // sees any).
  double load_w = 0;
  // (in - out) / in: zero at a thermal steady state.
  double imbalance() const { return heat_in_w > 0 ? (heat_in_w - heat_out_w) / heat_in_w : 0.0; }
  double relative_residual() const { return heat_in_w > 0 ? residual_w / heat_in_w : 0.0; }
};

struct LatticeReport {  // what the unit converter chose, for people to read
  double dx_m = 0, dt_s = 0;
  std::array<int, 3> cells{0, 0, 0};
  double tau_flow = 0;  // molecular relaxation time of the flow lattice
  double nu_lu = 0, alpha_lu = 0;
  double max_velocity_m_s = 0, lattice_mach = 0;
  double memory_bytes = 0;
};

struct RunSummary {
  std::string case_name;
  std::string backend;  // "cpu (2 threads)", "cuda (NVIDIA H100 ...)"
  LatticeReport lattice;
  long long steps = 0;
  double simulated_time_s = 0;
  double wall_time_s = 0;
  double mlups = 0;
  bool reached_steady_state = false;
  EnergyBalance energy;
  double min_temperature_c = 0, max_temperature_c = 0;
};

}  // namespace rackflow
