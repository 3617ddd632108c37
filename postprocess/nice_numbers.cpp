#include "postprocess/nice_numbers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace rackflow::post {

double nice_step(double approx) {
  const double decade = std::pow(10.0, std::floor(std::log10(approx)));
  const double m = approx / decade;  // in [1, 10)
  // Boundaries at the geometric means of 1, 2, 5 and 10.
  const double mantissa = m < std::sqrt(2.0)    ? 1
                          : m < std::sqrt(10.0) ? 2
                          : m < std::sqrt(50.0) ? 5
                                                : 10;
  return mantissa * decade;
}

int decimals_for(double step) { return std::max(0, int(std::ceil(-std::log10(step) - 1e-9))); }

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  if (text.find_first_not_of("-0.") == std::string::npos && text[0] == '-') text.erase(0, 1);
  return text;
}

}  // namespace rackflow::post
