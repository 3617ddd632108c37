#include "postprocess/hall_pictures.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include "postprocess/field_slice.hpp"
#include "postprocess/figure.hpp"
#include "postprocess/hall_elevation.hpp"
#include "postprocess/hall_history_plot.hpp"
#include "postprocess/hall_overlays.hpp"
#include "postprocess/hall_picture_geometry.hpp"
#include "postprocess/hall_vectors.hpp"
#include "postprocess/nice_numbers.hpp"

namespace rackflow::post {

namespace {

namespace fs = std::filesystem;

// Racks stand about this far apart along a row: the intake picture shows about four
// neighbours either side of the hottest rack.
constexpr double intake_window_m = 2.4;

std::string titled(const PictureOptions& options, const std::string& what) {
  return options.label.empty() ? what : options.label + ": " + what;
}

// Whole numbers without decimals (limits are mostly whole degrees), else one decimal.
std::string compact(double value) { return fixed(value, value == std::round(value) ? 0 : 1); }
std::string celsius(double value) { return fixed(value, 1) + " °C"; }
// Millimetres: cell centres of a 5 cm grid lie at x.x25 m, which two decimals would misstate.
std::string metres(double value) { return fixed(value, 3) + " m"; }
std::string at_time(double time_s) { return "t = " + fixed(time_s, 1) + " s"; }

double layer_centre(const Snapshot& s, int axis, int layer) { return s.origin_m[axis] + (layer + 0.5) * s.spacing_m; }

ColourKey temperature_key(const ColourScale& scale, const HallResults& results) {
  return {scale, "°C", picture_limit_marks(results)};
}

Figure painted(const FieldSlice& slice, const std::string& title, const ColourScale& scale, const HallResults& results) {
  Figure figure(slice, title, temperature_key(scale, results));
  figure.paint_cells(slice, [&scale](float t, std::int32_t id) { return id > 0 ? colours::solid : scale.colour(t); });
  return figure;
}

std::string inlet_slice_title(const PictureOptions& o, const HallResults& r, const Snapshot& s, double z) {
  std::string title = titled(o, "air temperature and velocity at z = " + metres(z) + ", " + at_time(s.time_s));
  title += "\nplan view, x right, y up; grey: solid; thick edge: rack front; dashed blue: floor tiles";
  if (!r.hotspots.empty())
    title += "\nhottest server inlet " + r.hotspots.front().server + " " + celsius(r.hotspots.front().temperature_c) +
             " at z = " + metres(r.hotspots.front().at_m[2]);
  return title;
}

PictureFile write_inlet_slice(const fs::path& dir, const Snapshot& s, const HallResults& r, const PictureOptions& o,
                              const ColourScale& scale, int k) {
  const FieldSlice slice = horizontal_slice(s, k);
  const double z = layer_centre(s, 2, k);
  Figure figure = painted(slice, inlet_slice_title(o, r, s, z), scale, r);
  for (const TileResult& tile : r.tiles)
    if (!tile.in_ceiling) draw_tile_plan(figure, tile);
  for (const CoolerResult& cooler : r.coolers) draw_cooler_plan(figure, cooler, false);
  for (const RackResult& rack : r.racks) {
    draw_rack_plan(figure, rack, 2, std::nullopt);
    label_rack_plan(figure, rack, rack.name);
  }
  draw_velocity_arrows(figure, slice);
  if (!r.hotspots.empty())
    draw_marker(figure, r.hotspots.front().at_m[0], r.hotspots.front().at_m[1],
                celsius(r.hotspots.front().temperature_c));
  figure.save(dir, kInletSliceStem);
  return {kInletSliceStem, "plan view of the air temperature at z = " + metres(z) +
                               " with velocity arrows; racks, cooling units and floor tiles outlined"};
}

// Racks of the same row facing the same way, whole inside the window: their fronts lie in
// the intake slice too. Racks cut by the window's edge are left out rather than drawn
// over the margin.
bool outlined_beside(const RackResult& hottest, const RackResult& other, const FieldSlice& window) {
  const int axis = face_axis(hottest.front), h = window.horizontal_axis;
  auto front_at = [axis](const RackResult& r) { return face_sign(r.front) < 0 ? r.min_m[axis] : r.max_m[axis]; };
  auto inside = [&window](double c_m) {
    const double column = window.column_of(c_m);
    return column >= -1e-6 && column <= window.columns + 1e-6;
  };
  return hottest.front == other.front && std::abs(front_at(hottest) - front_at(other)) < window.spacing_m &&
         inside(other.min_m[h]) && inside(other.max_m[h]);
}

PictureFile write_intake_slice(const fs::path& dir, const Snapshot& s, const HallResults& r, const PictureOptions& o,
                               const ColourScale& scale, const PicturePlane& plane) {
  const RackResult& rack = hottest_rack(r);
  const int axis = plane.axis, layer = plane.index;
  const FieldSlice full = vertical_slice(s, axis, layer, -face_sign(rack.front));
  const int h = full.horizontal_axis;
  const FieldSlice slice = crop_columns(full, rack.min_m[h] - intake_window_m, rack.max_m[h] + intake_window_m);
  const std::string title = titled(o, "intake of rack " + rack.name + " (hottest inlet " + celsius(rack.inlet_max_c) +
                                          "), " + at_time(s.time_s)) +
                            "\nseen from the aisle: cells one layer in front of its " + face_name(rack.front) +
                            " face, " + std::string(1, "xyz"[axis]) + " = " + metres(layer_centre(s, axis, layer)) +
                            "; grey: solid";
  Figure figure = painted(slice, title, scale, r);
  for (const RackResult& other : r.racks) {
    if (!outlined_beside(rack, other, slice)) continue;
    const double thickness = &other == &rack ? 3 : 1;
    const double left = other.min_m[h], right = other.max_m[h];
    figure.outline_box(left, other.min_m[2], right, other.max_m[2], colours::black, thickness);
    // Names near the top, clear of the intakes lower down where people look.
    const double room = std::abs(figure.plot().px(right) - figure.plot().px(left));
    draw_centred_label(figure, (left + right) / 2, other.max_m[2] - 0.15, other.name, room);
  }
  draw_marker(figure, rack.inlet_max_at_m[h], rack.inlet_max_at_m[2], celsius(rack.inlet_max_c));
  figure.save(dir, kIntakeSliceStem);
  return {kIntakeSliceStem, "vertical slice of the air temperature one cell in front of the intake of " + rack.name +
                                ", the rack with the hottest inlet, seen from the aisle"};
}

PictureFile write_inlet_plan(const fs::path& dir, const Snapshot& s, const HallResults& r, const PictureOptions& o,
                             const ColourScale& scale, int k) {
  const FieldSlice slice = horizontal_slice(s, k);
  const std::string title = titled(o, "hottest inlet of each rack, " + at_time(s.time_s)) + "\nASHRAE " +
                            ashrae_class_name(r.ashrae_class) + ": recommended " + compact(r.limits.recommended_min_c) +
                            "–" + compact(r.limits.recommended_max_c) + " °C, allowable " + compact(r.limits.min_c) +
                            "–" + compact(r.limits.max_c) + " °C; plan view, thick edge: rack front";
  Figure figure(slice, title, temperature_key(scale, r));
  // The walls and solids of the inlet-height layer, faint, only to place the racks.
  figure.paint_cells(slice, [](float, std::int32_t id) { return id > 0 ? colours::unit_fill : colours::white; });
  for (const TileResult& tile : r.tiles)
    if (!tile.in_ceiling) draw_tile_plan(figure, tile);
  for (const CoolerResult& cooler : r.coolers) draw_cooler_plan(figure, cooler, true);
  for (const RackResult& rack : r.racks) {
    draw_rack_plan(figure, rack, 1, scale.colour(rack.inlet_max_c));
    label_rack_plan(figure, rack, rack.name + "\n" + fixed(rack.inlet_max_c, 1));
  }
  figure.save(dir, kInletPlanStem);
  return {kInletPlanStem, "rack footprints coloured by each rack's hottest inlet, cooling units and floor tiles drawn"};
}

// The plenum's own pressure range over its air cells; a uniform plenum gets ±0.5 Pa so
// the scale is not empty.
ColourScale plenum_scale(const FieldSlice& slice) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (std::size_t i = 0; i < slice.pressure_pa.size(); ++i)
    if (slice.object_id[i] <= 0 && std::isfinite(slice.pressure_pa[i])) {
      low = std::min(low, double(slice.pressure_pa[i]));
      high = std::max(high, double(slice.pressure_pa[i]));
    }
  if (!(low < high)) {
    const double mid = std::isfinite(low) ? low : 0.0;
    return {mid - 0.5, mid + 0.5};
  }
  return {low, high};
}

PictureFile write_plenum_pressure(const fs::path& dir, const Snapshot& s, const HallResults& r,
                                  const PictureOptions& o, int k) {
  const FieldSlice slice = horizontal_slice(s, k);
  if (slice.pressure_pa.empty())
    throw std::invalid_argument("hall pictures: the plenum layer holds no pressure_pa");
  const ColourScale scale = plenum_scale(slice);
  const double z = layer_centre(s, 2, k);
  const std::string title =
      titled(o, "raised-floor plenum pressure at z = " + metres(z) + " (mid-plenum), " + at_time(s.time_s)) +
      "\nrelative to the reference pressure: " + fixed(scale.low, 1) + " to " + fixed(scale.high, 1) +
      " Pa; plan view; dashed blue: floor tiles above; grey: solid";
  Figure figure(slice, title, ColourKey{scale, "Pa", {}});
  figure.paint_values(slice, slice.pressure_pa,
                      [&scale](float p, std::int32_t id) { return id > 0 ? colours::solid : scale.colour(p); });
  for (const RackResult& rack : r.racks) figure.outline_box(rack.min_m[0], rack.min_m[1], rack.max_m[0], rack.max_m[1],
                                                            colours::solid, 1);
  for (const CoolerResult& cooler : r.coolers) draw_cooler_plan(figure, cooler, false);
  for (const TileResult& tile : r.tiles)
    if (!tile.in_ceiling) draw_tile_plan(figure, tile);
  figure.save(dir, kPlenumPressureStem);
  return {kPlenumPressureStem, "pressure in the raised-floor plenum at mid-height (z = " + metres(z) +
                                   ") [Pa], floor tiles and cooling units drawn"};
}

}  // namespace

std::vector<PictureFile> write_hall_pictures(const std::string& dir_name, const std::vector<Snapshot>& planes,
                                             const HallResults& results, const PictureOptions& options) {
  if (planes.empty()) throw std::invalid_argument("hall pictures: no planes given");
  const DomainGeometry domain = domain_geometry(planes.front());
  for (const Snapshot& plane : planes) {
    check_slice_fields(plane);
    if (!(domain_geometry(plane) == domain))
      throw std::invalid_argument("hall pictures: the planes lie in different domains");
  }
  const std::vector<PicturePlane> wanted = picture_planes(results, options, domain);
  if (planes.size() != wanted.size())
    throw std::invalid_argument("hall pictures: " + std::to_string(planes.size()) + " planes given, " +
                                std::to_string(wanted.size()) + " needed (picture_planes)");
  if (planes[0].velocity_m_s.empty())
    throw std::invalid_argument("hall pictures: the inlet-height layer holds no velocity_m_s (the arrows)");
  const ColourScale scale = picture_colour_scale(options, results);
  const fs::path dir(dir_name);
  // The slice functions check that each plane holds its layer.
  const int k = wanted[0].index;
  std::vector<PictureFile> files{write_inlet_slice(dir, planes[0], results, options, scale, k)};
  std::size_t next = 1;
  if (!results.racks.empty()) {
    files.push_back(write_intake_slice(dir, planes[next], results, options, scale, wanted[next]));
    ++next;
    files.push_back(write_inlet_plan(dir, planes[0], results, options, scale, k));
  }
  if (results.raised_floor) {
    files.push_back(write_plenum_pressure(dir, planes[next], results, options, wanted[next].index));
    ++next;
  }
  for (const RackRowGroup& group : rack_row_groups(results, domain))
    files.push_back(write_row_elevation(dir, planes[next++], results, group, scale, options.label));
  if (!results.racks.empty() && results.history.time_s.size() >= 2)
    files.push_back(write_inlet_history_plot(dir, results, options.label));
  return files;
}

}  // namespace rackflow::post
