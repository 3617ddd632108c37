#include "postprocess/report/run_record.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

namespace rackflow::post {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kReportJson = "report.json";
constexpr const char* kSummaryJson = "summary.json";
constexpr const char* kHistoryCsv = "inlet_history.csv";

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw RunRecordError(file.string() + ": cannot be opened");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Members of one JSON file, read with errors that name the file and the key's path in it.
class JsonFile {
 public:
  explicit JsonFile(const fs::path& file) : file_(file.string()) {
    try {
      root_ = json::parse(read_text(file));
    } catch (const json::parse_error& e) {
      fail("", std::string("not valid JSON (") + e.what() + ")");
    }
    if (!root_.is_object()) fail("", "the top level is not an object");
  }

  const json& root() const { return root_; }

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw RunRecordError(file_ + (path.empty() ? "" : ": key \"" + path + "\"") + ": " + what);
  }

  const json& member(const json& object, const std::string& path, const char* key) const {
    const std::string where = path.empty() ? key : path + "." + key;
    if (!object.is_object() || !object.contains(key)) fail(where, "missing");
    return object.at(key);
  }
  bool has(const json& object, const char* key) const { return object.is_object() && object.contains(key); }

  // null stands for NaN: JSON cannot hold it, so the report writes null (json_text.hpp).
  double number(const json& object, const std::string& path, const char* key) const {
    const json& v = member(object, path, key);
    if (v.is_null()) return kNaN;
    if (!v.is_number()) fail(path + "." + key, "not a number: " + v.dump());
    return v.get<double>();
  }
  std::optional<double> optional_number(const json& object, const std::string& path, const char* key) const {
    if (!has(object, key) || object.at(key).is_null()) return std::nullopt;
    return number(object, path, key);
  }
  std::string text(const json& object, const std::string& path, const char* key) const {
    const json& v = member(object, path, key);
    if (!v.is_string()) fail(path + "." + key, "not a string: " + v.dump());
    return v.get<std::string>();
  }
  bool boolean(const json& object, const std::string& path, const char* key) const {
    const json& v = member(object, path, key);
    if (!v.is_boolean()) fail(path + "." + key, "not true or false: " + v.dump());
    return v.get<bool>();
  }
  const json& array(const json& object, const std::string& path, const char* key) const {
    const json& v = member(object, path, key);
    if (!v.is_array()) fail(path + "." + key, "not an array");
    return v;
  }
  Vec3d vec3(const json& object, const std::string& path, const char* key) const {
    const json& v = array(object, path, key);
    if (v.size() != 3 || !v[0].is_number() || !v[1].is_number() || !v[2].is_number())
      fail(path + "." + key, "not three numbers: " + v.dump());
    return {v[0].get<double>(), v[1].get<double>(), v[2].get<double>()};
  }

 private:
  std::string file_;
  json root_;
};

std::string item(const std::string& path, const char* key, std::size_t i) {
  return path + (path.empty() ? "" : ".") + key + "[" + std::to_string(i) + "]";
}

Face parse_face(const JsonFile& f, const json& rack, const std::string& path) {
  const std::string name = f.text(rack, path, "front");
  for (int i = 0; i < 6; ++i)
    if (name == face_name(static_cast<Face>(i))) return static_cast<Face>(i);
  f.fail(path + ".front", "not a face: \"" + name + "\" (allowed: x_min, x_max, y_min, y_max, z_min, z_max)");
}

AshraeClass parse_class(const JsonFile& f) {
  const std::string name = f.text(f.root(), "", "ashrae_class");
  for (AshraeClass c : {AshraeClass::Recommended, AshraeClass::A1, AshraeClass::A2, AshraeClass::A3,
                        AshraeClass::A4, AshraeClass::H1})
    if (name == ashrae_class_name(c)) return c;
  f.fail("ashrae_class", "not an ASHRAE class: \"" + name + "\"");
}

// The part summary.json and report.json's "run" share.
void read_summary(const JsonFile& f, const json& run, const std::string& path, RunRecord& r) {
  r.status = f.text(run, path, "status");
  if (f.has(run, "message")) r.message = f.text(run, path, "message");
  if (f.has(run, "steady_state")) {
    const json& steady = f.member(run, path, "steady_state");
    r.steady_reached = f.boolean(steady, path + ".steady_state", "reached");
    // Null when reached or never asked for.
    if (steady.contains("unmet") && steady["unmet"].is_string()) r.steady_unmet = steady["unmet"].get<std::string>();
  }
  r.wall_time_s = f.optional_number(run, path, "wall_time_s").value_or(kNaN);
  r.simulated_time_s = f.optional_number(run, path, "simulated_time_s").value_or(kNaN);
  if (f.has(run, "lattice")) r.dx_m = f.number(f.member(run, path, "lattice"), path + ".lattice", "dx_m");
  const std::string prov_path = path + (path.empty() ? "" : ".") + "provenance";
  const json& prov = f.member(run, path, "provenance");
  ProvenanceRecord& p = r.provenance;
  p.case_file = f.text(prov, prov_path, "case_file");
  // Overrides, restart file and start time are recorded by runs since campaigns (issue 10);
  // an older run directory has none of them: a cold start without overrides.
  if (f.has(prov, "overrides")) {
    const json& overrides = f.array(prov, prov_path, "overrides");
    for (std::size_t i = 0; i < overrides.size(); ++i) {
      if (!overrides[i].is_string()) f.fail(item(prov_path, "overrides", i), "not a string");
      p.overrides.push_back(overrides[i].get<std::string>());
    }
  }
  if (f.has(prov, "restart_file") && !prov.at("restart_file").is_null())
    p.restart_file = f.text(prov, prov_path, "restart_file");
  p.start_time_s = f.optional_number(prov, prov_path, "start_time_s").value_or(0.0);
}

// A run that went to its end: summary_json.cpp's run_status_name says "completed" or
// "not_converged".
bool completed(const std::string& status) { return status == "completed" || status == "not_converged"; }

RackRecord read_rack(const JsonFile& f, const json& rack, const std::string& path) {
  RackRecord r;
  r.name = f.text(rack, path, "name");
  r.row = f.text(rack, path, "row");
  r.min_m = f.vec3(rack, path, "min_m");
  r.max_m = f.vec3(rack, path, "max_m");
  r.front = parse_face(f, rack, path);
  r.inlet_max_c = f.number(rack, path, "inlet_max_c");
  r.inlet_max_at_m = f.vec3(rack, path, "inlet_max_at_m");
  r.margin_k = f.number(rack, path, "margin_k");
  const json& servers = f.array(rack, path, "servers");
  double hottest_c = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < servers.size(); ++i) {
    const std::string at = item(path, "servers", i);
    const double t = f.number(servers[i], at, "inlet_max_c");
    if (t > hottest_c) {
      hottest_c = t;
      r.hottest_server = f.text(servers[i], at, "name");
    }
  }
  return r;
}

CoolerRecord read_cooler(const JsonFile& f, const json& unit, const std::string& path) {
  CoolerRecord c;
  c.name = f.text(unit, path, "name");
  c.kind = f.text(unit, path, "kind");
  c.min_m = f.vec3(unit, path, "min_m");
  c.max_m = f.vec3(unit, path, "max_m");
  c.utilisation = f.number(unit, path, "utilisation");
  c.load_w = f.number(unit, path, "load_w");
  c.failed = f.boolean(unit, path, "failed");
  c.fail_at_s = f.optional_number(unit, path, "fail_at_s");
  return c;
}

void read_report(const JsonFile& f, RunRecord& r) {
  const json& root = f.root();
  read_summary(f, f.member(root, "", "run"), "run", r);
  r.ashrae_class = parse_class(f);
  const json& limits = f.member(root, "", "inlet_limits");
  r.limits = {f.number(limits, "inlet_limits", "allowable_min_c"), f.number(limits, "inlet_limits", "allowable_max_c"),
              f.number(limits, "inlet_limits", "recommended_min_c"),
              f.number(limits, "inlet_limits", "recommended_max_c")};
  r.verdict = f.text(f.member(root, "", "verdict"), "verdict", "text");
  const json& racks = f.array(root, "", "racks");
  for (std::size_t i = 0; i < racks.size(); ++i) r.racks.push_back(read_rack(f, racks[i], item("", "racks", i)));
  const json& units = f.array(root, "", "cooling_units");
  for (std::size_t i = 0; i < units.size(); ++i)
    r.coolers.push_back(read_cooler(f, units[i], item("", "cooling_units", i)));
  const json& metrics = f.member(root, "", "metrics");
  r.rci_hi_pct = f.number(metrics, "metrics", "rci_hi_pct");
  r.rci_lo_pct = f.number(metrics, "metrics", "rci_lo_pct");
  const json& bins = f.array(root, "", "inlet_bins");
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const std::string at = item("", "inlet_bins", i);
    const double servers = f.number(bins[i], at, "servers");
    r.inlet_bins.push_back({f.optional_number(bins[i], at, "above_c"), f.optional_number(bins[i], at, "up_to_c"),
                            static_cast<long long>(servers)});
  }
  r.relative_energy_residual = f.number(f.member(root, "", "energy_balance"), "energy_balance", "relative_residual");
  const json& t = f.member(root, "", "transients");
  r.transients = {f.number(t, "transients", "limit_c"), f.optional_number(t, "transients", "first_failure_at_s"),
                  f.optional_number(t, "transients", "limit_crossed_at_s"),
                  f.optional_number(t, "transients", "ride_through_s")};
}

// RFC 4180 fields of one line (csv_text.hpp writes them).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

std::string without_suffix(const std::string& text, const std::string& suffix) {
  if (text.size() < suffix.size() || text.compare(text.size() - suffix.size(), suffix.size(), suffix) != 0)
    return "";
  return text.substr(0, text.size() - suffix.size());
}

// An empty field is a number the run did not have (hall_report.cpp writes NaN so).
double csv_value(const std::string& field, const std::string& file, std::size_t line) {
  if (field.empty()) return kNaN;
  char* end = nullptr;
  const double v = std::strtod(field.c_str(), &end);
  if (end != field.c_str() + field.size())
    throw RunRecordError(file + ":" + std::to_string(line) + ": not a number: \"" + field + "\"");
  return v;
}

// time_s, then <rack>_max_c,<rack>_mean_c per rack (hall_report.hpp).
InletHistory read_history(const fs::path& path) {
  const std::string file = path.string();
  std::istringstream in(read_text(path));
  std::string line;
  InletHistory h;
  if (!std::getline(in, line)) return h;
  const std::vector<std::string> header = csv_fields(line);
  if (header.front() != "time_s" || header.size() % 2 != 1)
    throw RunRecordError(file + ":1: the header is not time_s followed by <rack>_max_c,<rack>_mean_c pairs");
  for (std::size_t c = 1; c < header.size(); c += 2) {
    const std::string rack = without_suffix(header[c], "_max_c");
    if (rack.empty() || header[c + 1] != rack + "_mean_c")
      throw RunRecordError(file + ":1: columns \"" + header[c] + "\", \"" + header[c + 1] +
                           "\" are not <rack>_max_c,<rack>_mean_c");
    h.racks.push_back(rack);
  }
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const std::vector<std::string> fields = csv_fields(line);
    if (fields.size() != header.size())
      throw RunRecordError(file + ":" + std::to_string(n) + ": " + std::to_string(fields.size()) + " fields, the header has " +
                           std::to_string(header.size()));
    h.time_s.push_back(csv_value(fields[0], file, n));
    std::vector<float> max_c, mean_c;
    for (std::size_t c = 1; c < fields.size(); c += 2) {
      max_c.push_back(static_cast<float>(csv_value(fields[c], file, n)));
      mean_c.push_back(static_cast<float>(csv_value(fields[c + 1], file, n)));
    }
    h.inlet_max_c.push_back(std::move(max_c));
    h.inlet_mean_c.push_back(std::move(mean_c));
  }
  return h;
}

}  // namespace

RunRecord read_run_record(const std::string& dir) {
  RunRecord r;
  r.dir = dir;
  const fs::path d(dir);
  if (!fs::is_directory(d)) {
    r.message = "no run directory " + dir;
    return r;
  }
  if (fs::exists(d / kReportJson)) {
    read_report(JsonFile(d / kReportJson), r);
    r.outcome = completed(r.status) ? RunOutcome::Reported : RunOutcome::Failed;
    if (fs::exists(d / kHistoryCsv)) r.history = read_history(d / kHistoryCsv);
    return r;
  }
  if (!fs::exists(d / kSummaryJson)) {
    r.message = "neither " + std::string(kReportJson) + " nor " + kSummaryJson + " in " + dir;
    return r;
  }
  const JsonFile summary(d / kSummaryJson);
  read_summary(summary, summary.root(), "", r);
  r.outcome = completed(r.status) ? RunOutcome::NoHall : RunOutcome::Failed;
  return r;
}

}  // namespace rackflow::post
