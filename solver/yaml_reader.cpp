#include "yaml_reader.hpp"

#include <algorithm>
#include <cmath>

#include "yaml_comma_guard.hpp"

namespace rackflow::detail {

// ---------------------------------------------------------------------------------------
// Locations and values

void fail(const SourceRef& where, const std::string& message) { throw CaseError(where, message); }

YAML::Node load_single_document(const std::string& text, const std::string& file, const std::string& what,
                                const std::string& required_keys) {
  reject_stray_commas(text, file);
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    fail({file, std::max(1, e.mark.line + 1), ""}, "YAML syntax error: " + e.msg);
  }
  if (documents.empty()) fail({file, 1, ""}, "the file holds no " + what + " (required keys: " + required_keys + ")");
  if (documents.size() > 1)
    fail({file, line_of(documents[1]), ""}, "a second YAML document starts here (allowed: one " + what + " per file)");
  return documents[0];
}

int line_of(const YAML::Node& n) { return n.Mark().line + 1; }

std::string line_text(const SourceRef& where) { return "line " + std::to_string(where.line); }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string describe_node(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Scalar: return "\"" + n.Scalar() + "\"";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    default: return "nothing";
  }
}

Value list_element(const Value& list, const YAML::Node& item, std::size_t i) {
  const int line = line_of(item);
  return {item, {list.where.file, line > 0 ? line : list.where.line,
                 list.where.key + "[" + std::to_string(i) + "]"}};
}

std::string scalar_text(const Value& v, const std::string& expected) {
  if (!v.node.IsScalar()) fail(v.where, "expected " + expected + ", got " + describe_node(v.node));
  return v.node.Scalar();
}

std::vector<Value> list_items(const Value& v, const std::string& expected) {
  std::vector<Value> items;
  if (v.node.IsNull()) return items;
  if (!v.node.IsSequence()) fail(v.where, "expected " + expected + ", got " + describe_node(v.node));
  require_object_room(0, double(v.node.size()), v.where, "entries of a list");
  for (const YAML::Node& item : v.node) items.push_back(list_element(v, item, items.size()));
  return items;
}

namespace {

// Levenshtein distance, to suggest the intended key for a typo.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& allowed) {
  constexpr std::size_t kMaxTypo = 2;
  const std::string* best = nullptr;
  std::size_t best_distance = kMaxTypo + 1;
  for (const std::string& candidate : allowed) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best = &candidate;
      best_distance = d;
    }
  }
  return best ? "; did you mean \"" + *best + "\"?" : "";
}

Section::Section(const Value& v, const std::vector<std::string>& allowed) : where_(v.where) {
  if (v.node.IsNull()) return;  // "fluid:" with every key commented out
  if (!v.node.IsMap())
    fail(where_, "expected a mapping with keys " + join(allowed) + ", got " + describe_node(v.node));
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const int line = line_of(it->first);
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
    const SourceRef ref = child(key, line);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      fail(ref, "unknown key" + did_you_mean(key, allowed) + " (allowed: " + join(allowed) + ")");
    if (const auto first = find(key))
      fail(ref, "duplicate key (first given on " + line_text(first->where) + "; allowed: each key once)");
    entries_.push_back({key, Value{it->second, ref}});
  }
}

std::optional<Value> Section::find(const std::string& key) const {
  for (const auto& [k, v] : entries_)
    if (k == key) return v;
  return std::nullopt;
}

Value Section::get(const std::string& key, const std::string& allowed) const {
  if (const auto v = find(key)) return *v;
  fail(where(key), "required key is missing (allowed: " + allowed + ")");
}

SourceRef Section::where(const std::string& key) const {
  if (const auto v = find(key)) return v->where;
  return child(key, where_.line);
}

void Section::forbid(const std::string& key, const std::string& why) const {
  if (const auto v = find(key)) fail(v->where, why);
}

void Section::forbid_other_kinds(const std::vector<std::string>& variant_keys, const std::vector<std::string>& own,
                                 const std::string& kind, const std::string& noun, const std::string& common) const {
  for (const std::string& key : variant_keys)
    if (std::find(own.begin(), own.end(), key) == own.end())
      forbid(key, "not allowed for a " + kind + " " + noun + " (allowed for " + kind + ": " + common + ", " +
                      join(own) + ")");
}

SourceRef Section::child(const std::string& key, int line) const {
  return {where_.file, line, where_.key.empty() ? key : where_.key + "." + key};
}

// ---------------------------------------------------------------------------------------
// Numbers and ranges

Range Range::up_to(double h) const {
  Range r = *this;
  r.hi = h;
  r.hi_open = false;
  return r;
}

Range Range::below(double h) const {
  Range r = up_to(h);
  r.hi_open = true;
  return r;
}

Range Range::because(std::string why) const {
  Range r = *this;
  r.note = std::move(why);
  return r;
}

Range Range::with_slack(double s) const {
  Range r = *this;
  r.slack = s;
  return r;
}

bool Range::contains(double v) const {
  const bool above_lo = lo_open ? v > lo : v >= lo - slack;
  const bool below_hi = hi_open ? v < hi : v <= hi + slack;
  return above_lo && below_hi;
}

std::string Range::describe(Dimension d) const {
  std::string text;
  if (std::isfinite(lo)) text = (lo_open ? "> " : ">= ") + format_quantity(lo, d);
  if (std::isfinite(hi))
    text += (text.empty() ? "" : " and ") + ((hi_open ? "< " : "<= ") + format_quantity(hi, d));
  if (!note.empty()) text += ", " + note;
  return text;
}

Range greater_than(double lo) {
  Range r;
  r.lo = lo;
  r.lo_open = true;
  return r;
}

Range at_least(double lo) {
  Range r;
  r.lo = lo;
  return r;
}

Range at_most(double hi) { return Range{}.up_to(hi); }

void require(const Number& n, const Range& r, Dimension d, const std::string& problem) {
  if (!r.contains(n.value))
    fail(n.where, "value " + n.shown + " " + problem + " (allowed: " + r.describe(d) + ")");
}

Number read_number(const Value& v, Dimension d, const Range& r) {
  const std::string expected = d == Dimension::Dimensionless
                                   ? std::string("a number")
                                   : std::string("a number in ") + si_unit(d) +
                                         " or \"<number> <unit>\" (" + dimension_name(d) + ")";
  const std::string text = scalar_text(v, expected);
  Number n;
  try {
    const Quantity q = parse_quantity(text, d);
    n = {q.value, q.shown, v.where};
  } catch (const std::invalid_argument& e) {
    fail(v.where, e.what());
  }
  require(n, r, d);
  return n;
}

Number read_required(const Section& s, const std::string& key, Dimension d, const Range& r) {
  return read_number(s.get(key, r.describe(d)), d, r);
}

void read_optional(const Section& s, const std::string& key, Dimension d, const Range& r, double& out) {
  if (const auto v = s.find(key)) out = read_number(*v, d, r).value;
}

Vec3d read_vec3(const Value& v, Dimension d) { return values_of(read_numbers<3>(v, d, "[x, y, z]")); }

bool read_bool(const Value& v) {
  const std::string t = scalar_text(v, "true or false");
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  fail(v.where, "value \"" + t + "\" is not a boolean (allowed: true, false)");
}

Range within(double lo, double hi, const std::string& what) {
  return at_least(lo).up_to(hi).because(what).with_slack(kGeometrySlack * std::max(std::abs(lo), std::abs(hi)));
}

double require_within(const Number& n, const Range& r, const std::string& problem) {
  require(n, r, Dimension::Length, problem);
  return std::clamp(n.value, r.lo, r.hi);
}

void read_box_corners(const Section& s, const DomainSpec& domain, Vec3d& min_m, Vec3d& max_m) {
  const std::string corner = "3 lengths [x, y, z] inside the domain";
  const auto lo = read_numbers<3>(s.get("min", corner), Dimension::Length, "[x, y, z]");
  const auto hi = read_numbers<3>(s.get("max", corner), Dimension::Length, "[x, y, z]");
  const auto inside = [&](int a) {
    return within(0, domain.size_m[a], std::string("the domain extent in ") + kAxis[a]);
  };
  for (int a = 0; a < 3; ++a) min_m[a] = require_within(lo[a], inside(a), "is outside the domain");
  for (int a = 0; a < 3; ++a) {
    max_m[a] = require_within(hi[a], inside(a), "is outside the domain");
    require(hi[a], greater_than(lo[a].value).because(std::string("above this box's min ") + kAxis[a]),
            Dimension::Length);
  }
}

// ---------------------------------------------------------------------------------------
// Alternative keys

namespace {

std::optional<KeyValue> one_given(const Section& s, const std::vector<std::string>& keys, const std::string& what,
                                  const std::string& allowed) {
  std::vector<KeyValue> given;
  for (const std::string& key : keys)
    if (const auto v = s.find(key)) given.push_back({key, *v});
  std::sort(given.begin(), given.end(),
            [](const KeyValue& a, const KeyValue& b) { return a.second.where.line < b.second.where.line; });
  if (given.size() > 1)
    fail(given[1].second.where, what + " takes " + given[0].first + " or " + given[1].first + ", not both; " +
                                    given[0].first + " is given on " + line_text(given[0].second.where) +
                                    " (allowed: " + allowed + ")");
  if (given.empty()) return std::nullopt;
  return given.front();
}

}  // namespace

std::optional<KeyValue> at_most_one_of(const Section& s, const std::vector<std::string>& keys,
                                       const std::string& what) {
  return one_given(s, keys, what, "at most one of them");
}

KeyValue exactly_one_of(const Section& s, const std::vector<std::string>& keys, const std::string& what,
                        const std::string& needs) {
  if (const auto kv = one_given(s, keys, what, "exactly one of them")) return *kv;
  fail(s.where(keys.front()), "required key is missing: " + what + " needs " + needs +
                                  " (allowed: exactly one of them)");
}

// ---------------------------------------------------------------------------------------
// Choices and names

std::string read_name(const Value& v) {
  const std::string t = scalar_text(v, "a name");
  const auto portable = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  };
  if (t.empty() || !std::all_of(t.begin(), t.end(), portable))
    fail(v.where, "value \"" + t + "\" is not a valid name (allowed: " + kNameRule + ")");
  // Names become path components (results/<name>/): "." or ".." would write elsewhere.
  if (t.find_first_not_of('.') == std::string::npos)
    fail(v.where, "value \"" + t + "\" is not a valid name: names become file and folder names, and \"" + t +
                      "\" would name a directory other than its own (allowed: " + kNameRule +
                      ", with at least one character other than '.')");
  return t;
}

void NameIndex::claim(const std::string& name, const SourceRef& where, const std::string& among,
                      const SourceRef& owner) {
  const auto [it, added] = taken_.emplace(name, owner);
  if (!added)
    fail(where, "name \"" + name + "\" is already used by " + it->second.key + " on " + line_text(it->second) +
                    " (allowed: names unique among " + among + ")");
}

std::string read_object_name(const Section& s, const SourceRef& entry, NameIndex& object_names) {
  const Value v = s.get("name", kNameRule);
  const std::string name = read_name(v);
  object_names.claim(name, v.where, kObjectNames, entry);
  return name;
}

// ---------------------------------------------------------------------------------------
// Counts

void require_object_room(std::size_t have, double adding, const SourceRef& where, const std::string& kind) {
  const double total = double(have) + adding;
  if (total > kMaxObjects)
    fail(where, "this brings the " + kind + " to " + format_number(total) + " (allowed: at most " +
                    format_number(kMaxObjects) + " " + kind +
                    " in one case; a hall with more is a campaign of smaller halls)");
}

}  // namespace rackflow::detail
