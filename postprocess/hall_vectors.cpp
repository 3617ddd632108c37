#include "postprocess/hall_vectors.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "postprocess/nice_numbers.hpp"
#include "postprocess/picture_text.hpp"

namespace rackflow::post {

namespace {

constexpr double kArrowSpacingPx = 40;
// The key's speed is drawn this long; the fastest arrow is at most about as long as the
// spacing, so arrows do not run into their neighbours' blocks.
constexpr double kKeyArrowPx = 32;

void arrow(cairo_t* cr, double x0, double y0, double x1, double y1, double width) {
  const double length = std::hypot(x1 - x0, y1 - y0);
  if (length < 0.5) return;
  const double head = std::min(7.0, 0.45 * length), ux = (x1 - x0) / length, uy = (y1 - y0) / length;
  cairo_set_line_width(cr, width);
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1 - ux * head * 0.6, y1 - uy * head * 0.6);
  cairo_stroke(cr);
  cairo_move_to(cr, x1, y1);
  cairo_line_to(cr, x1 - ux * head - uy * head * 0.45, y1 - uy * head + ux * head * 0.45);
  cairo_line_to(cr, x1 - ux * head + uy * head * 0.45, y1 - uy * head - ux * head * 0.45);
  cairo_close_path(cr);
  cairo_fill(cr);
}

}  // namespace

std::vector<ArrowSample> arrow_samples(const FieldSlice& slice, int n) {
  if (slice.velocity_h_m_s.size() != std::size_t(slice.columns) * slice.rows)
    throw std::invalid_argument("velocity arrows: the slice holds no velocity");
  std::vector<ArrowSample> out;
  for (int r0 = 0; r0 < slice.rows; r0 += n)
    for (int c0 = 0; c0 < slice.columns; c0 += n) {
      double sum_h = 0, sum_v = 0;
      int fluid = 0;
      const int r1 = std::min(r0 + n, slice.rows), c1 = std::min(c0 + n, slice.columns);
      for (int r = r0; r < r1; ++r)
        for (int c = c0; c < c1; ++c) {
          const std::size_t i = std::size_t(c) + std::size_t(slice.columns) * r;
          if (slice.object_id[i] > 0) continue;
          sum_h += slice.velocity_h_m_s[i];
          sum_v += slice.velocity_v_m_s[i];
          ++fluid;
        }
      if (fluid == 0) continue;
      const double dir = slice.mirrored ? -1 : 1;
      out.push_back({slice.left_m + dir * 0.5 * (c0 + c1) * slice.spacing_m,
                     slice.bottom_m + 0.5 * (r0 + r1) * slice.spacing_m, sum_h / fluid, sum_v / fluid});
    }
  return out;
}

void draw_velocity_arrows(Figure& figure, const FieldSlice& slice) {
  const PlotArea& plot = figure.plot();
  const double px_per_cell = plot.pixels_per_m * slice.spacing_m;
  const int n = std::max(1, int(std::lround(kArrowSpacingPx / px_per_cell)));
  const std::vector<ArrowSample> samples = arrow_samples(slice, n);
  double fastest = 0;
  for (const ArrowSample& s : samples) fastest = std::max(fastest, std::hypot(s.u_h_m_s, s.u_v_m_s));
  // The key shows a round speed near the fastest block's; the fastest arrow is then about
  // kKeyArrowPx long.
  const double key_m_s = fastest > 0 ? nice_step(fastest) : 1.0;
  const double px_per_m_s = kKeyArrowPx / key_m_s;
  cairo_t* cr = figure.cr();
  cairo_save(cr);
  cairo_rectangle(cr, plot.x, plot.y, plot.width, plot.height);
  cairo_clip(cr);
  for (const ArrowSample& s : samples) {
    const double x = plot.px(s.h_m), y = plot.py(s.v_m);
    const double dx = s.u_h_m_s * px_per_m_s, dy = -s.u_v_m_s * px_per_m_s;
    // White under black: arrows read on every colour of the map.
    set_colour(cr, colours::white);
    arrow(cr, x - dx / 2, y - dy / 2, x + dx / 2, y + dy / 2, 3.5);
    set_colour(cr, colours::black);
    arrow(cr, x - dx / 2, y - dy / 2, x + dx / 2, y + dy / 2, 1.5);
  }
  cairo_restore(cr);
  const double y = figure.legend_y() + 8;
  set_colour(cr, colours::black);
  const double key_x = figure.legend_free_x();
  arrow(cr, key_x, y, key_x + kKeyArrowPx, y, 1.5);
  draw_text(cr, key_x + kKeyArrowPx + 8, y - measure_text("0", kTextPx).height / 2,
            fixed(key_m_s, decimals_for(key_m_s)) + " m/s (air velocity in the plane, block mean)", kTextPx,
            colours::black);
}

}  // namespace rackflow::post
