#include "postprocess/figure.hpp"

#include <algorithm>
#include <cmath>

#include "postprocess/bitmap_font.hpp"
#include "postprocess/nice_numbers.hpp"
#include "postprocess/png_writer.hpp"

namespace rackflow::post {

namespace {

constexpr int margin = 16;
constexpr int gap = 24;  // between title, plot, colour bar and scale bar
constexpr int min_bar_height = 320;
constexpr int scale_bar_band = 30;
constexpr int font_scale = Figure::text_scale;

int title_height(const std::string& title) {
  const int lines = 1 + int(std::count(title.begin(), title.end(), '\n'));
  return lines * line_height * font_scale;
}

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
  return plot;
}

}  // namespace

int PlotArea::px(double horizontal_m) const {
  return x + int(std::lround(frame.column_of(horizontal_m) * frame.spacing_m * pixels_per_m));
}

int PlotArea::py(double vertical_m) const {
  return y + height - int(std::lround(frame.row_of(vertical_m) * frame.spacing_m * pixels_per_m));
}

double pixels_per_cell(int columns, int rows) {
  const double fit = std::min(1300.0 / columns, 1400.0 / rows);
  return fit >= 1 ? std::floor(fit) : 1.0 / std::ceil(1.0 / fit);
}

Figure::Figure(const FieldSlice& slice, const std::string& title, const ColourScale& scale,
               const std::vector<ColourBarMark>& marks)
    : canvas_(1, 1, colours::white), plot_(plot_for(slice, title_height(title))) {
  const int bar_x = plot_.x + plot_.width + gap;
  const int bar_h = std::max(plot_.height, min_bar_height);
  const int width = std::max(bar_x + colour_bar_width(scale, marks, font_scale) + margin,
                             2 * margin + text_width(title, font_scale));
  const int height = plot_.y + bar_h + gap / 2 + scale_bar_band + margin;
  canvas_ = Canvas(width, height, colours::white);
  draw_text(canvas_, margin, margin, title, colours::black, font_scale);
  draw_colour_bar(canvas_, bar_x, plot_.y, bar_h, scale, marks, font_scale);
  draw_scale_bar(plot_.y + std::max(plot_.height, bar_h) + gap / 2);
}

void Figure::paint_cells(const FieldSlice& slice,
                         const std::function<Rgb(float, std::int32_t)>& colour_of) {
  // Each pixel centre samples the cell under it: exact blocks when a cell is n pixels,
  // nearest-cell thinning when the grid has more cells than the plot has pixels.
  const double cells_per_pixel = 1.0 / (plot_.pixels_per_m * slice.spacing_m);
  for (int py = 0; py < plot_.height; ++py) {
    const int row =
        std::clamp(slice.rows - 1 - int((py + 0.5) * cells_per_pixel), 0, slice.rows - 1);
    for (int px = 0; px < plot_.width; ++px) {
      const int column = std::clamp(int((px + 0.5) * cells_per_pixel), 0, slice.columns - 1);
      const std::size_t c = std::size_t(column) + std::size_t(slice.columns) * row;
      canvas_.set(plot_.x + px, plot_.y + py,
                  colour_of(slice.temperature_c[c], slice.object_id[c]));
    }
  }
  canvas_.outline_rect(plot_.x - 1, plot_.y - 1, plot_.width + 2, plot_.height + 2, colours::black);
}

void Figure::outline_box(double h0_m, double v0_m, double h1_m, double v1_m, Rgb colour,
                         int thickness) {
  const int xa = plot_.px(h0_m), xb = plot_.px(h1_m);
  const int ya = plot_.py(v0_m), yb = plot_.py(v1_m);
  canvas_.outline_rect(std::min(xa, xb), std::min(ya, yb), std::abs(xb - xa) + 1,
                       std::abs(yb - ya) + 1, colour, thickness);
}

void Figure::draw_scale_bar(int y) {
  const double length_m = nice_step(plot_.width / plot_.pixels_per_m / 5);
  const int length_px = std::max(1, int(std::lround(length_m * plot_.pixels_per_m)));
  const int x = plot_.x;
  canvas_.fill_rect(x, y + 6, length_px, 4, colours::black);
  canvas_.fill_rect(x, y, 2, 16, colours::black);
  canvas_.fill_rect(x + length_px - 2, y, 2, 16, colours::black);
  draw_text(canvas_, x + length_px + 10, y + 1, fixed(length_m, decimals_for(length_m)) + " m",
            colours::black, font_scale);
}

void Figure::save(const std::filesystem::path& file) const {
  write_png(file, canvas_.width(), canvas_.height(), canvas_.rgb());
}

}  // namespace rackflow::post
