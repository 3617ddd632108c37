#include "postprocess/hall_elevation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "postprocess/figure.hpp"
#include "postprocess/hall_overlays.hpp"
#include "postprocess/nice_numbers.hpp"

namespace rackflow::post {

namespace {

// Air beside the row's outermost racks, so their outlines and labels are not cut.
constexpr double kRowMarginM = 0.3;

}  // namespace

PictureFile write_row_elevation(const std::filesystem::path& dir, const Snapshot& plane, const HallResults& results,
                                const RackRowGroup& group, const ColourScale& scale, const std::string& label) {
  const RackResult& first = results.racks[group.racks.front()];
  const FieldSlice full = vertical_slice(plane, group.plane.axis, group.plane.index, -face_sign(first.front));
  const int h = full.horizontal_axis;
  double lo = first.min_m[h], hi = first.max_m[h];
  const RackResult* hottest = &first;
  for (const int r : group.racks) {
    const RackResult& rack = results.racks[r];
    lo = std::min(lo, rack.min_m[h]);
    hi = std::max(hi, rack.max_m[h]);
    if (rack.inlet_max_c > hottest->inlet_max_c) hottest = &rack;
  }
  const FieldSlice slice = crop_columns(full, lo - kRowMarginM, hi + kRowMarginM);
  const std::string what = "rack row " + group.name + ": intake temperature over each rack's front";
  const std::string title = (label.empty() ? what : label + ": " + what) + ", t = " + fixed(plane.time_s, 1) +
                            " s\nseen from the aisle, the cell layer in front of the " + face_name(first.front) +
                            " faces; hottest inlet " + hottest->name + " " + fixed(hottest->inlet_max_c, 1) + " °C";
  Figure figure(slice, title, ColourKey{scale, "°C", picture_limit_marks(results)});
  // Only the cells in front of a rack's face carry colour: the columns are the racks.
  auto in_front = [&](int column, int row) {
    const double c_m = slice.mirrored ? slice.left_m - (column + 0.5) * slice.spacing_m
                                      : slice.left_m + (column + 0.5) * slice.spacing_m;
    const double z_m = slice.bottom_m + (row + 0.5) * slice.spacing_m;
    for (const int r : group.racks) {
      const RackResult& rack = results.racks[r];
      if (c_m >= rack.min_m[h] && c_m < rack.max_m[h] && z_m >= rack.min_m[2] && z_m < rack.max_m[2]) return true;
    }
    return false;
  };
  std::vector<float> shown(slice.temperature_c.size(), std::numeric_limits<float>::quiet_NaN());
  for (int row = 0; row < slice.rows; ++row)
    for (int column = 0; column < slice.columns; ++column) {
      const std::size_t i = std::size_t(column) + std::size_t(slice.columns) * row;
      if (in_front(column, row)) shown[i] = slice.temperature_c[i];
    }
  figure.paint_values(slice, shown, [&scale](float t, std::int32_t id) {
    if (std::isnan(t)) return colours::white;
    return id > 0 ? colours::solid : scale.colour(t);
  });
  for (const int r : group.racks) {
    const RackResult& rack = results.racks[r];
    const double room = std::abs(figure.plot().px(rack.max_m[h]) - figure.plot().px(rack.min_m[h]));
    figure.outline_box(rack.min_m[h], rack.min_m[2], rack.max_m[h], rack.max_m[2], colours::black,
                       &rack == hottest ? 3 : 1.5);
    draw_centred_label(figure, (rack.min_m[h] + rack.max_m[h]) / 2, rack.max_m[2] - 0.15,
                       rack.name + "\n" + fixed(rack.inlet_max_c, 1), room);
  }
  draw_marker(figure, hottest->inlet_max_at_m[h], hottest->inlet_max_at_m[2], fixed(hottest->inlet_max_c, 1) + " °C");
  const std::string stem = kElevationStemPrefix + group.name;
  figure.save(dir, stem);
  return {stem, "row " + group.name + " seen from its aisle: each rack's front coloured by the intake temperature "
                "over its height (the cell layer in front of the intakes)"};
}

}  // namespace rackflow::post
