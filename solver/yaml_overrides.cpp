#include "yaml_overrides.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace rackflow::detail {

namespace {

const char* const kPathRule =
    "a path of keys separated by '.', each key letters, digits and '_', optionally followed by a list "
    "element as [index] or [name], e.g. hall.coolers[crah-2].fail_at";

bool key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool selector_char(char c) { return key_char(c) || c == '-' || c == '.'; }

[[noreturn]] void bad_path(const CaseOverride& o, const std::string& why) {
  throw std::invalid_argument("--set \"" + o.text() + "\": " + why + " (allowed: " + kPathRule + ")");
}

std::string where_text(const std::string& file, const CaseOverride& o) {
  return file + " --set " + o.text();
}

[[noreturn]] void fail_override(const std::string& file, const CaseOverride& o, const std::string& key,
                                const std::string& message) {
  throw CaseError(SourceRef{where_text(file, o), 0, key}, message);
}

// The `name`s of a list's entries, for the message when a selector finds none.
std::string entry_names(const YAML::Node& list) {
  std::string out;
  std::size_t i = 0;
  for (const YAML::Node& e : list) {
    const YAML::Node name = e.IsMap() ? e["name"] : YAML::Node();
    out += (i == 0 ? "" : ", ") + (name && name.IsScalar() ? name.Scalar() : "[" + std::to_string(i) + "]");
    ++i;
  }
  return out.empty() ? "none: the list is empty" : out;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// The element of `list` the selector names, by index or by `name`.
std::size_t select_entry(const YAML::Node& list, const PathStep& step, const std::string& at,
                         const std::string& file, const CaseOverride& o) {
  if (!list.IsSequence())
    fail_override(file, o, at, "[" + step.selector + "] selects a list entry, but " + at + " is not a list");
  if (all_digits(step.selector)) {
    // Bounded before conversion: "[99999999999999999999]" must not overflow.
    if (step.selector.size() < 10 && std::stoul(step.selector) < list.size()) return std::stoul(step.selector);
    fail_override(file, o, at, "no entry [" + step.selector + "] (allowed: " +
                                   (list.size() == 0 ? std::string("none, the list is empty")
                                                     : "0 to " + std::to_string(list.size() - 1) + ", or a name: " +
                                                           entry_names(list)) + ")");
  }
  std::size_t i = 0;
  for (const YAML::Node& e : list) {
    if (e.IsMap() && e["name"] && e["name"].IsScalar() && e["name"].Scalar() == step.selector) return i;
    ++i;
  }
  fail_override(file, o, at, "no entry named \"" + step.selector + "\" (allowed: " + entry_names(list) + ")");
}

YAML::Node parse_value(const std::string& file, const CaseOverride& o, const std::string& key) {
  try {
    const YAML::Node value = YAML::Load(o.value);
    // A shell quirk (--set 'run.end_time=') is more likely than a wish to empty a key.
    if (!value.IsDefined() || value.IsNull())
      fail_override(file, o, key, "the value is empty (allowed: a YAML value, e.g. 30 s, [1, 2], {a: 1})");
    return value;
  } catch (const YAML::Exception& e) {
    fail_override(file, o, key, "the value is not YAML: " + e.msg + " (allowed: a YAML value, e.g. 30 s, [1, 2])");
  }
}

bool same_yaml(const YAML::Node& a, const YAML::Node& b) { return YAML::Dump(a) == YAML::Dump(b); }

AppliedOverride apply_one(YAML::Node& root, const CaseOverride& o, const std::string& file) {
  const std::vector<PathStep> steps = split_override_path(o);
  AppliedOverride applied{o, "", true};
  YAML::Node parent;  // yaml-cpp: rebinding a Node needs reset(); `=` would write through
  parent.reset(root);
  std::string& key = applied.resolved_key;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const PathStep& step = steps[s];
    const bool last = s + 1 == steps.size();
    key += (key.empty() ? "" : ".") + step.key;
    if (!parent.IsMap() && !parent.IsNull())
      fail_override(file, o, key, "cannot set a key inside " + (key.substr(0, key.rfind('.'))) +
                                      ", which is a value, not a section");
    const YAML::Node& view = parent;  // reads that must not create the key
    const bool exists = view[step.key].IsDefined();
    if (last && !step.has_selector) {
      const YAML::Node value = parse_value(file, o, key);
      applied.changed = !exists || !same_yaml(view[step.key], value);
      parent[step.key] = value;
      return applied;
    }
    if (!exists) {
      if (step.has_selector) fail_override(file, o, key, "the case has no list " + key + " to select from");
      parent[step.key] = YAML::Node(YAML::NodeType::Map);  // a section the file leaves out
    }
    YAML::Node child;
    child.reset(parent[step.key]);
    if (!step.has_selector) {
      parent.reset(child);
      continue;
    }
    const std::size_t i = select_entry(child, step, key, file, o);
    key += "[" + std::to_string(i) + "]";
    if (last) {
      const YAML::Node value = parse_value(file, o, key);
      applied.changed = !same_yaml(child[i], value);
      child[i] = value;
      return applied;
    }
    parent.reset(child[i]);
  }
  return applied;
}

}  // namespace

std::vector<PathStep> split_override_path(const CaseOverride& o) {
  const std::string& k = o.key;
  if (k.empty()) bad_path(o, "the key is empty");
  std::vector<PathStep> steps;
  std::size_t i = 0;
  while (i < k.size()) {
    PathStep step;
    while (i < k.size() && key_char(k[i])) step.key += k[i++];
    if (step.key.empty()) bad_path(o, "expected a key at character " + std::to_string(i + 1) + " of \"" + k + "\"");
    if (i < k.size() && k[i] == '[') {
      const std::size_t close = k.find(']', i);
      step.selector = close == std::string::npos ? "" : k.substr(i + 1, close - i - 1);
      if (close == std::string::npos || step.selector.empty() ||
          !std::all_of(step.selector.begin(), step.selector.end(), selector_char))
        bad_path(o, "a list element is [index] or [name] of letters, digits, '_', '-' and '.'");
      step.has_selector = true;
      i = close + 1;
    }
    steps.push_back(step);
    if (i == k.size()) break;
    if (k[i] != '.' || i + 1 == k.size())
      bad_path(o, "unexpected '" + std::string(1, k[i]) + "' at character " + std::to_string(i + 1) + " of \"" + k + "\"");
    ++i;
  }
  return steps;
}

std::vector<AppliedOverride> apply_overrides(YAML::Node& root, const std::vector<CaseOverride>& overrides,
                                             const std::string& file) {
  std::vector<AppliedOverride> applied;
  for (const CaseOverride& o : overrides) {
    applied.push_back(apply_one(root, o, file));
    for (std::size_t j = 0; j + 1 < applied.size(); ++j)
      if (applied[j].resolved_key == applied.back().resolved_key)
        fail_override(file, o, applied.back().resolved_key,
                      "set twice, first by --set " + applied[j].given.text() + " (allowed: each key once)");
  }
  return applied;
}

void rethrow_for_overrides(const CaseError& e, const std::vector<AppliedOverride>& applied) {
  const std::string& key = e.where().key;
  for (const AppliedOverride& a : applied) {
    const std::string& k = a.resolved_key;
    const bool under = key.size() >= k.size() && key.compare(0, k.size(), k) == 0 &&
                       (key.size() == k.size() || key[k.size()] == '.' || key[k.size()] == '[');
    if (under) {
      // The message after "file:line: key: " is the parser's own.
      const std::string prefix = e.where().str() + ": ";
      const std::string message = std::string(e.what()).substr(prefix.size());
      throw CaseError(SourceRef{where_text(e.where().file, a.given), 0, key}, message);
    }
  }
  if (applied.empty()) throw e;
  std::string in_force;
  for (const AppliedOverride& a : applied) in_force += (in_force.empty() ? "" : ", ") + a.given.text();
  const std::string prefix = e.where().str() + ": ";
  throw CaseError(e.where(), std::string(e.what()).substr(prefix.size()) + " (in the case as changed by --set " +
                                 in_force + ")");
}

}  // namespace rackflow::detail
