// The page every picture shares: a title at the top, the plot (a FieldSlice's rectangle
// of the domain at a fixed number of pixels per cell) below it, the colour bar to its
// right and a scale bar under it. Callers paint cells and draw outlines in domain
// coordinates through PlotArea.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "postprocess/canvas.hpp"
#include "postprocess/colour_bar.hpp"
#include "postprocess/colour_map.hpp"
#include "postprocess/field_slice.hpp"

namespace rackflow::post {

// Where the plot lies on the canvas and how domain coordinates map onto it.
struct PlotArea {
  int x = 0, y = 0, width = 0, height = 0;  // canvas pixels
  double pixels_per_m = 1;
  FieldSlice frame;  // geometry only: its left/bottom edges, spacing and mirroring
  int px(double horizontal_m) const;
  int py(double vertical_m) const;
};

// Pixels per cell that make a plot of columns × rows about 1300 px wide (at most 1400 px
// tall): a whole number >= 1, or 1/n where the grid has more cells than that.
double pixels_per_cell(int columns, int rows);

class Figure {
 public:
  // `title` may hold several lines ('\n'). The plot covers `slice`'s cells.
  Figure(const FieldSlice& slice, const std::string& title, const ColourScale& scale,
         const std::vector<ColourBarMark>& marks);

  Canvas& canvas() { return canvas_; }
  const PlotArea& plot() const { return plot_; }
  static constexpr int text_scale = 2;  // 10×14 px characters: readable at 100% zoom

  // Fills the plot pixel by pixel with colour_of(temperature, object_id) of the cell of
  // `slice` under it; `slice` must have the geometry the figure was made with.
  void paint_cells(
      const FieldSlice& slice,
      const std::function<Rgb(float temperature_c, std::int32_t object_id)>& colour_of);

  // The box [h0, h1] × [v0, v1] in domain coordinates, outlined.
  void outline_box(double h0_m, double v0_m, double h1_m, double v1_m, Rgb colour, int thickness);

  void save(const std::filesystem::path& file) const;

 private:
  void draw_scale_bar(int y);

  Canvas canvas_;
  PlotArea plot_;
};

}  // namespace rackflow::post
