// Option values of the command line that carry units or ranges, read like the case file's
// own (quantity.hpp) so "2 min" means the same in both. Errors are CLI::ValidationError
// naming the option, the value and the allowed range (exit code 64).
#pragma once

#include <string>

namespace rackflow::cli {

// Upper limits: past them a value is a typo, not a plan (a year of simulated time; an
// hour of benchmarking).
constexpr double kMaxEndTimeS = 365.0 * 24 * 3600;
constexpr double kMaxBenchSeconds = 3600.0;
constexpr int kMinBenchSize = 8, kMaxBenchSize = 2048;
constexpr int kMaxRanks = 1000000;  // check --ranks

// A time in (0, max_s]: a bare number is seconds, else "<number> <unit>" ("2 min").
double parse_time_option(const std::string& option, const std::string& text, double max_s);

}  // namespace rackflow::cli
