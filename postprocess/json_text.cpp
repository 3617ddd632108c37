#include "postprocess/json_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace rackflow::post::json {

std::string number(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[32];
  const auto end =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 9).ptr;
  return std::string(buffer, end);
}

std::string number(const std::optional<double>& value) {
  return value ? number(*value) : "null";
}

std::string integer(long long value) { return std::to_string(value); }

std::string boolean(bool value) { return value ? "true" : "false"; }

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {  // other control characters
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
          out += escape;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string vec3(const Vec3d& v) {
  return inline_array({number(v[0]), number(v[1]), number(v[2])});
}

std::string object(const Members& members, int indent) {
  if (members.empty()) return "{}";
  std::string out = "{";
  for (std::size_t i = 0; i < members.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    out += std::string(indent + 2, ' ') + quoted(members[i].first) + ": " + members[i].second;
  }
  return out + "\n" + std::string(indent, ' ') + "}";
}

std::string array(const std::vector<std::string>& items, int indent) {
  if (items.empty()) return "[]";
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    out += std::string(indent + 2, ' ') + items[i];
  }
  return out + "\n" + std::string(indent, ' ') + "]";
}

std::string inline_object(const Members& members) {
  std::string out = "{";
  for (std::size_t i = 0; i < members.size(); ++i) {
    out += (i == 0 ? "" : ", ") + quoted(members[i].first) + ": " + members[i].second;
  }
  return out + "}";
}

std::string inline_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + items[i];
  return out + "]";
}

}  // namespace rackflow::post::json
