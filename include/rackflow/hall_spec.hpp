// HallSpec: the data-centre objects of a case (DESIGN.md §6), in SI units, as the case
// parser resolved them: layout helpers (rack rows, tile rows, column grids, containment)
// are already expanded into single objects, server types into per-server power and
// airflow, and every rack names an existing power profile. Pure data, like CaseSpec:
// no lattice, no solver types. Containment panels, walls and columns are plain solid
// boxes in CaseSpec::boxes; everything here has a model behind it (solver/hall_*).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "rackflow/case_error.hpp"
#include "rackflow/face.hpp"

namespace rackflow {

// ASHRAE TC 9.9 (2021) air-cooled equipment classes; limits are server inlet dry-bulb.
enum class AshraeClass { Recommended, A1, A2, A3, A4, H1 };
struct InletLimits {
  double min_c, max_c;                     // allowable (the class's own range)
  double recommended_min_c, recommended_max_c;
};
inline InletLimits inlet_limits(AshraeClass c) {
  switch (c) {
    case AshraeClass::Recommended: return {18, 27, 18, 27};
    case AshraeClass::A1: return {15, 32, 18, 27};
    case AshraeClass::A2: return {10, 35, 18, 27};
    case AshraeClass::A3: return {5, 40, 18, 27};
    case AshraeClass::A4: return {5, 45, 18, 27};
    case AshraeClass::H1: return {15, 25, 18, 22};
  }
  return {15, 32, 18, 27};
}
inline const char* ashrae_class_name(AshraeClass c) {
  constexpr const char* names[] = {"recommended", "A1", "A2", "A3", "A4", "H1"};
  return names[static_cast<int>(c)];
}

// Utilisation (0..1) of a server over time, or its power directly (Trace).
enum class ProfileKind {
  Constant,  // utilisation
  Step,      // before until at_s, after from then on
  Ramp,      // before until start_s, linear to after over duration_s, then after
  Training,  // busy, with a dip to dip_utilisation for dip_duration_s every period_s
  Trace,     // watts per server from a CSV file, linear between samples
};

struct PowerProfileSpec {
  std::string name;
  ProfileKind kind = ProfileKind::Constant;
  double utilisation = 1.0;                // Constant; Training: busy utilisation
  double before = 1.0, after = 1.0;        // Step, Ramp
  double at_s = 0, start_s = 0, duration_s = 0;  // Step: at_s; Ramp: start_s, duration_s
  double period_s = 0, dip_duration_s = 0, dip_utilisation = 0;  // Training (first dip at period_s)
  std::vector<double> trace_time_s, trace_power_w;  // Trace: strictly increasing times, no gaps
  std::string trace_file;                            // Trace: as written in the case (for messages)
  SourceRef where;
};

// One server (or a block of identical slots) in a rack.
struct ServerSpec {
  std::string name;   // "a01/s1": rack name / slot
  std::string type;   // server type it came from ("dgx-h100", "generic-1u", or "rack" for a rack-level power)
  double u_bottom = 1;  // lowest U position it occupies (1-based, 1U = 44.45 mm above the rack base)
  double height_u = 1;
  double max_power_w = 0;   // at utilisation 1
  double idle_power_w = 0;  // at utilisation 0: P = idle + (max - idle) * utilisation
  double airflow_m3_s = 0;  // fan-driven, independent of power
};

struct ColdPlateSpec {
  double liquid_fraction = 0.75;  // of the rack's power, to the liquid loop
  std::string cdu;                // empty: not assigned to a CDU
};

struct RearDoorSpec {
  double effectiveness = 0.8;       // (T_in - T_out) / (T_in - T_water,in)
  double water_temperature_c = 18;  // entering water
  double capacity_w = 0;            // removal never exceeds this
};

// A rack's fans against the static-pressure rise they work against (exhaust - intake): the
// rack's total airflow, piecewise linear through `points` [Pa, m3/s] (pressure rising, flow
// falling). Below the first pressure the flow stays the first point's (the curve says
// nothing there, and a fan helped along does not run away); beyond the last pressure the
// last segment goes on down to zero flow, and no further: fans do not run backwards.
struct FanCurveSpec {
  std::vector<std::array<double, 2>> points;
};

// A rectangle of a rack's or cooler's face through which its air passes; the rest of the
// face is wall. On a side face (normal along x or y), seen from outside: `width` across,
// `height` up, `offset_m` = [across, up] of its lower-left corner from the face's
// lower-left corner. On a top or bottom face: `width` along x, `height` along y, offset
// from the face's (min x, min y) corner. Unset sizes are the whole face.
struct OpeningSpec {
  std::optional<double> width_m, height_m;
  std::array<double, 2> offset_m{0, 0};
  SourceRef where;
};

struct RackSpec {
  std::string name;
  Vec3d min_m{0, 0, 0}, max_m{0, 0, 0};  // the rack body, domain coordinates
  Face front;                             // intake face; the exhaust is the opposite face
  double u_height_m = 0.04445;
  std::vector<ServerSpec> servers;        // ordered bottom to top, not overlapping
  bool blanking = true;                   // false: empty slots are open from back to front
  std::string profile;                    // name of a PowerProfileSpec
  // Servers' thermal mass: the heat the air receives lags the power to air,
  // dP_air/dt = ((1 - liquid fraction) P - P_air) / tau (0: no lag).
  double thermal_time_constant_s = 0;
  std::optional<ColdPlateSpec> cold_plate;
  std::optional<RearDoorSpec> rear_door;
  // Set: the rack's airflow follows this curve at the measured pressure rise, the servers'
  // airflows giving only their shares (HallModel::update_fans). Unset: fixed airflow.
  std::optional<FanCurveSpec> fan_curve;
  // Open fraction of the front area that leaks from the exhaust side to the intake side
  // around the servers (a porous path through the rack body, Idelchik's loss; 0: none).
  double leakage = 0;
  std::optional<OpeningSpec> intake, exhaust;  // none: the whole front / back face
  std::string row;                        // the rack row it came from, if any
  SourceRef where;
};

enum class CoolerKind { Crah, Crac, InRow };
enum class SupplyMode {
  Floor,  // down-flow: the unit's bottom face discharges into the raised-floor plenum
  Front,  // the unit's front face discharges into the room
  Tiles,  // its flow leaves through the fixed-flow grilles that name it
};
enum class ReturnMode {
  Top,     // the unit's top face (into a ceiling plenum when the top reaches it)
  Rear,    // the face opposite the front
};

struct CoolerSpec {
  std::string name;
  CoolerKind kind = CoolerKind::Crah;
  Vec3d min_m{0, 0, 0}, max_m{0, 0, 0};
  Face front;
  SupplyMode supply = SupplyMode::Floor;
  ReturnMode return_from = ReturnMode::Top;
  double airflow_m3_s = 0;
  double capacity_w = 0;             // coil capacity (net of fan heat)
  double supply_temperature_c = 18;  // set-point
  std::optional<double> fail_at_s;   // fan and coil stop at this time
  std::optional<OpeningSpec> supply_opening, return_opening;  // none: the whole supply / return face
  SourceRef where;
};

enum class TileKind {
  Perforated,  // porous pressure-loss layer in the floor; flow comes out of the physics
  Grille,      // fixed flow from a cooler with SupplyMode::Tiles
};

struct TileSpec {
  std::string name;
  TileKind kind = TileKind::Perforated;
  std::array<double, 2> min_m{0, 0}, max_m{0, 0};  // x, y footprint
  double open_fraction = 0.25;    // Perforated
  bool jet_momentum = true;       // Perforated floor tile: its jet carries rho Q^2 / (f A), not rho Q^2 / A
  std::string cooler;             // Grille: the cooler whose air it delivers
  double flow_m3_s = 0;           // Grille: 0 means an equal share of the cooler's airflow
  SourceRef where;
};

struct RaisedFloorSpec {
  double height_m = 0;     // top of the floor above the slab
  double thickness_m = 0;  // the floor layer (its tiles are porous cells of this thickness)
};

// A false ceiling: a solid layer with return grilles; the space above is the return plenum.
struct CeilingPlenumSpec {
  double height_m = 0;     // plenum depth below the domain top
  double thickness_m = 0;
  std::vector<TileSpec> grilles;  // openings (Perforated, open_fraction)
};

struct CduSpec {
  std::string name;
  double capacity_w = 0;
  SourceRef where;
};

// A containment roof or door with `leakage`: a porous layer one cell thick whose loss is a
// perforated plate's of that open fraction (solver/hall_layout.cpp), so its leak flow comes
// out of the pressures on its two sides. Containment panels that do not leak are solid
// boxes in CaseSpec::boxes.
struct LeakyPanelSpec {
  std::string name;
  Vec3d min_m{0, 0, 0}, max_m{0, 0, 0};
  int axis = 2;              // the axis across the panel (its thickness)
  double open_fraction = 0;  // (0, 0.2]
  SourceRef where;
};

struct HallSpec {
  AshraeClass ashrae_class = AshraeClass::A1;
  std::optional<RaisedFloorSpec> raised_floor;
  std::optional<CeilingPlenumSpec> ceiling_plenum;
  std::vector<PowerProfileSpec> profiles;
  std::vector<RackSpec> racks;
  std::vector<CoolerSpec> coolers;
  std::vector<TileSpec> tiles;
  std::vector<CduSpec> cdus;
  std::vector<LeakyPanelSpec> leaky_panels;  // containment roofs and doors with leakage
  double monitor_interval_s = 1.0;  // inlet histories and ride-through sampling
  // Passive tracers after the run (solver/hall_tracers.hpp): the Capture Index and the
  // cooling units' contributions. Solved only when there are racks and running units.
  bool tracers = true;
  SourceRef where;
};

}  // namespace rackflow
