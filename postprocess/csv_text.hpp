// CSV fields as RFC 4180 quotes them: as is, unless a comma, quote or line break forces
// quotes (with inner quotes doubled); numbers and rows as the reports write them.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "postprocess/json_text.hpp"

namespace rackflow::post {

inline std::string csv_text(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Numbers at full precision, as in the JSON files; an empty field for a missing one.
inline std::string csv_number(double value) { return std::isfinite(value) ? json::number(value) : ""; }
inline std::string csv_number(const std::optional<double>& value) { return value ? csv_number(*value) : ""; }

// One line of fields, already quoted (csv_text) or numbers.
inline std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i == 0 ? "" : ",") + fields[i];
  return out + "\n";
}

}  // namespace rackflow::post
