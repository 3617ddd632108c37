#include "postprocess/colour_bar.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>

#include "postprocess/nice_numbers.hpp"
#include "postprocess/picture_text.hpp"

namespace rackflow::post {

namespace {

constexpr double tick_length = 6;
constexpr double gap = 6;  // between a tick and its label, and between label columns

// Round values inside the scale, about six of them.
std::vector<double> tick_values(const ColourScale& scale, double step) {
  std::vector<double> ticks;
  for (double t = std::ceil(scale.low / step - 1e-9) * step; t <= scale.high + 1e-9 * step; t += step)
    ticks.push_back(t);
  return ticks;
}

double tick_step(const ColourScale& scale) { return nice_step((scale.high - scale.low) / 6); }

std::vector<std::string> tick_labels(const ColourScale& scale) {
  const double step = tick_step(scale);
  std::vector<std::string> labels;
  for (const double t : tick_values(scale, step)) labels.push_back(fixed(t, decimals_for(step)));
  return labels;
}

double widest(const std::vector<std::string>& texts) {
  double w = 0;
  for (const auto& t : texts) w = std::max(w, measure_text(t, kTextPx).width);
  return w;
}

std::vector<std::string> mark_labels(const std::vector<ColourBarMark>& marks) {
  std::vector<std::string> labels;
  for (const auto& m : marks) labels.push_back(m.label);
  return labels;
}

}  // namespace

int colour_bar_width(const ColourKey& key) {
  const double ticks = kColourBarWidthPx + tick_length + gap + widest(tick_labels(key.scale));
  const double caption = measure_text(key.unit, kTextPx).width;
  const double with_marks = key.marks.empty() ? ticks : ticks + 2 * gap + widest(mark_labels(key.marks));
  return int(std::ceil(std::max(caption, with_marks)));
}

ColourBarRows colour_bar_rows(double y, double height) {
  // Room for the caption and half a label above the bar, half a label below it.
  const double line = measure_text("0", kTextPx).height;
  return {std::round(y + 2 * line), std::max(1.0, std::round(height - 3 * line))};
}

void draw_colour_bar(cairo_t* cr, double x, double y, double height, const ColourKey& key) {
  const ColourScale& scale = key.scale;
  draw_text(cr, x, y, key.unit, kTextPx, colours::black);
  const ColourBarRows bar = colour_bar_rows(y, height);
  // One band per pixel row, the value at its centre: what the PNG shows row by row.
  const int rows = int(std::lround(bar.height));
  cairo_save(cr);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  for (int row = 0; row < rows; ++row) {
    const double value = scale.high - (row + 0.5) / rows * (scale.high - scale.low);
    fill_rect(cr, x, bar.top + row, kColourBarWidthPx, 1, scale.colour(value));
  }
  cairo_restore(cr);
  stroke_rect(cr, x - 0.5, bar.top - 0.5, kColourBarWidthPx + 1, rows + 1, colours::black, 1);
  auto y_of = [&](double value) { return bar.top + (1 - scale.fraction(value)) * rows; };
  const double step = tick_step(scale);
  const double label_x = x + kColourBarWidthPx + tick_length + gap;
  const double half_line = measure_text("0", kTextPx).height / 2;
  for (const double t : tick_values(scale, step)) {
    const double r = y_of(t);
    line(cr, x + kColourBarWidthPx, r, x + kColourBarWidthPx + tick_length, r, colours::black, 1);
    draw_text(cr, label_x, r - half_line, fixed(t, decimals_for(step)), kTextPx, colours::black);
  }
  const double mark_x = label_x + widest(tick_labels(scale)) + 2 * gap;
  for (const auto& m : key.marks) {
    const double r = y_of(m.value);
    // A white rim keeps the black line visible where the bar itself is dark.
    line(cr, x - 4, r, x + kColourBarWidthPx + 4, r, colours::white, 5);
    line(cr, x - 4, r, x + kColourBarWidthPx + 4, r, colours::black, 2.5);
    line(cr, x + kColourBarWidthPx + 4, r, mark_x - gap, r, colours::black, 1);
    draw_text(cr, mark_x, r - half_line, m.label, kTextPx, colours::black);
  }
}

}  // namespace rackflow::post
