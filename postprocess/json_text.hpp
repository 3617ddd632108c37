// A tiny hand-written JSON emitter shared by the run summary and the hall report: the
// layouts are fixed and small, and the core build must not need a JSON library.
//
// Values are JSON text. Nested objects and arrays open on the line of their key and put
// one member per line, two spaces deeper than the line that opened them; `indent` is the
// indent of that line (and of the closing bracket). The inline forms write one line.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rackflow/face.hpp"

namespace rackflow::post::json {

using Members = std::vector<std::pair<std::string, std::string>>;  // key, JSON text

// As printf's %.9g, but locale-independent; NaN and infinities, which JSON cannot
// express, are null.
std::string number(double value);
std::string number(const std::optional<double>& value);  // null when empty
std::string integer(long long value);
std::string boolean(bool value);
std::string quoted(const std::string& text);  // escaped; UTF-8 passes through
std::string vec3(const Vec3d& v);             // [x, y, z]

std::string object(const Members& members, int indent);  // "{}" when empty
std::string array(const std::vector<std::string>& items, int indent);  // "[]" when empty
std::string inline_object(const Members& members);  // {"a": 1, "b": 2}
std::string inline_array(const std::vector<std::string>& items);  // [1, 2, 3]

}  // namespace rackflow::post::json
