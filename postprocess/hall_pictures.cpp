#include "postprocess/hall_pictures.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "postprocess/field_slice.hpp"
#include "postprocess/field_writer.hpp"
#include "postprocess/figure.hpp"
#include "postprocess/hall_overlays.hpp"
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

const RackResult& hottest_rack(const HallResults& results) {
  return *std::max_element(
      results.racks.begin(), results.racks.end(),
      [](const RackResult& a, const RackResult& b) { return a.inlet_max_c < b.inlet_max_c; });
}

// The layer of cells just outside the rack's front face. The voxeliser makes a box of the
// cells whose centres lie in [min, max) (mesh/voxelizer.cpp); the same rule is used here,
// so the layer is the first one of air, not the rack's own intake cells.
int front_layer(const DomainGeometry& g, const RackResult& rack) {
  const int a = face_axis(rack.front);
  auto first_cell_at_or_above = [&](double x_m) {
    return int(std::ceil((x_m - g.origin_m[a]) / g.spacing_m - 0.5 - 1e-9));
  };
  const int layer = face_sign(rack.front) < 0 ? first_cell_at_or_above(rack.min_m[a]) - 1
                                              : first_cell_at_or_above(rack.max_m[a]);
  return std::clamp(layer, 0, int(g.cells[a] - 1));
}

double layer_centre(const Snapshot& s, int axis, int layer) {
  return s.origin_m[axis] + (layer + 0.5) * s.spacing_m;
}

Figure painted(const FieldSlice& slice, const std::string& title, const ColourScale& scale,
               const HallResults& results) {
  Figure figure(slice, title, scale, picture_limit_marks(results));
  figure.paint_cells(slice, [&scale](float t, std::int32_t id) {
    return id > 0 ? colours::solid : scale.colour(t);
  });
  return figure;
}

std::string inlet_slice_title(const PictureOptions& o, const HallResults& r, const Snapshot& s,
                              double z) {
  std::string title = titled(o, "air temperature at z = " + metres(z) + ", " + at_time(s.time_s));
  title += "\nplan view, x right, y up; grey: solid; thick edge: rack front";
  if (!r.hotspots.empty())
    title += "\nhottest server inlet " + r.hotspots.front().server +
             " " + celsius(r.hotspots.front().temperature_c) +
             " at z = " + metres(r.hotspots.front().at_m[2]);
  return title;
}

fs::path write_inlet_slice(const fs::path& dir, const Snapshot& s, const HallResults& r,
                           const PictureOptions& o, const ColourScale& scale, int k) {
  const FieldSlice slice = horizontal_slice(s, k);
  Figure figure = painted(slice, inlet_slice_title(o, r, s, layer_centre(s, 2, k)), scale, r);
  for (const RackResult& rack : r.racks) {
    draw_rack_plan(figure, rack, 2, std::nullopt);
    label_rack_plan(figure, rack, rack.name);
  }
  if (!r.hotspots.empty())
    draw_marker(figure, r.hotspots.front().at_m[0], r.hotspots.front().at_m[1],
                celsius(r.hotspots.front().temperature_c));
  const fs::path file = dir / kInletSliceFile;
  figure.save(file);
  return file;
}

// Racks of the same row facing the same way, whole inside the window: their fronts lie in
// the intake slice too. Racks cut by the window's edge are left out rather than drawn
// over the margin.
bool outlined_beside(const RackResult& hottest, const RackResult& other, const FieldSlice& window) {
  const int axis = face_axis(hottest.front), h = window.horizontal_axis;
  auto front_at = [axis](const RackResult& r) {
    return face_sign(r.front) < 0 ? r.min_m[axis] : r.max_m[axis];
  };
  auto inside = [&window](double c_m) {
    const double column = window.column_of(c_m);
    return column >= -1e-6 && column <= window.columns + 1e-6;
  };
  return hottest.front == other.front &&
         std::abs(front_at(hottest) - front_at(other)) < window.spacing_m &&
         inside(other.min_m[h]) && inside(other.max_m[h]);
}

fs::path write_intake_slice(const fs::path& dir, const Snapshot& s, const HallResults& r,
                            const PictureOptions& o, const ColourScale& scale, const PicturePlane& plane) {
  const RackResult& rack = hottest_rack(r);
  const int axis = plane.axis, layer = plane.index;
  const FieldSlice full = vertical_slice(s, axis, layer, -face_sign(rack.front));
  const int h = full.horizontal_axis;
  const FieldSlice slice =
      crop_columns(full, rack.min_m[h] - intake_window_m, rack.max_m[h] + intake_window_m);
  const std::string title = titled(o, "intake of rack " + rack.name + " (hottest inlet " +
                                          celsius(rack.inlet_max_c) + "), " + at_time(s.time_s)) +
                            "\nseen from the aisle: cells one layer in front of its " +
                            face_name(rack.front) + " face, " + std::string(1, "xyz"[axis]) +
                            " = " + metres(layer_centre(s, axis, layer)) + "; grey: solid";
  Figure figure = painted(slice, title, scale, r);
  for (const RackResult& other : r.racks) {
    if (!outlined_beside(rack, other, slice)) continue;
    const int thickness = &other == &rack ? 3 : 1;
    const double left = other.min_m[h], right = other.max_m[h];
    figure.outline_box(left, other.min_m[2], right, other.max_m[2], colours::black, thickness);
    // Names near the top, clear of the intakes lower down where people look.
    const int room = std::abs(figure.plot().px(right) - figure.plot().px(left));
    draw_centred_label(figure, (left + right) / 2, other.max_m[2] - 0.15, other.name, room);
  }
  draw_marker(figure, rack.inlet_max_at_m[h], rack.inlet_max_at_m[2], celsius(rack.inlet_max_c));
  const fs::path file = dir / kIntakeSliceFile;
  figure.save(file);
  return file;
}

fs::path write_inlet_plan(const fs::path& dir, const Snapshot& s, const HallResults& r,
                          const PictureOptions& o, const ColourScale& scale, int k) {
  const FieldSlice slice = horizontal_slice(s, k);
  const std::string title =
      titled(o, "hottest inlet of each rack, " + at_time(s.time_s)) + "\nASHRAE " +
      ashrae_class_name(r.ashrae_class) + ": recommended " + compact(r.limits.recommended_min_c) +
      "-" + compact(r.limits.recommended_max_c) + " °C, allowable " + compact(r.limits.min_c) +
      "-" + compact(r.limits.max_c) + " °C; plan view, thick edge: rack front";
  Figure figure(slice, title, scale, picture_limit_marks(r));
  // The walls and solids of the inlet-height layer, faint, only to place the racks.
  figure.paint_cells(
      slice, [](float, std::int32_t id) { return id > 0 ? colours::unit_fill : colours::white; });
  for (const CoolerResult& cooler : r.coolers) draw_cooler_plan(figure, cooler);
  for (const RackResult& rack : r.racks) {
    draw_rack_plan(figure, rack, 1, scale.colour(rack.inlet_max_c));
    label_rack_plan(figure, rack, rack.name + "\n" + fixed(rack.inlet_max_c, 1));
  }
  const fs::path file = dir / kInletPlanFile;
  figure.save(file);
  return file;
}

}  // namespace

std::vector<ColourBarMark> picture_limit_marks(const HallResults& results) {
  const InletLimits& l = results.limits;
  std::vector<ColourBarMark> marks{
      {l.max_c, std::string(ashrae_class_name(results.ashrae_class)) + " max " + compact(l.max_c)}};
  if (l.recommended_max_c != l.max_c)
    marks.push_back({l.recommended_max_c, "rec. max " + compact(l.recommended_max_c)});
  return marks;
}

ColourScale picture_colour_scale(const PictureOptions& options, const HallResults& results) {
  const ColourScale scale{options.temperature_min_c.value_or(results.limits.recommended_min_c - 3),
                          options.temperature_max_c.value_or(results.limits.max_c + 8)};
  if (!(std::isfinite(scale.min_c) && std::isfinite(scale.max_c) && scale.min_c < scale.max_c))
    throw std::invalid_argument("picture colour range " + fixed(scale.min_c, 2) + " to " +
                                fixed(scale.max_c, 2) + " °C (allowed: finite, min < max)");
  return scale;
}

double inlet_slice_height(const PictureOptions& options, const HallResults& results,
                          const DomainGeometry& domain) {
  if (options.slice_height_m) return *options.slice_height_m;
  if (!results.hotspots.empty()) return results.hotspots.front().at_m[2];
  double base = domain.origin_m[2];
  if (!results.racks.empty())
    base = std::min_element(
               results.racks.begin(), results.racks.end(),
               [](const RackResult& a, const RackResult& b) { return a.min_m[2] < b.min_m[2]; })
               ->min_m[2];
  return base + 1.2;  // about the middle of a 42U rack's column of servers
}

std::vector<PicturePlane> picture_planes(const HallResults& results, const PictureOptions& options,
                                         const DomainGeometry& domain) {
  std::vector<PicturePlane> planes{{2, nearest_layer(domain, 2, inlet_slice_height(options, results, domain))}};
  if (!results.racks.empty()) {
    const RackResult& rack = hottest_rack(results);
    planes.push_back({face_axis(rack.front), front_layer(domain, rack)});
  }
  return planes;
}

std::vector<std::string> write_hall_pictures(const std::string& dir, const std::vector<Snapshot>& planes,
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
  const ColourScale scale = picture_colour_scale(options, results);
  // The slice functions check that each plane holds its layer.
  const int k = wanted[0].index;
  std::vector<std::string> files{write_inlet_slice(dir, planes[0], results, options, scale, k).string()};
  if (!results.racks.empty()) {
    files.push_back(write_intake_slice(dir, planes[1], results, options, scale, wanted[1]).string());
    files.push_back(write_inlet_plan(dir, planes[0], results, options, scale, k).string());
  }
  return files;
}

}  // namespace rackflow::post
