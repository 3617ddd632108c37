// Text on the pictures through Pango: any Unicode the installed fonts cover (m³/s, Δ,
// °C), anti-aliased, with real descenders. Sizes are pixel heights of the font (the em),
// so the same text measures the same on the PNG, SVG and PDF (metrics are not hinted).
// Several lines are separated by '\n'.
#pragma once

#include <string>

#include "postprocess/picture.hpp"

namespace rackflow::post {

// The two sizes every picture uses: titles, ticks and labels that fit their box, and the
// smaller type for labels that would not.
inline constexpr double kTextPx = 15;
inline constexpr double kSmallTextPx = 11;
// The font family asked for; fontconfig picks what is installed (DejaVu Sans on Debian).
inline constexpr const char* kFontFamily = "DejaVu Sans";

struct TextExtent {
  double width = 0, height = 0;  // of the layout's logical box [px]
};

TextExtent measure_text(const std::string& text, double size_px);

// Characters of `text` that no installed font could draw (shown as boxes): 0 when all render.
int unknown_glyphs(const std::string& text, double size_px);

// `text` with the top-left corner of its logical box at (x, y).
void draw_text(cairo_t* cr, double x, double y, const std::string& text, double size_px, Rgb colour);

// draw_text, black over a white rim: a label stays readable on any colour of the map.
void draw_label(cairo_t* cr, double x, double y, const std::string& text, double size_px);

}  // namespace rackflow::post
