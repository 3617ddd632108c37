// Temperature to colour. One map for every picture: Turbo (Mikhailov, Google AI blog 2019),
// the blue-to-red order that people who read CFD results expect, with lightness changing
// smoothly instead of jet's sharp bands at cyan and yellow. Neither end is black (blue-
// purple cold, dark red hot), so black rack outlines and the grey of solids stay visible;
// a map that runs to black (inferno) would hide the outlines in the cold aisle, where
// people look first.
#pragma once

#include "postprocess/rgb.hpp"

namespace rackflow::post {

// Turbo at t in [0, 1]; t is clamped, NaN gives the cold end.
Rgb turbo(double t);

// A fixed range mapped onto turbo, in the unit of the picture's colour bar (°C for the
// temperature pictures, Pa for the plenum map). Values outside it take the end colours.
struct ColourScale {
  double low = 0, high = 1;  // high > low
  // (value - low) / (high - low), clamped to [0, 1].
  double fraction(double value) const;
  // White for NaN: a cell with no valid value should stand out, not pass as cold.
  Rgb colour(double value) const;
};

}  // namespace rackflow::post
