#include "campaign_parser.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "yaml_overrides.hpp"
#include "yaml_reader.hpp"

// The schema of docs/campaign-format.md, written against yaml_reader.hpp like the case's.

namespace rackflow {
namespace {

using namespace detail;
using Generator = ScenarioEntry::Generator;

// A campaign of more scenarios than this is several campaigns: each is a run of the hall.
constexpr double kMaxScenarios = 10000;
constexpr double kMaxRanks = 1 << 20;
constexpr double kMaxGpusPerTask = 64;
constexpr double kMaxCpusPerTask = 4096;
// A year: longer than any batch system grants, short enough to stay exact in seconds.
constexpr double kMaxTimeLimitS = 3.2e7;

const std::vector<std::string> kTopKeys = {"name", "description", "case", "set", "warm_start", "transient",
                                           "run", "slurm", "scenarios"};
const std::vector<std::string> kGeneratorKeys = {"set", "fail_each", "fail_pairs", "scale_power",
                                                 "supply_temperature", "headroom"};
const std::vector<std::string> kEntryKeys = {"name",  "description", "set",   "fail_each", "fail_pairs",
                                             "scale_power", "supply_temperature", "headroom", "mode",
                                             "racks", "rows", "coolers"};
const Choices<ScenarioKind> kModes = {{"steady", ScenarioKind::Steady}, {"transient", ScenarioKind::Transient}};

// A YAML value as override text: a scalar as written, a list or mapping in flow style.
std::string value_text(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << n;
  return out.c_str();
}

// `set:` as a mapping of key paths to values ("hall.coolers[crah-2].fail_at: 30 s").
std::vector<CaseOverride> read_set(const Value& v) {
  std::vector<CaseOverride> out;
  if (v.node.IsNull()) return out;
  if (!v.node.IsMap())
    fail(v.where, "expected a mapping of case keys to values, e.g. \"hall.coolers[crah-2].fail_at: 30 s\", got " +
                      describe_node(v.node));
  require_object_room(0, double(v.node.size()), v.where, "overrides");
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const SourceRef at{v.where.file, line_of(it->first), v.where.key};
    if (!it->first.IsScalar()) fail(at, "expected a case key such as run.end_time, got " + describe_node(it->first));
    CaseOverride o{it->first.Scalar(), value_text(it->second)};
    const SourceRef where{v.where.file, line_of(it->first), v.where.key + "." + o.key};
    if (it->second.IsNull()) fail(where, "the value is empty (allowed: a YAML value, e.g. 30 s)");
    try {
      split_override_path(o);
    } catch (const std::invalid_argument& e) {
      fail(where, e.what());
    }
    for (const CaseOverride& earlier : out)
      if (earlier.key == o.key) fail(where, "duplicate key (allowed: each key once)");
    out.push_back(o);
  }
  return out;
}

// `coolers` (every unit) or a list of names.
std::vector<std::string> read_all_or_names(const Value& v, const std::string& all_word) {
  if (v.node.IsScalar()) {
    if (v.node.Scalar() == all_word || v.node.Scalar() == "all") return {};
    fail(v.where, "value \"" + v.node.Scalar() + "\" is not allowed (allowed: " + all_word +
                      (all_word == "all" ? "" : ", all") + ", or a list of names)");
  }
  std::vector<std::string> names;
  for (const Value& item : list_items(v, all_word + " or a list of names")) {
    names.push_back(read_name(item));
    for (std::size_t i = 0; i + 1 < names.size(); ++i)
      if (names[i] == names.back()) fail(item.where, "name \"" + names.back() + "\" is listed twice (allowed: each once)");
  }
  if (names.empty()) fail(v.where, "the list is empty (allowed: " + all_word + ", or at least one name)");
  return names;
}

std::vector<double> read_values(const Value& v, Dimension d, const Range& r, const std::string& what) {
  std::vector<double> out;
  const std::vector<Value> items = v.node.IsSequence() ? list_items(v, what) : std::vector<Value>{v};
  for (const Value& item : items) {
    out.push_back(read_number(item, d, r).value);
    for (std::size_t i = 0; i + 1 < out.size(); ++i)
      if (out[i] == out.back()) fail(item.where, "value " + scalar_text(item, what) + " is listed twice (allowed: each once)");
  }
  if (out.empty()) fail(v.where, "the list is empty (allowed: " + what + ")");
  return out;
}

// Which keys each generator takes besides name and description.
std::vector<std::string> own_keys(Generator g) {
  switch (g) {
    case Generator::Set: return {"set"};
    case Generator::FailEach: return {"fail_each", "mode"};
    case Generator::FailPairs: return {"fail_pairs", "mode"};
    case Generator::ScalePower: return {"scale_power", "racks", "rows"};
    case Generator::SupplyTemperature: return {"supply_temperature", "coolers"};
    case Generator::Headroom: return {"headroom"};
  }
  return {};
}

ScenarioEntry read_entry(const Value& entry) {
  const Section s(entry, kEntryKeys);
  const KeyValue given = exactly_one_of(s, kGeneratorKeys, "a scenario",
                                        "a list of overrides (set) or a generator (fail_each, fail_pairs, "
                                        "scale_power, supply_temperature, headroom)");
  ScenarioEntry e;
  e.where = entry.where;
  const std::string& key = given.first;
  const Value& v = given.second;
  const std::vector<std::pair<std::string, Generator>> generators = {
      {"set", Generator::Set},
      {"fail_each", Generator::FailEach},
      {"fail_pairs", Generator::FailPairs},
      {"scale_power", Generator::ScalePower},
      {"supply_temperature", Generator::SupplyTemperature},
      {"headroom", Generator::Headroom}};
  for (const auto& [k, g] : generators)
    if (k == key) e.generator = g;
  s.forbid_other_kinds({"mode", "racks", "rows", "coolers"}, own_keys(e.generator), key, "scenario",
                       "name, description");
  if (const auto n = s.find("name")) e.name = read_name(*n);
  if (const auto d = s.find("description")) e.description = scalar_text(*d, "text");
  switch (e.generator) {
    case Generator::Set:
      if (e.name.empty()) fail(s.where("name"), "required key is missing: a scenario of overrides needs a name (allowed: " + std::string(kNameRule) + ")");
      e.overrides = read_set(v);
      if (e.overrides.empty()) fail(v.where, "no overrides (allowed: at least one \"key: value\")");
      break;
    case Generator::FailEach:
    case Generator::FailPairs:
      e.coolers = read_all_or_names(v, "coolers");
      if (const auto m = s.find("mode")) e.mode = read_choice(*m, kModes);
      break;
    case Generator::ScalePower:
      e.factors = read_values(v, Dimension::Dimensionless, greater_than(0).up_to(10), "power factors, e.g. [0.8, 1.2]");
      if (const auto r = s.find("racks")) e.racks = read_all_or_names(*r, "all");
      if (const auto r = s.find("rows")) e.rows = read_all_or_names(*r, "all");
      if (s.find("racks") && s.find("rows")) fail(s.where("rows"), "scale_power takes racks or rows, not both (allowed: one of them)");
      break;
    case Generator::SupplyTemperature:
      e.temperatures_c = read_values(v, Dimension::Temperature, kAboveAbsoluteZero, "set-points, e.g. [18, 20, 22] °C");
      if (const auto c = s.find("coolers")) e.coolers = read_all_or_names(*c, "all");
      break;
    case Generator::Headroom:
      e.racks = read_all_or_names(v, "all");
      break;
  }
  return e;
}

void read_slurm(const Value& v, SlurmDefaults& slurm) {
  const Section s(v, {"partition", "account", "time_limit", "gpus_per_task", "cpus_per_task"});
  if (const auto p = s.find("partition")) slurm.partition = read_name(*p);
  if (const auto a = s.find("account")) slurm.account = read_name(*a);
  read_optional(s, "time_limit", Dimension::Time, at_least(60).up_to(kMaxTimeLimitS).because("Slurm counts minutes"),
                slurm.time_limit_s);
  double gpus = slurm.gpus_per_task, cpus = slurm.cpus_per_task;
  read_optional(s, "gpus_per_task", Dimension::Dimensionless, at_least(0).up_to(kMaxGpusPerTask), gpus);
  read_optional(s, "cpus_per_task", Dimension::Dimensionless, at_least(0).up_to(kMaxCpusPerTask), cpus);
  for (const auto& [key, value] : {std::pair{"gpus_per_task", gpus}, std::pair{"cpus_per_task", cpus}})
    if (value != double(long(value)))
      fail(s.where(key), "value " + format_number(value) + " is not a whole number (allowed: 0, 1, 2, ...)");
  slurm.gpus_per_task = int(gpus);
  slurm.cpus_per_task = int(cpus);
}

CampaignSpec read_campaign(const YAML::Node& root, const std::string& file) {
  const Section top(Value{root, SourceRef{file, std::max(1, line_of(root)), ""}}, kTopKeys);
  CampaignSpec c;
  c.file = file;
  c.name = read_name(top.get("name", kNameRule));
  if (const auto d = top.find("description")) c.description = scalar_text(*d, "text");
  const Value case_value = top.get("case", "the base case file, relative to this file");
  const std::string case_text = scalar_text(case_value, "a file name");
  const std::filesystem::path case_path = std::filesystem::path(file).parent_path() / case_text;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(case_path, ec))
    fail(case_value.where, "value \"" + case_text + "\": no such file " + case_path.string() +
                               " (allowed: a case file, relative to the campaign file's folder)");
  c.case_file = case_path.lexically_normal().string();
  if (const auto v = top.find("set")) c.base_overrides = read_set(*v);
  if (const auto v = top.find("warm_start")) c.warm_start = read_bool(*v);
  if (const auto v = top.find("transient")) {
    const Section t(*v, {"duration", "fail_after"});
    read_optional(t, "duration", Dimension::Time, greater_than(0), c.transient_duration_s);
    read_optional(t, "fail_after", Dimension::Time, at_least(0), c.fail_after_s);
  }
  if (const auto v = top.find("run")) {
    const Section r(*v, {"ranks"});
    double ranks = 1;
    read_optional(r, "ranks", Dimension::Dimensionless, at_least(1).up_to(kMaxRanks), ranks);
    if (ranks != double(long(ranks))) fail(r.where("ranks"), "value " + format_number(ranks) + " is not a whole number (allowed: 1, 2, ...)");
    c.ranks = int(ranks);
  }
  if (const auto v = top.find("slurm")) read_slurm(*v, c.slurm);
  const Value scenarios = top.get("scenarios", "a list of scenarios");
  const std::vector<Value> items = list_items(scenarios, "a list of scenarios (\"- fail_each: coolers\" entries)");
  if (double(items.size()) > kMaxScenarios)
    fail(scenarios.where, std::to_string(items.size()) + " entries (allowed: at most " + format_number(kMaxScenarios) + ")");
  for (const Value& e : items) c.entries.push_back(read_entry(e));
  return c;
}

}  // namespace

CampaignSpec parse_campaign_string(const std::string& yaml, const std::string& file) {
  return read_campaign(load_single_document(yaml, file, "campaign", "name, case, scenarios"), file);
}

CampaignSpec parse_campaign_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    fail({path, 0, ""}, "cannot read the campaign file (it is missing or not a regular file)");
  // Scenarios are a few lines each: a larger file is not a campaign.
  constexpr std::uintmax_t kMaxCampaignBytes = 4u << 20;
  if (std::filesystem::file_size(path, ec) > kMaxCampaignBytes)
    fail({path, 1, ""}, "the campaign file is larger than " + std::to_string(kMaxCampaignBytes) + " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail({path, 0, ""}, "cannot open the campaign file (permission denied?)");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_campaign_string(text.str(), path);
}

}  // namespace rackflow
