#include "postprocess/canvas.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace rackflow::post {

Canvas::Canvas(int width, int height, Rgb background) : width_(width), height_(height) {
  if (width <= 0 || height <= 0)
    throw std::invalid_argument("canvas size " + std::to_string(width) + "x" +
                                std::to_string(height) + " (allowed: both > 0)");
  rgb_.resize(3 * std::size_t(width) * std::size_t(height));
  fill_rect(0, 0, width, height, background);
}

Rgb Canvas::at(int x, int y) const {
  if (x < 0 || y < 0 || x >= width_ || y >= height_)
    throw std::out_of_range("pixel (" + std::to_string(x) + "," + std::to_string(y) +
                            ") outside a " + std::to_string(width_) + "x" +
                            std::to_string(height_) + " canvas");
  const std::size_t i = 3 * (std::size_t(y) * width_ + x);
  return {rgb_[i], rgb_[i + 1], rgb_[i + 2]};
}

void Canvas::set(int x, int y, Rgb colour) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
  const std::size_t i = 3 * (std::size_t(y) * width_ + x);
  rgb_[i] = colour.r;
  rgb_[i + 1] = colour.g;
  rgb_[i + 2] = colour.b;
}

void Canvas::fill_rect(int x, int y, int w, int h, Rgb colour) {
  const int x0 = std::max(x, 0), x1 = std::min(x + w, width_);
  const int y0 = std::max(y, 0), y1 = std::min(y + h, height_);
  for (int j = y0; j < y1; ++j)
    for (int i = x0; i < x1; ++i) set(i, j, colour);
}

void Canvas::paste(const Canvas& other, int x, int y) {
  for (int j = 0; j < other.height_; ++j)
    for (int i = 0; i < other.width_; ++i) set(x + i, y + j, other.at(i, j));
}

void Canvas::outline_rect(int x, int y, int w, int h, Rgb colour, int thickness) {
  const int t = std::min({thickness, w, h});
  fill_rect(x, y, w, t, colour);
  fill_rect(x, y + h - t, w, t, colour);
  fill_rect(x, y, t, h, colour);
  fill_rect(x + w - t, y, t, h, colour);
}

void Canvas::line(int x0, int y0, int x1, int y1, Rgb colour, int thickness) {
  const int dx = std::abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
  const int dy = -std::abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
  const int half = (thickness - 1) / 2;
  int err = dx + dy;
  for (;;) {
    fill_rect(x0 - half, y0 - half, thickness, thickness, colour);
    if (x0 == x1 && y0 == y1) break;
    const int e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

}  // namespace rackflow::post
