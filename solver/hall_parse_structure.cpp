// The solid structure of the hall: column grids, panels and aisle containment, all of
// which become solid boxes in CaseSpec::boxes.
#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "hall_parse_common.hpp"
#include "quantity.hpp"

namespace rackflow::detail::hall {

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
    require_object_room(b.spec.boxes.size(), double(count[0]) * count[1], v->where, "boxes (columns among them)");
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

// A panel at least a cell thick is a solid box; a thinner one (down to 0 thickness along
// one axis, its thinnest) is a link wall on the grid face nearest its mid-plane
// (BoxKind::Panel), so a 5 cm door in 10 cm cells blocks without becoming a 10 cm slab.
void read_panel(const Value& entry, Build& b) {
  const Section s(entry, {"name", "min", "max"});
  BoxSpec box;
  box.where = entry.where;
  box.name = read_object_name(s, entry.where, b.object_names);
  box.kind = BoxKind::Solid;
  const std::string corner = "3 lengths [x, y, z] inside the domain";
  const auto lo = read_numbers<3>(s.get("min", corner), Dimension::Length, "[x, y, z]");
  const auto hi = read_numbers<3>(s.get("max", corner), Dimension::Length, "[x, y, z]");
  int flat = 0;
  for (int a = 0; a < 3; ++a) {
    const Range inside = within(0, b.spec.domain.size_m[a], std::string("the domain extent in ") + kAxis[a]);
    box.min_m[a] = require_within(lo[a], inside, "is outside the domain");
    box.max_m[a] = require_within(hi[a], inside, "is outside the domain");
    const bool zero = hi[a].value == lo[a].value && flat++ == 0;  // one axis may be flat
    if (!zero)
      require(hi[a], greater_than(lo[a].value).because(std::string("above this panel's min ") + kAxis[a] +
                                                      "; a panel may be flat (max = min) along one axis"),
              Dimension::Length);
  }
  const double dx = b.spec.domain.resolution_m;
  for (int a = 0; a < 3; ++a)
    if (box.max_m[a] - box.min_m[a] < dx * (1 - kGeometrySlack)) box.kind = BoxKind::Panel;
  if (box.kind == BoxKind::Solid) {
    add_solid(b, std::move(box));
    return;
  }
  require_object_room(b.spec.boxes.size(), 1, box.where, "boxes");
  place(b, {"panel " + in_quotes(box.name), box.min_m, box.max_m, box.where, true});
  b.spec.boxes.push_back(std::move(box));
}

// ---------------------------------------------------------------------------------------
// Containment

namespace {

enum class Aisle { Cold, Hot };
const Choices<Aisle> kAisles = {{"cold_aisle", Aisle::Cold}, {"hot_aisle", Aisle::Hot}};

// The aisle between two rows: where the roof and doors go.
struct AisleSpan {
  int along = 0;
  Vec2d along_m{0, 0}, across_m{0, 0};
  double top_m = 0;
};

const RowLayout& find_row(const Value& v, const Build& b) {
  const std::string name = scalar_text(v, "a rack row name");
  if (const RowLayout* r = find_named(b.row_at, b.rows, name)) return *r;
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

enum class Doors { Both, None, Start, End };
const Choices<Doors> kDoors = {{"both", Doors::Both}, {"none", Doors::None}, {"start", Doors::Start},
                               {"end", Doors::End},   {"true", Doors::Both}, {"false", Doors::None}};

struct ContainmentPanels {
  bool roof = true;
  Doors doors = Doors::Both;
  double leakage = 0;  // open fraction of every panel; 0: solid
};

// A containment panel: a link wall of zero thickness on its face `plane_m` along `axis`
// (BoxKind::Panel), or with leakage a porous layer one cell thick (HallSpec::leaky_panels).
void add_panel(Build& b, const std::string& name, const Vec3d& lo, const Vec3d& hi, int axis, double plane_m,
               double leakage, const SourceRef& where) {
  if (leakage == 0) {
    b.object_names.claim(name, where, kObjectNames, where);
    BoxSpec box;
    box.name = name;
    box.kind = BoxKind::Panel;
    box.min_m = lo;
    box.max_m = hi;
    box.min_m[axis] = box.max_m[axis] = plane_m;
    box.where = where;
    fit_inside_domain("panel " + in_quotes(name), box.min_m, box.max_m, where, b.spec.domain);
    require_object_room(b.spec.boxes.size(), 1, where, "boxes");
    b.spec.boxes.push_back(std::move(box));
    return;
  }
  b.object_names.claim(name, where, kObjectNames, where);
  LeakyPanelSpec p{name, lo, hi, axis, leakage, where};
  fit_inside_domain("box " + in_quotes(name), p.min_m, p.max_m, where, b.spec.domain);
  place(b, {"box " + in_quotes(name), p.min_m, p.max_m, where, true});
  b.hall.leaky_panels.push_back(p);
}

// Roof over the aisle at the rack top, doors closing the chosen ends (door-1 at the low
// end along the rows, door-2 at the high end): thin link panels on the aisle's boundary,
// or leaky layers one cell thick just outside it.
void add_containment(const AisleSpan& g, const std::string& prefix, const ContainmentPanels& panels,
                     const SourceRef& where, Build& b) {
  const double t = b.spec.domain.resolution_m;
  if (panels.roof) {
    const auto [roof_lo, roof_hi] = aisle_box(g, g.along_m, {g.top_m, g.top_m + t});
    add_panel(b, prefix + "-roof", roof_lo, roof_hi, 2, g.top_m, panels.leakage, where);
  }
  const Vec2d height{floor_top_m(b.hall), g.top_m};
  const Vec2d ends[2] = {{g.along_m[0] - t, g.along_m[0]}, {g.along_m[1], g.along_m[1] + t}};
  const bool door[2] = {panels.doors == Doors::Both || panels.doors == Doors::Start,
                        panels.doors == Doors::Both || panels.doors == Doors::End};
  for (int k = 0; k < 2; ++k) {
    if (!door[k]) continue;
    const auto [lo, hi] = aisle_box(g, ends[k], height);
    add_panel(b, prefix + "-door-" + std::to_string(k + 1), lo, hi, g.along, g.along_m[k], panels.leakage, where);
  }
}

// Beyond a fifth open a panel is no containment; measured containment leaks are ~2 %
// (DESIGN.md §6: about 2 % through containment).
constexpr double kMaxLeakage = 0.2;

}  // namespace

void read_containment(const Value& entry, Build& b) {
  const Section s(entry, {"kind", "rows", "doors", "roof", "leakage"});
  const Aisle aisle = read_required_choice(s, "kind", kAisles);
  const Value rows = s.get("rows", "the names of two rack rows [A, B]");
  const auto names = fixed_list<2>(rows, "rack row names");
  const RowLayout& a = find_row(names[0], b);
  const RowLayout& c = find_row(names[1], b);
  if (&a == &c)
    fail(names[1].where, "value " + in_quotes(a.name) + " names the same row twice (allowed: two different rows "
                                                     "of hall.rack_rows)");
  ContainmentPanels panels;
  if (const auto v = s.find("doors")) panels.doors = read_choice(*v, kDoors);
  if (const auto v = s.find("roof")) panels.roof = read_bool(*v);
  read_optional(s, "leakage", Dimension::Dimensionless,
                at_least(0).up_to(kMaxLeakage).because("the open fraction of a panel; measured leaks are ~2 %"),
                panels.leakage);
  const AisleSpan g = aisle_between(a, c, aisle, rows, slack_m(b.spec.domain));
  add_containment(g, "containment-" + a.name + "-" + c.name, panels, entry.where, b);
}

}  // namespace rackflow::detail::hall
