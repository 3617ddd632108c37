#include "postprocess/colour_map.hpp"

#include <algorithm>
#include <cmath>

namespace rackflow::post {

namespace {

// Turbo at t = i/16, linearly interpolated between. The inner stops come from the
// published degree-5 polynomial fit of Turbo (Ruofei Du, Google, Apache-2.0); the two ends
// are the published table's own, because the fit strays there (to dark grey at t = 0).
constexpr Rgb stops[17] = {
    {48, 18, 59},   {73, 62, 175},   {68, 106, 238}, {50, 149, 247}, {38, 189, 225}, {41, 221, 187},
    {64, 243, 146}, {102, 253, 109}, {150, 250, 80}, {198, 235, 59}, {238, 208, 45}, {255, 171, 36},
    {255, 128, 29}, {238, 84, 21},   {201, 45, 12},  {161, 18, 2},   {122, 4, 3}};

std::uint8_t mix(std::uint8_t a, std::uint8_t b, double t) {
  return std::uint8_t(std::lround(a + (b - a) * t));
}

}  // namespace

Rgb turbo(double t) {
  const double x = std::isnan(t) ? 0.0 : std::clamp(t, 0.0, 1.0) * 16;
  const int i = std::min(int(x), 15);
  const double w = x - i;
  return {mix(stops[i].r, stops[i + 1].r, w), mix(stops[i].g, stops[i + 1].g, w),
          mix(stops[i].b, stops[i + 1].b, w)};
}

double ColourScale::fraction(double value) const {
  return std::clamp((value - low) / (high - low), 0.0, 1.0);
}

Rgb ColourScale::colour(double value) const {
  return std::isnan(value) ? colours::white : turbo(fraction(value));
}

}  // namespace rackflow::post
