// Single-run changes to a case without editing its file: `--set KEY=VALUE`, where KEY is a
// path into the YAML ("run.end_time", "hall.coolers[crah-2].fail_at", "hall.rack_rows[0].power")
// and VALUE is YAML ("30 s", "[1, 2]", "{utilisation: 0.5}"). They are applied to the
// parsed YAML tree before the case is read, so the change goes through exactly the
// validation the file does (case_parser.cpp).
#pragma once

#include <string>
#include <vector>

namespace rackflow {

struct CaseOverride {
  std::string key;    // the path as written
  std::string value;  // the YAML value as written
  std::string text() const { return key + "=" + value; }
};

// "KEY=VALUE" into its parts. Throws std::invalid_argument naming the text and the rule
// for anything else: no '=', an empty key, a key that is not a path of names and [selectors].
CaseOverride parse_override(const std::string& text);

}  // namespace rackflow
