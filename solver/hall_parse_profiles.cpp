// Server types, power profiles (with the trace CSV files they may read) and CDUs: the
// named things of the `hall` section that racks refer to.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "hall_parse_common.hpp"
#include "plausibility.hpp"
#include "quantity.hpp"
#include "server_types.hpp"

namespace rackflow::detail::hall {

namespace {

const Choices<ProfileKind> kProfileKinds = {{"constant", ProfileKind::Constant},
                                            {"step", ProfileKind::Step},
                                            {"ramp", ProfileKind::Ramp},
                                            {"training", ProfileKind::Training},
                                            {"trace", ProfileKind::Trace}};
const std::vector<std::string> kProfileKeys = {"utilisation", "before", "after", "at", "start",
                                               "duration", "period", "dip_duration", "dip_utilisation",
                                               "file"};
constexpr double kDefaultIdleFraction = 0.2;      // of a case-defined server type's power

}  // namespace

// ---------------------------------------------------------------------------------------
// Server types

std::string known_server_types(const Build& b) {
  std::vector<std::string> names;
  for (const ServerTypeEntry& e : b.server_types) names.push_back(e.type.name);
  return join(names);
}

double read_airflow(const Section& s, const Number& power, const FluidSpec& fluid, const std::string& what) {
  const auto [key, v] =
      exactly_one_of(s, kAirflowKeys, what, "airflow [m3/s] or cfm_per_kw or delta_t [K]");
  if (key == "airflow") return read_number(v, Dimension::VolumeFlow, rack_airflow_range()).value;
  Number n;
  double flow_m3_s = 0;
  if (key == "cfm_per_kw") {
    n = read_number(v, Dimension::Dimensionless, airflow_range());
    flow_m3_s = n.value * power.value / 1e3 * kM3PerSecondPerCfm;
  } else {
    n = read_number(v, Dimension::TemperatureDifference, greater_than(0));
    flow_m3_s = power.value / (fluid.density_kg_m3 * fluid.specific_heat_j_kgk * n.value);
  }
  if (!(flow_m3_s > 0))
    fail(n.where, "value " + n.shown + " with power " + power.shown +
                      " gives no airflow, which cannot carry heat away (allowed: power > 0 W, or airflow "
                      "[m3/s] given directly)");
  return flow_m3_s;
}

void read_server_type(const Value& entry, Build& b) {
  const Section s(entry, with({"name", "height_u", "power", "idle_power"}, kAirflowKeys));
  const Value name = s.get("name", kNameRule);
  ServerTypeEntry e;
  e.where = entry.where;
  e.type.name = read_name(name);
  if (const ServerTypeEntry* taken = find_named(b.server_type_at, b.server_types, e.type.name)) {
    const ServerTypeEntry& other = *taken;
    fail(name.where, "name " + in_quotes(e.type.name) + " is already " +
                           (other.where.key.empty()
                                ? std::string("a built-in server type")
                                : "used by " + other.where.key + " on " + line_text(other.where)) +
                           " (allowed: a name other than " + known_server_types(b) + ")");
  }
  e.type.height_u = read_required(s, "height_u", Dimension::Dimensionless, greater_than(0)).value;
  const Range power_range = greater_than(0).up_to(rack_power_range().hi).because(rack_power_range().note);
  const Number power = read_required(s, "power", Dimension::Power, power_range);
  e.type.max_power_w = power.value;
  e.type.idle_power_w = kDefaultIdleFraction * power.value;
  read_optional(s, "idle_power", Dimension::Power, at_least(0).up_to(power.value).because("the type's power"),
                e.type.idle_power_w);
  e.type.airflow_m3_s = read_airflow(s, power, b.spec.fluid, "a server type");
  add_named(b.server_type_at, b.server_types, e.type.name, e);
}

// ---------------------------------------------------------------------------------------
// Profiles

namespace {

// A trace CSV, for messages that name the case key, the file as written and file:line.
struct TraceFile {
  Value key;
  std::string written;
  std::string path;  // resolved against the case file's folder

  [[noreturn]] void fail_at(std::size_t line, const std::string& problem, const std::string& allowed) const {
    fail(key.where, "value " + in_quotes(written) + ": " + path + ":" + std::to_string(line) + ": " + problem +
                        " (allowed: " + allowed + ")");
  }
};

const std::string kTraceHeader = "time_s,power_w";
// A sample a second for eleven days; the trace is held in memory and searched every step.
constexpr std::size_t kMaxTraceRows = 1000000;
// The rows of kMaxTraceRows at up to 60 characters each; checked before the file is read.
constexpr std::uintmax_t kMaxTraceBytes = 64u << 20;
const std::string kTraceForm = "a CSV file with the header line time_s,power_w, then one row per sample: "
                               "time in s, watts per server";

std::string strip(const std::string& s) {
  const char* ws = " \t\r";
  const auto b = s.find_first_not_of(ws);
  return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t from = 0;
  for (std::size_t comma; (comma = line.find(',', from)) != std::string::npos; from = comma + 1)
    fields.push_back(strip(line.substr(from, comma - from)));
  fields.push_back(strip(line.substr(from)));
  return fields;
}

double trace_number(const TraceFile& f, std::size_t line, const std::string& column, const std::string& text) {
  if (text.empty())
    f.fail_at(line, "the " + column + " field is empty", "a number in every field: a trace has no gaps");
  try {
    return parse_quantity(text, Dimension::Dimensionless).value;
  } catch (const std::invalid_argument&) {
    f.fail_at(line, "the " + column + " field " + in_quotes(text) + " is not a number",
              "plain numbers in " + kTraceHeader);
  }
}

std::vector<std::string> trace_lines(const TraceFile& f) {
  std::error_code ec;
  std::ifstream in(f.path);
  if (!std::filesystem::is_regular_file(f.path, ec) || !in)
    fail(f.key.where, "value " + in_quotes(f.written) + ": cannot read " + f.path + " (allowed: " + kTraceForm +
                          ", its path relative to the case file)");
  const std::uintmax_t bytes = std::filesystem::file_size(f.path, ec);
  if (!ec && bytes > kMaxTraceBytes)
    f.fail_at(1, "the file holds " + std::to_string(bytes) + " bytes",
              "at most " + std::to_string(kMaxTraceBytes) + " bytes, " + std::to_string(kMaxTraceRows) +
                  " rows: a sample a second for eleven days");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
    if (lines.size() > kMaxTraceRows + 1)
      f.fail_at(lines.size(), "the trace has more than " + std::to_string(kMaxTraceRows) + " rows",
                "at most " + std::to_string(kMaxTraceRows) + " rows, a sample a second for eleven days");
  }
  while (!lines.empty() && strip(lines.back()).empty()) lines.pop_back();
  if (lines.empty() || csv_fields(lines[0]) != csv_fields(kTraceHeader))
    f.fail_at(1, "the header line is " + in_quotes(lines.empty() ? "" : strip(lines[0])), kTraceForm);
  return lines;
}

void read_trace_rows(const TraceFile& f, const std::vector<std::string>& lines, PowerProfileSpec& p) {
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    const auto fields = csv_fields(lines[i]);
    if (fields.size() != 2)
      f.fail_at(line,
                strip(lines[i]).empty() ? "the row is empty"
                                        : "the row has " + std::to_string(fields.size()) + " fields",
                "two fields per row, " + kTraceHeader + "; a trace has no gaps");
    const double t = trace_number(f, line, "time_s", fields[0]);
    const double w = trace_number(f, line, "power_w", fields[1]);
    if (!p.trace_time_s.empty() && !(t > p.trace_time_s.back()))
      f.fail_at(line, "time_s " + format_number(t) + " is not after the previous row's " +
                          format_number(p.trace_time_s.back()), "strictly increasing times");
    if (w < 0) f.fail_at(line, "power_w " + format_number(w) + " is negative", "power_w >= 0");
    p.trace_time_s.push_back(t);
    p.trace_power_w.push_back(w);
  }
}

// The trace must span the whole run: it is interpolated, never extrapolated.
void check_trace_covers_run(const TraceFile& f, std::size_t last_line, const PowerProfileSpec& p,
                            const RunSpec& run) {
  if (p.trace_time_s.size() < 2)
    f.fail_at(last_line, "the trace has " + std::to_string(p.trace_time_s.size()) + " sample rows",
              "at least two rows, to interpolate between");
  if (p.trace_time_s.front() > 0)
    f.fail_at(2, "the trace starts at " + format_quantity(p.trace_time_s.front(), Dimension::Time) +
                     ", after the run starts at 0 s", "a first time_s <= 0");
  if (p.trace_time_s.back() < run.end_time_s)
    f.fail_at(last_line, "the trace ends at " + format_quantity(p.trace_time_s.back(), Dimension::Time) +
                             ", before run.end_time", "a last time_s >= " +
                             format_quantity(run.end_time_s, Dimension::Time) + ", run.end_time");
}

void read_trace(const Value& v, PowerProfileSpec& p, const CaseSpec& spec) {
  TraceFile f{v, scalar_text(v, "a CSV file name"), ""};
  f.path = (std::filesystem::path(spec.source_file).parent_path() / f.written).string();
  p.trace_file = f.written;
  const std::vector<std::string> lines = trace_lines(f);
  read_trace_rows(f, lines, p);
  check_trace_covers_run(f, lines.size(), p, spec.run);
}

const std::vector<std::string>& profile_kind_keys(ProfileKind k) {
  static const std::vector<std::string> constant{"utilisation"};
  static const std::vector<std::string> step{"before", "after", "at"};
  static const std::vector<std::string> ramp{"before", "after", "start", "duration"};
  static const std::vector<std::string> training{"utilisation", "period", "dip_duration", "dip_utilisation"};
  static const std::vector<std::string> trace{"file"};
  switch (k) {
    case ProfileKind::Constant: return constant;
    case ProfileKind::Step: return step;
    case ProfileKind::Ramp: return ramp;
    case ProfileKind::Training: return training;
    case ProfileKind::Trace: return trace;
  }
  return constant;
}

void forbid_other_profile_keys(const Section& s, ProfileKind k) {
  s.forbid_other_kinds(kProfileKeys, profile_kind_keys(k), choice_name(kProfileKinds, k), "profile", "name, kind");
}

double read_utilisation(const Section& s, const std::string& key) {
  return read_required(s, key, Dimension::Dimensionless, utilisation_range()).value;
}

void read_training(const Section& s, PowerProfileSpec& p) {
  p.utilisation = read_utilisation(s, "utilisation");
  p.period_s = read_required(s, "period", Dimension::Time, greater_than(0)).value;
  p.dip_duration_s = read_required(s, "dip_duration", Dimension::Time,
                                   greater_than(0).below(p.period_s).because("the period"))
                         .value;
  p.dip_utilisation = read_utilisation(s, "dip_utilisation");
}

}  // namespace

void read_profile(const Value& entry, Build& b) {
  const Section s(entry, with({"name", "kind"}, kProfileKeys));
  PowerProfileSpec p;
  p.where = entry.where;
  p.name = read_unique_name(s, entry.where, b.profile_names, "hall.profiles");
  p.kind = read_required_choice(s, "kind", kProfileKinds);
  forbid_other_profile_keys(s, p.kind);
  switch (p.kind) {
    case ProfileKind::Constant: p.utilisation = read_utilisation(s, "utilisation"); break;
    case ProfileKind::Step:
      p.before = read_utilisation(s, "before");
      p.after = read_utilisation(s, "after");
      p.at_s = read_required(s, "at", Dimension::Time, at_least(0)).value;
      break;
    case ProfileKind::Ramp:
      p.before = read_utilisation(s, "before");
      p.after = read_utilisation(s, "after");
      read_optional(s, "start", Dimension::Time, at_least(0), p.start_s);
      p.duration_s = read_required(s, "duration", Dimension::Time, greater_than(0)).value;
      break;
    case ProfileKind::Training: read_training(s, p); break;
    case ProfileKind::Trace:
      read_trace(s.get("file", kTraceForm + ", its path relative to the case file"), p, b.spec);
      break;
  }
  add_named(b.profile_at, b.hall.profiles, p.name, p);
}

// ---------------------------------------------------------------------------------------
// CDUs

void read_cdu(const Value& entry, Build& b) {
  const Section s(entry, {"name", "capacity"});
  CduSpec c;
  c.where = entry.where;
  c.name = read_unique_name(s, entry.where, b.cdu_names, "hall.cdus");
  c.capacity_w = read_required(s, "capacity", Dimension::Power, greater_than(0)).value;
  b.hall.cdus.push_back(c);
}

}  // namespace rackflow::detail::hall
