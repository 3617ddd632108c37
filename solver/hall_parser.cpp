#include "hall_parser.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "quantity.hpp"
#include "server_types.hpp"

// The `hall` schema of docs/case-format.md. Sections are read in dependency order (floor
// and ceiling, then the named things racks refer to, then the bodies, then the tiles that
// must clear them), and every body is checked against those placed before it.

namespace rackflow::detail {
namespace {

using Vec2d = std::array<double, 2>;

// ---------------------------------------------------------------------------------------
// Schema

const Choices<AshraeClass> kAshraeClasses = {{"recommended", AshraeClass::Recommended},
                                             {"A1", AshraeClass::A1},
                                             {"A2", AshraeClass::A2},
                                             {"A3", AshraeClass::A3},
                                             {"A4", AshraeClass::A4},
                                             {"H1", AshraeClass::H1}};
const Choices<ProfileKind> kProfileKinds = {{"constant", ProfileKind::Constant},
                                            {"step", ProfileKind::Step},
                                            {"ramp", ProfileKind::Ramp},
                                            {"training", ProfileKind::Training},
                                            {"trace", ProfileKind::Trace}};
// The direction the front (intake) of a rack or cooler faces, and so the face it is on.
const Choices<Face> kFacings = {{"-x", Face::XMin}, {"+x", Face::XMax}, {"-y", Face::YMin}, {"+y", Face::YMax}};
const Choices<int> kHorizontalAxes = {{"x", 0}, {"y", 1}};
const Choices<CoolerKind> kCoolerKinds = {{"crah", CoolerKind::Crah}, {"crac", CoolerKind::Crac},
                                          {"in_row", CoolerKind::InRow}};
const Choices<SupplyMode> kSupplyModes = {{"floor", SupplyMode::Floor}, {"front", SupplyMode::Front},
                                          {"tiles", SupplyMode::Tiles}};
// `ceiling` is a top return whose unit reaches up through the ceiling slab.
enum class Return { Top, Rear, Ceiling };
const Choices<Return> kReturns = {{"top", Return::Top}, {"rear", Return::Rear}, {"ceiling", Return::Ceiling}};
const Choices<TileKind> kTileKinds = {{"perforated", TileKind::Perforated}, {"grille", TileKind::Grille}};
enum class Aisle { Cold, Hot };
const Choices<Aisle> kAisles = {{"cold_aisle", Aisle::Cold}, {"hot_aisle", Aisle::Hot}};

const std::vector<std::string> kHallKeys = {
    "ashrae_class", "monitor_interval", "raised_floor", "ceiling_plenum", "server_types",
    "profiles",     "cdus",             "racks",        "rack_rows",      "coolers",
    "tiles",        "tile_rows",        "columns",      "panels",         "containment"};
// Keys a rack and a rack row share: everything but where the racks stand.
const std::vector<std::string> kRackKeys = {"size",     "facing",     "servers",     "power",
                                            "airflow",  "cfm_per_kw", "delta_t",     "blanking",
                                            "profile",  "utilisation", "cold_plate", "rear_door"};
// Keys a tile and a tile row share.
const std::vector<std::string> kTileKeys = {"kind", "size", "open_fraction", "cooler", "flow"};
const std::vector<std::string> kAirflowKeys = {"airflow", "cfm_per_kw", "delta_t"};
const std::vector<std::string> kProfileKeys = {"utilisation", "before", "after", "at", "start",
                                               "duration", "period", "dip_duration", "dip_utilisation",
                                               "file"};

const Vec3d kDefaultRackSizeM = {0.6, 1.2, 2.2};  // width across the front, depth, height
const Vec2d kDefaultTileSizeM = {0.6, 0.6};
constexpr double kDefaultIdleFraction = 0.2;      // of a case-defined server type's power
constexpr double kMaxCount = 100000;              // racks, tiles or columns in one row or grid
const std::string kPositionText = "2 lengths [x, y]: the min corner of the footprint";
const std::string kRackSizeText = "3 lengths [width, depth, height]";

Range utilisation_range() { return at_least(0).up_to(1); }
Range open_fraction_range() { return greater_than(0).below(1); }
// Without airflow a server's heat has nowhere to go: its exhaust temperature would be infinite.
Range airflow_range() { return greater_than(0).because("the air must carry the heat away"); }

std::vector<std::string> with(std::vector<std::string> own, const std::vector<std::string>& shared) {
  own.insert(own.end(), shared.begin(), shared.end());
  return own;
}

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

// ---------------------------------------------------------------------------------------
// The hall being built

// A rack, cooler or solid box already placed, for the overlap checks.
struct Body {
  std::string label;  // "rack \"A03\""
  Vec3d min_m{0, 0, 0}, max_m{0, 0, 0};
  SourceRef where;
  bool solid = false;  // column, panel or containment: these may meet one another
};

// A rack row's extent, for containment.
struct RowLayout {
  std::string name;
  int along = 0;       // the axis the racks are lined up on
  Face front = Face::YMin;
  Vec2d along_m{0, 0};   // extent along `along`
  Vec2d across_m{0, 0};  // extent on the other horizontal axis
  double top_m = 0;
  SourceRef where;
};

struct ServerTypeEntry {
  ServerType type;
  SourceRef where;  // empty key: built in
};

struct Build {
  CaseSpec& spec;  // domain, fluid and run; receives the solid boxes
  HallSpec hall;
  std::vector<ServerTypeEntry> server_types;
  std::vector<PowerProfileSpec> constant_profiles;  // for racks with `utilisation` or no profile
  std::vector<Body> bodies;
  std::vector<RowLayout> rows;
  std::vector<SourceRef> cooler_supply_where;  // per cooler, its `supply` key
};

// ---------------------------------------------------------------------------------------
// Geometry

double floor_top_m(const HallSpec& h) { return h.raised_floor ? h.raised_floor->height_m : 0.0; }

// The underside of the ceiling slab, or the domain top in a hall without a ceiling plenum.
double ceiling_m(const Build& b) {
  const double top = b.spec.domain.size_m[2];
  const auto& p = b.hall.ceiling_plenum;
  return p ? top - p->height_m - p->thickness_m : top;
}

double slack_m(const DomainSpec& d) {
  return kGeometrySlack * *std::max_element(d.size_m.begin(), d.size_m.end());
}

template <std::size_t N>
std::string span_text(const std::array<double, N>& lo, const std::array<double, N>& hi) {
  std::string t;
  for (std::size_t a = 0; a < N; ++a)
    t += std::string(a ? ", " : "") + kAxis[a] + " " + format_number(lo[a]) + " to " +
         format_quantity(hi[a], Dimension::Length);
  return t;
}

// Checks that [lo, hi] lies in the domain (on its first N axes) and clamps what the slack
// let through onto the domain's faces.
template <std::size_t N>
void fit_inside_domain(const std::string& label, std::array<double, N>& lo, std::array<double, N>& hi,
                       const SourceRef& where, const DomainSpec& d) {
  for (std::size_t a = 0; a < N; ++a) {
    const Range r = within(0, d.size_m[a], std::string("the domain extent in ") + kAxis[a]);
    if (!r.contains(lo[a]) || !r.contains(hi[a]))
      fail(where, label + " spans " + kAxis[a] + " " + format_number(lo[a]) + " to " +
                      format_quantity(hi[a], Dimension::Length) + ", outside the domain (allowed: " +
                      r.describe(Dimension::Length) + ")");
    lo[a] = std::clamp(lo[a], r.lo, r.hi);
    hi[a] = std::clamp(hi[a], r.lo, r.hi);
  }
}

// Overlap with a positive extent on each of the first N axes; touching is not overlapping.
template <std::size_t N, std::size_t M>
bool overlap(const std::array<double, N>& lo1, const std::array<double, N>& hi1,
             const std::array<double, M>& lo2, const std::array<double, M>& hi2, double slack) {
  static_assert(N <= M);
  for (std::size_t a = 0; a < N; ++a)
    if (lo1[a] >= hi2[a] - slack || lo2[a] >= hi1[a] - slack) return false;
  return true;
}

void place(Build& b, Body body) {
  for (const Body& other : b.bodies)
    if (!(body.solid && other.solid) &&
        overlap(body.min_m, body.max_m, other.min_m, other.max_m, slack_m(b.spec.domain)))
      fail(body.where, body.label + " (" + span_text(body.min_m, body.max_m) + ") overlaps " + other.label +
                           " (" + span_text(other.min_m, other.max_m) + ", " + other.where.key + " on " +
                           line_text(other.where) +
                           ") (allowed: racks, coolers, columns and panels that do not overlap; "
                           "touching is fine)");
  b.bodies.push_back(std::move(body));
}

void check_below_ceiling(const std::string& label, double top_m, const SourceRef& where, const Build& b) {
  const double ceiling = ceiling_m(b);
  if (b.hall.ceiling_plenum && top_m > ceiling + slack_m(b.spec.domain))
    fail(where, label + " reaches z " + format_quantity(top_m, Dimension::Length) +
                    ", into the ceiling (allowed: a top <= " + format_quantity(ceiling, Dimension::Length) +
                    ", the underside of hall.ceiling_plenum)");
}

// The body of a unit standing on the floor, from the min corner of its footprint and its
// size [width across the front face, depth from front to back, height].
std::pair<Vec3d, Vec3d> standing_box(const Vec2d& position_m, const Vec3d& size_m, Face front, double floor_m) {
  const int depth_axis = face_axis(front), width_axis = 1 - depth_axis;
  Vec3d lo{position_m[0], position_m[1], floor_m};
  Vec3d hi = lo;
  hi[width_axis] += size_m[0];
  hi[depth_axis] += size_m[1];
  hi[2] += size_m[2];
  return {lo, hi};
}

void add_solid(Build& b, BoxSpec box) {
  place(b, {"box " + in_quotes(box.name), box.min_m, box.max_m, box.where, true});
  b.spec.boxes.push_back(std::move(box));
}

// A solid box the parser makes (a column of a grid, a containment panel).
void add_generated_solid(Build& b, const std::string& name, Vec3d lo, Vec3d hi, const SourceRef& where) {
  check_unique_name(name, where, b.spec);
  fit_inside_domain("box " + in_quotes(name), lo, hi, where, b.spec.domain);
  BoxSpec box;
  box.name = name;
  box.kind = BoxKind::Solid;
  box.min_m = lo;
  box.max_m = hi;
  box.where = where;
  add_solid(b, std::move(box));
}

// ---------------------------------------------------------------------------------------
// Small values

Vec2d read_xy(const Value& v) { return values_of(read_numbers<2>(v, Dimension::Length, "[x, y]")); }

template <std::size_t N>
std::array<double, N> read_sizes(const Value& v, const std::string& axes) {
  const auto n = read_numbers<N>(v, Dimension::Length, axes);
  for (const Number& x : n) require(x, greater_than(0), Dimension::Length);
  return values_of(n);
}

int read_count(const Value& v) {
  const Range r = at_least(1).up_to(kMaxCount);
  const Number n = read_number(v, Dimension::Dimensionless, r);
  if (n.value != std::floor(n.value))
    fail(v.where, "value " + n.shown + " is not a whole number (allowed: a whole number " +
                      r.describe(Dimension::Dimensionless) + ")");
  return static_cast<int>(n.value);
}

// Names within one list (profiles, racks, coolers, ...) are unique.
template <class T>
void check_unique_in(const std::string& name, const SourceRef& where, const std::vector<T>& items,
                     const std::string& list) {
  for (const T& item : items)
    if (item.name == name)
      fail(where, "name " + in_quotes(name) + " is already used by " + item.where.key + " on " +
                      line_text(item.where) + " (allowed: names unique among " + list + ")");
}

template <class T>
std::string read_unique_name(const Section& s, const std::vector<T>& items, const std::string& list) {
  const Value v = s.get("name", kNameRule);
  const std::string name = read_name(v);
  check_unique_in(name, v.where, items, list);
  return name;
}

template <class T>
std::string names_in(const std::vector<T>& items, const std::string& none) {
  std::vector<std::string> names;
  for (const T& item : items) names.push_back(item.name);
  return names.empty() ? none : join(names);
}

// "A01", ..., "A10": the row name and a 1-based index, zero-padded to at least two digits.
std::string indexed_name(const std::string& prefix, int index, int count) {
  const std::size_t digits = std::max<std::size_t>(2, std::to_string(count).size());
  std::string k = std::to_string(index);
  return prefix + std::string(digits - k.size(), '0') + k;
}

// ---------------------------------------------------------------------------------------
// Floor and ceiling

void read_raised_floor(const Value& v, Build& b) {
  const Section s(v, {"height", "thickness"});
  const DomainSpec& d = b.spec.domain;
  RaisedFloorSpec f;
  f.thickness_m = d.resolution_m;
  read_optional(s, "thickness", Dimension::Length, greater_than(0), f.thickness_m);
  f.height_m = read_required(s, "height", Dimension::Length,
                             greater_than(f.thickness_m).below(d.size_m[2]).because(
                                 "above the floor thickness (by default domain.resolution), below the domain top"))
                   .value;
  b.hall.raised_floor = f;
}

TileSpec read_ceiling_grille(const Value& entry, std::size_t index, const Build& b) {
  const Section s(entry, {"name", "position", "size", "open_fraction"});
  TileSpec g;
  g.where = entry.where;
  g.name = "ceiling-grille-" + std::to_string(index + 1);
  if (const auto v = s.find("name")) g.name = read_name(*v);
  check_unique_in(g.name, s.where("name"), b.hall.ceiling_plenum->grilles, "hall.ceiling_plenum.grilles");
  const Vec2d position_m = read_xy(s.get("position", kPositionText));
  Vec2d size_m = kDefaultTileSizeM;
  if (const auto v = s.find("size")) size_m = read_sizes<2>(*v, "[x, y]");
  g.min_m = position_m;
  g.max_m = {position_m[0] + size_m[0], position_m[1] + size_m[1]};
  fit_inside_domain("ceiling grille " + in_quotes(g.name), g.min_m, g.max_m, s.where("position"), b.spec.domain);
  read_optional(s, "open_fraction", Dimension::Dimensionless, open_fraction_range(), g.open_fraction);
  return g;
}

void read_ceiling_plenum(const Value& v, Build& b) {
  const Section s(v, {"height", "thickness", "grilles"});
  const DomainSpec& d = b.spec.domain;
  CeilingPlenumSpec c;
  c.thickness_m = d.resolution_m;
  read_optional(s, "thickness", Dimension::Length, greater_than(0), c.thickness_m);
  const double room_m = d.size_m[2] - floor_top_m(b.hall) - c.thickness_m;
  c.height_m = read_required(s, "height", Dimension::Length,
                             greater_than(0).below(room_m).because(
                                 "the domain height less the floor top and the ceiling thickness"))
                   .value;
  b.hall.ceiling_plenum = c;
  if (const auto g = s.find("grilles")) {
    const auto items = list_items(*g, "a list of grilles (\"- position: ...\" entries)");
    for (std::size_t i = 0; i < items.size(); ++i)
      b.hall.ceiling_plenum->grilles.push_back(read_ceiling_grille(items[i], i, b));
  }
}

// ---------------------------------------------------------------------------------------
// Server types, profiles, CDUs

std::string known_server_types(const Build& b) {
  std::vector<std::string> names;
  for (const ServerTypeEntry& e : b.server_types) names.push_back(e.type.name);
  return join(names);
}

// The fan-driven airflow of a server type or rack of this power [m3/s], from exactly one of
// airflow, cfm_per_kw or delta_t (Q = P / (rho c_p dT), with the case's fluid).
double read_airflow(const Section& s, const Number& power, const FluidSpec& fluid, const std::string& what) {
  const auto [key, v] =
      exactly_one_of(s, kAirflowKeys, what, "airflow [m3/s] or cfm_per_kw or delta_t [K]");
  if (key == "airflow") return read_number(v, Dimension::VolumeFlow, airflow_range()).value;
  Number n;
  double flow_m3_s = 0;
  if (key == "cfm_per_kw") {
    n = read_number(v, Dimension::Dimensionless, airflow_range());
    flow_m3_s = n.value * power.value / 1e3 * kM3PerSecondPerCfm;
  } else {
    n = read_number(v, Dimension::TemperatureDifference, greater_than(0));
    flow_m3_s = power.value / (fluid.density_kg_m3 * fluid.specific_heat_j_kgk * n.value);
  }
  if (!(flow_m3_s > 0))
    fail(n.where, "value " + n.shown + " with power " + power.shown +
                      " gives no airflow, which cannot carry heat away (allowed: power > 0 W, or airflow "
                      "[m3/s] given directly)");
  return flow_m3_s;
}

void read_server_type(const Value& entry, Build& b) {
  const Section s(entry, with({"name", "height_u", "power", "idle_power"}, kAirflowKeys));
  const Value name = s.get("name", kNameRule);
  ServerTypeEntry e;
  e.where = entry.where;
  e.type.name = read_name(name);
  for (const ServerTypeEntry& other : b.server_types)
    if (other.type.name == e.type.name)
      fail(name.where, "name " + in_quotes(e.type.name) + " is already " +
                           (other.where.key.empty()
                                ? std::string("a built-in server type")
                                : "used by " + other.where.key + " on " + line_text(other.where)) +
                           " (allowed: a name other than " + known_server_types(b) + ")");
  e.type.height_u = read_required(s, "height_u", Dimension::Dimensionless, greater_than(0)).value;
  const Number power = read_required(s, "power", Dimension::Power, greater_than(0));
  e.type.max_power_w = power.value;
  e.type.idle_power_w = kDefaultIdleFraction * power.value;
  read_optional(s, "idle_power", Dimension::Power, at_least(0).up_to(power.value).because("the type's power"),
                e.type.idle_power_w);
  e.type.airflow_m3_s = read_airflow(s, power, b.spec.fluid, "a server type");
  b.server_types.push_back(e);
}

// A trace CSV, for messages that name the case key, the file as written and file:line.
struct TraceFile {
  Value key;
  std::string written;
  std::string path;  // resolved against the case file's folder

  [[noreturn]] void fail_at(std::size_t line, const std::string& problem, const std::string& allowed) const {
    fail(key.where, "value " + in_quotes(written) + ": " + path + ":" + std::to_string(line) + ": " + problem +
                        " (allowed: " + allowed + ")");
  }
};

const std::string kTraceHeader = "time_s,power_w";
const std::string kTraceForm = "a CSV file with the header line time_s,power_w, then one row per sample: "
                               "time in s, watts per server";

std::string strip(const std::string& s) {
  const char* ws = " \t\r";
  const auto b = s.find_first_not_of(ws);
  return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t from = 0;
  for (std::size_t comma; (comma = line.find(',', from)) != std::string::npos; from = comma + 1)
    fields.push_back(strip(line.substr(from, comma - from)));
  fields.push_back(strip(line.substr(from)));
  return fields;
}

double trace_number(const TraceFile& f, std::size_t line, const std::string& column, const std::string& text) {
  if (text.empty())
    f.fail_at(line, "the " + column + " field is empty", "a number in every field: a trace has no gaps");
  try {
    return parse_quantity(text, Dimension::Dimensionless).value;
  } catch (const std::invalid_argument&) {
    f.fail_at(line, "the " + column + " field " + in_quotes(text) + " is not a number",
              "plain numbers in " + kTraceHeader);
  }
}

std::vector<std::string> trace_lines(const TraceFile& f) {
  std::error_code ec;
  std::ifstream in(f.path);
  if (!std::filesystem::is_regular_file(f.path, ec) || !in)
    fail(f.key.where, "value " + in_quotes(f.written) + ": cannot read " + f.path + " (allowed: " + kTraceForm +
                          ", its path relative to the case file)");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  while (!lines.empty() && strip(lines.back()).empty()) lines.pop_back();
  if (lines.empty() || csv_fields(lines[0]) != csv_fields(kTraceHeader))
    f.fail_at(1, "the header line is " + in_quotes(lines.empty() ? "" : strip(lines[0])), kTraceForm);
  return lines;
}

void read_trace_rows(const TraceFile& f, const std::vector<std::string>& lines, PowerProfileSpec& p) {
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    const auto fields = csv_fields(lines[i]);
    if (fields.size() != 2)
      f.fail_at(line,
                strip(lines[i]).empty() ? "the row is empty"
                                        : "the row has " + std::to_string(fields.size()) + " fields",
                "two fields per row, " + kTraceHeader + "; a trace has no gaps");
    const double t = trace_number(f, line, "time_s", fields[0]);
    const double w = trace_number(f, line, "power_w", fields[1]);
    if (!p.trace_time_s.empty() && !(t > p.trace_time_s.back()))
      f.fail_at(line, "time_s " + format_number(t) + " is not after the previous row's " +
                          format_number(p.trace_time_s.back()), "strictly increasing times");
    if (w < 0) f.fail_at(line, "power_w " + format_number(w) + " is negative", "power_w >= 0");
    p.trace_time_s.push_back(t);
    p.trace_power_w.push_back(w);
  }
}

// The trace must span the whole run: it is interpolated, never extrapolated.
void check_trace_covers_run(const TraceFile& f, std::size_t last_line, const PowerProfileSpec& p,
                            const RunSpec& run) {
  if (p.trace_time_s.size() < 2)
    f.fail_at(last_line, "the trace has " + std::to_string(p.trace_time_s.size()) + " sample rows",
              "at least two rows, to interpolate between");
  if (p.trace_time_s.front() > 0)
    f.fail_at(2, "the trace starts at " + format_quantity(p.trace_time_s.front(), Dimension::Time) +
                     ", after the run starts at 0 s", "a first time_s <= 0");
  if (p.trace_time_s.back() < run.end_time_s)
    f.fail_at(last_line, "the trace ends at " + format_quantity(p.trace_time_s.back(), Dimension::Time) +
                             ", before run.end_time", "a last time_s >= " +
                             format_quantity(run.end_time_s, Dimension::Time) + ", run.end_time");
}

void read_trace(const Value& v, PowerProfileSpec& p, const CaseSpec& spec) {
  TraceFile f{v, scalar_text(v, "a CSV file name"), ""};
  f.path = (std::filesystem::path(spec.source_file).parent_path() / f.written).string();
  p.trace_file = f.written;
  const std::vector<std::string> lines = trace_lines(f);
  read_trace_rows(f, lines, p);
  check_trace_covers_run(f, lines.size(), p, spec.run);
}

const std::vector<std::string>& profile_kind_keys(ProfileKind k) {
  static const std::vector<std::string> constant{"utilisation"};
  static const std::vector<std::string> step{"before", "after", "at"};
  static const std::vector<std::string> ramp{"before", "after", "start", "duration"};
  static const std::vector<std::string> training{"utilisation", "period", "dip_duration", "dip_utilisation"};
  static const std::vector<std::string> trace{"file"};
  switch (k) {
    case ProfileKind::Constant: return constant;
    case ProfileKind::Step: return step;
    case ProfileKind::Ramp: return ramp;
    case ProfileKind::Training: return training;
    case ProfileKind::Trace: return trace;
  }
  return constant;
}

void forbid_other_profile_keys(const Section& s, ProfileKind k) {
  const auto& own = profile_kind_keys(k);
  const std::string kind = choice_name(kProfileKinds, k);
  for (const std::string& key : kProfileKeys)
    if (std::find(own.begin(), own.end(), key) == own.end())
      s.forbid(key, "not allowed for a " + kind + " profile (allowed for " + kind + ": name, kind, " +
                        join(own) + ")");
}

double read_utilisation(const Section& s, const std::string& key) {
  return read_required(s, key, Dimension::Dimensionless, utilisation_range()).value;
}

void read_training(const Section& s, PowerProfileSpec& p) {
  p.utilisation = read_utilisation(s, "utilisation");
  p.period_s = read_required(s, "period", Dimension::Time, greater_than(0)).value;
  p.dip_duration_s = read_required(s, "dip_duration", Dimension::Time,
                                   greater_than(0).below(p.period_s).because("the period"))
                         .value;
  p.dip_utilisation = read_utilisation(s, "dip_utilisation");
}

void read_profile(const Value& entry, Build& b) {
  const Section s(entry, with({"name", "kind"}, kProfileKeys));
  PowerProfileSpec p;
  p.where = entry.where;
  p.name = read_unique_name(s, b.hall.profiles, "hall.profiles");
  p.kind = read_required_choice(s, "kind", kProfileKinds);
  forbid_other_profile_keys(s, p.kind);
  switch (p.kind) {
    case ProfileKind::Constant: p.utilisation = read_utilisation(s, "utilisation"); break;
    case ProfileKind::Step:
      p.before = read_utilisation(s, "before");
      p.after = read_utilisation(s, "after");
      p.at_s = read_required(s, "at", Dimension::Time, at_least(0)).value;
      break;
    case ProfileKind::Ramp:
      p.before = read_utilisation(s, "before");
      p.after = read_utilisation(s, "after");
      read_optional(s, "start", Dimension::Time, at_least(0), p.start_s);
      p.duration_s = read_required(s, "duration", Dimension::Time, greater_than(0)).value;
      break;
    case ProfileKind::Training: read_training(s, p); break;
    case ProfileKind::Trace:
      read_trace(s.get("file", kTraceForm + ", its path relative to the case file"), p, b.spec);
      break;
  }
  b.hall.profiles.push_back(p);
}

void read_cdu(const Value& entry, Build& b) {
  const Section s(entry, {"name", "capacity"});
  CduSpec c;
  c.where = entry.where;
  c.name = read_unique_name(s, b.hall.cdus, "hall.cdus");
  c.capacity_w = read_required(s, "capacity", Dimension::Power, greater_than(0)).value;
  b.hall.cdus.push_back(c);
}

// ---------------------------------------------------------------------------------------
// Columns and panels

void read_column_grid(const Value& entry, Build& b) {
  const Section s(entry, {"name", "start", "count", "pitch", "size"});
  std::string prefix = "column";
  if (const auto v = s.find("name")) prefix = read_name(*v);
  const Vec2d start_m = read_xy(s.get("start", "2 lengths [x, y]: the min corner of the first column"));
  const Vec2d size_m = read_sizes<2>(s.get("size", "2 lengths [x, y], each > 0 m"), "[x, y]");
  std::array<int, 2> count{1, 1};
  if (const auto v = s.find("count")) {
    const auto items = fixed_list<2>(*v, "whole numbers [nx, ny]");
    for (int a = 0; a < 2; ++a) count[a] = read_count(items[a]);
  }
  Vec2d pitch_m{0, 0};
  if (count[0] > 1 || count[1] > 1) {
    const auto items = read_numbers<2>(
        s.get("pitch", "2 lengths [x, y], each at least the column size, when a count is above 1"),
        Dimension::Length, "[x, y]");
    for (int a = 0; a < 2; ++a)
      require(items[a], at_least(size_m[a]).because("the column size; closer columns would overlap"),
              Dimension::Length);
    pitch_m = values_of(items);
  } else {
    s.forbid("pitch", "not allowed for a single column (allowed: pitch with a count above 1)");
  }
  const double height_m = b.spec.domain.size_m[2];
  for (int i = 0; i < count[0]; ++i)
    for (int j = 0; j < count[1]; ++j) {
      const Vec3d lo{start_m[0] + i * pitch_m[0], start_m[1] + j * pitch_m[1], 0};
      add_generated_solid(b, prefix + "-" + std::to_string(i + 1) + "-" + std::to_string(j + 1), lo,
                          {lo[0] + size_m[0], lo[1] + size_m[1], height_m}, entry.where);
    }
}

void read_panel(const Value& entry, Build& b) {
  const Section s(entry, {"name", "min", "max"});
  BoxSpec box;
  box.where = entry.where;
  box.name = read_object_name(s, b.spec);
  box.kind = BoxKind::Solid;
  read_box_corners(s, b.spec.domain, box.min_m, box.max_m);
  add_solid(b, std::move(box));
}

// ---------------------------------------------------------------------------------------
// Coolers

SupplyMode read_supply(const Section& s, CoolerKind kind, const Build& b) {
  const auto v = s.find("supply");
  if (!v) return kind != CoolerKind::InRow && b.hall.raised_floor ? SupplyMode::Floor : SupplyMode::Front;
  const SupplyMode m = read_choice(*v, kSupplyModes);
  if (m == SupplyMode::Floor && !b.hall.raised_floor)
    fail(v->where, "value \"floor\" needs a raised floor, and this hall has no hall.raised_floor "
                   "(allowed here: front, tiles)");
  return m;
}

Return read_return(const Section& s, CoolerKind kind, const Build& b) {
  const auto v = s.find("return");
  if (!v) return kind == CoolerKind::InRow ? Return::Rear : Return::Top;
  const Return r = read_choice(*v, kReturns);
  if (r == Return::Ceiling && !b.hall.ceiling_plenum)
    fail(v->where, "value \"ceiling\" needs a ceiling plenum, and this hall has no hall.ceiling_plenum "
                   "(allowed here: top, rear)");
  return r;
}

void read_cooler(const Value& entry, Build& b) {
  const Section s(entry, {"name", "kind", "position", "size", "facing", "airflow", "capacity",
                          "supply_temperature", "supply", "return", "fail_at"});
  CoolerSpec c;
  c.where = entry.where;
  c.name = read_unique_name(s, b.hall.coolers, "hall.coolers");
  c.kind = read_required_choice(s, "kind", kCoolerKinds);
  const Vec2d position_m = read_xy(s.get("position", kPositionText));
  const Vec3d size_m = read_sizes<3>(s.get("size", kRackSizeText + ", each > 0 m"), "[width, depth, height]");
  c.front = read_required_choice(s, "facing", kFacings);
  c.airflow_m3_s = read_required(s, "airflow", Dimension::VolumeFlow, airflow_range()).value;
  c.capacity_w = read_required(s, "capacity", Dimension::Power, greater_than(0)).value;
  read_optional(s, "supply_temperature", Dimension::Temperature, kAboveAbsoluteZero, c.supply_temperature_c);
  if (const auto v = s.find("fail_at")) c.fail_at_s = read_number(*v, Dimension::Time, at_least(0)).value;
  c.supply = read_supply(s, c.kind, b);
  const Return r = read_return(s, c.kind, b);
  c.return_from = r == Return::Rear ? ReturnMode::Rear : ReturnMode::Top;

  auto [lo, hi] = standing_box(position_m, size_m, c.front, floor_top_m(b.hall));
  // A down-flow unit's bottom face opens into the floor plenum; a ceiling return's top face
  // is the ceiling slab's top, open into the ceiling plenum.
  if (c.supply == SupplyMode::Floor) lo[2] -= b.hall.raised_floor->thickness_m;
  if (r == Return::Ceiling) hi[2] = b.spec.domain.size_m[2] - b.hall.ceiling_plenum->height_m;
  const std::string label = "cooler " + in_quotes(c.name);
  fit_inside_domain(label, lo, hi, s.where("position"), b.spec.domain);
  if (r != Return::Ceiling) check_below_ceiling(label, hi[2], s.where("size"), b);
  place(b, {label, lo, hi, s.where("position"), false});
  c.min_m = lo;
  c.max_m = hi;
  b.cooler_supply_where.push_back(s.where("supply"));
  b.hall.coolers.push_back(c);
}

// ---------------------------------------------------------------------------------------
// Racks

// Everything about a rack but its name and where it stands: one rack entry, or every rack
// of a row.
struct RackTemplate {
  Vec3d size_m = kDefaultRackSizeM;
  Face front = Face::YMin;
  std::vector<ServerSpec> servers;  // names without the "<rack>/" prefix
  bool blanking = true;
  std::string profile;
  std::optional<ColdPlateSpec> cold_plate;
  std::optional<RearDoorSpec> rear_door;
};

// A server and the list entry it came from.
struct Slot {
  ServerSpec server;
  SourceRef where;
};

std::string u_span(const ServerSpec& s) {
  return "U " + format_number(s.u_bottom) + " to " + format_number(s.u_bottom + s.height_u - 1);
}

const ServerType& find_server_type(const Value& v, const Build& b) {
  const std::string name = scalar_text(v, "a server type name");
  for (const ServerTypeEntry& e : b.server_types)
    if (e.type.name == name) return e.type;
  fail(v.where, "value " + in_quotes(name) + " names no server type (allowed: " + known_server_types(b) +
                    ", or a type defined under hall.server_types)");
}

void check_fits(const ServerSpec& s, double rack_height_m, const SourceRef& where) {
  const double top_m = (s.u_bottom - 1 + s.height_u) * kRackUnitM;
  if (top_m > rack_height_m * (1 + kGeometrySlack))
    fail(where, "server " + s.name + " at " + u_span(s) + " reaches " + format_quantity(top_m, Dimension::Length) +
                    " above the rack base (allowed: a top <= " +
                    format_quantity(rack_height_m, Dimension::Length) + ", the rack height: U 1 to " +
                    format_number(std::floor(rack_height_m / kRackUnitM + kGeometrySlack)) + ")");
}

// Bottom to top; two servers sharing a U slot are an error at the upper one.
std::vector<ServerSpec> stacked(std::vector<Slot> slots) {
  constexpr double kUSlack = 1e-9;
  std::stable_sort(slots.begin(), slots.end(),
                   [](const Slot& a, const Slot& b) { return a.server.u_bottom < b.server.u_bottom; });
  std::vector<ServerSpec> servers;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const ServerSpec& s = slots[i].server;
    if (i > 0) {
      const Slot& below = slots[i - 1];
      if (s.u_bottom < below.server.u_bottom + below.server.height_u - kUSlack)
        fail(slots[i].where, "server " + s.name + " at " + u_span(s) + " overlaps " + below.server.name + " at " +
                                 u_span(below.server) + " (" + below.where.key + " on " + line_text(below.where) +
                                 ") (allowed: servers that share no U slot; u is the lowest U a server occupies)");
    }
    servers.push_back(s);
  }
  return servers;
}

std::vector<ServerSpec> read_servers(const Section& rack, const Value& list, double height_m, const Build& b) {
  for (const std::string& key : kAirflowKeys)
    rack.forbid(key, "not allowed with servers, whose airflow comes from their type (allowed: " + key +
                         " with a rack-level power instead of servers)");
  std::vector<Slot> slots;
  double next_u = 1;
  for (const Value& entry : list_items(list, "a list of servers (\"- type: ...\" entries)")) {
    const Section s(entry, {"type", "count", "u"});
    const ServerType& type = find_server_type(s.get("type", known_server_types(b)), b);
    const int count = s.find("count") ? read_count(*s.find("count")) : 1;
    double u = next_u;
    read_optional(s, "u", Dimension::Dimensionless,
                  at_least(1).because("U positions count from 1 at the rack base"), u);
    int same_type = static_cast<int>(std::count_if(
        slots.begin(), slots.end(), [&](const Slot& slot) { return slot.server.type == type.name; }));
    for (int k = 0; k < count; ++k) {
      const ServerSpec server{type.name + "-" + std::to_string(++same_type), type.name, u + k * type.height_u,
                              type.height_u, type.max_power_w, type.idle_power_w, type.airflow_m3_s};
      check_fits(server, height_m, entry.where);
      slots.push_back({server, entry.where});
    }
    next_u = u + count * type.height_u;
  }
  if (slots.empty())
    fail(list.where, "a rack needs at least one server (allowed: a list of {type, count, u}, or power "
                     "instead of servers)");
  return stacked(std::move(slots));
}

// `power` for the whole rack: one server of type "rack" over the rack's full height.
std::vector<ServerSpec> rack_level_server(const Section& s, const Value& power_value, double height_m,
                                          const Build& b) {
  const Number power = read_number(power_value, Dimension::Power, at_least(0));
  return {ServerSpec{"rack", "rack", 1, height_m / kRackUnitM, power.value, 0,
                     read_airflow(s, power, b.spec.fluid, "a rack")}};
}

// A constant-utilisation profile for racks with `utilisation` or no profile. Its name has a
// character no case name may have, so it never clashes with a profile of the case.
std::string constant_profile(double utilisation, const SourceRef& where, Build& b) {
  const std::string name = "utilisation=" + format_number(utilisation);
  for (const PowerProfileSpec& p : b.constant_profiles)
    if (p.name == name) return name;
  PowerProfileSpec p;
  p.name = name;
  p.kind = ProfileKind::Constant;
  p.utilisation = utilisation;
  p.where = where;
  b.constant_profiles.push_back(p);
  return name;
}

std::string read_rack_profile(const Section& s, Build& b) {
  const auto given = at_most_one_of(s, {"profile", "utilisation"}, "a rack");
  if (!given) return constant_profile(1.0, s.where("profile"), b);
  const Value& v = given->second;
  if (given->first == "utilisation")
    return constant_profile(read_number(v, Dimension::Dimensionless, utilisation_range()).value, v.where, b);
  const std::string name = scalar_text(v, "a profile name");
  for (const PowerProfileSpec& p : b.hall.profiles)
    if (p.name == name) return name;
  fail(v.where, "value " + in_quotes(name) + " names no profile (allowed: " +
                    names_in(b.hall.profiles, "none: hall.profiles is empty") + ")");
}

ColdPlateSpec read_cold_plate(const Value& v, const Build& b) {
  const Section s(v, {"fraction", "cdu"});
  ColdPlateSpec c;
  read_optional(s, "fraction", Dimension::Dimensionless, open_fraction_range(), c.liquid_fraction);
  if (const auto cdu = s.find("cdu")) {
    c.cdu = scalar_text(*cdu, "a CDU name");
    const bool known = std::any_of(b.hall.cdus.begin(), b.hall.cdus.end(),
                                   [&](const CduSpec& d) { return d.name == c.cdu; });
    if (!known)
      fail(cdu->where, "value " + in_quotes(c.cdu) + " names no CDU (allowed: " +
                           names_in(b.hall.cdus, "none: hall.cdus is empty") + ")");
  }
  return c;
}

RearDoorSpec read_rear_door(const Value& v) {
  const Section s(v, {"effectiveness", "water_temperature", "capacity"});
  RearDoorSpec d;
  read_optional(s, "effectiveness", Dimension::Dimensionless, greater_than(0).up_to(1), d.effectiveness);
  read_optional(s, "water_temperature", Dimension::Temperature, kAboveAbsoluteZero, d.water_temperature_c);
  d.capacity_w = read_required(s, "capacity", Dimension::Power, greater_than(0)).value;
  return d;
}

RackTemplate read_rack_template(const Section& s, Build& b) {
  RackTemplate t;
  if (const auto v = s.find("size")) t.size_m = read_sizes<3>(*v, "[width, depth, height]");
  t.front = read_required_choice(s, "facing", kFacings);
  const auto [key, v] = exactly_one_of(s, {"servers", "power"}, "a rack",
                                       "servers (a list of {type, count, u}) or power [W]");
  t.servers = key == "servers" ? read_servers(s, v, t.size_m[2], b) : rack_level_server(s, v, t.size_m[2], b);
  if (const auto blanking = s.find("blanking")) t.blanking = read_bool(*blanking);
  t.profile = read_rack_profile(s, b);
  if (const auto plate = s.find("cold_plate")) t.cold_plate = read_cold_plate(*plate, b);
  if (const auto door = s.find("rear_door")) t.rear_door = read_rear_door(*door);
  return t;
}

// A rack of template t whose footprint starts at `position`. `where` is its entry (or its
// row's); `where_geometry` is the key blamed for where it stands.
RackSpec make_rack(const RackTemplate& t, const std::string& name, const Vec2d& position_m, const SourceRef& where,
                   const SourceRef& where_geometry, Build& b) {
  RackSpec r;
  r.name = name;
  r.where = where;
  r.front = t.front;
  for (ServerSpec s : t.servers) {
    s.name = name + "/" + s.name;
    r.servers.push_back(s);
  }
  r.blanking = t.blanking;
  r.profile = t.profile;
  r.cold_plate = t.cold_plate;
  r.rear_door = t.rear_door;
  auto [lo, hi] = standing_box(position_m, t.size_m, t.front, floor_top_m(b.hall));
  const std::string label = "rack " + in_quotes(name);
  fit_inside_domain(label, lo, hi, where_geometry, b.spec.domain);
  check_below_ceiling(label, hi[2], where_geometry, b);
  place(b, {label, lo, hi, where_geometry, false});
  r.min_m = lo;
  r.max_m = hi;
  return r;
}

const std::string kRackNames = "racks (hall.racks and the racks of hall.rack_rows)";

void read_rack(const Value& entry, Build& b) {
  const Section s(entry, with({"name", "position"}, kRackKeys));
  const std::string name = read_unique_name(s, b.hall.racks, kRackNames);
  const Vec2d position_m = read_xy(s.get("position", kPositionText));
  const RackTemplate t = read_rack_template(s, b);
  b.hall.racks.push_back(make_rack(t, name, position_m, entry.where, s.where("position"), b));
}

// The axis a row runs along: by default across the direction its racks face.
int read_row_axis(const Section& s, Face front) {
  const int facing_axis = face_axis(front);
  const auto v = s.find("along");
  if (!v) return 1 - facing_axis;
  const int along = read_choice(*v, kHorizontalAxes);
  if (along == facing_axis)
    fail(v->where, std::string("value \"") + kAxis[along] + "\" is the axis the racks face along (facing " +
                       choice_name(kFacings, front) + "), so the row would run front to back (allowed: " +
                       kAxis[1 - facing_axis] + ")");
  return along;
}

RowLayout row_layout(const std::string& name, int along, const RackSpec& first, const RackSpec& last,
                     const SourceRef& where) {
  const int across = 1 - along;
  return {name, along, first.front, {first.min_m[along], last.max_m[along]},
          {first.min_m[across], first.max_m[across]}, first.max_m[2], where};
}

void read_rack_row(const Value& entry, Build& b) {
  const Section s(entry, with({"name", "start", "count", "along", "pitch"}, kRackKeys));
  const std::string prefix = read_unique_name(s, b.rows, "hall.rack_rows");
  const Vec2d start_m = read_xy(s.get("start", "2 lengths [x, y]: the min corner of the first rack's footprint"));
  const int count = read_count(s.get("count", "a whole number >= 1"));
  const RackTemplate t = read_rack_template(s, b);
  const int along = read_row_axis(s, t.front);
  double pitch_m = t.size_m[0];
  read_optional(s, "pitch", Dimension::Length,
                at_least(t.size_m[0]).because("the rack width; closer racks would overlap"), pitch_m);
  for (int k = 0; k < count; ++k) {
    const std::string name = indexed_name(prefix, k + 1, count);
    check_unique_in(name, entry.where, b.hall.racks, kRackNames);
    Vec2d position_m = start_m;
    position_m[along] += k * pitch_m;
    RackSpec r = make_rack(t, name, position_m, entry.where, entry.where, b);
    r.row = prefix;
    b.hall.racks.push_back(std::move(r));
  }
  const std::size_t n = b.hall.racks.size();
  b.rows.push_back(row_layout(prefix, along, b.hall.racks[n - count], b.hall.racks[n - 1], entry.where));
}

// ---------------------------------------------------------------------------------------
// Containment

// The aisle between two rows: where the roof and doors go.
struct AisleSpan {
  int along = 0;
  Vec2d along_m{0, 0}, across_m{0, 0};
  double top_m = 0;
};

const RowLayout& find_row(const Value& v, const Build& b) {
  const std::string name = scalar_text(v, "a rack row name");
  for (const RowLayout& r : b.rows)
    if (r.name == name) return r;
  fail(v.where, "value " + in_quotes(name) + " names no rack row (allowed: " +
                    names_in(b.rows, "none: hall.rack_rows is empty") + ")");
}

std::string extent_text(const RowLayout& r, int axis, const Vec2d& range_m) {
  return r.name + " spans " + kAxis[axis] + " " + format_number(range_m[0]) + " to " +
         format_quantity(range_m[1], Dimension::Length);
}

// A cold aisle has the fronts of both rows toward it, a hot aisle the backs.
void check_rows_face_aisle(const RowLayout& low, const RowLayout& high, Aisle aisle, const Value& rows) {
  const int across = 1 - low.along;
  const Face toward_high = static_cast<Face>(2 * across + 1), toward_low = opposite_face(toward_high);
  const bool cold = aisle == Aisle::Cold;
  const Face low_needs = cold ? toward_high : toward_low, high_needs = cold ? toward_low : toward_high;
  if (low.front != low_needs || high.front != high_needs)
    fail(rows.where, std::string("a ") + choice_name(kAisles, aisle) + " has the " + (cold ? "fronts" : "backs") +
                         " of both rows toward the aisle, but " + low.name + " faces " +
                         choice_name(kFacings, low.front) + " and " + high.name + " faces " +
                         choice_name(kFacings, high.front) + " (allowed: " + low.name + " facing " +
                         choice_name(kFacings, low_needs) + " and " + high.name + " facing " +
                         choice_name(kFacings, high_needs) + ", or the other kind of aisle)");
}

AisleSpan aisle_between(const RowLayout& a, const RowLayout& b, Aisle aisle, const Value& rows, double slack) {
  if (a.along != b.along)
    fail(rows.where, "rows " + a.name + " (along " + kAxis[a.along] + ") and " + b.name + " (along " +
                         kAxis[b.along] + ") are not parallel (allowed: two rows along the same axis, "
                         "with an aisle between them)");
  const int across = 1 - a.along;
  const RowLayout& low = a.across_m[0] < b.across_m[0] ? a : b;
  const RowLayout& high = &low == &a ? b : a;
  if (high.across_m[0] <= low.across_m[1] + slack)
    fail(rows.where, "rows " + a.name + " and " + b.name + " leave no aisle between them (" +
                         extent_text(low, across, low.across_m) + ", " + extent_text(high, across, high.across_m) +
                         ") (allowed: two rows with a gap between them)");
  if (std::min(a.along_m[1], b.along_m[1]) <= std::max(a.along_m[0], b.along_m[0]) + slack)
    fail(rows.where, "rows " + a.name + " and " + b.name + " do not face each other (" +
                         extent_text(a, a.along, a.along_m) + ", " + extent_text(b, b.along, b.along_m) +
                         ") (allowed: rows side by side along " + kAxis[a.along] + ")");
  check_rows_face_aisle(low, high, aisle, rows);
  return {a.along,
          {std::min(a.along_m[0], b.along_m[0]), std::max(a.along_m[1], b.along_m[1])},
          {low.across_m[1], high.across_m[0]},
          std::max(a.top_m, b.top_m)};
}

// A box spanning `along_m` x `across_m` in the aisle's axes, and z_m vertically.
std::pair<Vec3d, Vec3d> aisle_box(const AisleSpan& g, const Vec2d& along_m, const Vec2d& z_m) {
  const int across = 1 - g.along;
  Vec3d lo{0, 0, z_m[0]}, hi{0, 0, z_m[1]};
  lo[g.along] = along_m[0];
  hi[g.along] = along_m[1];
  lo[across] = g.across_m[0];
  hi[across] = g.across_m[1];
  return {lo, hi};
}

// Roof over the aisle at the rack top, doors closing both ends; each one cell thick.
void add_containment(const AisleSpan& g, const std::string& prefix, bool doors, const SourceRef& where, Build& b) {
  const double t = b.spec.domain.resolution_m;
  const auto [roof_lo, roof_hi] = aisle_box(g, g.along_m, {g.top_m, g.top_m + t});
  add_generated_solid(b, prefix + "-roof", roof_lo, roof_hi, where);
  if (!doors) return;
  const Vec2d height{floor_top_m(b.hall), g.top_m};
  const Vec2d ends[2] = {{g.along_m[0] - t, g.along_m[0]}, {g.along_m[1], g.along_m[1] + t}};
  for (int k = 0; k < 2; ++k) {
    const auto [lo, hi] = aisle_box(g, ends[k], height);
    add_generated_solid(b, prefix + "-door-" + std::to_string(k + 1), lo, hi, where);
  }
}

void read_containment(const Value& entry, Build& b) {
  const Section s(entry, {"kind", "rows", "doors"});
  const Aisle aisle = read_required_choice(s, "kind", kAisles);
  const Value rows = s.get("rows", "the names of two rack rows [A, B]");
  const auto names = fixed_list<2>(rows, "rack row names");
  const RowLayout& a = find_row(names[0], b);
  const RowLayout& c = find_row(names[1], b);
  if (&a == &c)
    fail(names[1].where, "value " + in_quotes(a.name) + " names the same row twice (allowed: two different rows "
                                                     "of hall.rack_rows)");
  bool doors = true;
  if (const auto v = s.find("doors")) doors = read_bool(*v);
  const AisleSpan g = aisle_between(a, c, aisle, rows, slack_m(b.spec.domain));
  add_containment(g, "containment-" + a.name + "-" + c.name, doors, entry.where, b);
}

// ---------------------------------------------------------------------------------------
// Tiles

// Everything about a tile but its name and where it lies: one tile entry, or every tile
// of a row.
struct TileTemplate {
  TileKind kind = TileKind::Perforated;
  Vec2d size_m = kDefaultTileSizeM;
  double open_fraction = TileSpec{}.open_fraction;
  std::string cooler;
  double flow_m3_s = 0;
};

const CoolerSpec& find_grille_cooler(const Value& v, const Build& b) {
  const std::string name = scalar_text(v, "a cooler name");
  std::vector<std::string> tile_fed;
  for (const CoolerSpec& c : b.hall.coolers)
    if (c.supply == SupplyMode::Tiles) tile_fed.push_back(c.name);
  const std::string allowed = "coolers with supply: tiles: " +
                              (tile_fed.empty() ? std::string("none in hall.coolers") : join(tile_fed));
  for (const CoolerSpec& c : b.hall.coolers) {
    if (c.name != name) continue;
    if (c.supply != SupplyMode::Tiles)
      fail(v.where, "cooler " + in_quotes(name) + " has supply: " + choice_name(kSupplyModes, c.supply) +
                        ", so no grille delivers its air (allowed: " + allowed + ")");
    return c;
  }
  fail(v.where, "value " + in_quotes(name) + " names no cooler (allowed: " + allowed + ")");
}

void read_perforated(const Section& s, TileTemplate& t, const Build& b) {
  for (const char* key : {"cooler", "flow"})
    s.forbid(key, "not allowed for a perforated tile, whose flow comes from the plenum pressure "
                  "(allowed for perforated: kind, size, open_fraction; cooler and flow are for kind: grille)");
  if (!b.hall.raised_floor)
    fail(s.where("kind"), "a perforated tile needs a raised floor, and this hall has no hall.raised_floor "
                          "(allowed: kind: grille, a fixed-flow floor grille, or add hall.raised_floor)");
  read_optional(s, "open_fraction", Dimension::Dimensionless, open_fraction_range(), t.open_fraction);
}

void read_grille(const Section& s, TileTemplate& t, const Build& b) {
  s.forbid("open_fraction", "not allowed for a grille, which delivers a fixed flow (allowed for grille: kind, "
                            "size, cooler, flow)");
  t.cooler = find_grille_cooler(s.get("cooler", "the name of a cooler with supply: tiles"), b).name;
  read_optional(s, "flow", Dimension::VolumeFlow, greater_than(0), t.flow_m3_s);
}

TileTemplate read_tile_template(const Section& s, const Build& b) {
  TileTemplate t;
  if (const auto v = s.find("kind")) t.kind = read_choice(*v, kTileKinds);
  if (const auto v = s.find("size")) t.size_m = read_sizes<2>(*v, "[x, y]");
  if (t.kind == TileKind::Perforated)
    read_perforated(s, t, b);
  else
    read_grille(s, t, b);
  return t;
}

// A tile lies on the floor: not under a rack or cooler, and not on another tile.
void check_tile_clear(const std::string& label, const Vec2d& lo, const Vec2d& hi, const SourceRef& where,
                      const Build& b) {
  const double slack = slack_m(b.spec.domain);
  for (const Body& body : b.bodies)
    if (!body.solid && overlap(lo, hi, body.min_m, body.max_m, slack))
      fail(where, label + " (" + span_text(lo, hi) + ") lies under " + body.label + " (" +
                      span_text(body.min_m, body.max_m) + ", " + body.where.key + " on " + line_text(body.where) +
                      ") (allowed: tiles clear of the footprints of racks and coolers)");
  for (const TileSpec& other : b.hall.tiles)
    if (overlap(lo, hi, other.min_m, other.max_m, slack))
      fail(where, label + " (" + span_text(lo, hi) + ") overlaps tile " + in_quotes(other.name) + " (" +
                      span_text(other.min_m, other.max_m) + ", " + other.where.key + " on " +
                      line_text(other.where) + ") (allowed: tiles that do not overlap)");
}

TileSpec make_tile(const TileTemplate& t, const std::string& name, const Vec2d& position_m, const SourceRef& where,
                   const SourceRef& where_geometry, const Build& b) {
  TileSpec tile;
  tile.name = name;
  tile.kind = t.kind;
  tile.open_fraction = t.open_fraction;
  tile.cooler = t.cooler;
  tile.flow_m3_s = t.flow_m3_s;
  tile.where = where;
  tile.min_m = position_m;
  tile.max_m = {position_m[0] + t.size_m[0], position_m[1] + t.size_m[1]};
  const std::string label = "tile " + in_quotes(name);
  fit_inside_domain(label, tile.min_m, tile.max_m, where_geometry, b.spec.domain);
  check_tile_clear(label, tile.min_m, tile.max_m, where_geometry, b);
  return tile;
}

const std::string kTileNames = "tiles (hall.tiles and the tiles of hall.tile_rows)";

void read_tile(const Value& entry, std::size_t index, Build& b) {
  const Section s(entry, with({"name", "position"}, kTileKeys));
  std::string name = "tile-" + std::to_string(index + 1);
  if (const auto v = s.find("name")) name = read_name(*v);
  check_unique_in(name, s.where("name"), b.hall.tiles, kTileNames);
  const Vec2d position_m = read_xy(s.get("position", kPositionText));
  const TileTemplate t = read_tile_template(s, b);
  b.hall.tiles.push_back(make_tile(t, name, position_m, entry.where, s.where("position"), b));
}

void read_tile_row(const Value& entry, Build& b) {
  const Section s(entry, with({"name", "start", "count", "along", "pitch"}, kTileKeys));
  const Value name = s.get("name", kNameRule);
  const std::string prefix = read_name(name);
  const Vec2d start_m = read_xy(s.get("start", "2 lengths [x, y]: the min corner of the first tile"));
  const int count = read_count(s.get("count", "a whole number >= 1"));
  const int along = read_required_choice(s, "along", kHorizontalAxes);
  const TileTemplate t = read_tile_template(s, b);
  double pitch_m = t.size_m[along];
  read_optional(s, "pitch", Dimension::Length,
                at_least(t.size_m[along]).because("the tile size along the row; closer tiles would overlap"),
                pitch_m);
  for (int k = 0; k < count; ++k) {
    const std::string tile_name = indexed_name(prefix, k + 1, count);
    check_unique_in(tile_name, name.where, b.hall.tiles, kTileNames);
    Vec2d position_m = start_m;
    position_m[along] += k * pitch_m;
    b.hall.tiles.push_back(make_tile(t, tile_name, position_m, entry.where, entry.where, b));
  }
}

// ---------------------------------------------------------------------------------------
// Coolers against their grilles

// A cooler with supply: tiles delivers its air only through grilles that name it.
void check_tile_coolers_have_grilles(const Build& b) {
  for (std::size_t i = 0; i < b.hall.coolers.size(); ++i) {
    const CoolerSpec& c = b.hall.coolers[i];
    const bool named = std::any_of(b.hall.tiles.begin(), b.hall.tiles.end(), [&](const TileSpec& t) {
      return t.kind == TileKind::Grille && t.cooler == c.name;
    });
    if (c.supply == SupplyMode::Tiles && !named)
      fail(b.cooler_supply_where[i], "value \"tiles\": no grille names cooler " + in_quotes(c.name) +
                                         " (allowed: tiles, with grilles in hall.tiles or hall.tile_rows "
                                         "that have cooler: " + c.name + "; or floor, front)");
  }
}

// Explicit grille flows may not add up to more than the cooler moves; grilles without a
// flow share what the explicit ones leave, which must then be something.
void check_grille_flows(const CoolerSpec& c, const std::vector<TileSpec>& tiles) {
  const double limit_m3_s = c.airflow_m3_s * (1 + kGeometrySlack);
  const std::string airflow = format_quantity(c.airflow_m3_s, Dimension::VolumeFlow);
  double explicit_m3_s = 0;
  const TileSpec* sharing = nullptr;
  for (const TileSpec& t : tiles) {
    if (t.kind != TileKind::Grille || t.cooler != c.name) continue;
    if (t.flow_m3_s == 0) {
      if (!sharing) sharing = &t;
      continue;
    }
    explicit_m3_s += t.flow_m3_s;
    if (explicit_m3_s > limit_m3_s)
      fail(t.where, "grille " + in_quotes(t.name) + " brings the flows of the grilles of cooler " +
                        in_quotes(c.name) + " to " + format_quantity(explicit_m3_s, Dimension::VolumeFlow) +
                        ", more than its airflow (allowed: a total <= " + airflow + ", " + c.where.key +
                        ".airflow)");
  }
  if (sharing && explicit_m3_s >= c.airflow_m3_s * (1 - kGeometrySlack))
    fail(sharing->where, "grille " + in_quotes(sharing->name) +
                             " has no flow, so it shares what the explicit grille flows leave of cooler " +
                             in_quotes(c.name) + "'s " + airflow +
                             ", and they leave nothing (allowed: explicit flows that add up to less than " +
                             airflow + ", or a flow on every grille)");
}

// ---------------------------------------------------------------------------------------
// The section

template <class Read>
void for_each_entry(const Section& s, const std::string& key, const std::string& entries, Read read) {
  if (const auto v = s.find(key)) {
    const auto items = list_items(*v, "a list of " + entries + " (\"- key: value\" entries)");
    for (std::size_t i = 0; i < items.size(); ++i) read(items[i], i);
  }
}

}  // namespace

void read_hall(const Value& v, CaseSpec& spec) {
  const Section s(v, kHallKeys);
  Build b{spec, {}, {}, {}, {}, {}, {}};
  b.hall.where = v.where;
  for (const ServerType& t : builtin_server_types()) b.server_types.push_back({t, {}});
  if (const auto c = s.find("ashrae_class")) b.hall.ashrae_class = read_choice(*c, kAshraeClasses);
  read_optional(s, "monitor_interval", Dimension::Time, greater_than(0), b.hall.monitor_interval_s);

  if (const auto f = s.find("raised_floor")) read_raised_floor(*f, b);
  if (const auto c = s.find("ceiling_plenum")) read_ceiling_plenum(*c, b);

  for_each_entry(s, "server_types", "server types", [&](const Value& e, std::size_t) { read_server_type(e, b); });
  for_each_entry(s, "profiles", "profiles", [&](const Value& e, std::size_t) { read_profile(e, b); });
  for_each_entry(s, "cdus", "CDUs", [&](const Value& e, std::size_t) { read_cdu(e, b); });

  for_each_entry(s, "columns", "column grids", [&](const Value& e, std::size_t) { read_column_grid(e, b); });
  for_each_entry(s, "panels", "panels", [&](const Value& e, std::size_t) { read_panel(e, b); });
  for_each_entry(s, "coolers", "coolers", [&](const Value& e, std::size_t) { read_cooler(e, b); });
  for_each_entry(s, "racks", "racks", [&](const Value& e, std::size_t) { read_rack(e, b); });
  for_each_entry(s, "rack_rows", "rack rows", [&](const Value& e, std::size_t) { read_rack_row(e, b); });
  for_each_entry(s, "containment", "containments", [&](const Value& e, std::size_t) { read_containment(e, b); });

  for_each_entry(s, "tiles", "tiles", [&](const Value& e, std::size_t i) { read_tile(e, i, b); });
  for_each_entry(s, "tile_rows", "tile rows", [&](const Value& e, std::size_t) { read_tile_row(e, b); });
  check_tile_coolers_have_grilles(b);
  for (const CoolerSpec& c : b.hall.coolers) check_grille_flows(c, b.hall.tiles);

  b.hall.profiles.insert(b.hall.profiles.end(), b.constant_profiles.begin(), b.constant_profiles.end());
  spec.hall = std::move(b.hall);
}

}  // namespace rackflow::detail
