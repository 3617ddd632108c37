// The vertical colour bar beside a picture: the scale's colours, highest at the top,
// ticks at round values labelled under a caption with the unit ("°C", "Pa"), and marked
// values such as the allowable inlet limit drawn across the bar with their own label.
#pragma once

#include <string>
#include <vector>

#include "postprocess/colour_map.hpp"
#include "postprocess/picture.hpp"

namespace rackflow::post {

struct ColourBarMark {
  double value = 0;   // in the scale's unit
  std::string label;  // "A1 max 32 °C"
};

// What a figure's colours mean: the scale, its unit and the marked values.
struct ColourKey {
  ColourScale scale;
  std::string unit = "°C";
  std::vector<ColourBarMark> marks;
};

// Pixels the bar with all its labels takes to the right of its left edge.
int colour_bar_width(const ColourKey& key);

// The rows of the bar proper (below the caption), for callers and tests that read it.
struct ColourBarRows {
  double top = 0, height = 0;  // picture pixels
};
ColourBarRows colour_bar_rows(double y, double height);

// Draws the caption at (x, y) and the bar below it; `height` covers both.
void draw_colour_bar(cairo_t* cr, double x, double y, double height, const ColourKey& key);

// Pixels of the bar's width.
inline constexpr double kColourBarWidthPx = 24;

}  // namespace rackflow::post
