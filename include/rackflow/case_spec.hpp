// CaseSpec: what a case file says, in SI units (m, s, kg, W, Pa; temperatures in °C).
// Pure data: no lattice, no solver types. Produced by the case parser (solver/case_parser)
// or built directly in tests; consumed by the voxelizer and the unit converter.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "rackflow/case_error.hpp"
#include "rackflow/face.hpp"
#include "rackflow/hall_spec.hpp"
#include "rackflow/precision.hpp"

namespace rackflow {

struct FluidSpec {  // defaults: dry air at 25 °C, 1 atm
  double density_kg_m3 = 1.184;
  double kinematic_viscosity_m2_s = 1.562e-5;
  double specific_heat_j_kgk = 1007.0;
  double thermal_conductivity_w_mk = 0.02551;
  double thermal_expansion_1_k = 1.0 / 298.15;  // ideal gas: 1/T_ref
  double reference_temperature_c = 25.0;        // Boussinesq reference

  double thermal_diffusivity_m2_s() const {
    return thermal_conductivity_w_mk / (density_kg_m3 * specific_heat_j_kgk);
  }
};

enum class TurbulenceModel { None, Smagorinsky };

struct TurbulenceSpec {
  TurbulenceModel model = TurbulenceModel::Smagorinsky;
  double smagorinsky_constant = 0.17;
  double turbulent_prandtl = 0.85;
};

struct DomainSpec {
  Vec3d size_m{0, 0, 0};
  double resolution_m = 0;  // cell edge length
  std::array<bool, 3> periodic{false, false, false};
  SourceRef where_size, where_resolution, where_periodic;
};

struct RunSpec {
  double end_time_s = 0;         // required
  double output_interval_s = 0;  // 0: only the final state is written
  double max_lattice_mach = 0.1;
  // Highest speed expected anywhere [m/s]; sets dt through the Mach limit. When absent
  // the converter takes the larger of the fastest inlet and the buoyant free-fall speed.
  std::optional<double> max_velocity_m_s;
  // Stop when the energy balance and the fields have settled (0: never; docs/physics.md).
  double steady_tolerance = 0;
  // Time statistics (mean, RMS of T and u) from this time to the end; absent: over the
  // last steady-state window.
  std::optional<double> average_from_s;
  Precision precision = Precision::Fp32;  // how the populations are stored between steps
  SourceRef where_end_time, where_output_interval, where_max_velocity, where_mach;
};

struct InitialSpec {
  double temperature_c = 25.0;
  Vec3d velocity_m_s{0, 0, 0};
};

enum class BoxKind {
  Solid,       // no-slip obstacle; optional fixed temperature or heat released at its faces
  HeatSource,  // fluid region with a uniform volumetric heat release
  Porous,      // fluid region with a quadratic pressure loss (perforated tiles, grilles)
  Panel,       // a wall thinner than a cell, down to 0: the grid face nearest its mid-plane
               // along its thinnest axis blocks flow and heat there (link walls, no cells)
};

struct BoxSpec {
  std::string name;
  BoxKind kind = BoxKind::Solid;
  Vec3d min_m{0, 0, 0}, max_m{0, 0, 0};
  double power_w = 0;  // Solid: released uniformly over its faces open to fluid; HeatSource: volumetric
  std::optional<double> temperature_c;  // Solid only: isothermal surface (exclusive with power)
  // Porous only: loss coefficient zeta on the velocity through the box, so the pressure drop
  // across its extent along `porous_axis` is zeta rho |u| u / 2 (Idelchik's form for a plate).
  double loss_coefficient = 0;
  int porous_axis = 2;
  // Porous only: c = 1/f - 1 of a perforated plate of open fraction f whose jet momentum is
  // restored in the fluid layer just beyond the box's max face along porous_axis (0: none).
  double jet_coefficient = 0;
  SourceRef where;                      // the list entry
};

enum class PatchKind {
  VelocityInlet,   // prescribed normal speed (into the domain) and temperature
  PressureOutlet,  // prescribed static pressure (relative); zero-gradient temperature
  Wall,            // no-slip, adiabatic unless temperature or heat flux is given
  FlowOutlet,      // fan-driven extraction: prescribed normal speed out of the fluid; air
                   // leaves at its own temperature
};

// A rectangle on a domain face or on a face of a solid box. Cells it covers become
// boundary cells of that kind.
struct PatchSpec {
  std::string name;
  PatchKind kind = PatchKind::Wall;
  Face face = Face::XMin;
  std::string box;  // empty: domain face; else the solid box whose face carries the patch
  // Rectangle in the face plane, in domain coordinates of the two in-plane axes in
  // increasing axis order (x face: y,z; y face: x,z; z face: x,y). Absent: the whole face.
  std::optional<std::array<double, 2>> rect_min_m, rect_max_m;
  double velocity_m_s = 0;   // inlet: normal speed, positive into the fluid
  double temperature_c = 0;  // inlet temperature, or wall temperature when has_temperature
  bool has_temperature = false;   // Wall: isothermal
  double heat_flux_w_m2 = 0;      // Wall: heat into the fluid (0: adiabatic)
  double pressure_pa = 0;         // outlet, relative to the reference pressure
  // Inlet / flow outlet: volumetric flow over the cells the patch covers; when set it
  // replaces velocity_m_s (the voxelizer divides by the covered area, so a pair of patches
  // with equal flows moves exactly equal masses).
  std::optional<double> flow_m3_s;
  // >= 0: the patch belongs to coupling port `port` of an object model (solver/hall_model):
  // inlet temperatures are set every step by the model, and the port's mean temperature
  // is measured every step.
  int port = -1;
  std::string group;  // energy-accounting group (empty: the patch's own line)
  SourceRef where;
};

struct CaseSpec {
  std::string name;
  std::string description;
  std::string source_file;  // the YAML file it came from (for messages)
  // The `--set KEY=VALUE` overrides it was read with, in order, as given; and those of them
  // that set a key to the value the file already had (a likely mistake, said as a warning).
  std::vector<std::string> overrides, overrides_without_effect;
  DomainSpec domain;
  FluidSpec fluid;
  TurbulenceSpec turbulence;
  Vec3d gravity_m_s2{0, 0, -9.81};
  Vec3d body_acceleration_m_s2{0, 0, 0};  // uniform drive, e.g. a periodic channel
  InitialSpec initial;
  RunSpec run;
  std::vector<BoxSpec> boxes;
  std::vector<PatchSpec> patches;
  std::optional<HallSpec> hall;  // data-centre objects, when the case has a `hall` section
};

}  // namespace rackflow
