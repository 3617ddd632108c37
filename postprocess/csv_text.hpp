// CSV fields as RFC 4180 quotes them: as is, unless a comma, quote or line break forces
// quotes (with inner quotes doubled).
#pragma once

#include <string>

namespace rackflow::post {

inline std::string csv_text(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace rackflow::post
