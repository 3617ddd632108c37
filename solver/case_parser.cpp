#include "case_parser.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "quantity.hpp"

// Two layers in one file: a thin reader over yaml-cpp that turns every problem into a
// CaseError with file:line: key (yaml-cpp 0.7 itself names neither file nor key, and keeps
// duplicate keys silently), then the schema of docs/case-format.md written against it.

namespace rackflow {
namespace {

constexpr double kAbsoluteZeroC = -273.15;
// Above Ma ~ 0.3 the weakly compressible error of LBM (order Ma^2) swamps the physics.
constexpr double kMaxLatticeMach = 0.3;
// Bounds that are themselves input (a box against the domain size) are compared with this
// relative slack, so that "20 ft" against "6.096 m" is not rejected for a rounding bit.
constexpr double kGeometrySlack = 1e-9;
const char* const kAxis[] = {"x", "y", "z"};
const char* const kNameRule = "a name of one or more of A-Z a-z 0-9 _ . -";

// ---------------------------------------------------------------------------------------
// Locations and values

[[noreturn]] void fail(const SourceRef& where, const std::string& message) {
  throw CaseError(where, message);
}

// yaml-cpp marks are 0-based and -1 when unknown; SourceRef lines are 1-based, 0 unknown.
int line_of(const YAML::Node& n) { return n.Mark().line + 1; }

std::string line_text(const SourceRef& where) { return "line " + std::to_string(where.line); }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string describe_node(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Scalar: return "\"" + n.Scalar() + "\"";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    default: return "nothing";
  }
}

// A YAML value and where it was written. For a key's value the line is the key's line
// (an empty value or a block list starts on another line but belongs to its key); for a
// list element it is the element's own line.
struct Value {
  YAML::Node node;
  SourceRef where;
};

Value list_element(const Value& list, const YAML::Node& item, std::size_t i) {
  const int line = line_of(item);
  return {item, {list.where.file, line > 0 ? line : list.where.line,
                 list.where.key + "[" + std::to_string(i) + "]"}};
}

std::string scalar_text(const Value& v, const std::string& expected) {
  if (!v.node.IsScalar()) fail(v.where, "expected " + expected + ", got " + describe_node(v.node));
  return v.node.Scalar();
}

// Elements of a list of any length; an empty value is an empty list ("boxes:" with all
// its entries commented out).
std::vector<Value> list_items(const Value& v, const std::string& expected) {
  std::vector<Value> items;
  if (v.node.IsNull()) return items;
  if (!v.node.IsSequence()) fail(v.where, "expected " + expected + ", got " + describe_node(v.node));
  for (const YAML::Node& item : v.node) items.push_back(list_element(v, item, items.size()));
  return items;
}

// Elements of a list that must have exactly N entries, e.g. "[x, y, z]".
template <std::size_t N>
std::array<Value, N> fixed_list(const Value& v, const std::string& what) {
  if (!v.node.IsSequence())
    fail(v.where, "expected a list of " + std::to_string(N) + " " + what + ", got " + describe_node(v.node));
  if (v.node.size() != N)
    fail(v.where, "expected " + std::to_string(N) + " " + what + ", got " +
                      std::to_string(v.node.size()) + " values");
  std::array<Value, N> out;
  std::size_t i = 0;
  for (const YAML::Node& item : v.node) {
    out[i] = list_element(v, item, i);
    ++i;
  }
  return out;
}

// Levenshtein distance, to suggest the intended key for a typo.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string did_you_mean(const std::string& key, const std::vector<std::string>& allowed) {
  constexpr std::size_t kMaxTypo = 2;
  const std::string* best = nullptr;
  std::size_t best_distance = kMaxTypo + 1;
  for (const std::string& candidate : allowed) {
    const std::size_t d = edit_distance(key, candidate);
    if (d < best_distance) {
      best = &candidate;
      best_distance = d;
    }
  }
  return best ? "; did you mean \"" + *best + "\"?" : "";
}

// One YAML mapping. Construction rejects unknown and duplicate keys, so every key in the
// file is either read or reported.
class Section {
 public:
  Section(const Value& v, const std::vector<std::string>& allowed) : where_(v.where) {
    if (v.node.IsNull()) return;  // "fluid:" with every key commented out
    if (!v.node.IsMap())
      fail(where_, "expected a mapping with keys " + join(allowed) + ", got " + describe_node(v.node));
    for (auto it = v.node.begin(); it != v.node.end(); ++it) {
      const int line = line_of(it->first);
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
      const SourceRef ref = child(key, line);
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        fail(ref, "unknown key" + did_you_mean(key, allowed) + " (allowed: " + join(allowed) + ")");
      if (const auto first = find(key))
        fail(ref, "duplicate key (first given on " + line_text(first->where) +
                      "; allowed: each key once)");
      entries_.push_back({key, Value{it->second, ref}});
    }
  }

  std::optional<Value> find(const std::string& key) const {
    for (const auto& [k, v] : entries_)
      if (k == key) return v;
    return std::nullopt;
  }

  // A required key; `allowed` says what it takes, for the message when it is missing.
  Value get(const std::string& key, const std::string& allowed) const {
    if (const auto v = find(key)) return *v;
    fail(where(key), "required key is missing (allowed: " + allowed + ")");
  }

  // Where the key is, or, when absent, the section it belongs in; lets the solver point at
  // a default it cannot work with.
  SourceRef where(const std::string& key) const {
    if (const auto v = find(key)) return v->where;
    return child(key, where_.line);
  }

  void forbid(const std::string& key, const std::string& why) const {
    if (const auto v = find(key)) fail(v->where, why);
  }

 private:
  SourceRef child(const std::string& key, int line) const {
    return {where_.file, line, where_.key.empty() ? key : where_.key + "." + key};
  }

  SourceRef where_;
  std::vector<std::pair<std::string, Value>> entries_;
};

// ---------------------------------------------------------------------------------------
// Numbers and ranges

// Allowed interval of a number, in the SI unit of its key.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  std::string note;  // what the bounds stand for when they come from other input
  double slack = 0;  // see kGeometrySlack

  Range up_to(double h) const {
    Range r = *this;
    r.hi = h;
    return r;
  }
  Range because(std::string why) const {
    Range r = *this;
    r.note = std::move(why);
    return r;
  }
  Range with_slack(double s) const {
    Range r = *this;
    r.slack = s;
    return r;
  }

  bool contains(double v) const {
    const bool above_lo = lo_open ? v > lo : v >= lo - slack;
    return above_lo && v <= hi + slack;
  }

  std::string describe(Dimension d) const {
    std::string text;
    if (std::isfinite(lo)) text = (lo_open ? "> " : ">= ") + format_quantity(lo, d);
    if (std::isfinite(hi)) text += (text.empty() ? "" : " and ") + ("<= " + format_quantity(hi, d));
    if (!note.empty()) text += ", " + note;
    return text;
  }
};

Range greater_than(double lo) {
  Range r;
  r.lo = lo;
  r.lo_open = true;
  return r;
}
Range at_least(double lo) {
  Range r;
  r.lo = lo;
  return r;
}
Range at_most(double hi) { return Range{}.up_to(hi); }
const Range kAnyValue{};
const Range kAboveAbsoluteZero = greater_than(kAbsoluteZeroC).because("above absolute zero");

// A number from the file, with its location and how to show it in messages.
struct Number {
  double value = 0;
  std::string shown;
  SourceRef where;
};

void require(const Number& n, const Range& r, Dimension d,
             const std::string& problem = "is out of range") {
  if (!r.contains(n.value))
    fail(n.where, "value " + n.shown + " " + problem + " (allowed: " + r.describe(d) + ")");
}

Number read_number(const Value& v, Dimension d, const Range& r) {
  const std::string expected = d == Dimension::Dimensionless
                                   ? std::string("a number")
                                   : std::string("a number in ") + si_unit(d) +
                                         " or \"<number> <unit>\" (" + dimension_name(d) + ")";
  const std::string text = scalar_text(v, expected);
  Number n;
  try {
    const Quantity q = parse_quantity(text, d);
    n = {q.value, q.shown, v.where};
  } catch (const std::invalid_argument& e) {
    fail(v.where, e.what());
  }
  require(n, r, d);
  return n;
}

Number read_required(const Section& s, const std::string& key, Dimension d, const Range& r) {
  return read_number(s.get(key, r.describe(d)), d, r);
}

// Sets `out` when the section has `key`; otherwise the default already in `out` stays.
void read_optional(const Section& s, const std::string& key, Dimension d, const Range& r,
                   double& out) {
  if (const auto v = s.find(key)) out = read_number(*v, d, r).value;
}

template <std::size_t N>
std::array<Number, N> read_numbers(const Value& v, Dimension d, const std::string& axes) {
  const auto items = fixed_list<N>(v, std::string(dimension_name(d)) + " values " + axes);
  std::array<Number, N> out;
  for (std::size_t i = 0; i < N; ++i) out[i] = read_number(items[i], d, kAnyValue);
  return out;
}

template <std::size_t N>
std::array<double, N> values_of(const std::array<Number, N>& numbers) {
  std::array<double, N> out;
  for (std::size_t i = 0; i < N; ++i) out[i] = numbers[i].value;
  return out;
}

Vec3d read_vec3(const Value& v, Dimension d) {
  return values_of(read_numbers<3>(v, d, "[x, y, z]"));
}

// YAML 1.2 core booleans only: "yes", "on", "1" are typos more often than intent.
bool read_bool(const Value& v) {
  const std::string t = scalar_text(v, "true or false");
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  fail(v.where, "value \"" + t + "\" is not a boolean (allowed: true, false)");
}

template <class E>
using Choices = std::vector<std::pair<std::string, E>>;

template <class E>
std::string names_of(const Choices<E>& choices) {
  std::vector<std::string> names;
  for (const auto& c : choices) names.push_back(c.first);
  return join(names);
}

template <class E>
E read_choice(const Value& v, const Choices<E>& choices) {
  const std::string t = scalar_text(v, "one of " + names_of(choices));
  for (const auto& [name, e] : choices)
    if (t == name) return e;
  fail(v.where, "value \"" + t + "\" is not allowed (allowed: " + names_of(choices) + ")");
}

template <class E>
E read_required_choice(const Section& s, const std::string& key, const Choices<E>& choices) {
  return read_choice(s.get(key, names_of(choices)), choices);
}

template <class E>
std::string choice_name(const Choices<E>& choices, E e) {
  for (const auto& [name, c] : choices)
    if (c == e) return name;
  return "?";
}

// Names end up in file names and report columns, so they stay in a portable alphabet.
std::string read_name(const Value& v) {
  const std::string t = scalar_text(v, "a name");
  const auto portable = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.' || c == '-';
  };
  if (t.empty() || !std::all_of(t.begin(), t.end(), portable))
    fail(v.where, "value \"" + t + "\" is not a valid name (allowed: " + kNameRule + ")");
  return t;
}

// ---------------------------------------------------------------------------------------
// Schema (docs/case-format.md)

const Choices<TurbulenceModel> kTurbulenceModels = {{"smagorinsky", TurbulenceModel::Smagorinsky},
                                                    {"none", TurbulenceModel::None}};
const Choices<BoxKind> kBoxKinds = {{"solid", BoxKind::Solid}, {"heat_source", BoxKind::HeatSource}};
const Choices<PatchKind> kPatchKinds = {{"velocity_inlet", PatchKind::VelocityInlet},
                                        {"pressure_outlet", PatchKind::PressureOutlet},
                                        {"wall", PatchKind::Wall}};

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

  d.where_periodic = s.where("periodic");
  if (const auto p = s.find("periodic")) {
    const auto flags = fixed_list<3>(*p, "booleans [x, y, z]");
    for (int a = 0; a < 3; ++a) d.periodic[a] = read_bool(flags[a]);
  }
}

void read_fluid(const Value& v, FluidSpec& f) {
  const Section s(v, {"density", "kinematic_viscosity", "specific_heat", "thermal_conductivity",
                      "thermal_expansion", "reference_temperature"});
  const Range positive = greater_than(0);
  read_optional(s, "density", Dimension::Density, positive, f.density_kg_m3);
  read_optional(s, "kinematic_viscosity", Dimension::KinematicViscosity, positive,
                f.kinematic_viscosity_m2_s);
  read_optional(s, "specific_heat", Dimension::SpecificHeat, positive, f.specific_heat_j_kgk);
  read_optional(s, "thermal_conductivity", Dimension::ThermalConductivity, positive,
                f.thermal_conductivity_w_mk);
  read_optional(s, "reference_temperature", Dimension::Temperature, kAboveAbsoluteZero,
                f.reference_temperature_c);
  // An ideal gas expands as 1/T: follow the reference temperature unless told otherwise.
  f.thermal_expansion_1_k = 1.0 / (f.reference_temperature_c - kAbsoluteZeroC);
  read_optional(s, "thermal_expansion", Dimension::ThermalExpansion, positive,
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
                      "steady_tolerance"});
  const Number end = read_required(s, "end_time", Dimension::Time, greater_than(0));
  r.end_time_s = end.value;
  r.where_end_time = end.where;
  read_optional(s, "output_interval", Dimension::Time, at_least(0), r.output_interval_s);
  read_optional(s, "max_lattice_mach", Dimension::Dimensionless,
                greater_than(0).up_to(kMaxLatticeMach).because("the weakly compressible limit"),
                r.max_lattice_mach);
  r.where_mach = s.where("max_lattice_mach");
  if (const auto m = s.find("max_velocity"))
    r.max_velocity_m_s = read_number(*m, Dimension::Velocity, greater_than(0)).value;
  r.where_max_velocity = s.where("max_velocity");
  read_optional(s, "steady_tolerance", Dimension::Dimensionless, at_least(0), r.steady_tolerance);
}

// A speed above run.max_velocity would break the Mach limit dt was chosen for.
void check_max_velocity(const Number& speed, const RunSpec& run) {
  if (run.max_velocity_m_s)
    require(speed, at_most(*run.max_velocity_m_s).because("run.max_velocity"), Dimension::Velocity,
            "is faster than run.max_velocity");
}

void read_initial(const Value& v, InitialSpec& init, const RunSpec& run) {
  const Section s(v, {"temperature", "velocity"});
  read_optional(s, "temperature", Dimension::Temperature, kAboveAbsoluteZero, init.temperature_c);
  if (const auto u = s.find("velocity")) {
    init.velocity_m_s = read_vec3(*u, Dimension::Velocity);
    const Vec3d& w = init.velocity_m_s;
    const double speed = std::sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
    check_max_velocity({speed, "|velocity| = " + format_quantity(speed, Dimension::Velocity), u->where},
                       run);
  }
}

// Box and patch names share one namespace: reports and monitors list them side by side.
void check_unique_name(const std::string& name, const SourceRef& where, const CaseSpec& spec) {
  const auto clash = [&](const std::string& other, const SourceRef& other_where) {
    if (other == name)
      fail(where, "name \"" + name + "\" is already used by " + other_where.key + " on " +
                      line_text(other_where) + " (allowed: names unique among boxes and patches)");
  };
  for (const BoxSpec& b : spec.boxes) clash(b.name, b.where);
  for (const PatchSpec& p : spec.patches) clash(p.name, p.where);
}

std::string read_object_name(const Section& s, const CaseSpec& spec) {
  const Value v = s.get("name", kNameRule);
  const std::string name = read_name(v);
  check_unique_name(name, v.where, spec);
  return name;
}

Range within(double lo, double hi, const std::string& what) {
  return at_least(lo).up_to(hi).because(what).with_slack(kGeometrySlack * std::max(std::abs(lo), std::abs(hi)));
}

// Checks a coordinate against a `within` range and returns it clamped to the bounds, so a
// value let through by the slack does not stick out of the domain or face downstream.
double require_within(const Number& n, const Range& r, const std::string& problem) {
  require(n, r, Dimension::Length, problem);
  return std::clamp(n.value, r.lo, r.hi);
}

BoxSpec read_box(const Value& entry, const CaseSpec& spec) {
  const Section s(entry, {"name", "kind", "min", "max", "power", "temperature"});
  BoxSpec b;
  b.where = entry.where;
  b.name = read_object_name(s, spec);
  b.kind = read_required_choice(s, "kind", kBoxKinds);

  const std::string corner = "3 lengths [x, y, z] inside the domain";
  const auto lo = read_numbers<3>(s.get("min", corner), Dimension::Length, "[x, y, z]");
  const auto hi = read_numbers<3>(s.get("max", corner), Dimension::Length, "[x, y, z]");
  const auto inside = [&](int a) {
    return within(0, spec.domain.size_m[a], std::string("the domain extent in ") + kAxis[a]);
  };
  for (int a = 0; a < 3; ++a) b.min_m[a] = require_within(lo[a], inside(a), "is outside the domain");
  for (int a = 0; a < 3; ++a) {
    b.max_m[a] = require_within(hi[a], inside(a), "is outside the domain");
    require(hi[a], greater_than(lo[a].value).because(std::string("above this box's min ") + kAxis[a]),
            Dimension::Length);
  }

  if (const auto p = s.find("power")) b.power_w = read_number(*p, Dimension::Power, at_least(0)).value;
  if (b.kind == BoxKind::HeatSource)
    s.forbid("temperature",
             "not allowed for a heat_source box, which is fluid releasing its power (allowed: "
             "name, kind, min, max, power)");
  if (const auto t = s.find("temperature")) {
    if (const auto p = s.find("power"))
      fail(t->where, "a solid box takes temperature (isothermal surface) or power (heat released "
                     "at its faces), not both; power is given on " + line_text(p->where) +
                         " (allowed: one of them)");
    b.temperature_c = read_number(*t, Dimension::Temperature, kAboveAbsoluteZero).value;
  }
  return b;
}

// The face a patch lies on, with its extent along the two in-plane axes.
struct FaceExtent {
  std::array<int, 2> axes;
  std::array<double, 2> lo, hi;
  std::string label;  // "the z_min face of box crah-1"
};

const BoxSpec& find_solid_box(const Value& v, const CaseSpec& spec) {
  const std::string name = scalar_text(v, "the name of a solid box");
  std::vector<std::string> solid;
  for (const BoxSpec& b : spec.boxes)
    if (b.kind == BoxKind::Solid) solid.push_back(b.name);
  const std::string allowed = solid.empty() ? "none: this case has no solid box" : join(solid);
  for (const BoxSpec& b : spec.boxes) {
    if (b.name != name) continue;
    if (b.kind != BoxKind::Solid)
      fail(v.where, "box \"" + name + "\" is a heat_source; patches sit on solid boxes (allowed: " +
                        allowed + ")");
    return b;
  }
  fail(v.where, "value \"" + name + "\" names no box (allowed: solid boxes " + allowed + ")");
}

FaceExtent read_patch_face(const Section& s, PatchSpec& p, const CaseSpec& spec) {
  Choices<Face> faces;
  for (int f = 0; f < 6; ++f) faces.push_back({face_name(Face(f)), Face(f)});
  const Value face = s.get("face", names_of(faces));
  p.face = read_choice(face, faces);
  const int axis = face_axis(p.face);

  FaceExtent e;
  e.axes = {axis == 0 ? 1 : 0, axis == 2 ? 1 : 2};
  if (const auto b = s.find("box")) {
    const BoxSpec& box = find_solid_box(*b, spec);
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

void read_inlet(const Section& s, PatchSpec& p, double area, const RunSpec& run) {
  const auto velocity = s.find("velocity"), flow = s.find("flow_rate");
  if (velocity && flow)
    fail(flow->where, "a velocity_inlet takes velocity or flow_rate, not both; velocity is given on " +
                          line_text(velocity->where) + " (allowed: exactly one of them)");
  if (!velocity && !flow)
    fail(s.where("velocity"), "required key is missing: a velocity_inlet needs velocity [m/s] or "
                              "flow_rate [m3/s] (allowed: exactly one of them)");
  Number speed;
  if (velocity) {
    speed = read_number(*velocity, Dimension::Velocity, greater_than(0));
  } else {
    // The solver prescribes a speed: spread the flow uniformly over the patch's geometric area.
    const Number q = read_number(*flow, Dimension::VolumeFlow, greater_than(0));
    speed = {q.value / area,
             q.shown + " over " + format_number(area) + " m2 = " +
                 format_quantity(q.value / area, Dimension::Velocity),
             q.where};
  }
  check_max_velocity(speed, run);
  p.velocity_m_s = speed.value;
  p.temperature_c = read_required(s, "temperature", Dimension::Temperature, kAboveAbsoluteZero).value;
}

void read_wall(const Section& s, PatchSpec& p) {
  const auto t = s.find("temperature"), q = s.find("heat_flux");
  if (t && q)
    fail(q->where, "a wall takes temperature (isothermal) or heat_flux, not both; temperature is "
                   "given on " + line_text(t->where) + " (allowed: at most one of them)");
  if (t) {
    p.temperature_c = read_number(*t, Dimension::Temperature, kAboveAbsoluteZero).value;
    p.has_temperature = true;
  }
  if (q) p.heat_flux_w_m2 = read_number(*q, Dimension::HeatFlux, kAnyValue).value;
}

// Keys that only some patch kinds take; given for another kind they are a mistake.
const std::vector<std::string>& patch_kind_keys(PatchKind k) {
  static const std::vector<std::string> inlet{"velocity", "flow_rate", "temperature"};
  static const std::vector<std::string> outlet{"pressure"};
  static const std::vector<std::string> wall{"temperature", "heat_flux"};
  return k == PatchKind::VelocityInlet ? inlet : k == PatchKind::PressureOutlet ? outlet : wall;
}

void forbid_other_kinds_keys(const Section& s, PatchKind k) {
  const auto& own = patch_kind_keys(k);
  const std::string kind = choice_name(kPatchKinds, k);
  for (const char* key : {"velocity", "flow_rate", "temperature", "heat_flux", "pressure"})
    if (std::find(own.begin(), own.end(), key) == own.end())
      s.forbid(key, "not allowed for a " + kind + " patch (allowed for " + kind + ": name, kind, face, "
                    "box, min, max, " + join(own) + ")");
}

PatchSpec read_patch(const Value& entry, const CaseSpec& spec) {
  const Section s(entry, {"name", "kind", "face", "box", "min", "max", "velocity", "flow_rate",
                          "temperature", "heat_flux", "pressure"});
  PatchSpec p;
  p.where = entry.where;
  p.name = read_object_name(s, spec);
  p.kind = read_required_choice(s, "kind", kPatchKinds);
  forbid_other_kinds_keys(s, p.kind);
  const double area = read_patch_rect(s, p, read_patch_face(s, p, spec));
  switch (p.kind) {
    case PatchKind::VelocityInlet: read_inlet(s, p, area, spec.run); break;
    case PatchKind::PressureOutlet:
      read_optional(s, "pressure", Dimension::Pressure, kAnyValue, p.pressure_pa);
      break;
    case PatchKind::Wall: read_wall(s, p); break;
  }
  return p;
}

CaseSpec read_case(const YAML::Node& root, const std::string& file) {
  const Section top(Value{root, SourceRef{file, 0, ""}},
                    {"name", "description", "domain", "fluid", "turbulence", "gravity",
                     "body_acceleration", "initial", "run", "boxes", "patches"});
  CaseSpec spec;
  spec.source_file = file;
  spec.name = read_name(top.get("name", kNameRule));
  if (const auto v = top.find("description")) spec.description = scalar_text(*v, "text");
  read_domain(top.get("domain", "a section with size and resolution"), spec.domain);
  if (const auto v = top.find("fluid")) read_fluid(*v, spec.fluid);
  if (const auto v = top.find("turbulence")) read_turbulence(*v, spec.turbulence);
  if (const auto v = top.find("gravity")) spec.gravity_m_s2 = read_vec3(*v, Dimension::Acceleration);
  if (const auto v = top.find("body_acceleration"))
    spec.body_acceleration_m_s2 = read_vec3(*v, Dimension::Acceleration);
  read_run(top.get("run", "a section with end_time"), spec.run);
  // Unless told otherwise the room starts at the Boussinesq reference state.
  spec.initial.temperature_c = spec.fluid.reference_temperature_c;
  if (const auto v = top.find("initial")) read_initial(*v, spec.initial, spec.run);
  if (const auto v = top.find("boxes"))
    for (const Value& e : list_items(*v, "a list of boxes (\"- name: ...\" entries)"))
      spec.boxes.push_back(read_box(e, spec));
  if (const auto v = top.find("patches"))
    for (const Value& e : list_items(*v, "a list of patches (\"- name: ...\" entries)"))
      spec.patches.push_back(read_patch(e, spec));
  return spec;
}

YAML::Node load_single_document(const std::string& text, const std::string& file) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    fail({file, e.mark.line + 1, ""}, "YAML syntax error: " + e.msg);
  }
  if (documents.empty())
    fail({file, 0, ""}, "the file holds no case (required keys: name, domain, run)");
  if (documents.size() > 1)
    fail({file, line_of(documents[1]), ""},
         "a second YAML document starts here (allowed: one case per file)");
  return documents[0];
}

}  // namespace

CaseSpec parse_case_string(const std::string& yaml, const std::string& pretend_file_name) {
  return read_case(load_single_document(yaml, pretend_file_name), pretend_file_name);
}

CaseSpec parse_case_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    fail({path, 0, ""}, "cannot read the case file (it is missing or not a regular file)");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail({path, 0, ""}, "cannot open the case file (permission denied?)");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_case_string(text.str(), path);
}

}  // namespace rackflow
