#include "postprocess/figure.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>

#include "postprocess/nice_numbers.hpp"
#include "postprocess/picture_text.hpp"

namespace rackflow::post {

namespace {

constexpr int margin = 16;
constexpr int gap = 24;  // between title, plot, colour bar and scale bar
constexpr int min_bar_height = 320;
constexpr int legend_band = 34;  // the scale bar and the vector key beside it

PlotArea plot_for(const FieldSlice& slice, int title_h) {
  PlotArea plot;
  const double ppc = pixels_per_cell(slice.columns, slice.rows);
  plot.x = margin;
  plot.y = margin + title_h + gap / 2;
  plot.width = std::max(1, int(std::lround(slice.columns * ppc)));
  plot.height = std::max(1, int(std::lround(slice.rows * ppc)));
  plot.pixels_per_m = ppc / slice.spacing_m;
  plot.frame = slice;
  plot.frame.temperature_c.clear();
  plot.frame.object_id.clear();
  plot.frame.velocity_h_m_s.clear();
  plot.frame.velocity_v_m_s.clear();
  plot.frame.pressure_pa.clear();
  return plot;
}

int title_height(const std::string& title) { return int(std::ceil(measure_text(title, kTextPx).height)); }

int picture_width(const PlotArea& plot, const std::string& title, const ColourKey& key) {
  const int bar_x = plot.x + plot.width + gap;
  return std::max(bar_x + colour_bar_width(key) + margin,
                  2 * margin + int(std::ceil(measure_text(title, kTextPx).width)));
}

int picture_height(const PlotArea& plot) {
  return plot.y + std::max(plot.height, min_bar_height) + gap / 2 + legend_band + margin;
}

}  // namespace

double PlotArea::px(double horizontal_m) const {
  return x + frame.column_of(horizontal_m) * frame.spacing_m * pixels_per_m;
}

double PlotArea::py(double vertical_m) const {
  return y + height - frame.row_of(vertical_m) * frame.spacing_m * pixels_per_m;
}

double pixels_per_cell(int columns, int rows) {
  const double fit = std::min(1300.0 / columns, 1400.0 / rows);
  return fit >= 1 ? std::floor(fit) : 1.0 / std::ceil(1.0 / fit);
}

Figure::Figure(const FieldSlice& slice, const std::string& title, const ColourKey& key)
    : plot_(plot_for(slice, title_height(title))),
      legend_y_(plot_.y + std::max(plot_.height, min_bar_height) + gap / 2),
      picture_(picture_width(plot_, title, key), picture_height(plot_)) {
  draw_text(cr(), margin, margin, title, kTextPx, colours::black);
  draw_colour_bar(cr(), plot_.x + plot_.width + gap, plot_.y, std::max(plot_.height, min_bar_height), key);
  draw_scale_bar(legend_y_);
}

void Figure::paint_cells(const FieldSlice& slice, const std::function<Rgb(float, std::int32_t)>& colour_of) {
  paint_values(slice, slice.temperature_c, colour_of);
}

void Figure::paint_values(const FieldSlice& slice, const std::vector<float>& values,
                          const std::function<Rgb(float, std::int32_t)>& colour_of) {
  // One image pixel per cell, row 0 of the slice at the bottom, scaled onto the plot with
  // the nearest-cell filter: sharp cell blocks in the PNG, and an embedded image of the
  // grid's own size in the SVG and PDF.
  cairo_surface_t* cells = cairo_image_surface_create(CAIRO_FORMAT_RGB24, slice.columns, slice.rows);
  cairo_surface_flush(cells);
  unsigned char* data = cairo_image_surface_get_data(cells);
  const int stride = cairo_image_surface_get_stride(cells);
  for (int row = 0; row < slice.rows; ++row) {
    auto* out = reinterpret_cast<std::uint32_t*>(data + std::size_t(stride) * (slice.rows - 1 - row));
    for (int column = 0; column < slice.columns; ++column) {
      const std::size_t c = std::size_t(column) + std::size_t(slice.columns) * row;
      const Rgb rgb = colour_of(values[c], slice.object_id[c]);
      out[column] = (std::uint32_t(rgb.r) << 16) | (std::uint32_t(rgb.g) << 8) | rgb.b;
    }
  }
  cairo_surface_mark_dirty(cells);
  cairo_t* c = cr();
  cairo_save(c);
  cairo_rectangle(c, plot_.x, plot_.y, plot_.width, plot_.height);
  cairo_clip(c);
  cairo_translate(c, plot_.x, plot_.y);
  cairo_scale(c, double(plot_.width) / slice.columns, double(plot_.height) / slice.rows);
  cairo_set_source_surface(c, cells, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(c), CAIRO_FILTER_NEAREST);
  cairo_paint(c);
  cairo_restore(c);
  cairo_surface_destroy(cells);
  stroke_rect(c, plot_.x - 0.5, plot_.y - 0.5, plot_.width + 1, plot_.height + 1, colours::black, 1);
}

void Figure::outline_box(double h0_m, double v0_m, double h1_m, double v1_m, Rgb colour, double thickness) {
  const double xa = plot_.px(h0_m), xb = plot_.px(h1_m), ya = plot_.py(v0_m), yb = plot_.py(v1_m);
  stroke_rect(cr(), std::min(xa, xb), std::min(ya, yb), std::abs(xb - xa), std::abs(yb - ya), colour, thickness);
}

void Figure::fill_box(double h0_m, double v0_m, double h1_m, double v1_m, Rgb colour) {
  const double xa = plot_.px(h0_m), xb = plot_.px(h1_m), ya = plot_.py(v0_m), yb = plot_.py(v1_m);
  fill_rect(cr(), std::min(xa, xb), std::min(ya, yb), std::abs(xb - xa), std::abs(yb - ya), colour);
}

void Figure::draw_scale_bar(int y) {
  const double length_m = nice_step(plot_.width / plot_.pixels_per_m / 5);
  const double length_px = std::max(1.0, length_m * plot_.pixels_per_m);
  const double x = plot_.x;
  fill_rect(cr(), x, y + 6, length_px, 4, colours::black);
  fill_rect(cr(), x, y, 2, 16, colours::black);
  fill_rect(cr(), x + length_px - 2, y, 2, 16, colours::black);
  const std::string label = fixed(length_m, decimals_for(length_m)) + " m";
  draw_text(cr(), x + length_px + 10, y - 1, label, kTextPx, colours::black);
  legend_free_x_ = x + length_px + 10 + measure_text(label, kTextPx).width + 30;
}

void Figure::save(const std::filesystem::path& dir, const std::string& stem) const {
  write_picture(dir, stem, picture_);
}

}  // namespace rackflow::post
