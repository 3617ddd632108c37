#include "case_parser.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "hall_parser.hpp"
#include "plausibility.hpp"
#include "quantity.hpp"
#include "yaml_overrides.hpp"
#include "yaml_reader.hpp"

// The schema of docs/case-format.md, written against the YAML reader of yaml_reader.hpp;
// the `hall` section has its own files (hall_parser.cpp, hall_parse_*.cpp).

namespace rackflow {
namespace {

using namespace detail;

// Above Ma ~ 0.3 the weakly compressible error of LBM (order Ma^2) swamps the physics.
constexpr double kMaxLatticeMach = 0.3;

// ---------------------------------------------------------------------------------------
// Schema (docs/case-format.md)

const Choices<TurbulenceModel> kTurbulenceModels = {{"smagorinsky", TurbulenceModel::Smagorinsky},
                                                    {"none", TurbulenceModel::None}};
const Choices<Precision> kPrecisions = {{"fp32", Precision::Fp32}, {"fp16", Precision::Fp16}};
const Choices<BoxKind> kBoxKinds = {{"solid", BoxKind::Solid}, {"heat_source", BoxKind::HeatSource}};
const Choices<PatchKind> kPatchKinds = {{"velocity_inlet", PatchKind::VelocityInlet},
                                        {"pressure_outlet", PatchKind::PressureOutlet},
                                        {"wall", PatchKind::Wall},
                                        {"flow_outlet", PatchKind::FlowOutlet}};

// The grid is bounded here, before anything is allocated; the backend's memory check comes
// later, with the lattice. 100 000 cells is a 100 m hall at 1 mm cells, finer than any
// data-centre study needs, and keeps every index of an axis (with its halo) in an int.
constexpr double kMaxCellsPerAxis = 1e5;
// 2^36 = 6.9e10 cells: at rackflow's 227-350 bytes per cell, 15-24 TB of device memory,
// more than 100 GPUs of 141 GB hold together; a case beyond it is a mistake in resolution.
constexpr double kMaxCells = 68719476736.0;

void check_grid_size(const DomainSpec& d, const Number& resolution) {
  double total = 1;
  for (int a = 0; a < 3; ++a) {
    const double cells = std::round(d.size_m[a] / d.resolution_m);
    if (cells > kMaxCellsPerAxis)
      fail(resolution.where, "value " + resolution.shown + " gives " + format_number(cells) + " cells along " +
                                 kAxis[a] + " (domain.size " + format_quantity(d.size_m[a], Dimension::Length) +
                                 ") (allowed: at most " + format_number(kMaxCellsPerAxis) +
                                 " cells per axis, a 100 m hall at 1 mm cells; a resolution >= " +
                                 format_quantity(d.size_m[a] / kMaxCellsPerAxis, Dimension::Length) + ")");
    total *= cells;
  }
  if (total > kMaxCells)
    fail(resolution.where, "value " + resolution.shown + " gives " + format_number(total) +
                               " cells (allowed: at most 2^36 = " + format_number(kMaxCells) +
                               " cells, 15-24 TB of device memory at 227-350 bytes per cell, more than "
                               "100 GPUs hold; a coarser resolution)");
}

void read_domain(const Value& v, DomainSpec& d) {
  const Section s(v, {"size", "resolution", "periodic"});
  const Value size = s.get("size", "3 lengths [x, y, z], each > 0 m");
  const auto extent = read_numbers<3>(size, Dimension::Length, "[x, y, z]");
  for (const Number& n : extent) require(n, greater_than(0), Dimension::Length);
  d.size_m = values_of(extent);
  d.where_size = size.where;

  const double smallest = *std::min_element(d.size_m.begin(), d.size_m.end());
  const Number resolution = read_required(
      s, "resolution", Dimension::Length, greater_than(0).up_to(smallest).because("the smallest domain extent"));
  d.resolution_m = resolution.value;
  d.where_resolution = resolution.where;
  check_grid_size(d, resolution);

  d.where_periodic = s.where("periodic");
  if (const auto p = s.find("periodic")) {
    const auto flags = fixed_list<3>(*p, "booleans [x, y, z]");
    for (int a = 0; a < 3; ++a) d.periodic[a] = read_bool(flags[a]);
  }
}

void read_fluid(const Value& v, FluidSpec& f) {
  const Section s(v, {"density", "kinematic_viscosity", "specific_heat", "thermal_conductivity",
                      "thermal_expansion", "reference_temperature"});
  read_optional(s, "density", Dimension::Density, density_range(), f.density_kg_m3);
  read_optional(s, "kinematic_viscosity", Dimension::KinematicViscosity, kinematic_viscosity_range(),
                f.kinematic_viscosity_m2_s);
  read_optional(s, "specific_heat", Dimension::SpecificHeat, specific_heat_range(), f.specific_heat_j_kgk);
  read_optional(s, "thermal_conductivity", Dimension::ThermalConductivity, thermal_conductivity_range(),
                f.thermal_conductivity_w_mk);
  read_optional(s, "reference_temperature", Dimension::Temperature, kAboveAbsoluteZero,
                f.reference_temperature_c);
  // An ideal gas expands as 1/T: follow the reference temperature unless told otherwise.
  f.thermal_expansion_1_k = 1.0 / (f.reference_temperature_c - kAbsoluteZeroC);
  read_optional(s, "thermal_expansion", Dimension::ThermalExpansion, thermal_expansion_range(),
                f.thermal_expansion_1_k);
}

void read_turbulence(const Value& v, TurbulenceSpec& t) {
  const Section s(v, {"model", "smagorinsky_constant", "turbulent_prandtl"});
  if (const auto m = s.find("model")) t.model = read_choice(*m, kTurbulenceModels);
  read_optional(s, "smagorinsky_constant", Dimension::Dimensionless, at_least(0).up_to(0.5),
                t.smagorinsky_constant);
  read_optional(s, "turbulent_prandtl", Dimension::Dimensionless, greater_than(0).up_to(2),
                t.turbulent_prandtl);
}

void read_run(const Value& v, RunSpec& r) {
  const Section s(v, {"end_time", "output_interval", "max_lattice_mach", "max_velocity",
                      "steady_tolerance", "average_from", "precision"});
  const Number end = read_required(s, "end_time", Dimension::Time, greater_than(0));
  r.end_time_s = end.value;
  r.where_end_time = end.where;
  read_optional(s, "output_interval", Dimension::Time, at_least(0), r.output_interval_s);
  r.where_output_interval = s.where("output_interval");
  read_optional(s, "max_lattice_mach", Dimension::Dimensionless,
                greater_than(0).up_to(kMaxLatticeMach).because("the weakly compressible limit"),
                r.max_lattice_mach);
  r.where_mach = s.where("max_lattice_mach");
  if (const auto m = s.find("max_velocity"))
    r.max_velocity_m_s = read_number(*m, Dimension::Velocity, greater_than(0)).value;
  r.where_max_velocity = s.where("max_velocity");
  read_optional(s, "steady_tolerance", Dimension::Dimensionless, at_least(0), r.steady_tolerance);
  if (const auto a = s.find("average_from"))
    r.average_from_s = read_number(*a, Dimension::Time, at_least(0).below(r.end_time_s).because("run.end_time")).value;
  if (const auto p = s.find("precision")) r.precision = read_choice(*p, kPrecisions);
}

// A fixed temperature far from the Boussinesq reference breaks the approximation the
// buoyancy force rests on.
Number read_fixed_temperature(const Value& v, const FluidSpec& fluid) {
  const Number t = read_number(v, Dimension::Temperature, kAboveAbsoluteZero);
  check_boussinesq(t.value - fluid.reference_temperature_c, fluid, t.where,
                   "from fluid.reference_temperature " +
                       format_quantity(fluid.reference_temperature_c, Dimension::Temperature) +
                       " to " + t.shown);
  return t;
}

// A speed above run.max_velocity would break the Mach limit dt was chosen for.
void check_max_velocity(const Number& speed, const RunSpec& run) {
  if (run.max_velocity_m_s)
    require(speed, at_most(*run.max_velocity_m_s).because("run.max_velocity"), Dimension::Velocity,
            "is faster than run.max_velocity");
}

void read_initial(const Value& v, InitialSpec& init, const RunSpec& run, const FluidSpec& fluid) {
  const Section s(v, {"temperature", "velocity"});
  if (const auto t = s.find("temperature")) init.temperature_c = read_fixed_temperature(*t, fluid).value;
  if (const auto u = s.find("velocity")) {
    init.velocity_m_s = read_vec3(*u, Dimension::Velocity);
    const Vec3d& w = init.velocity_m_s;
    const double speed = std::sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
    check_max_velocity({speed, "|velocity| = " + format_quantity(speed, Dimension::Velocity), u->where},
                       run);
  }
}

// The box; `where_power` receives the location of its power key, when it has one.
BoxSpec read_box(const Value& entry, const CaseSpec& spec, NameIndex& names, SourceRef& where_power) {
  const Section s(entry, {"name", "kind", "min", "max", "power", "temperature"});
  BoxSpec b;
  b.where = entry.where;
  b.name = read_object_name(s, entry.where, names);
  b.kind = read_required_choice(s, "kind", kBoxKinds);

  read_box_corners(s, spec.domain, b.min_m, b.max_m);

  if (const auto p = s.find("power")) {
    const Number power = read_number(*p, Dimension::Power, at_least(0));
    const Vec3d e{b.max_m[0] - b.min_m[0], b.max_m[1] - b.min_m[1], b.max_m[2] - b.min_m[2]};
    // A heat source heats the air inside it; a solid box releases its power at its faces.
    if (b.kind == BoxKind::HeatSource)
      check_power_density(power, e[0] * e[1] * e[2], "box " + b.name);
    else
      check_surface_flux(power, 2 * (e[0] * e[1] + e[1] * e[2] + e[2] * e[0]), "box " + b.name);
    b.power_w = power.value;
    where_power = power.where;
  }
  if (b.kind == BoxKind::HeatSource)
    s.forbid("temperature",
             "not allowed for a heat_source box, which is fluid releasing its power (allowed: "
             "name, kind, min, max, power)");
  if (const auto t = s.find("temperature")) {
    if (const auto p = s.find("power"))
      fail(t->where, "a solid box takes temperature (isothermal surface) or power (heat released "
                     "at its faces), not both; power is given on " + line_text(p->where) +
                         " (allowed: one of them)");
    b.temperature_c = read_fixed_temperature(*t, spec.fluid).value;
  }
  return b;
}

// The face a patch lies on, with its extent along the two in-plane axes.
struct FaceExtent {
  std::array<int, 2> axes;
  std::array<double, 2> lo, hi;
  std::string label;  // "the z_min face of box crah-1"
};

// Positions of the boxes in CaseSpec::boxes by name, so that patches find theirs in
// constant time.
using BoxIndex = std::unordered_map<std::string, std::size_t>;

std::string solid_box_names(const CaseSpec& spec) {
  std::vector<std::string> solid;
  for (const BoxSpec& b : spec.boxes)
    if (b.kind == BoxKind::Solid) solid.push_back(b.name);
  return solid.empty() ? "none: this case has no solid box" : join(solid);
}

const BoxSpec& find_solid_box(const Value& v, const CaseSpec& spec, const BoxIndex& box_at) {
  const std::string name = scalar_text(v, "the name of a solid box");
  const auto found = box_at.find(name);
  if (found == box_at.end())
    fail(v.where, "value \"" + name + "\" names no box (allowed: solid boxes " + solid_box_names(spec) + ")");
  const BoxSpec& b = spec.boxes[found->second];
  if (b.kind != BoxKind::Solid)
    fail(v.where, "box \"" + name + "\" is a heat_source; patches sit on solid boxes (allowed: " +
                      solid_box_names(spec) + ")");
  return b;
}

FaceExtent read_patch_face(const Section& s, PatchSpec& p, const CaseSpec& spec, const BoxIndex& box_at) {
  Choices<Face> faces;
  for (int f = 0; f < 6; ++f) faces.push_back({face_name(Face(f)), Face(f)});
  const Value face = s.get("face", names_of(faces));
  p.face = read_choice(face, faces);
  const int axis = face_axis(p.face);

  FaceExtent e;
  e.axes = {axis == 0 ? 1 : 0, axis == 2 ? 1 : 2};
  if (const auto b = s.find("box")) {
    const BoxSpec& box = find_solid_box(*b, spec, box_at);
    p.box = box.name;
    for (int k = 0; k < 2; ++k) e.lo[k] = box.min_m[e.axes[k]], e.hi[k] = box.max_m[e.axes[k]];
    e.label = std::string("the ") + face_name(p.face) + " face of box " + box.name;
    return e;
  }
  if (spec.domain.periodic[axis]) {
    std::vector<std::string> open;
    for (const auto& [name, f] : faces)
      if (!spec.domain.periodic[face_axis(f)]) open.push_back(name);
    fail(face.where, "value " + std::string(face_name(p.face)) + " is a periodic face (domain.periodic[" +
                         std::to_string(axis) + "] is true; allowed: " +
                         (open.empty() ? std::string("a face of a solid box") : join(open)) + ")");
  }
  for (int k = 0; k < 2; ++k) e.lo[k] = 0, e.hi[k] = spec.domain.size_m[e.axes[k]];
  e.label = std::string("the ") + face_name(p.face) + " face of the domain";
  return e;
}

// Reads the optional rectangle and returns the patch area [m2].
double read_patch_rect(const Section& s, PatchSpec& p, const FaceExtent& face) {
  const auto min_v = s.find("min"), max_v = s.find("max");
  if (!min_v && !max_v) return (face.hi[0] - face.lo[0]) * (face.hi[1] - face.lo[1]);
  if (!min_v || !max_v)
    fail((min_v ? min_v : max_v)->where,
         "min and max come as a pair (allowed: both, for a rectangle, or neither, for the whole face)");

  const std::string axes = std::string("[") + kAxis[face.axes[0]] + ", " + kAxis[face.axes[1]] + "]";
  const auto lo = read_numbers<2>(*min_v, Dimension::Length, axes);
  const auto hi = read_numbers<2>(*max_v, Dimension::Length, axes);
  const auto inside = [&](int k) {
    return within(face.lo[k], face.hi[k], std::string("the ") + kAxis[face.axes[k]] + " extent of " + face.label);
  };
  std::array<double, 2> rect_lo, rect_hi;
  for (int k = 0; k < 2; ++k) rect_lo[k] = require_within(lo[k], inside(k), "is outside " + face.label);
  for (int k = 0; k < 2; ++k) {
    rect_hi[k] = require_within(hi[k], inside(k), "is outside " + face.label);
    require(hi[k],
            greater_than(lo[k].value).because(std::string("above this patch's min ") + kAxis[face.axes[k]]),
            Dimension::Length);
  }
  p.rect_min_m = rect_lo;
  p.rect_max_m = rect_hi;
  return (rect_hi[0] - rect_lo[0]) * (rect_hi[1] - rect_lo[1]);
}

// The keys that set how much air a velocity_inlet or flow_outlet moves; exactly one is given.
// `flow_rate` is spread as a uniform speed over the rectangle as drawn; `flow` is delivered
// exactly through the cells the patch covers (PatchSpec::flow_m3_s), and its mean speed over
// the rectangle is kept as the nominal speed that the time step and run.max_velocity see.
const std::vector<std::string> kFlowKeys = {"velocity", "flow_rate", "flow"};

// Normal speed (positive: the direction the kind moves air, into the fluid for an inlet,
// out of it for a flow outlet) and, for `flow`, the exact volumetric flow.
void read_patch_flow(const Section& s, PatchSpec& p, double area, const RunSpec& run) {
  const auto [key, v] = exactly_one_of(s, kFlowKeys, "a " + choice_name(kPatchKinds, p.kind),
                                       "velocity [m/s] or flow_rate [m3/s] or flow [m3/s]");
  Number speed;
  if (key == "velocity") {
    speed = read_number(v, Dimension::Velocity, greater_than(0));
  } else {
    const Number q = read_number(v, Dimension::VolumeFlow, greater_than(0));
    speed = {q.value / area,
             q.shown + " over " + format_number(area) + " m2 = " +
                 format_quantity(q.value / area, Dimension::Velocity),
             q.where};
    if (key == "flow") p.flow_m3_s = q.value;
  }
  check_max_velocity(speed, run);
  p.velocity_m_s = speed.value;
}

void read_inlet(const Section& s, PatchSpec& p, double area, const CaseSpec& spec) {
  read_patch_flow(s, p, area, spec.run);
  p.temperature_c = read_fixed_temperature(s.get("temperature", kAboveAbsoluteZero.describe(Dimension::Temperature)),
                                           spec.fluid).value;
}

void read_wall(const Section& s, PatchSpec& p, const FluidSpec& fluid) {
  const auto t = s.find("temperature"), q = s.find("heat_flux");
  if (t && q)
    fail(q->where, "a wall takes temperature (isothermal) or heat_flux, not both; temperature is "
                   "given on " + line_text(t->where) + " (allowed: at most one of them)");
  if (t) {
    p.temperature_c = read_fixed_temperature(*t, fluid).value;
    p.has_temperature = true;
  }
  if (q) p.heat_flux_w_m2 = read_number(*q, Dimension::HeatFlux, heat_flux_range()).value;
}

// Keys that only some patch kinds take; given for another kind they are a mistake.
const std::vector<std::string>& patch_kind_keys(PatchKind k) {
  static const std::vector<std::string> inlet{"velocity", "flow_rate", "temperature", "flow"};
  static const std::vector<std::string> outlet{"pressure"};
  static const std::vector<std::string> wall{"temperature", "heat_flux"};
  static const std::vector<std::string> extraction{"velocity", "flow_rate", "flow"};
  switch (k) {
    case PatchKind::VelocityInlet: return inlet;
    case PatchKind::PressureOutlet: return outlet;
    case PatchKind::Wall: return wall;
    case PatchKind::FlowOutlet: return extraction;
  }
  return wall;
}

void forbid_other_kinds_keys(const Section& s, PatchKind k) {
  s.forbid_other_kinds({"velocity", "flow_rate", "flow", "temperature", "heat_flux", "pressure"},
                       patch_kind_keys(k), choice_name(kPatchKinds, k), "patch", "name, kind, face, box, min, max");
}

// The patch; `area_m2` receives the area of its rectangle.
PatchSpec read_patch(const Value& entry, const CaseSpec& spec, const BoxIndex& box_at, NameIndex& names,
                     double& area_m2) {
  const Section s(entry, {"name", "kind", "face", "box", "min", "max", "velocity", "flow_rate", "flow",
                          "temperature", "heat_flux", "pressure"});
  PatchSpec p;
  p.where = entry.where;
  p.name = read_object_name(s, entry.where, names);
  p.kind = read_required_choice(s, "kind", kPatchKinds);
  forbid_other_kinds_keys(s, p.kind);
  const double area = read_patch_rect(s, p, read_patch_face(s, p, spec, box_at));
  area_m2 = area;
  switch (p.kind) {
    case PatchKind::VelocityInlet: read_inlet(s, p, area, spec); break;
    case PatchKind::PressureOutlet:
      read_optional(s, "pressure", Dimension::Pressure, kAnyValue, p.pressure_pa);
      break;
    case PatchKind::Wall: read_wall(s, p, spec.fluid); break;
    case PatchKind::FlowOutlet: read_patch_flow(s, p, area, spec.run); break;
  }
  return p;
}

Vec3d read_acceleration(const Value& v, const std::string& key) {
  const auto a = read_numbers<3>(v, Dimension::Acceleration, "[x, y, z]");
  for (const Number& n : a) require(n, acceleration_range(), Dimension::Acceleration);
  check_acceleration(values_of(a), v.where, key);
  return values_of(a);
}

// The steady temperature rise of the inlet air that carries all the boxes' heat away,
// P / (rho c_p Q), against the Boussinesq limit; blamed on the power of the largest box.
// A room without inlets has no such steady rise to estimate.
void check_room_heating(const CaseSpec& spec, const std::vector<SourceRef>& where_power, double inlet_flow_m3_s) {
  std::size_t largest = 0;
  double total_w = 0;
  for (std::size_t i = 0; i < spec.boxes.size(); ++i) {
    total_w += spec.boxes[i].power_w;
    if (spec.boxes[i].power_w > spec.boxes[largest].power_w) largest = i;
  }
  if (total_w <= 0 || inlet_flow_m3_s <= 0) return;
  const FluidSpec& f = spec.fluid;
  const double rise_k = total_w / (f.density_kg_m3 * f.specific_heat_j_kgk * inlet_flow_m3_s);
  check_boussinesq(rise_k, f, where_power[largest],
                   "of the inlet air carrying the boxes' " + format_quantity(total_w, Dimension::Power) +
                       " away, P / (rho c_p Q_inlets) with Q_inlets = " +
                       format_quantity(inlet_flow_m3_s, Dimension::VolumeFlow) + ", " + format_number(rise_k) + " K,");
}

CaseSpec read_case(const YAML::Node& root, const std::string& file) {
  // A key missing at the top is blamed on line 1, so that every message has a line.
  const Section top(Value{root, SourceRef{file, std::max(1, line_of(root)), ""}},
                    {"name", "description", "domain", "fluid", "turbulence", "gravity",
                     "body_acceleration", "initial", "run", "boxes", "patches", "hall"});
  CaseSpec spec;
  spec.source_file = file;
  spec.name = read_name(top.get("name", kNameRule));
  if (const auto v = top.find("description")) spec.description = scalar_text(*v, "text");
  read_domain(top.get("domain", "a section with size and resolution"), spec.domain);
  if (const auto v = top.find("fluid")) read_fluid(*v, spec.fluid);
  if (const auto v = top.find("turbulence")) read_turbulence(*v, spec.turbulence);
  if (const auto v = top.find("gravity")) spec.gravity_m_s2 = read_acceleration(*v, "gravity");
  if (const auto v = top.find("body_acceleration"))
    spec.body_acceleration_m_s2 = read_acceleration(*v, "body_acceleration");
  read_run(top.get("run", "a section with end_time"), spec.run);
  // Unless told otherwise the room starts at the Boussinesq reference state.
  spec.initial.temperature_c = spec.fluid.reference_temperature_c;
  if (const auto v = top.find("initial")) read_initial(*v, spec.initial, spec.run, spec.fluid);
  NameIndex object_names;  // boxes and patches, the hall's generated boxes too
  std::vector<SourceRef> where_power;
  if (const auto v = top.find("boxes"))
    for (const Value& e : list_items(*v, "a list of boxes (\"- name: ...\" entries)")) {
      where_power.emplace_back();
      spec.boxes.push_back(read_box(e, spec, object_names, where_power.back()));
    }
  BoxIndex box_at;
  for (std::size_t i = 0; i < spec.boxes.size(); ++i) box_at.emplace(spec.boxes[i].name, i);
  double inlet_flow_m3_s = 0;
  if (const auto v = top.find("patches"))
    for (const Value& e : list_items(*v, "a list of patches (\"- name: ...\" entries)")) {
      double area_m2 = 0;
      spec.patches.push_back(read_patch(e, spec, box_at, object_names, area_m2));
      const PatchSpec& p = spec.patches.back();
      if (p.kind == PatchKind::VelocityInlet) inlet_flow_m3_s += p.flow_m3_s ? *p.flow_m3_s : p.velocity_m_s * area_m2;
    }
  check_room_heating(spec, where_power, inlet_flow_m3_s);
  // Last: the hall needs the domain, the fluid and the run length, and adds solid boxes.
  if (const auto v = top.find("hall")) read_hall(*v, spec, object_names);
  return spec;
}

}  // namespace

CaseSpec parse_case_string(const std::string& yaml, const std::string& pretend_file_name,
                           const std::vector<CaseOverride>& overrides) {
  try {
    YAML::Node root = load_single_document(yaml, pretend_file_name, "case", "name, domain, run");
    const std::vector<AppliedOverride> applied = apply_overrides(root, overrides, pretend_file_name);
    CaseSpec spec;
    try {
      spec = read_case(root, pretend_file_name);
    } catch (const CaseError& e) {
      rethrow_for_overrides(e, applied);
    }
    for (const AppliedOverride& a : applied) {
      spec.overrides.push_back(a.given.text());
      if (!a.changed) spec.overrides_without_effect.push_back(a.given.text());
    }
    return spec;
  } catch (const std::bad_alloc&) {
    // Every count is bounded before anything is built, so this means the YAML library
    // itself ran away; the user still gets the file rather than "std::bad_alloc".
    fail({pretend_file_name, 1, ""}, "ran out of memory while reading the case file (allowed: a case "
                                     "whose YAML the parser can hold in memory)");
  }
}

CaseSpec parse_case_file(const std::string& path, const std::vector<CaseOverride>& overrides) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    fail({path, 0, ""}, "cannot read the case file (it is missing or not a regular file)");
  // A hall of kMaxObjects objects, one per line, is under 20 MB of YAML; the parser's
  // nodes take tens of times the text, so a larger file is refused before it is read.
  constexpr std::uintmax_t kMaxCaseBytes = 64u << 20;
  const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
  if (!ec && bytes > kMaxCaseBytes)
    fail({path, 1, ""}, "the case file holds " + std::to_string(bytes) + " bytes (allowed: at most " +
                            std::to_string(kMaxCaseBytes) + " bytes; a hall of " + format_number(kMaxObjects) +
                            " objects written one per line is under 20 MB)");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail({path, 0, ""}, "cannot open the case file (permission denied?)");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_case_string(text.str(), path, overrides);
}

}  // namespace rackflow
