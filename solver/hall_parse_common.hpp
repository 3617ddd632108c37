// The hall being built, and what the parts of the `hall` parser (hall_parse_*.cpp) share:
// schema values, geometry checks, small-value readers and each part's readers. Internal to
// the rackflow_case library, like hall_parser.hpp.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "hall_parse_bins.hpp"
#include "quantity.hpp"
#include "rackflow/case_spec.hpp"
#include "server_types.hpp"
#include "yaml_reader.hpp"

namespace rackflow::detail::hall {

using Vec2d = std::array<double, 2>;

// ---------------------------------------------------------------------------------------
// Schema

// The direction the front (intake) of a rack or cooler faces, and so the face it is on.
inline const Choices<Face> kFacings = {{"-x", Face::XMin}, {"+x", Face::XMax}, {"-y", Face::YMin},
                                       {"+y", Face::YMax}};
inline const Choices<int> kHorizontalAxes = {{"x", 0}, {"y", 1}};
inline const std::vector<std::string> kAirflowKeys = {"airflow", "cfm_per_kw", "delta_t"};
inline const std::string kPositionText = "2 lengths [x, y]: the min corner of the footprint";

inline Range utilisation_range() { return at_least(0).up_to(1); }
inline Range open_fraction_range() { return greater_than(0).below(1); }
// Without airflow a server's heat has nowhere to go: its exhaust temperature would be infinite.
inline Range airflow_range() { return greater_than(0).because("the air must carry the heat away"); }

inline std::vector<std::string> with(std::vector<std::string> own, const std::vector<std::string>& shared) {
  own.insert(own.end(), shared.begin(), shared.end());
  return own;
}

inline std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

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
  Build(CaseSpec& s, NameIndex& names) : spec(s), object_names(names), body_bins(s.domain), tile_bins(s.domain) {}

  CaseSpec& spec;  // domain, fluid and run; receives the solid boxes
  NameIndex& object_names;  // boxes and patches, the case's and the hall's
  HallSpec hall;
  std::vector<ServerTypeEntry> server_types;
  std::vector<PowerProfileSpec> constant_profiles;  // for racks with `utilisation` or no profile
  std::vector<Body> bodies;
  FloorBins body_bins;  // `bodies` by footprint, for the overlap checks
  FloorBins tile_bins;  // hall.tiles by footprint
  std::vector<RowLayout> rows;
  std::vector<SourceRef> cooler_supply_where;  // per cooler, its `supply` key
  // The names of each list, so that uniqueness checks stay linear in the list.
  NameIndex rack_names, row_names, tile_names, cooler_names, profile_names, cdu_names, grille_names;
  // Positions by name in server_types, hall.profiles, constant_profiles, rows and
  // hall.coolers, so that looking one up stays constant time.
  std::unordered_map<std::string, std::size_t> server_type_at, profile_at, constant_profile_at, row_at, cooler_at;
  std::size_t server_count = 0;  // servers in all racks so far
  // hall.rack_power_scale: a factor by rack name, and whether a rack of that name took it.
  struct RackScale {
    Number factor;
    bool used = false;
  };
  std::unordered_map<std::string, RackScale> rack_power_scale;
};

// The item of `items` named `name`, or null; `at` maps names to positions in `items`.
template <class T>
const T* find_named(const std::unordered_map<std::string, std::size_t>& at, const std::vector<T>& items,
                    const std::string& name) {
  const auto found = at.find(name);
  return found == at.end() ? nullptr : &items[found->second];
}

// Appends `item` to `items` and records its position under `name`.
template <class T>
void add_named(std::unordered_map<std::string, std::size_t>& at, std::vector<T>& items, const std::string& name,
               T item) {
  at.emplace(name, items.size());
  items.push_back(std::move(item));
}

// ---------------------------------------------------------------------------------------
// Geometry

double floor_top_m(const HallSpec& h);
double slack_m(const DomainSpec& d);

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

void place(Build& b, Body body);
void check_below_ceiling(const std::string& label, double top_m, const SourceRef& where, const Build& b);

// The body of a unit standing on the floor, from the min corner of its footprint and its
// size [width across the front face, depth from front to back, height].
std::pair<Vec3d, Vec3d> standing_box(const Vec2d& position_m, const Vec3d& size_m, Face front, double floor_m);

void add_solid(Build& b, BoxSpec box);

// A solid box the parser makes (a column of a grid, a containment panel).
void add_generated_solid(Build& b, const std::string& name, Vec3d lo, Vec3d hi, const SourceRef& where);

// ---------------------------------------------------------------------------------------
// Small values

Vec2d read_xy(const Value& v);

template <std::size_t N>
std::array<double, N> read_sizes(const Value& v, const std::string& axes) {
  const auto n = read_numbers<N>(v, Dimension::Length, axes);
  for (const Number& x : n) require(x, greater_than(0), Dimension::Length);
  return values_of(n);
}

int read_count(const Value& v);

// The required `name` of list entry `entry`, unique within its list (profiles, racks, ...).
std::string read_unique_name(const Section& s, const SourceRef& entry, NameIndex& names, const std::string& list);

template <class T>
std::string names_in(const std::vector<T>& items, const std::string& none) {
  std::vector<std::string> names;
  for (const T& item : items) names.push_back(item.name);
  return names.empty() ? none : join(names);
}

// "A01", ..., "A10": the row name and a 1-based index, zero-padded to at least two digits.
std::string indexed_name(const std::string& prefix, int index, int count);

// ---------------------------------------------------------------------------------------
// Server types (solver/hall_parse_profiles.cpp), which racks use too

std::string known_server_types(const Build& b);

// The fan-driven airflow of a server type or rack of this power [m3/s], from exactly one of
// airflow, cfm_per_kw or delta_t (Q = P / (rho c_p dT), with the case's fluid).
double read_airflow(const Section& s, const Number& power, const FluidSpec& fluid, const std::string& what);

// ---------------------------------------------------------------------------------------
// The parts, in the order read_hall calls them

// solver/hall_parse_airflow.cpp
void read_raised_floor(const Value& v, Build& b);
void read_ceiling_plenum(const Value& v, Build& b);

// solver/hall_parse_profiles.cpp
void read_server_type(const Value& entry, Build& b);
void read_profile(const Value& entry, Build& b);
void read_cdu(const Value& entry, Build& b);

// solver/hall_parse_structure.cpp
void read_column_grid(const Value& entry, Build& b);
void read_panel(const Value& entry, Build& b);

// solver/hall_parse_airflow.cpp
void read_cooler(const Value& entry, Build& b);

// solver/hall_parse_racks.cpp
void read_rack(const Value& entry, Build& b);
void read_rack_row(const Value& entry, Build& b);
// hall.rack_power_scale, read before the racks it scales; after them, a name no rack took
// is an error.
void read_rack_power_scales(const Value& v, Build& b);
void check_rack_power_scales_used(const Build& b);

// solver/hall_parse_structure.cpp
void read_containment(const Value& entry, Build& b);

// solver/hall_parse_airflow.cpp
void read_tile(const Value& entry, std::size_t index, Build& b);
void read_tile_row(const Value& entry, Build& b);
// A cooler with supply: tiles delivers its air only through grilles that name it.
void check_tile_coolers_have_grilles(const Build& b);
// Explicit grille flows may not add up to more than their cooler moves; grilles without a
// flow share what the explicit ones leave, which must then be something.
void check_grille_flows(const std::vector<CoolerSpec>& coolers, const std::vector<TileSpec>& tiles);

}  // namespace rackflow::detail::hall
