// The air path: raised floor and ceiling plenum (with its grilles), coolers, floor tiles and
// tile rows, and the check that each tile-fed cooler's grilles can carry its air.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "hall_opening.hpp"
#include "hall_parse_common.hpp"
#include "hall_parse_openings.hpp"
#include "plausibility.hpp"
#include "quantity.hpp"

namespace rackflow::detail::hall {

namespace {

const Choices<CoolerKind> kCoolerKinds = {{"crah", CoolerKind::Crah}, {"crac", CoolerKind::Crac},
                                          {"in_row", CoolerKind::InRow}};
const Choices<SupplyMode> kSupplyModes = {{"floor", SupplyMode::Floor}, {"front", SupplyMode::Front},
                                          {"tiles", SupplyMode::Tiles}};
// `ceiling` is a top return whose unit reaches up through the ceiling slab.
enum class Return { Top, Rear, Ceiling };
const Choices<Return> kReturns = {{"top", Return::Top}, {"rear", Return::Rear}, {"ceiling", Return::Ceiling}};
const Choices<TileKind> kTileKinds = {{"perforated", TileKind::Perforated}, {"grille", TileKind::Grille}};
// Keys a tile and a tile row share.
const std::vector<std::string> kTileKeys = {"kind", "size", "open_fraction", "jet_momentum", "cooler", "flow"};
const Vec2d kDefaultTileSizeM = {0.6, 0.6};
const std::string kRackSizeText = "3 lengths [width, depth, height]";

}  // namespace

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

namespace {

TileSpec read_ceiling_grille(const Value& entry, std::size_t index, Build& b) {
  const Section s(entry, {"name", "position", "size", "open_fraction"});
  TileSpec g;
  g.where = entry.where;
  g.name = "ceiling-grille-" + std::to_string(index + 1);
  if (const auto v = s.find("name")) g.name = read_name(*v);
  b.grille_names.claim(g.name, s.where("name"), "hall.ceiling_plenum.grilles", entry.where);
  const Vec2d position_m = read_xy(s.get("position", kPositionText));
  Vec2d size_m = kDefaultTileSizeM;
  if (const auto v = s.find("size")) size_m = read_sizes<2>(*v, "[x, y]");
  g.min_m = position_m;
  g.max_m = {position_m[0] + size_m[0], position_m[1] + size_m[1]};
  fit_inside_domain("ceiling grille " + in_quotes(g.name), g.min_m, g.max_m, s.where("position"), b.spec.domain);
  read_optional(s, "open_fraction", Dimension::Dimensionless, open_fraction_range(), g.open_fraction);
  return g;
}

}  // namespace

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
// Coolers

namespace {

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

// The supply and return faces as solver/hall_layout.cpp uses them; grilles have none.
void read_cooler_openings(const Section& s, CoolerSpec& c) {
  if (const auto v = s.find("supply_opening")) {
    if (c.supply == SupplyMode::Tiles)
      fail(v->where, "not allowed with supply: tiles, whose air leaves through its grilles (allowed: "
                     "supply_opening with supply: floor or front)");
    const Face f = c.supply == SupplyMode::Floor ? Face::ZMin : c.front;
    c.supply_opening = read_opening(*v, solver::opening_face_size(c.min_m, c.max_m, f),
                                    c.supply == SupplyMode::Floor ? "the unit's bottom face" : "the unit's front face");
  }
  if (const auto v = s.find("return_opening")) {
    const Face f = c.return_from == ReturnMode::Top ? Face::ZMax : opposite_face(c.front);
    c.return_opening = read_opening(*v, solver::opening_face_size(c.min_m, c.max_m, f),
                                    c.return_from == ReturnMode::Top ? "the unit's top face" : "the unit's rear face");
  }
}

}  // namespace

void read_cooler(const Value& entry, Build& b) {
  const Section s(entry, {"name", "kind", "position", "size", "facing", "airflow", "capacity",
                          "supply_temperature", "supply", "return", "fail_at", "supply_opening",
                          "return_opening"});
  CoolerSpec c;
  c.where = entry.where;
  c.name = read_unique_name(s, entry.where, b.cooler_names, "hall.coolers");
  c.kind = read_required_choice(s, "kind", kCoolerKinds);
  const Vec2d position_m = read_xy(s.get("position", kPositionText));
  const Vec3d size_m = read_sizes<3>(s.get("size", kRackSizeText + ", each > 0 m"), "[width, depth, height]");
  c.front = read_required_choice(s, "facing", kFacings);
  c.airflow_m3_s = read_required(s, "airflow", Dimension::VolumeFlow, cooler_airflow_range()).value;
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
  read_cooler_openings(s, c);
  b.cooler_supply_where.push_back(s.where("supply"));
  add_named(b.cooler_at, b.hall.coolers, c.name, c);
}

// ---------------------------------------------------------------------------------------
// Tiles

namespace {

// Everything about a tile but its name and where it lies: one tile entry, or every tile
// of a row.
struct TileTemplate {
  TileKind kind = TileKind::Perforated;
  Vec2d size_m = kDefaultTileSizeM;
  double open_fraction = TileSpec{}.open_fraction;
  bool jet_momentum = TileSpec{}.jet_momentum;
  std::string cooler;
  double flow_m3_s = 0;
};

std::string tile_fed_coolers(const Build& b) {
  std::vector<std::string> tile_fed;
  for (const CoolerSpec& c : b.hall.coolers)
    if (c.supply == SupplyMode::Tiles) tile_fed.push_back(c.name);
  return "coolers with supply: tiles: " + (tile_fed.empty() ? std::string("none in hall.coolers") : join(tile_fed));
}

const CoolerSpec& find_grille_cooler(const Value& v, const Build& b) {
  const std::string name = scalar_text(v, "a cooler name");
  if (const CoolerSpec* c = find_named(b.cooler_at, b.hall.coolers, name)) {
    if (c->supply != SupplyMode::Tiles)
      fail(v.where, "cooler " + in_quotes(name) + " has supply: " + choice_name(kSupplyModes, c->supply) +
                        ", so no grille delivers its air (allowed: " + tile_fed_coolers(b) + ")");
    return *c;
  }
  fail(v.where, "value " + in_quotes(name) + " names no cooler (allowed: " + tile_fed_coolers(b) + ")");
}

void read_perforated(const Section& s, TileTemplate& t, const Build& b) {
  for (const char* key : {"cooler", "flow"})
    s.forbid(key, "not allowed for a perforated tile, whose flow comes from the plenum pressure "
                  "(allowed for perforated: kind, size, open_fraction, jet_momentum; cooler and flow are for kind: "
                  "grille)");
  if (!b.hall.raised_floor)
    fail(s.where("kind"), "a perforated tile needs a raised floor, and this hall has no hall.raised_floor "
                          "(allowed: kind: grille, a fixed-flow floor grille, or add hall.raised_floor)");
  read_optional(s, "open_fraction", Dimension::Dimensionless, open_fraction_range(), t.open_fraction);
  if (const auto v = s.find("jet_momentum")) t.jet_momentum = read_bool(*v);
}

void read_grille(const Section& s, TileTemplate& t, const Build& b) {
  for (const char* key : {"open_fraction", "jet_momentum"})
    s.forbid(key, "not allowed for a grille, which delivers a fixed flow (allowed for grille: kind, size, "
                  "cooler, flow)");
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
  b.body_bins.for_each_near(lo, hi, [&](std::size_t id) {
    const Body& body = b.bodies[id];
    if (!body.solid && overlap(lo, hi, body.min_m, body.max_m, slack))
      fail(where, label + " (" + span_text(lo, hi) + ") lies under " + body.label + " (" +
                      span_text(body.min_m, body.max_m) + ", " + body.where.key + " on " + line_text(body.where) +
                      ") (allowed: tiles clear of the footprints of racks and coolers)");
  });
  b.tile_bins.for_each_near(lo, hi, [&](std::size_t id) {
    const TileSpec& other = b.hall.tiles[id];
    if (overlap(lo, hi, other.min_m, other.max_m, slack))
      fail(where, label + " (" + span_text(lo, hi) + ") overlaps tile " + in_quotes(other.name) + " (" +
                      span_text(other.min_m, other.max_m) + ", " + other.where.key + " on " +
                      line_text(other.where) + ") (allowed: tiles that do not overlap)");
  });
}

void add_tile(TileSpec tile, Build& b) {
  b.tile_bins.insert(b.hall.tiles.size(), tile.min_m, tile.max_m);
  b.hall.tiles.push_back(std::move(tile));
}

TileSpec make_tile(const TileTemplate& t, const std::string& name, const Vec2d& position_m, const SourceRef& where,
                   const SourceRef& where_geometry, const Build& b) {
  TileSpec tile;
  tile.name = name;
  tile.kind = t.kind;
  tile.open_fraction = t.open_fraction;
  tile.jet_momentum = t.jet_momentum;
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

}  // namespace

void read_tile(const Value& entry, std::size_t index, Build& b) {
  const Section s(entry, with({"name", "position"}, kTileKeys));
  std::string name = "tile-" + std::to_string(index + 1);
  if (const auto v = s.find("name")) name = read_name(*v);
  b.tile_names.claim(name, s.where("name"), kTileNames, entry.where);
  const Vec2d position_m = read_xy(s.get("position", kPositionText));
  const TileTemplate t = read_tile_template(s, b);
  require_object_room(b.hall.tiles.size(), 1, entry.where, "tiles");
  add_tile(make_tile(t, name, position_m, entry.where, s.where("position"), b), b);
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
  require_object_room(b.hall.tiles.size(), count, s.where("count"), "tiles");
  for (int k = 0; k < count; ++k) {
    const std::string tile_name = indexed_name(prefix, k + 1, count);
    b.tile_names.claim(tile_name, name.where, kTileNames, entry.where);
    Vec2d position_m = start_m;
    position_m[along] += k * pitch_m;
    add_tile(make_tile(t, tile_name, position_m, entry.where, entry.where, b), b);
  }
}

// ---------------------------------------------------------------------------------------
// Coolers against their grilles

void check_tile_coolers_have_grilles(const Build& b) {
  std::unordered_set<std::string> named;
  for (const TileSpec& t : b.hall.tiles)
    if (t.kind == TileKind::Grille) named.insert(t.cooler);
  for (std::size_t i = 0; i < b.hall.coolers.size(); ++i) {
    const CoolerSpec& c = b.hall.coolers[i];
    if (c.supply == SupplyMode::Tiles && !named.count(c.name))
      fail(b.cooler_supply_where[i], "value \"tiles\": no grille names cooler " + in_quotes(c.name) +
                                         " (allowed: tiles, with grilles in hall.tiles or hall.tile_rows "
                                         "that have cooler: " + c.name + "; or floor, front)");
  }
}

void check_grille_flows(const std::vector<CoolerSpec>& coolers, const std::vector<TileSpec>& tiles) {
  // One pass over the tiles for all coolers: what each cooler's grilles take so far.
  struct Grilles {
    double explicit_m3_s = 0;
    const TileSpec* sharing = nullptr;  // the first grille without a flow
  };
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < coolers.size(); ++i) index.emplace(coolers[i].name, i);
  std::vector<Grilles> grilles(coolers.size());
  for (const TileSpec& t : tiles) {
    if (t.kind != TileKind::Grille) continue;
    const auto found = index.find(t.cooler);
    if (found == index.end()) continue;
    const CoolerSpec& c = coolers[found->second];
    Grilles& g = grilles[found->second];
    if (t.flow_m3_s == 0) {
      if (!g.sharing) g.sharing = &t;
      continue;
    }
    g.explicit_m3_s += t.flow_m3_s;
    const double explicit_m3_s = g.explicit_m3_s;
    const double limit_m3_s = c.airflow_m3_s * (1 + kGeometrySlack);
    const std::string airflow = format_quantity(c.airflow_m3_s, Dimension::VolumeFlow);
    if (explicit_m3_s > limit_m3_s)
      fail(t.where, "grille " + in_quotes(t.name) + " brings the flows of the grilles of cooler " +
                        in_quotes(c.name) + " to " + format_quantity(explicit_m3_s, Dimension::VolumeFlow) +
                        ", more than its airflow (allowed: a total <= " + airflow + ", " + c.where.key +
                        ".airflow)");
  }
  for (std::size_t i = 0; i < coolers.size(); ++i) {
    const CoolerSpec& c = coolers[i];
    const TileSpec* sharing = grilles[i].sharing;
    const std::string airflow = format_quantity(c.airflow_m3_s, Dimension::VolumeFlow);
    if (sharing && grilles[i].explicit_m3_s >= c.airflow_m3_s * (1 - kGeometrySlack))
      fail(sharing->where, "grille " + in_quotes(sharing->name) +
                             " has no flow, so it shares what the explicit grille flows leave of cooler " +
                             in_quotes(c.name) + "'s " + airflow +
                             ", and they leave nothing (allowed: explicit flows that add up to less than " +
                             airflow + ", or a flow on every grille)");
  }
}

}  // namespace rackflow::detail::hall
