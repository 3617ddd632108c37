#include "postprocess/hall_history_plot.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "postprocess/nice_numbers.hpp"
#include "postprocess/picture.hpp"
#include "postprocess/picture_text.hpp"

namespace rackflow::post {

namespace {

constexpr int kWidth = 1100, kHeight = 620;
constexpr double kLeft = 80, kRight = 230, kTop = 72, kBottom = 60;  // plot margins [px]
// Tableau 10: colours told apart in print and by most colour-blind readers.
constexpr Rgb kPalette[kHistoryNamedRacks] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},  {148, 103, 189},
                                               {140, 86, 75},  {227, 119, 194}, {188, 189, 34}, {23, 190, 207}};
constexpr Rgb kOtherRack{190, 190, 190};
constexpr Rgb kLimit{214, 39, 40};

struct Axis {
  double low, high, step;
  double to_px(double v, double px0, double px1) const { return px0 + (v - low) / (high - low) * (px1 - px0); }
};

// Round ends around [low, high], about `ticks` steps.
Axis nice_axis(double low, double high, int ticks) {
  if (!(high > low)) high = low + 1;
  const double step = nice_step((high - low) / ticks);
  return {std::floor(low / step) * step, std::ceil(high / step) * step, step};
}

}  // namespace

PictureFile write_inlet_history_plot(const std::filesystem::path& dir, const HallResults& results,
                                     const std::string& label) {
  const InletHistory& h = results.history;
  const std::size_t samples = h.time_s.size(), racks = h.racks.size();
  if (samples < 2 || h.inlet_max_c.size() != samples)
    throw std::invalid_argument("inlet history plot: " + std::to_string(samples) + " times and " +
                                std::to_string(h.inlet_max_c.size()) + " samples (allowed: at least 2, equal)");
  for (const auto& row : h.inlet_max_c)
    if (row.size() != racks)
      throw std::invalid_argument("inlet history plot: a sample has " + std::to_string(row.size()) + " racks, not " +
                                  std::to_string(racks));
  // The racks ranked by their hottest sample: the first kHistoryNamedRacks are named.
  std::vector<double> peak(racks, -1e300);
  double low = results.limits.max_c, high = results.limits.max_c;
  for (const auto& row : h.inlet_max_c)
    for (std::size_t r = 0; r < racks; ++r) {
      peak[r] = std::max(peak[r], double(row[r]));
      low = std::min(low, double(row[r]));
      high = std::max(high, double(row[r]));
    }
  std::vector<std::size_t> order(racks);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return peak[a] > peak[b]; });
  const std::size_t named = std::min<std::size_t>(racks, kHistoryNamedRacks);

  const Axis t_axis = nice_axis(h.time_s.front(), h.time_s.back(), 8);
  const Axis c_axis = nice_axis(low - 0.5, high + 0.5, 6);
  const double x0 = kLeft, x1 = kWidth - kRight, y0 = kHeight - kBottom, y1 = kTop;
  auto X = [&](double t) { return t_axis.to_px(t, x0, x1); };
  auto Y = [&](double c) { return c_axis.to_px(c, y0, y1); };

  Picture picture(kWidth, kHeight);
  cairo_t* cr = picture.cr();
  const std::string what = "hottest inlet of each rack over time";
  draw_text(cr, 16, 16, label.empty() ? what : label + ": " + what, kTextPx, colours::black);
  const double line_h = measure_text("0", kTextPx).height;
  // Grid, ticks and their labels.
  for (double t = t_axis.low; t <= t_axis.high + 1e-9 * t_axis.step; t += t_axis.step) {
    line(cr, X(t), y0, X(t), y1, {230, 230, 230}, 1);
    const std::string s = fixed(t, decimals_for(t_axis.step));
    draw_text(cr, X(t) - measure_text(s, kTextPx).width / 2, y0 + 6, s, kTextPx, colours::black);
  }
  for (double c = c_axis.low; c <= c_axis.high + 1e-9 * c_axis.step; c += c_axis.step) {
    line(cr, x0, Y(c), x1, Y(c), {230, 230, 230}, 1);
    const std::string s = fixed(c, decimals_for(c_axis.step));
    draw_text(cr, x0 - 8 - measure_text(s, kTextPx).width, Y(c) - line_h / 2, s, kTextPx, colours::black);
  }
  stroke_rect(cr, x0, y1, x1 - x0, y0 - y1, colours::black, 1);
  draw_text(cr, (x0 + x1) / 2 - measure_text("time [s]", kTextPx).width / 2, y0 + 8 + line_h, "time [s]", kTextPx,
            colours::black);
  draw_text(cr, 16, y1 - line_h - 8, "inlet max [°C]", kTextPx, colours::black);
  // The limit, then the racks: grey ones first so the named ones lie on top.
  cairo_save(cr);
  const double dash[] = {8, 5};
  cairo_set_dash(cr, dash, 2, 0);
  line(cr, x0, Y(results.limits.max_c), x1, Y(results.limits.max_c), kLimit, 2);
  cairo_restore(cr);
  auto polyline = [&](std::size_t r, Rgb colour, double width) {
    set_colour(cr, colour);
    cairo_set_line_width(cr, width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (std::size_t k = 0; k < samples; ++k) {
      if (k == 0) cairo_move_to(cr, X(h.time_s[k]), Y(h.inlet_max_c[k][r]));
      else cairo_line_to(cr, X(h.time_s[k]), Y(h.inlet_max_c[k][r]));
    }
    cairo_stroke(cr);
  };
  cairo_save(cr);
  cairo_rectangle(cr, x0, y1, x1 - x0, y0 - y1);
  cairo_clip(cr);
  for (std::size_t i = named; i < racks; ++i) polyline(order[i], kOtherRack, 1);
  for (std::size_t i = named; i-- > 0;) polyline(order[i], kPalette[i], 2);
  cairo_restore(cr);
  // Legend to the right of the plot.
  const double lx = x1 + 16;
  double ly = y1;
  auto legend = [&](Rgb colour, bool dashed, const std::string& text) {
    cairo_save(cr);
    if (dashed) cairo_set_dash(cr, dash, 2, 0);
    line(cr, lx, ly + line_h / 2, lx + 28, ly + line_h / 2, colour, 2);
    cairo_restore(cr);
    draw_text(cr, lx + 36, ly, text, kTextPx, colours::black);
    ly += line_h + 6;
  };
  legend(kLimit, true, std::string(ashrae_class_name(results.ashrae_class)) + " max " +
                           fixed(results.limits.max_c, 0) + " °C");
  for (std::size_t i = 0; i < named; ++i) legend(kPalette[i], false, h.racks[order[i]]);
  if (racks > named) legend(kOtherRack, false, std::to_string(racks - named) + " other racks");
  write_picture(dir, kHistoryPlotStem, picture);
  return {kHistoryPlotStem, "hottest inlet of each rack over time (inlet_history.csv), the " +
                                std::string(ashrae_class_name(results.ashrae_class)) +
                                " allowable maximum as a dashed red line"};
}

}  // namespace rackflow::post
