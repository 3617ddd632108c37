// The geometry checks and small-value readers that the parts of the `hall` parser share.
#include "hall_parse_common.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace rackflow::detail::hall {

// ---------------------------------------------------------------------------------------
// Geometry

double floor_top_m(const HallSpec& h) { return h.raised_floor ? h.raised_floor->height_m : 0.0; }

namespace {

// The underside of the ceiling slab, or the domain top in a hall without a ceiling plenum.
double ceiling_m(const Build& b) {
  const double top = b.spec.domain.size_m[2];
  const auto& p = b.hall.ceiling_plenum;
  return p ? top - p->height_m - p->thickness_m : top;
}

}  // namespace

double slack_m(const DomainSpec& d) {
  return kGeometrySlack * *std::max_element(d.size_m.begin(), d.size_m.end());
}

void place(Build& b, Body body) {
  const Vec2d lo{body.min_m[0], body.min_m[1]}, hi{body.max_m[0], body.max_m[1]};
  b.body_bins.for_each_near(lo, hi, [&](std::size_t id) {
    const Body& other = b.bodies[id];
    if (!(body.solid && other.solid) &&
        overlap(body.min_m, body.max_m, other.min_m, other.max_m, slack_m(b.spec.domain)))
      fail(body.where, body.label + " (" + span_text(body.min_m, body.max_m) + ") overlaps " + other.label +
                           " (" + span_text(other.min_m, other.max_m) + ", " + other.where.key + " on " +
                           line_text(other.where) +
                           ") (allowed: racks, coolers, columns and panels that do not overlap; "
                           "touching is fine)");
  });
  b.body_bins.insert(b.bodies.size(), lo, hi);
  b.bodies.push_back(std::move(body));
}

void check_below_ceiling(const std::string& label, double top_m, const SourceRef& where, const Build& b) {
  const double ceiling = ceiling_m(b);
  if (b.hall.ceiling_plenum && top_m > ceiling + slack_m(b.spec.domain))
    fail(where, label + " reaches z " + format_quantity(top_m, Dimension::Length) +
                    ", into the ceiling (allowed: a top <= " + format_quantity(ceiling, Dimension::Length) +
                    ", the underside of hall.ceiling_plenum)");
}

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
  require_object_room(b.spec.boxes.size(), 1, box.where, "boxes");
  place(b, {"box " + in_quotes(box.name), box.min_m, box.max_m, box.where, true});
  b.spec.boxes.push_back(std::move(box));
}

void add_generated_solid(Build& b, const std::string& name, Vec3d lo, Vec3d hi, const SourceRef& where) {
  b.object_names.claim(name, where, kObjectNames, where);
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

namespace {

constexpr double kMaxCount = 100000;  // racks, tiles or columns in one row or grid

}  // namespace

Vec2d read_xy(const Value& v) { return values_of(read_numbers<2>(v, Dimension::Length, "[x, y]")); }

int read_count(const Value& v) {
  const Range r = at_least(1).up_to(kMaxCount);
  const Number n = read_number(v, Dimension::Dimensionless, r);
  if (n.value != std::floor(n.value))
    fail(v.where, "value " + n.shown + " is not a whole number (allowed: a whole number " +
                      r.describe(Dimension::Dimensionless) + ")");
  return static_cast<int>(n.value);
}

std::string read_unique_name(const Section& s, const SourceRef& entry, NameIndex& names, const std::string& list) {
  const Value v = s.get("name", kNameRule);
  const std::string name = read_name(v);
  names.claim(name, v.where, list, entry);
  return name;
}

std::string indexed_name(const std::string& prefix, int index, int count) {
  const std::size_t digits = std::max<std::size_t>(2, std::to_string(count).size());
  std::string k = std::to_string(index);
  return prefix + std::string(digits - k.size(), '0') + k;
}

}  // namespace rackflow::detail::hall
