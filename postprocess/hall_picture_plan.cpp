// What the hall pictures are drawn from, without drawing anything: built with or without
// Cairo, so the solver gathers the same layers and reruns clean the same files.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include "postprocess/hall_pictures.hpp"
#include "postprocess/hall_picture_geometry.hpp"
#include "postprocess/nice_numbers.hpp"

namespace rackflow::post {

namespace {

// Whole numbers without decimals (limits are mostly whole degrees), else one decimal.
std::string compact(double value) { return fixed(value, value == std::round(value) ? 0 : 1); }

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A row name as a file name: letters, digits, '-' and '_' kept, anything else '_'.
std::string file_safe(const std::string& name) {
  std::string out;
  for (const char c : name)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return out;
}

}  // namespace

bool is_picture_file(const std::string& name) {
  for (const char* format : kPictureFormats) {
    if (!ends_with(name, format)) continue;
    const std::string stem = name.substr(0, name.size() - std::string(format).size());
    for (const char* fixed_stem : {kInletSliceStem, kIntakeSliceStem, kInletPlanStem, kHistoryPlotStem,
                                   kPlenumPressureStem})
      if (stem == fixed_stem) return true;
    const std::string prefix = kElevationStemPrefix;
    return stem.size() > prefix.size() && stem.compare(0, prefix.size(), prefix) == 0 &&
           file_safe(stem) == stem;
  }
  return false;
}

std::vector<ColourBarMark> picture_limit_marks(const HallResults& results) {
  const InletLimits& l = results.limits;
  std::vector<ColourBarMark> marks{
      {l.max_c, std::string(ashrae_class_name(results.ashrae_class)) + " max " + compact(l.max_c)}};
  if (l.recommended_max_c != l.max_c) marks.push_back({l.recommended_max_c, "rec. max " + compact(l.recommended_max_c)});
  return marks;
}

ColourScale picture_colour_scale(const PictureOptions& options, const HallResults& results) {
  const ColourScale scale{options.temperature_min_c.value_or(results.limits.recommended_min_c - 3),
                          options.temperature_max_c.value_or(results.limits.max_c + 8)};
  if (!(std::isfinite(scale.low) && std::isfinite(scale.high) && scale.low < scale.high))
    throw std::invalid_argument("picture colour range " + fixed(scale.low, 2) + " to " + fixed(scale.high, 2) +
                                " °C (allowed: finite, min < max)");
  return scale;
}

double inlet_slice_height(const PictureOptions& options, const HallResults& results, const DomainGeometry& domain) {
  if (options.slice_height_m) return *options.slice_height_m;
  if (!results.hotspots.empty()) return results.hotspots.front().at_m[2];
  double base = domain.origin_m[2];
  if (!results.racks.empty())
    base = std::min_element(results.racks.begin(), results.racks.end(), [](const RackResult& a, const RackResult& b) {
             return a.min_m[2] < b.min_m[2];
           })->min_m[2];
  return base + 1.2;  // about the middle of a 42U rack's column of servers
}

std::vector<RackRowGroup> rack_row_groups(const HallResults& results, const DomainGeometry& domain) {
  // Racks of a row in the order the results list them (the row's order), grouped by the
  // way they face and the layer in front of them; a row name gets a suffix only where it
  // splits.
  std::vector<RackRowGroup> groups;
  std::map<std::tuple<std::string, int, int, int>, std::size_t> index;
  for (std::size_t r = 0; r < results.racks.size(); ++r) {
    const RackResult& rack = results.racks[r];
    if (face_axis(rack.front) == 2) continue;  // no front to look at from an aisle
    const PicturePlane plane{face_axis(rack.front), front_layer(domain, rack)};
    const auto key = std::make_tuple(rack.row, int(rack.front), plane.axis, plane.index);
    const auto [at, added] = index.emplace(key, groups.size());
    if (added) groups.push_back({rack.row.empty() ? "racks" : rack.row, {}, plane});
    groups[at->second].racks.push_back(int(r));
  }
  std::map<std::string, int> seen, count;
  for (const RackRowGroup& g : groups) ++count[g.name];
  for (RackRowGroup& g : groups) {
    const int n = ++seen[g.name];
    g.name = file_safe(g.name) + (count[g.name] > 1 ? "_" + std::to_string(n) : "");
  }
  return groups;
}

std::vector<PicturePlane> picture_planes(const HallResults& results, const PictureOptions& options,
                                         const DomainGeometry& domain) {
  std::vector<PicturePlane> planes{{2, nearest_layer(domain, 2, inlet_slice_height(options, results, domain))}};
  if (!results.racks.empty()) {
    const RackResult& rack = hottest_rack(results);
    planes.push_back({face_axis(rack.front), front_layer(domain, rack)});
  }
  if (results.raised_floor)
    planes.push_back({2, nearest_layer(domain, 2, plenum_mid_height(*results.raised_floor))});
  for (const RackRowGroup& g : rack_row_groups(results, domain)) planes.push_back(g.plane);
  return planes;
}

}  // namespace rackflow::post
