// Applies `--set` overrides (case_overrides.hpp) to a case's YAML tree. Internal to the
// rackflow_case library, like yaml_reader.hpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "case_overrides.hpp"
#include "rackflow/case_error.hpp"

namespace rackflow::detail {

// One step of an override's path: a key, and optionally the list element it selects by
// index ("[2]") or by the element's `name` ("[crah-2]").
struct PathStep {
  std::string key;
  bool has_selector = false;
  std::string selector;
};

// The steps of o.key; throws std::invalid_argument naming the override and the rule.
std::vector<PathStep> split_override_path(const CaseOverride& o);

// What applying one override did.
struct AppliedOverride {
  CaseOverride given;
  std::string resolved_key;  // with list indices, as the parser names keys: "hall.coolers[1].fail_at"
  bool changed = true;       // false: the key already had exactly this value
};

// Applies the overrides in order to `root`. A path through a list element that does not
// exist, through a value that is not a section, or a value that is not YAML is a CaseError
// at `file` naming the override. A key missing from the file is added (the parser then
// rejects a key the schema does not have, and rethrow_for_overrides names the override).
std::vector<AppliedOverride> apply_overrides(YAML::Node& root, const std::vector<CaseOverride>& overrides,
                                             const std::string& file);

// A CaseError from reading the changed tree, said against the override that caused it:
// an error at or under an overridden key is the override's ("room.yaml --set run.end_time=-1:
// run.end_time: ..."); any other error says which overrides were in force.
[[noreturn]] void rethrow_for_overrides(const CaseError& e, const std::vector<AppliedOverride>& applied);

}  // namespace rackflow::detail
