#include "cli_values.hpp"

#include <CLI/CLI.hpp>

#include "quantity.hpp"

namespace rackflow::cli {

double parse_time_option(const std::string& option, const std::string& text, double max_s) {
  const std::string allowed = "allowed: a time > 0 s and <= " + format_number(max_s) +
                              " s (a number of seconds, or with a unit: " + allowed_units(Dimension::Time) + ")";
  double value = 0;
  try {
    value = parse_quantity(text, Dimension::Time).value;
  } catch (const std::invalid_argument& e) {
    throw CLI::ValidationError(option, std::string(e.what()) + "; " + allowed);
  }
  if (!(value > 0 && value <= max_s))
    throw CLI::ValidationError(option, "'" + text + "' is " + format_quantity(value, Dimension::Time) +
                                           ", out of range; " + allowed);
  return value;
}

}  // namespace rackflow::cli
