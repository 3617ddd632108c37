// Racks and rack rows: their servers, blanking, power profile, thermal mass, cold plates, rear doors,
// fan curves and leakage,
// each rack placed against the bodies before it.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hall_parse_common.hpp"
#include "hall_parse_openings.hpp"
#include "plausibility.hpp"
#include "quantity.hpp"
#include "server_types.hpp"

namespace rackflow::detail::hall {

namespace {

// Keys a rack and a rack row share: everything but where the racks stand.
const std::vector<std::string> kRackKeys = {"size",     "facing",     "servers",     "power",
                                            "airflow",  "cfm_per_kw", "delta_t",     "blanking",
                                            "profile",  "utilisation", "cold_plate", "rear_door",
                                            "power_scale", "thermal_time_constant", "fan_curve",
                                            "leakage", "intake", "exhaust"};

// A campaign's power steps scale racks of servers whose models the case already states; a
// factor beyond 10 describes another rack, which the case should say with its servers.
constexpr double kMaxPowerScale = 10;

// A server's heat reaches its exhaust with the lag of its heat sinks and chassis: seconds to
// minutes. An hour is beyond any server and would keep a run's heat out of the air.
constexpr double kMaxThermalTimeConstantS = 3600;

// Leakage around the servers of a rack: about 3 % of the front in practice (DESIGN.md §6); a
// fifth of the front open is no longer a rack but a gap.
constexpr double kMaxRackLeakage = 0.2;

Range power_scale_range() {
  return greater_than(0).up_to(kMaxPowerScale).because("a rack of the same servers, fewer or more of them");
}

// More or fewer servers of the same kinds: power and fan airflow together, so the rise
// through the rack stays its own (as headroom adds power, headroom.hpp).
void scale_servers(std::vector<ServerSpec>& servers, double factor) {
  for (ServerSpec& server : servers) {
    server.max_power_w *= factor;
    server.idle_power_w *= factor;
    server.airflow_m3_s *= factor;
  }
}

const Vec3d kDefaultRackSizeM = {0.6, 1.2, 2.2};  // width across the front, depth, height

// The tallest racks are 58U; half-U sleds fill them with 116 servers.
constexpr double kMaxServersPerRack = 200;
// Every server is a model with its own state; 10^6 is 10 000 racks of 100 servers, beyond
// the largest halls.
constexpr double kMaxServers = 1e6;

void require_server_room(const Build& b, double adding, const SourceRef& where) {
  const double total = double(b.server_count) + adding;
  if (total > kMaxServers)
    fail(where, "this brings the servers in all racks to " + format_number(total) + " (allowed: at most " +
                    format_number(kMaxServers) + ", 10 000 racks of 100 servers, beyond the largest halls)");
}

// Everything about a rack but its name and where it stands: one rack entry, or every rack
// of a row.
struct RackTemplate {
  Vec3d size_m = kDefaultRackSizeM;
  Face front = Face::YMin;
  std::vector<ServerSpec> servers;  // names without the "<rack>/" prefix
  bool blanking = true;
  std::string profile;
  double thermal_time_constant_s = 0;
  std::optional<ColdPlateSpec> cold_plate;
  std::optional<RearDoorSpec> rear_door;
  std::optional<FanCurveSpec> fan_curve;
  double leakage = 0;
  std::optional<OpeningSpec> intake, exhaust;
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
  if (const ServerTypeEntry* e = find_named(b.server_type_at, b.server_types, name)) return e->type;
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
    if (double(slots.size()) + count > kMaxServersPerRack)
      fail(entry.where, "this brings the rack to " + format_number(double(slots.size()) + count) +
                            " servers (allowed: at most " + format_number(kMaxServersPerRack) +
                            " per rack; the tallest racks are 58U, 116 half-U sleds)");
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
  const Number power = read_number(power_value, Dimension::Power, rack_power_range());
  return {ServerSpec{"rack", "rack", 1, height_m / kRackUnitM, power.value, 0,
                     read_airflow(s, power, b.spec.fluid, "a rack")}};
}

// A constant-utilisation profile for racks with `utilisation` or no profile. Its name has a
// character no case name may have, so it never clashes with a profile of the case.
std::string constant_profile(double utilisation, const SourceRef& where, Build& b) {
  const std::string name = "utilisation=" + format_number(utilisation);
  if (find_named(b.constant_profile_at, b.constant_profiles, name)) return name;
  PowerProfileSpec p;
  p.name = name;
  p.kind = ProfileKind::Constant;
  p.utilisation = utilisation;
  p.where = where;
  add_named(b.constant_profile_at, b.constant_profiles, name, p);
  return name;
}

std::string read_rack_profile(const Section& s, Build& b) {
  const auto given = at_most_one_of(s, {"profile", "utilisation"}, "a rack");
  if (!given) return constant_profile(1.0, s.where("profile"), b);
  const Value& v = given->second;
  if (given->first == "utilisation")
    return constant_profile(read_number(v, Dimension::Dimensionless, utilisation_range()).value, v.where, b);
  const std::string name = scalar_text(v, "a profile name");
  if (find_named(b.profile_at, b.hall.profiles, name)) return name;
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

// A fan curve: {shutoff_pressure, free_flow} (the straight line between them), or a list
// of [pressure, flow] points with the pressure rising and the flow never rising.
FanCurveSpec read_fan_curve(const Value& v) {
  FanCurveSpec c;
  if (v.node.IsMap()) {
    const Section s(v, {"shutoff_pressure", "free_flow"});
    const double shutoff_pa = read_required(s, "shutoff_pressure", Dimension::Pressure, greater_than(0)).value;
    const double free_m3_s = read_required(s, "free_flow", Dimension::VolumeFlow, airflow_range()).value;
    c.points = {{0.0, free_m3_s}, {shutoff_pa, 0.0}};
    return c;
  }
  const auto items = list_items(v, "{shutoff_pressure, free_flow} or a list of [pressure, flow] points");
  if (items.size() < 2)
    fail(v.where, "expected at least 2 [pressure, flow] points, got " + std::to_string(items.size()) +
                      " (allowed: a list of 2 or more points, pressure rising, flow falling)");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto pair = fixed_list<2>(items[i], "values [pressure, flow]");
    const Number p = read_number(pair[0], Dimension::Pressure, kAnyValue);
    const Range flow_range = i == 0 ? airflow_range() : at_least(0).up_to(c.points.back()[1]).because(
                                                            "a fan gives no more flow against more pressure");
    const Number q = read_number(pair[1], Dimension::VolumeFlow, flow_range);
    if (i > 0 && !(p.value > c.points.back()[0]))
      fail(p.where, "value " + p.shown + " is out of range (allowed: > " +
                        format_quantity(c.points.back()[0], Dimension::Pressure) + ", the point before: pressure rising)");
    c.points.push_back({p.value, q.value});
  }
  return c;
}

// Where the rack's airflow is set: its airflow key, or its servers' types.
SourceRef airflow_where(const Section& s) {
  for (const std::string& key : kAirflowKeys)
    if (s.find(key)) return s.where(key);
  return s.where("servers");
}

// What the rack's servers draw together against the plausibility limits: its power, its
// airflow (also as a speed through its front face) and the Boussinesq estimate of the rise
// through it, dT = P_air / (rho c_p Q).
void check_servers_load(const std::vector<ServerSpec>& servers, const RackTemplate& t, const SourceRef& where_power,
                        const SourceRef& where_airflow, const FluidSpec& fluid) {
  double power_w = 0, airflow_m3_s = 0;
  for (const ServerSpec& server : servers) {
    power_w += server.max_power_w;
    airflow_m3_s += server.airflow_m3_s;
  }
  require({power_w, format_quantity(power_w, Dimension::Power) + " (the rack's servers together)", where_power},
          rack_power_range(), Dimension::Power);
  const Number airflow{airflow_m3_s, format_quantity(airflow_m3_s, Dimension::VolumeFlow) + " (the rack's airflow)",
                       where_airflow};
  require(airflow, rack_airflow_range(), Dimension::VolumeFlow);
  check_face_speed(airflow, t.size_m[0] * t.size_m[2], "the rack's front face");
  const double air_w = t.cold_plate ? power_w * (1 - t.cold_plate->liquid_fraction) : power_w;
  const double rise_k = air_w / (fluid.density_kg_m3 * fluid.specific_heat_j_kgk * airflow_m3_s);
  check_boussinesq(rise_k, fluid, airflow.where,
                   "through the rack, P_air / (rho c_p Q) = " + format_quantity(air_w, Dimension::Power) + " / (" +
                       format_number(fluid.density_kg_m3 * fluid.specific_heat_j_kgk) + " J/(m3 K) x " +
                       format_quantity(airflow_m3_s, Dimension::VolumeFlow) + ") = " + format_number(rise_k) + " K,");
}

void check_rack_load(const Section& s, const RackTemplate& t, const FluidSpec& fluid) {
  const SourceRef where_scale = s.where("power_scale");
  const bool scaled = s.find("power_scale").has_value();
  const SourceRef where_power = scaled ? where_scale : s.find("power") ? s.where("power") : s.where("servers");
  check_servers_load(t.servers, t, where_power, scaled ? where_scale : airflow_where(s), fluid);
}

RackTemplate read_rack_template(const Section& s, Build& b) {
  RackTemplate t;
  if (const auto v = s.find("size")) t.size_m = read_sizes<3>(*v, "[width, depth, height]");
  t.front = read_required_choice(s, "facing", kFacings);
  const auto [key, v] = exactly_one_of(s, {"servers", "power"}, "a rack",
                                       "servers (a list of {type, count, u}) or power [W]");
  t.servers = key == "servers" ? read_servers(s, v, t.size_m[2], b) : rack_level_server(s, v, t.size_m[2], b);
  double scale = 1;
  read_optional(s, "power_scale", Dimension::Dimensionless, power_scale_range(), scale);
  scale_servers(t.servers, scale);
  if (const auto blanking = s.find("blanking")) t.blanking = read_bool(*blanking);
  t.profile = read_rack_profile(s, b);
  read_optional(s, "thermal_time_constant", Dimension::Time,
                at_least(0).up_to(kMaxThermalTimeConstantS).because("0: no lag; an hour is beyond any server"),
                t.thermal_time_constant_s);
  if (const auto plate = s.find("cold_plate")) t.cold_plate = read_cold_plate(*plate, b);
  if (const auto door = s.find("rear_door")) t.rear_door = read_rear_door(*door);
  if (const auto curve = s.find("fan_curve")) {
    t.fan_curve = read_fan_curve(*curve);
    const double free_m3_s = t.fan_curve->points.front()[1];
    check_face_speed({free_m3_s, format_quantity(free_m3_s, Dimension::VolumeFlow) + " (the fan curve's largest flow)",
                      curve->where},
                     t.size_m[0] * t.size_m[2], "the rack's front face");
  }
  read_optional(s, "leakage", Dimension::Dimensionless,
                at_least(0).up_to(kMaxRackLeakage).because("0: none; a rack in practice leaks about 0.03"), t.leakage);
  // Front and back faces are both width x height.
  const std::array<double, 2> face_m = {t.size_m[0], t.size_m[2]};
  if (const auto v = s.find("intake")) t.intake = read_opening(*v, face_m, "the rack's front face");
  if (const auto v = s.find("exhaust")) t.exhaust = read_opening(*v, face_m, "the rack's back face");
  check_rack_load(s, t, b.spec.fluid);
  return t;
}

// A rack of template t whose footprint starts at `position`. `where` is its entry (or its
// row's); `where_geometry` is the key blamed for where it stands.
RackSpec make_rack(const RackTemplate& t, const std::string& name, const Vec2d& position_m, const SourceRef& where,
                   const SourceRef& where_geometry, Build& b) {
  require_server_room(b, double(t.servers.size()), where_geometry);
  b.server_count += t.servers.size();
  RackSpec r;
  r.name = name;
  r.where = where;
  r.front = t.front;
  for (ServerSpec s : t.servers) {
    s.name = name + "/" + s.name;
    r.servers.push_back(s);
  }
  if (const auto scale = b.rack_power_scale.find(name); scale != b.rack_power_scale.end()) {
    scale_servers(r.servers, scale->second.factor.value);
    scale->second.used = true;
    check_servers_load(r.servers, t, scale->second.factor.where, scale->second.factor.where, b.spec.fluid);
  }
  r.blanking = t.blanking;
  r.profile = t.profile;
  r.thermal_time_constant_s = t.thermal_time_constant_s;
  r.cold_plate = t.cold_plate;
  r.rear_door = t.rear_door;
  r.fan_curve = t.fan_curve;
  r.leakage = t.leakage;
  r.intake = t.intake;
  r.exhaust = t.exhaust;
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

}  // namespace

void read_rack_power_scales(const Value& v, Build& b) {
  if (v.node.IsNull()) return;
  if (!v.node.IsMap()) fail(v.where, "expected a mapping of rack names to factors, e.g. {A03: 1.2}, got " + describe_node(v.node));
  require_object_room(0, double(v.node.size()), v.where, "entries of rack_power_scale");
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const SourceRef at{v.where.file, line_of(it->first), v.where.key};
    const std::string name = read_name(Value{it->first, at});
    const Value value{it->second, {v.where.file, line_of(it->first), v.where.key + "." + name}};
    const Number factor = read_number(value, Dimension::Dimensionless, power_scale_range());
    const auto [first, added] = b.rack_power_scale.emplace(name, Build::RackScale{factor, false});
    if (!added)
      fail(value.where, "duplicate key (first given on " + line_text(first->second.factor.where) +
                            "; allowed: each rack once)");
  }
}

void check_rack_power_scales_used(const Build& b) {
  // The first unused name in the file, whatever order the map keeps them in.
  const Build::RackScale* first = nullptr;
  for (const auto& [name, scale] : b.rack_power_scale)
    if (!scale.used && (!first || scale.factor.where.line < first->factor.where.line)) first = &scale;
  if (first) fail(first->factor.where, "names no rack (allowed: the names of " + kRackNames + ")");
}

void read_rack(const Value& entry, Build& b) {
  const Section s(entry, with({"name", "position"}, kRackKeys));
  const std::string name = read_unique_name(s, entry.where, b.rack_names, kRackNames);
  const Vec2d position_m = read_xy(s.get("position", kPositionText));
  require_object_room(b.hall.racks.size(), 1, entry.where, "racks");
  const RackTemplate t = read_rack_template(s, b);
  b.hall.racks.push_back(make_rack(t, name, position_m, entry.where, s.where("position"), b));
}

namespace {

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

}  // namespace

void read_rack_row(const Value& entry, Build& b) {
  const Section s(entry, with({"name", "start", "count", "along", "pitch"}, kRackKeys));
  const std::string prefix = read_unique_name(s, entry.where, b.row_names, "hall.rack_rows");
  const Vec2d start_m = read_xy(s.get("start", "2 lengths [x, y]: the min corner of the first rack's footprint"));
  const int count = read_count(s.get("count", "a whole number >= 1"));
  require_object_room(b.hall.racks.size(), count, s.where("count"), "racks");
  const RackTemplate t = read_rack_template(s, b);
  require_server_room(b, double(count) * double(t.servers.size()), s.where("count"));
  const int along = read_row_axis(s, t.front);
  double pitch_m = t.size_m[0];
  read_optional(s, "pitch", Dimension::Length,
                at_least(t.size_m[0]).because("the rack width; closer racks would overlap"), pitch_m);
  for (int k = 0; k < count; ++k) {
    const std::string name = indexed_name(prefix, k + 1, count);
    b.rack_names.claim(name, entry.where, kRackNames, entry.where);
    Vec2d position_m = start_m;
    position_m[along] += k * pitch_m;
    RackSpec r = make_rack(t, name, position_m, entry.where, entry.where, b);
    r.row = prefix;
    b.hall.racks.push_back(std::move(r));
  }
  const std::size_t n = b.hall.racks.size();
  add_named(b.row_at, b.rows, prefix,
            row_layout(prefix, along, b.hall.racks[n - count], b.hall.racks[n - 1], entry.where));
}

}  // namespace rackflow::detail::hall
