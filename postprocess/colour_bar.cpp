#include "postprocess/colour_bar.hpp"

#include <algorithm>
#include <cmath>

#include "postprocess/bitmap_font.hpp"
#include "postprocess/nice_numbers.hpp"

namespace rackflow::post {

namespace {

constexpr int bar_width = 24;
constexpr int tick_length = 6;
constexpr int gap = 6;  // between a tick and its label, and between label columns

// Round temperatures inside the scale, about six of them.
std::vector<double> tick_values(const ColourScale& scale, double step) {
  std::vector<double> ticks;
  for (double t = std::ceil(scale.min_c / step - 1e-9) * step; t <= scale.max_c + 1e-9 * step;
       t += step)
    ticks.push_back(t);
  return ticks;
}

double tick_step(const ColourScale& scale) { return nice_step((scale.max_c - scale.min_c) / 6); }

std::vector<std::string> tick_labels(const ColourScale& scale) {
  const double step = tick_step(scale);
  std::vector<std::string> labels;
  for (const double t : tick_values(scale, step)) labels.push_back(fixed(t, decimals_for(step)));
  return labels;
}

int widest(const std::vector<std::string>& texts, int text_scale) {
  int w = 0;
  for (const auto& t : texts) w = std::max(w, text_width(t, text_scale));
  return w;
}

std::vector<std::string> mark_labels(const std::vector<ColourBarMark>& marks) {
  std::vector<std::string> labels;
  for (const auto& m : marks) labels.push_back(m.label);
  return labels;
}

}  // namespace

int colour_bar_width(const ColourScale& scale, const std::vector<ColourBarMark>& marks,
                     int text_scale) {
  const int ticks = bar_width + tick_length + gap + widest(tick_labels(scale), text_scale);
  const int caption = text_width("°C", text_scale);
  const int with_marks =
      marks.empty() ? ticks : ticks + 2 * gap + widest(mark_labels(marks), text_scale);
  return std::max(caption, with_marks);
}

void draw_colour_bar(Canvas& canvas, int x, int y, int height, const ColourScale& scale,
                     const std::vector<ColourBarMark>& marks, int text_scale) {
  draw_text(canvas, x, y, "°C", colours::black, text_scale);
  const int top = y + text_height(text_scale) * 2;  // room for the caption and a top label
  const int h = std::max(1, height - (top - y) - text_height(text_scale));
  for (int row = 0; row < h; ++row) {
    const double value = scale.max_c - (row + 0.5) / h * (scale.max_c - scale.min_c);
    canvas.fill_rect(x, top + row, bar_width, 1, scale.colour(value));
  }
  canvas.outline_rect(x, top, bar_width, h, colours::black);
  auto row_of = [&](double value) {
    return top + int(std::lround((1 - scale.fraction(value)) * (h - 1)));
  };
  const double step = tick_step(scale);
  const int label_x = x + bar_width + tick_length + gap;
  for (const double t : tick_values(scale, step)) {
    const int r = row_of(t);
    canvas.fill_rect(x + bar_width, r, tick_length, 1, colours::black);
    draw_text(canvas, label_x, r - text_height(text_scale) / 2, fixed(t, decimals_for(step)),
              colours::black, text_scale);
  }
  const int mark_x = label_x + widest(tick_labels(scale), text_scale) + 2 * gap;
  for (const auto& m : marks) {
    const int r = row_of(m.value_c);
    // White rims keep the black line visible where the bar itself is dark.
    canvas.fill_rect(x - 4, r - 2, bar_width + 8, 5, colours::white);
    canvas.fill_rect(x - 4, r - 1, bar_width + 8, 3, colours::black);
    canvas.line(x + bar_width + 4, r, mark_x - gap, r, colours::black);
    draw_text(canvas, mark_x, r - text_height(text_scale) / 2, m.label, colours::black, text_scale);
  }
}

}  // namespace rackflow::post
