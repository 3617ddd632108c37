// The page every field picture shares: a title at the top, the plot (a FieldSlice's
// rectangle of the domain at a fixed number of pixels per cell) below it, the colour bar
// to its right and a scale bar under it. Callers paint cells and draw outlines in domain
// coordinates through PlotArea, on the figure's Picture.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "postprocess/colour_bar.hpp"
#include "postprocess/colour_map.hpp"
#include "postprocess/field_slice.hpp"
#include "postprocess/picture.hpp"

namespace rackflow::post {

// Where the plot lies on the picture and how domain coordinates map onto it.
struct PlotArea {
  int x = 0, y = 0, width = 0, height = 0;  // picture pixels
  double pixels_per_m = 1;
  FieldSlice frame;  // geometry only: its left/bottom edges, spacing and mirroring
  double px(double horizontal_m) const;
  double py(double vertical_m) const;
};

// Pixels per cell that make a plot of columns × rows about 1300 px wide (at most 1400 px
// tall): a whole number >= 1, or 1/n where the grid has more cells than that.
double pixels_per_cell(int columns, int rows);

class Figure {
 public:
  // `title` may hold several lines ('\n'). The plot covers `slice`'s cells.
  Figure(const FieldSlice& slice, const std::string& title, const ColourKey& key);

  Picture& picture() { return picture_; }
  const Picture& picture() const { return picture_; }
  cairo_t* cr() const { return picture_.cr(); }
  const PlotArea& plot() const { return plot_; }

  // Fills the plot with colour_of(temperature, object_id) of each cell of `slice`, which
  // must have the geometry the figure was made with; cells stay sharp (no smoothing).
  void paint_cells(const FieldSlice& slice,
                   const std::function<Rgb(float temperature_c, std::int32_t object_id)>& colour_of);
  // The same for another field of the slice (`values`, laid out like temperature_c).
  void paint_values(const FieldSlice& slice, const std::vector<float>& values,
                    const std::function<Rgb(float value, std::int32_t object_id)>& colour_of);

  // The box [h0, h1] × [v0, v1] in domain coordinates, outlined.
  void outline_box(double h0_m, double v0_m, double h1_m, double v1_m, Rgb colour, double thickness);
  // The same box filled.
  void fill_box(double h0_m, double v0_m, double h1_m, double v1_m, Rgb colour);

  // Writes <dir>/<stem>.png, .svg, .pdf (write_picture).
  void save(const std::filesystem::path& dir, const std::string& stem) const;

  // Where the legend under the plot (scale bar, vector key) may start, in picture pixels.
  int legend_y() const { return legend_y_; }
  // The first picture pixel right of the scale bar's label, on the legend line.
  double legend_free_x() const { return legend_free_x_; }

 private:
  void draw_scale_bar(int y);

  PlotArea plot_;
  int legend_y_ = 0;
  double legend_free_x_ = 0;
  Picture picture_;
};

}  // namespace rackflow::post
