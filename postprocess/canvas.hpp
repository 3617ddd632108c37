// An RGB raster to draw the pictures on: pixel (0,0) is the top-left corner, x to the
// right, y down. Everything drawn is clipped to the canvas, so callers can place labels
// near an edge without checking.
#pragma once

#include <cstdint>
#include <vector>

namespace rackflow::post {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(Rgb a, Rgb b) { return a.r == b.r && a.g == b.g && a.b == b.b; }
  friend bool operator!=(Rgb a, Rgb b) { return !(a == b); }
};

namespace colours {
inline constexpr Rgb white{255, 255, 255};
inline constexpr Rgb black{0, 0, 0};
inline constexpr Rgb solid{150, 150, 150};      // walls, rack bodies, units: no air there
inline constexpr Rgb unit_fill{215, 215, 215};  // cooling units in plan views
}  // namespace colours

class Canvas {
 public:
  // Throws std::invalid_argument unless both sizes are positive.
  Canvas(int width, int height, Rgb background);

  int width() const { return width_; }
  int height() const { return height_; }
  // Rows top to bottom, 3 bytes per pixel: what write_png takes.
  const std::vector<std::uint8_t>& rgb() const { return rgb_; }
  // Throws std::out_of_range outside the canvas.
  Rgb at(int x, int y) const;

  void set(int x, int y, Rgb colour);  // no-op outside the canvas
  void fill_rect(int x, int y, int w, int h, Rgb colour);
  // `other` copied with its top-left corner at (x, y): pictures composed of panels.
  void paste(const Canvas& other, int x, int y);
  // The border of the w×h box, `thickness` pixels wide, drawn inside the box.
  void outline_rect(int x, int y, int w, int h, Rgb colour, int thickness = 1);
  // Bresenham's line from (x0,y0) to (x1,y1), both ends included, `thickness` pixels wide.
  void line(int x0, int y0, int x1, int y1, Rgb colour, int thickness = 1);

 private:
  int width_, height_;
  std::vector<std::uint8_t> rgb_;
};

}  // namespace rackflow::post
