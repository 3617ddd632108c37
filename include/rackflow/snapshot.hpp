// Snapshot: a host copy of the fields in SI units, and the run summary. This is all a
// writer ever sees of a simulation (DESIGN.md §2): no lattice units, no device memory.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rackflow {

// Cell-centred fields on a uniform grid, x fastest: index = i + nx*(j + ny*k).
// In a run of several MPI ranks each rank's snapshot is a piece: one Cartesian block of
// the domain, placed by offset_cells within domain_cells. All pieces share the domain's
// origin, so every piece's file sits where it belongs when opened alone.
struct Snapshot {
  std::array<int, 3> cells{0, 0, 0};           // nx, ny, nz (interior cells only)
  std::array<long long, 3> offset_cells{0, 0, 0};  // global cell of local cell (0,0,0)
  std::array<long long, 3> domain_cells{0, 0, 0};  // the whole domain; all 0: equal to cells
  std::array<double, 3> origin_m{0, 0, 0};     // lower corner of the DOMAIN's cell (0,0,0)
  double spacing_m = 0;                        // cell edge
  double time_s = 0;
  long long step = 0;
  std::vector<float> temperature_c;            // n
  std::vector<float> velocity_m_s;             // 3n, interleaved (u,v,w) per cell
  std::vector<float> pressure_pa;              // n, relative to the reference pressure
  std::vector<std::int32_t> object_id;         // n: 0 fluid, >0 solid/box id, <0 boundary patch -(id)
  // Time statistics over the averaging window (RunSummary::averaging); empty when the run
  // has none yet. RMS is of the fluctuation: sqrt(<x^2> - <x>^2); for u, of |u - <u>|.
  std::vector<float> temperature_mean_c;       // n
  std::vector<float> temperature_rms_k;        // n
  std::vector<float> velocity_mean_m_s;        // 3n, interleaved like velocity_m_s
  std::vector<float> velocity_rms_m_s;         // n
  std::size_t size() const { return std::size_t(cells[0]) * cells[1] * cells[2]; }
  bool has_statistics() const { return !temperature_mean_c.empty(); }
  // The domain's cells: domain_cells, or cells where domain_cells is all zero.
  std::array<long long, 3> whole_cells() const {
    if (domain_cells[0] == 0 && domain_cells[1] == 0 && domain_cells[2] == 0)
      return {cells[0], cells[1], cells[2]};
    return domain_cells;
  }
  // True when this snapshot holds only part of the domain.
  bool is_piece() const {
    const std::array<long long, 3> whole = whole_cells();
    for (int d = 0; d < 3; ++d)
      if (offset_cells[d] != 0 || whole[d] != cells[d]) return true;
    return false;
  }
};

// What an object id in Snapshot::object_id stands for (objects.csv, the ParaView script).
struct ObjectLabel {
  std::int32_t id = 0;
  std::string name;
  std::string kind;  // "solid", "heat_source", "porous", "velocity_inlet", "pressure_outlet", "wall", "flow_outlet", "domain_wall"
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

// How a run ended. The report's verdict, summary.json and the exit code all say it.
enum class RunEnd {
  EndTime,      // ran to its end time
  SteadyState,  // stopped early: every steady-state criterion held (docs/physics.md)
  Interrupted,  // SIGINT or SIGTERM, stopped at a step boundary
};
inline const char* run_end_name(RunEnd end) {
  switch (end) {
    case RunEnd::EndTime: return "end_time";
    case RunEnd::SteadyState: return "steady_state";
    case RunEnd::Interrupted: return "interrupted";
  }
  return "";
}

// The steady-state test of the run (docs/physics.md, "Steady state").
struct SteadyStatus {
  bool requested = false;       // run.steady_tolerance > 0
  bool reached = false;         // every criterion held over the last windows
  double tolerance = 0;
  double window_s = 0;          // length of one comparison window
  double earliest_stop_s = 0;   // no stop before this: the last scheduled event, one air change
  double reached_at_s = 0;      // when it was reached (reached only)
  // The criterion furthest from its tolerance at the end ("rack A01 inlet mean changed
  // 0.12 K per window, tolerance 0.05 K"); empty when reached.
  std::string unmet;
};

// Time-averaging window of the statistics fields and inlet figures.
struct AveragingWindow {
  double from_s = 0, to_s = 0;
  long long samples = 0;  // 0: no statistics (the figures are instantaneous)
  bool active() const { return samples > 0; }
};

// Where a result came from, printed in every report.
struct Provenance {
  std::string version;      // CMake project version
  std::string commit;       // git commit at build time, or "unknown"
  std::string case_file;    // as the user named it
  std::string case_sha256;  // of the case file's bytes
  std::vector<std::string> overrides;  // `--set KEY=VALUE`, in order, as given
  std::string restart_file;  // the checkpoint the run started from (a restart or a warm start); empty: cold
  double start_time_s = 0;   // the simulated time it started at
};

// The fastest air of a run against the design speed its time step was chosen for
// (LatticeReport::max_velocity_m_s: run.max_velocity, or the solver's estimate). Above it
// the lattice Mach number exceeds the bound the case was set up for, so compressibility
// errors grow. The maximum over every health check of the run (every 10 steps), not only
// the final state's; a restart starts it afresh.
struct SpeedRecord {
  double design_m_s = 0;
  double max_m_s = 0;                    // fastest fluid cell seen at any check
  std::array<double, 3> at_m{0, 0, 0};   // its cell centre
  double at_s = 0;                       // the simulated time of that check
  std::optional<double> first_exceeded_s;  // first check above design_m_s
  std::optional<double> last_exceeded_s;   // latest: early alone, only the start-up was too fast
  bool exceeded() const { return first_exceeded_s.has_value(); }
};

struct RunSummary {
  std::string case_name;
  std::string backend;  // "cpu (2 threads)", "cuda (NVIDIA H100 ...)"
  LatticeReport lattice;
  long long steps = 0;
  double simulated_time_s = 0;
  double wall_time_s = 0;
  double mlups = 0;
  bool reached_steady_state = false;  // same as steady.reached
  RunEnd end = RunEnd::EndTime;
  int signal = 0;                     // the signal that interrupted the run (Interrupted)
  SteadyStatus steady;
  AveragingWindow averaging;
  Provenance provenance;              // filled by the command line
  EnergyBalance energy;
  double min_temperature_c = 0, max_temperature_c = 0;
  SpeedRecord speed;
};

}  // namespace rackflow
