// The vertical colour bar beside a picture: the scale's colours, hottest at the top,
// ticks at round temperatures labelled in °C, and marked values such as the allowable
// inlet limit drawn across the bar with their own label.
#pragma once

#include <string>
#include <vector>

#include "postprocess/canvas.hpp"
#include "postprocess/colour_map.hpp"

namespace rackflow::post {

struct ColourBarMark {
  double value_c = 0;
  std::string label;  // "A1 max 32 °C"
};

// Pixels the bar with all its labels takes to the right of its left edge.
int colour_bar_width(const ColourScale& scale, const std::vector<ColourBarMark>& marks,
                     int text_scale);

// Draws the caption "°C" at (x, y) and the bar below it; `height` covers both.
void draw_colour_bar(Canvas& canvas, int x, int y, int height, const ColourScale& scale,
                     const std::vector<ColourBarMark>& marks, int text_scale);

}  // namespace rackflow::post
