// Temperature to colour. One map for every picture: Turbo (Mikhailov, Google AI blog 2019),
// the blue-to-red order that people who read CFD results expect, with lightness changing
// smoothly instead of jet's sharp bands at cyan and yellow. Neither end is black (blue-
// purple cold, dark red hot), so black rack outlines and the grey of solids stay visible;
// a map that runs to black (inferno) would hide the outlines in the cold aisle, where
// people look first.
#pragma once

#include "postprocess/canvas.hpp"

namespace rackflow::post {

// Turbo at t in [0, 1]; t is clamped, NaN gives the cold end.
Rgb turbo(double t);

// A fixed temperature range mapped onto turbo. Values outside it take the end colours.
struct ColourScale {
  double min_c = 0, max_c = 1;  // max_c > min_c
  // (value - min) / (max - min), clamped to [0, 1].
  double fraction(double value_c) const;
  // White for NaN: a cell with no valid temperature should stand out, not pass as cold.
  Rgb colour(double value_c) const;
};

}  // namespace rackflow::post
