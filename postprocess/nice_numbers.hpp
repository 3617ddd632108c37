// Round numbers for colour-bar ticks and scale bars, and how to print them.
#pragma once

#include <string>

namespace rackflow::post {

// The number of the form 1, 2 or 5 × 10^n nearest to `approx` (> 0) on a log scale.
double nice_step(double approx);

// Decimals needed to print multiples of `step` (a nice_step) exactly: 0 for 5, 1 for 0.5.
int decimals_for(double step);

// `value` with `decimals` digits after the point (printf rounding); never "-0".
std::string fixed(double value, int decimals);

}  // namespace rackflow::post
