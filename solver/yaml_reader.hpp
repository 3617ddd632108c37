// A thin reader over yaml-cpp that turns every problem into a CaseError with
// file:line: key (yaml-cpp 0.7 itself names neither file nor key, and keeps duplicate keys
// silently). The case schema is written against it: solver/case_parser.cpp for the room,
// solver/hall_parser.cpp (and hall_parse_*.cpp) for the data-centre objects. Internal to the rackflow_case
// library: no header outside it includes this one, so YAML types stay inside the parser.
#pragma once

#include <yaml-cpp/yaml.h>

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "quantity.hpp"
#include "rackflow/case_spec.hpp"

namespace rackflow::detail {

inline constexpr double kAbsoluteZeroC = -273.15;
// Bounds that are themselves input (a box against the domain size) are compared with this
// relative slack, so that "20 ft" against "6.096 m" is not rejected for a rounding bit.
inline constexpr double kGeometrySlack = 1e-9;
inline const char* const kAxis[] = {"x", "y", "z"};
inline const char* const kNameRule = "a name of one or more of A-Z a-z 0-9 _ . -";

// ---------------------------------------------------------------------------------------
// Locations and values

[[noreturn]] void fail(const SourceRef& where, const std::string& message);

// The one YAML document of a file's text: a syntax error, an empty file or a second
// document is a CaseError at file:line ("the file holds no <what> (required keys: <keys>)").
YAML::Node load_single_document(const std::string& text, const std::string& file, const std::string& what,
                                const std::string& required_keys);

// yaml-cpp marks are 0-based and -1 when unknown; SourceRef lines are 1-based, 0 unknown.
int line_of(const YAML::Node& n);
std::string line_text(const SourceRef& where);
std::string join(const std::vector<std::string>& items);
std::string describe_node(const YAML::Node& n);

// A YAML value and where it was written. For a key's value the line is the key's line
// (an empty value or a block list starts on another line but belongs to its key); for a
// list element it is the element's own line.
struct Value {
  YAML::Node node;
  SourceRef where;
};

Value list_element(const Value& list, const YAML::Node& item, std::size_t i);
std::string scalar_text(const Value& v, const std::string& expected);

// Elements of a list of any length; an empty value is an empty list ("boxes:" with all
// its entries commented out).
std::vector<Value> list_items(const Value& v, const std::string& expected);

// Elements of a list that must have exactly N entries, e.g. "[x, y, z]".
template <std::size_t N>
std::array<Value, N> fixed_list(const Value& v, const std::string& what) {
  if (!v.node.IsSequence())
    fail(v.where, "expected a list of " + std::to_string(N) + " " + what + ", got " + describe_node(v.node));
  if (v.node.size() != N)
    fail(v.where, "expected " + std::to_string(N) + " " + what + ", got " +
                      std::to_string(v.node.size()) + " values");
  std::array<Value, N> out;
  std::size_t i = 0;
  for (const YAML::Node& item : v.node) {
    out[i] = list_element(v, item, i);
    ++i;
  }
  return out;
}

// "; did you mean \"x\"?" for the allowed word nearest to a typo, or "" when none is near.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& allowed);

// One YAML mapping. Construction rejects unknown and duplicate keys, so every key in the
// file is either read or reported.
class Section {
 public:
  Section(const Value& v, const std::vector<std::string>& allowed);

  std::optional<Value> find(const std::string& key) const;

  // A required key; `allowed` says what it takes, for the message when it is missing.
  Value get(const std::string& key, const std::string& allowed) const;

  // Where the key is, or, when absent, the section it belongs in; lets the solver point at
  // a default it cannot work with.
  SourceRef where(const std::string& key) const;

  void forbid(const std::string& key, const std::string& why) const;

  // For entries whose `kind` decides their keys: each of `variant_keys` that `own` lacks is
  // an error naming the kind and what it allows (`common`, then `own`), e.g. "not allowed
  // for a step profile (allowed for step: name, kind, before, after, at)".
  void forbid_other_kinds(const std::vector<std::string>& variant_keys, const std::vector<std::string>& own,
                          const std::string& kind, const std::string& noun, const std::string& common) const;

 private:
  SourceRef child(const std::string& key, int line) const;

  SourceRef where_;
  std::vector<std::pair<std::string, Value>> entries_;
};

// ---------------------------------------------------------------------------------------
// Numbers and ranges

// Allowed interval of a number, in the SI unit of its key.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
  std::string note;  // what the bounds stand for when they come from other input
  double slack = 0;  // see kGeometrySlack

  Range up_to(double h) const;
  Range below(double h) const;  // open upper bound
  Range because(std::string why) const;
  Range with_slack(double s) const;
  bool contains(double v) const;
  std::string describe(Dimension d) const;
};

Range greater_than(double lo);
Range at_least(double lo);
Range at_most(double hi);
inline const Range kAnyValue{};
inline const Range kAboveAbsoluteZero = greater_than(kAbsoluteZeroC).because("above absolute zero");

// A number from the file, with its location and how to show it in messages.
struct Number {
  double value = 0;
  std::string shown;
  SourceRef where;
};

void require(const Number& n, const Range& r, Dimension d, const std::string& problem = "is out of range");
Number read_number(const Value& v, Dimension d, const Range& r);
Number read_required(const Section& s, const std::string& key, Dimension d, const Range& r);
// Sets `out` when the section has `key`; otherwise the default already in `out` stays.
void read_optional(const Section& s, const std::string& key, Dimension d, const Range& r, double& out);

template <std::size_t N>
std::array<Number, N> read_numbers(const Value& v, Dimension d, const std::string& axes) {
  const auto items = fixed_list<N>(v, std::string(dimension_name(d)) + " values " + axes);
  std::array<Number, N> out;
  for (std::size_t i = 0; i < N; ++i) out[i] = read_number(items[i], d, kAnyValue);
  return out;
}

template <std::size_t N>
std::array<double, N> values_of(const std::array<Number, N>& numbers) {
  std::array<double, N> out;
  for (std::size_t i = 0; i < N; ++i) out[i] = numbers[i].value;
  return out;
}

Vec3d read_vec3(const Value& v, Dimension d);

// YAML 1.2 core booleans only: "yes", "on", "1" are typos more often than intent.
bool read_bool(const Value& v);

// A coordinate range [lo, hi] whose bounds come from other input (the domain, a face).
Range within(double lo, double hi, const std::string& what);
// Checks a coordinate against a `within` range and returns it clamped to the bounds, so a
// value let through by the slack does not stick out of the domain or face downstream.
double require_within(const Number& n, const Range& r, const std::string& problem);

// The `min` and `max` corners [x, y, z] of a box inside the domain, max > min on every axis.
void read_box_corners(const Section& s, const DomainSpec& domain, Vec3d& min_m, Vec3d& max_m);

// ---------------------------------------------------------------------------------------
// Alternative keys

// A key of `keys` and its value.
using KeyValue = std::pair<std::string, Value>;

// The one of `keys` that the section has, if any; two given is an error at the later one:
// "<what> takes a or b, not both; a is given on line n (allowed: ...)".
std::optional<KeyValue> at_most_one_of(const Section& s, const std::vector<std::string>& keys,
                                       const std::string& what);
// As at_most_one_of, and none given is an error at keys[0]: "required key is missing:
// <what> needs <needs> (allowed: exactly one of them)".
KeyValue exactly_one_of(const Section& s, const std::vector<std::string>& keys, const std::string& what,
                        const std::string& needs);

// ---------------------------------------------------------------------------------------
// Choices and names

template <class E>
using Choices = std::vector<std::pair<std::string, E>>;

template <class E>
std::string names_of(const Choices<E>& choices) {
  std::vector<std::string> names;
  for (const auto& c : choices) names.push_back(c.first);
  return join(names);
}

template <class E>
E read_choice(const Value& v, const Choices<E>& choices) {
  const std::string t = scalar_text(v, "one of " + names_of(choices));
  for (const auto& [name, e] : choices)
    if (t == name) return e;
  fail(v.where, "value \"" + t + "\" is not allowed (allowed: " + names_of(choices) + ")");
}

template <class E>
E read_required_choice(const Section& s, const std::string& key, const Choices<E>& choices) {
  return read_choice(s.get(key, names_of(choices)), choices);
}

template <class E>
std::string choice_name(const Choices<E>& choices, E e) {
  for (const auto& [name, c] : choices)
    if (c == e) return name;
  return "?";
}

// Names end up in file names and report columns, so they stay in a portable alphabet.
std::string read_name(const Value& v);

// The names taken in one namespace and where each was given. A lookup is constant time, so
// that checking a list of n names stays linear in n.
class NameIndex {
 public:
  // Fails at `where` when `name` is taken: "name \"x\" is already used by <key> on line n
  // (allowed: names unique among <among>)", naming the owner that took it; else takes it
  // for `owner` (the list entry that names it).
  void claim(const std::string& name, const SourceRef& where, const std::string& among, const SourceRef& owner);

 private:
  std::unordered_map<std::string, SourceRef> taken_;
};

// Box and patch names share one namespace: reports and monitors list them side by side.
inline const char* const kObjectNames = "boxes and patches";
// The required `name` of a box or patch (list entry `entry`), unique among the boxes and
// patches so far.
std::string read_object_name(const Section& s, const SourceRef& entry, NameIndex& object_names);

// ---------------------------------------------------------------------------------------
// Counts

// Most objects of one kind in a case: racks, tiles, boxes, patches, list entries. Every
// check is linear in the input, but a hall with more objects is a campaign of smaller halls
// (each pass of the solver over 10^5 object couplings per step costs as much as the flow).
inline constexpr double kMaxObjects = 1e5;
// Fails at `where` when `have` objects of `kind` plus `adding` more exceed kMaxObjects.
void require_object_room(std::size_t have, double adding, const SourceRef& where, const std::string& kind);

}  // namespace rackflow::detail
