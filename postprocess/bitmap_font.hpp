// Text on a Canvas with an embedded 5×7 bitmap font: printable ASCII (32–126) and the
// degree sign, so labels need no font files on the machine that runs the solver.
#pragma once

#include <string>

#include "postprocess/canvas.hpp"

namespace rackflow::post {

// Each glyph cell is 6×9 font pixels (5×7 glyph plus spacing), times `scale`.
inline constexpr int glyph_advance = 6;
inline constexpr int line_height = 9;

// Width in canvas pixels of `text` (UTF-8) drawn at `scale`, without the trailing space.
int text_width(const std::string& text, int scale);
inline int text_height(int scale) { return 7 * scale; }

// Draws UTF-8 `text` with its top-left corner at (x, y), each font pixel a scale×scale
// block. "°" has its own glyph; any other character outside ASCII shows as '?'.
// '\n' starts a new line.
void draw_text(Canvas& canvas, int x, int y, const std::string& text, Rgb colour, int scale);

// draw_text over a one-pixel white rim: a label stays readable on any colour of the map.
void draw_label(Canvas& canvas, int x, int y, const std::string& text, int scale);

}  // namespace rackflow::post
