// Errors a user can act on: every one names where in the case file the offending value is.
#pragma once

#include <stdexcept>
#include <string>

namespace rackflow {

// Where a value came from in the case file. An empty file means "built in code" (tests).
struct SourceRef {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  std::string key; // dotted path, e.g. "patches[2].velocity"

  std::string str() const {
    std::string s = file.empty() ? std::string("<case>") : file;
    if (line > 0) s += ":" + std::to_string(line);
    if (!key.empty()) s += ": " + key;
    return s;
  }
};

// Thrown for invalid input, before any field is allocated. what() is the full message:
//   "room.yaml:12: boxes[0].min: value 7.5 is outside the domain (allowed 0 to 6 m)"
class CaseError : public std::runtime_error {
 public:
  CaseError(const SourceRef& where, const std::string& message)
      : std::runtime_error(where.str() + ": " + message), where_(where) {}
  const SourceRef& where() const { return where_; }

 private:
  SourceRef where_;
};

}  // namespace rackflow
