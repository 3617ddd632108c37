// A strict reader for the PNGs encode_png writes (postprocess/png_writer.hpp), for tests
// that check pictures pixel by pixel: it fails the test on anything a viewer could reject.
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "postprocess/canvas.hpp"

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

inline std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

inline Decoded decode_png(const std::string& png) {
  Decoded out;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::string idat, order;
  for (std::size_t at = 8; at < png.size();) {
    EXPECT_LE(at + 12, png.size()) << "truncated chunk";
    if (at + 12 > png.size()) return out;
    const std::uint32_t length = big_endian(png, at);
    const std::string type = png.substr(at + 4, 4);
    const std::string data = png.substr(at + 8, length);
    const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(png.data() + at + 4), 4 + length);
    EXPECT_EQ(big_endian(png, at + 8 + length), crc) << type << " chunk CRC";
    if (type == "IHDR") {
      EXPECT_EQ(length, 13u);
      out.width = int(big_endian(data, 0));
      out.height = int(big_endian(data, 4));
      EXPECT_EQ(data[8], 8) << "bit depth";
      EXPECT_EQ(data[9], 2) << "colour type RGB";
      EXPECT_EQ(data.substr(10), std::string(3, '\0')) << "deflate, filter 0, no interlace";
    }
    if (type == "IDAT") idat += data;
    order += type.substr(0, 2);
    at += 12 + length;
  }
  EXPECT_EQ(order, "IHIDIE") << "IHDR, IDAT, IEND in that order";
  const std::size_t row = 1 + 3 * std::size_t(out.width);
  std::vector<Bytef> raw(row * out.height + 1);  // one spare byte: inflating more is an error
  uLongf size = raw.size();
  EXPECT_EQ(uncompress(raw.data(), &size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()),
            Z_OK);
  EXPECT_EQ(size, row * out.height) << "IDAT inflates to height * (1 + 3 * width) bytes";
  for (int y = 0; y < out.height && size == row * out.height; ++y) {
    EXPECT_EQ(raw[y * row], 0) << "filter byte of row " << y;
    out.rgb.insert(out.rgb.end(), raw.begin() + y * row + 1, raw.begin() + (y + 1) * row);
  }
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
