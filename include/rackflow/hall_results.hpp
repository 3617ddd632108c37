// HallResults: what the data-centre object monitors measured in a run, in SI units. The
// solver fills it (solver/hall_monitor); the report, metrics and image writers read it
// (postprocess/). Host data only, like Snapshot.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "rackflow/face.hpp"
#include "rackflow/hall_spec.hpp"
#include "rackflow/snapshot.hpp"

namespace rackflow {

struct ServerResult {
  std::string name;   // "a01/s1"
  std::string type;
  double u_bottom = 0, height_u = 0;
  double power_w = 0;       // total electrical power at the reported time
  double air_power_w = 0;   // the part that goes to air (after cold plates)
  double airflow_m3_s = 0;
  // Over the cells directly in front of its own intake face. Of the time-mean field when
  // HallResults::averaging is active, else of the final state.
  double inlet_mean_c = 0;  // flow-weighted mean
  double inlet_max_c = 0;   // hottest cell (of the mean field when averaged): the verdict's figure
  Vec3d inlet_max_at_m{0, 0, 0};
  // Hottest instantaneous cell value seen over the averaging window's samples (the final
  // state's when not averaged).
  double inlet_peak_c = 0;
  double exhaust_c = 0;     // leaving the server, before any rear door
};

struct RackResult {
  std::string name, row;
  Vec3d min_m{0, 0, 0}, max_m{0, 0, 0};
  Face front = Face::YMin;
  double power_w = 0, air_power_w = 0, liquid_power_w = 0;
  double airflow_m3_s = 0;
  double inlet_mean_c = 0, inlet_max_c = 0;  // as ServerResult: over its servers' faces
  Vec3d inlet_max_at_m{0, 0, 0};
  double inlet_peak_c = 0;
  double exhaust_mean_c = 0;          // leaving the rack (after the rear door, if any)
  bool has_rear_door = false;
  double door_removed_w = 0, door_capacity_w = 0;
  std::string cdu;                    // cold-plate loop it feeds, if any
  double margin_k = 0;                // allowable max minus inlet_max_c
  std::optional<double> headroom_w;   // extra power until inlet_max reaches the limit (rackflow headroom)
  bool headroom_is_lower_bound = false;  // still below the limit at the search's end: "or more"
  int headroom_unconverged_trials = 0;   // > 0: the search ran out of these trials before its
                                         // tolerance; headroom_w is only its last trial
  std::vector<ServerResult> servers;
};

struct CoolerResult {
  std::string name;
  std::string kind;  // "crah", "crac", "in_row"
  Vec3d min_m{0, 0, 0}, max_m{0, 0, 0};
  double airflow_m3_s = 0;  // 0 after a failure
  double capacity_w = 0;
  double load_w = 0;        // heat the coil removes
  double utilisation = 0;   // load / capacity
  double return_c = 0, supply_c = 0, setpoint_c = 0;
  bool failed = false;
  std::optional<double> fail_at_s;
};

struct CduResult {
  std::string name;
  double capacity_w = 0, load_w = 0, utilisation = 0;
};

struct TileResult {
  std::string name;
  std::string kind;  // "perforated" or "grille"
  double open_fraction = 0;
  double flow_m3_s = 0;  // upward positive
  double mean_c = 0;     // air temperature leaving it
  std::array<double, 2> min_m{0, 0}, max_m{0, 0};  // x, y footprint (the pictures draw it)
  bool in_ceiling = false;  // a return grille of the ceiling plenum, not a floor tile
};

// The air space of a raised floor: from the slab up to the underside of the floor layer
// [m, domain z]. The plenum pressure picture is cut at its mid-height.
struct PlenumResult {
  double bottom_m = 0, top_m = 0;
};

// The hall's energy balance over the last monitor window [W]: rack heat on one side, every
// way heat leaves on the other. residual_w = heat_in - removed - storage.
struct HallEnergyBalance {
  double rack_power_w = 0;      // electrical = air + liquid
  double rack_air_w = 0;        // heat the racks gave the air (measured on their ports)
  double liquid_w = 0;          // cold plates
  double server_storage_w = 0;  // into the servers' thermal mass (power to air less rack_air_w)
  double doors_w = 0;           // rear doors (measured)
  double coolers_w = 0;         // cooling-unit coils (measured)
  double boundaries_w = 0;      // walls, open boundaries, other sources (net out of the air)
  double storage_w = 0;         // rate of change of the air's heat content
  double residual_w = 0;
  double window_s = 0;
  double relative_residual() const { return rack_power_w > 0 ? residual_w / rack_power_w : 0.0; }
};

// Inlet temperatures over time: the initial field, then one sample every monitor interval.
struct InletHistory {
  std::vector<std::string> racks;            // column order
  std::vector<double> time_s;
  std::vector<std::vector<float>> inlet_max_c;   // [sample][rack]
  std::vector<std::vector<float>> inlet_mean_c;  // [sample][rack]
};

struct Hotspot {
  std::string rack, server;
  Vec3d at_m{0, 0, 0};
  double temperature_c = 0;
};

// Passive tracers solved on the time-mean (or final) flow after the run (one per
// cooling unit's supply, one per rack's exhaust): the raw fractions the Capture Index and
// the cooling units' contributions are computed from (postprocess/metrics.hpp).
struct TracerResults {
  bool computed = false;
  std::vector<std::string> coolers;  // supply tracer order (running units only)
  // [rack][cooler]: share of the rack's intake flow that left that unit's supply and
  // reached the intake without passing through any rack (flow-weighted over the intake).
  std::vector<std::vector<double>> rack_intake_from_cooler;
  // [rack]: share of the rack's exhaust flow that reaches a cooling unit's return
  // without entering any rack's intake first.
  std::vector<double> rack_exhaust_captured;
  // Largest balance residual of any tracer at the end, relative to its source flux: it
  // bounds the share of that tracer the openings do not account for.
  double worst_residual = 0;
  int sweeps = 0;             // most sweeps any tracer took
  // How far the frozen cell velocities were from divergence-free before the correction
  // that makes them so: sum over cells of |net outflow| / the flow through the openings.
  double flow_divergence = 0;
  double wall_s = 0;          // what solving them cost
};

// A scalar over a horizontal plane, on a plan grid coarser than the lattice (blocks of
// cells averaged): what a plan picture of it draws.
struct PlanMap {
  double z_m = 0;                         // height of the cell layer it was taken from
  std::array<double, 2> origin_m{0, 0};   // lower corner of map cell (0, 0), x and y
  double spacing_m = 0;                   // edge of one map cell
  int nx = 0, ny = 0;
  std::vector<float> value;               // nx * ny, x fastest; NaN: no fluid in that map cell
};

// Static pressure in the raised-floor plenum (final state; Pa relative to the reference
// pressure, as Snapshot::pressure_pa). present is false without a raised floor.
struct PlenumPressure {
  bool present = false;
  double min_pa = 0, max_pa = 0, mean_pa = 0;  // over the plenum's fluid cells
  PlanMap map_pa;                              // the cell layer at mid-plenum height
};

// A perforated floor tile's pressure drop: ΔP = below − above, the mean pressure over the
// fluid cells of the cell layer directly under the tile (plenum) and directly over it
// (room). NaN where a layer has no fluid cell.
struct TilePressure {
  std::string name;
  double flow_m3_s = 0;  // as TileResult::flow_m3_s (upward positive)
  double below_pa = 0, above_pa = 0, delta_p_pa = 0;
};

// The space between two facing rack rows: fronts facing (a cold aisle) or backs facing (a
// hot aisle). Its box spans the gap between the rows, the length both rows share and the
// height from the floor to the taller row's top. A row's front or back that faces no row
// (a wall, open floor) gets the space in front of or behind it instead: a "side", cold at
// a front, hot at a back (solver/hall_airflow.hpp).
enum class AisleKind { Cold, Hot };
struct AisleResult {
  std::string name;                  // "cold aisle A|B" (the two rows), "hot side of row A"
  AisleKind kind = AisleKind::Cold;
  std::array<std::string, 2> rows;   // the rows on either side (lower coordinate first); a side: {row, ""}
  Vec3d min_m{0, 0, 0}, max_m{0, 0, 0};
  long long cells = 0;               // fluid cells averaged
  double mean_pressure_pa = 0;       // final state; NaN without fluid cells
  double mean_temperature_c = 0;     // final state
};

// The cold and the hot region (aisle or side) on either side of one rack row: the row's
// air runs from the cold one to the hot one, so the cold one should be at the higher
// pressure.
struct AislePair {
  int cold = -1, hot = -1;  // indices into AirflowResults::aisles
  std::string row;          // the row between them
  double delta_p_pa = 0;    // cold − hot
};

// Airflow figures of the run (solver/hall_airflow.hpp fills them from the final fields);
// ratios, Capture Index and flags are computed from them in postprocess/airflow_metrics.
struct AirflowResults {
  PlenumPressure plenum;
  std::vector<TilePressure> tiles;  // perforated floor tiles, in HallSpec::tiles order
  std::vector<AisleResult> aisles;
  std::vector<AislePair> aisle_pairs;
  SpeedRecord speed;                // the run's fastest air against its design speed
};

struct HallResults {
  AshraeClass ashrae_class = AshraeClass::A1;
  InletLimits limits{15, 32, 18, 27};
  double time_s = 0;
  AveragingWindow averaging;  // what the inlet figures are averaged over (inactive: instantaneous)
  std::vector<RackResult> racks;
  std::vector<CoolerResult> coolers;
  std::vector<CduResult> cdus;
  std::vector<TileResult> tiles;
  std::optional<PlenumResult> raised_floor;  // when the hall has one
  std::vector<Hotspot> hotspots;  // hottest server inlets, hottest first
  HallEnergyBalance energy;
  InletHistory history;
  // Ride-through: first sample at which any server inlet max exceeded limits.max_c.
  std::optional<double> limit_crossed_at_s;
  std::string limit_crossed_by;   // "rack/server"
  double spare_cooling_w = 0;     // sum over running units of capacity - load
  TracerResults tracers;
  AirflowResults airflow;
};

}  // namespace rackflow
