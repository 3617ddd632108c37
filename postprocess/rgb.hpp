// The colours the pictures are drawn in: 8-bit sRGB, as PNG pixels hold them.
#pragma once

#include <cstdint>

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
inline constexpr Rgb tile_edge{0, 90, 200};     // floor tiles in plan views: blue, cold air comes out
}  // namespace colours

}  // namespace rackflow::post
