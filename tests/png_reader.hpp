// PNG files read back through Cairo's decoder, for tests that check pictures pixel by
// pixel. A file Cairo cannot decode fails the test.
#pragma once

#include <cairo.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "postprocess/rgb.hpp"

namespace rackflow::test {

using post::Rgb;

// The pixels of a PNG file.
struct Decoded {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;
  Rgb at(int x, int y) const {
    const std::size_t i = 3 * (std::size_t(y) * width + x);
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};

struct PngStream {
  const std::string* bytes;
  std::size_t at = 0;
};

inline cairo_status_t read_png_bytes(void* closure, unsigned char* data, unsigned int length) {
  auto* s = static_cast<PngStream*>(closure);
  if (s->at + length > s->bytes->size()) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, s->bytes->data() + s->at, length);
  s->at += length;
  return CAIRO_STATUS_SUCCESS;
}

inline Decoded decode_png(const std::string& png) {
  Decoded out;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  PngStream stream{&png};
  cairo_surface_t* image = cairo_image_surface_create_from_png_stream(read_png_bytes, &stream);
  EXPECT_EQ(cairo_surface_status(image), CAIRO_STATUS_SUCCESS) << "not a PNG Cairo can read";
  if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(image);
    return out;
  }
  out.width = cairo_image_surface_get_width(image);
  out.height = cairo_image_surface_get_height(image);
  const int stride = cairo_image_surface_get_stride(image);
  const unsigned char* data = cairo_image_surface_get_data(image);
  // Cairo's pixels are native-endian 32-bit 0xAARRGGBB (premultiplied; the pictures are opaque).
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      std::uint32_t p;
      std::memcpy(&p, data + std::size_t(y) * stride + 4 * std::size_t(x), 4);
      out.rgb.insert(out.rgb.end(), {std::uint8_t(p >> 16), std::uint8_t(p >> 8), std::uint8_t(p)});
    }
  cairo_surface_destroy(image);
  return out;
}

// The longest run of `colour` along one row or column of the picture: [first, end).
struct Span {
  int first = 0, end = 0;
  int length() const { return end - first; }
};

inline Span longest_run(const Decoded& png, Rgb colour, bool along_row, int fixed_at) {
  Span best, current;
  const int n = along_row ? png.width : png.height;
  for (int p = 0; p < n; ++p) {
    const Rgb c = along_row ? png.at(p, fixed_at) : png.at(fixed_at, p);
    if (c != colour) continue;
    if (current.end != p) current.first = p;
    current.end = p + 1;
    if (current.length() > best.length()) best = current;
  }
  return best;
}

}  // namespace rackflow::test
