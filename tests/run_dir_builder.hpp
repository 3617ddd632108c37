// Hand-made run directories for the campaign-report and compare tests: report.json (with
// the keys rackflow's report has, postprocess/hall_report.cpp), summary.json for a failed
// run, and inlet_history.csv, holding numbers a test chooses so that what the tables derive
// from them is known by hand.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace rackflow::test {

struct FakeServer {
  std::string name;  // "a01/s1"
  double inlet_max_c = 0;
};

struct FakeRack {
  std::string name, row = "A";
  double x0_m = 0, y0_m = 0;  // footprint 0.6 m × 1.2 m from here, front at y_min
  std::vector<FakeServer> servers;  // the rack's inlet max is their hottest
};

struct FakeCooler {
  std::string name;
  double x0_m = 0, y0_m = 0;  // footprint 1 m × 1 m
  double utilisation = 0;
  std::optional<double> fail_at_s;
};

struct FakeRun {
  std::string status = "completed";  // summary_json.cpp: run_status_name
  bool steady = true;
  double wall_s = 10, simulated_s = 100, start_s = 0;
  std::optional<std::string> restart_file;
  std::vector<std::string> overrides;  // --set KEY=VALUE
  std::vector<FakeRack> racks;
  std::vector<FakeCooler> coolers;
  double rci_hi_pct = 100, rci_lo_pct = 100;
  std::vector<long long> bins{0, 0, 0, 0, 0, 0};
  double relative_residual = 0.01;
  std::optional<double> first_failure_at_s, limit_crossed_at_s;
  std::vector<double> history_time_s;
  std::vector<std::vector<double>> history_max_c;  // [sample][rack], racks in order
};

inline double rack_inlet_c(const FakeRack& r) {
  double t = -1e300;
  for (const FakeServer& s : r.servers) t = std::max(t, s.inlet_max_c);
  return t;
}

inline nlohmann::ordered_json summary_json(const FakeRun& f) {
  return {{"status", f.status},
          {"steady_state", {{"requested", true}, {"reached", f.steady}}},
          {"simulated_time_s", f.simulated_s},
          {"wall_time_s", f.wall_s},
          {"lattice", {{"dx_m", 0.1}}},
          {"provenance",
           {{"version", "0.1.0"},
            {"case_file", "hall.yaml"},
            {"overrides", f.overrides},
            {"restart_file", f.restart_file ? nlohmann::json(*f.restart_file) : nlohmann::json()},
            {"start_time_s", f.start_s}}}};
}

inline void write_text_file(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// The ASHRAE bins of metrics.hpp (kInletBinEdgesC), as report.json lists them.
inline nlohmann::ordered_json bins_json(const std::vector<long long>& servers) {
  const double edges[] = {27.0, (85.0 - 32.0) / 1.8, (90.0 - 32.0) / 1.8, (95.0 - 32.0) / 1.8, 40.0};
  nlohmann::ordered_json bins = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < servers.size(); ++i)
    bins.push_back({{"above_c", i == 0 ? nlohmann::json() : nlohmann::json(edges[i - 1])},
                    {"up_to_c", i == 5 ? nlohmann::json() : nlohmann::json(edges[i])},
                    {"servers", servers[i]}});
  return bins;
}

inline void write_report_run(const std::filesystem::path& dir, const FakeRun& f) {
  constexpr double kLimitC = 32;  // class A1 allowable maximum
  nlohmann::ordered_json racks = nlohmann::ordered_json::array(), coolers = nlohmann::ordered_json::array();
  for (const FakeRack& r : f.racks) {
    nlohmann::ordered_json servers = nlohmann::ordered_json::array();
    for (const FakeServer& s : r.servers) servers.push_back({{"name", s.name}, {"inlet_max_c", s.inlet_max_c}});
    const double inlet_c = rack_inlet_c(r);
    racks.push_back({{"name", r.name}, {"row", r.row},
                     {"min_m", {r.x0_m, r.y0_m, 0.0}}, {"max_m", {r.x0_m + 0.6, r.y0_m + 1.2, 2.0}},
                     {"front", "y_min"}, {"inlet_max_c", inlet_c},
                     {"inlet_max_at_m", {r.x0_m + 0.3, r.y0_m - 0.05, 1.1}},
                     {"margin_k", kLimitC - inlet_c}, {"servers", servers}});
  }
  for (const FakeCooler& c : f.coolers)
    coolers.push_back({{"name", c.name}, {"kind", "crah"},
                       {"min_m", {c.x0_m, c.y0_m, 0.0}}, {"max_m", {c.x0_m + 1, c.y0_m + 1, 2.0}},
                       {"utilisation", c.utilisation}, {"load_w", 1000 * c.utilisation},
                       {"failed", c.fail_at_s.has_value()},
                       {"fail_at_s", c.fail_at_s ? nlohmann::json(*c.fail_at_s) : nlohmann::json()}});
  auto optional = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  const nlohmann::ordered_json report = {
      {"case_file", "hall.yaml"},
      {"run", summary_json(f)},
      {"ashrae_class", "A1"},
      {"inlet_limits", {{"allowable_min_c", 15}, {"allowable_max_c", kLimitC},
                        {"recommended_min_c", 18}, {"recommended_max_c", 27}}},
      {"verdict", {{"text", "made by hand"}}},
      {"racks", racks},
      {"inlet_bins", bins_json(f.bins)},
      {"metrics", {{"rci_hi_pct", f.rci_hi_pct}, {"rci_lo_pct", f.rci_lo_pct}}},
      {"cooling_units", coolers},
      {"energy_balance", {{"relative_residual", f.relative_residual}}},
      {"transients", {{"limit_c", kLimitC}, {"limit_crossed_at_s", optional(f.limit_crossed_at_s)},
                      {"first_failure_at_s", optional(f.first_failure_at_s)},
                      {"ride_through_s", nlohmann::json()}}}};
  write_text_file(dir / "report.json", report.dump(2));
  std::string csv = "time_s";
  for (const FakeRack& r : f.racks) csv += "," + r.name + "_max_c," + r.name + "_mean_c";
  csv += "\n";
  for (std::size_t k = 0; k < f.history_time_s.size(); ++k) {
    csv += nlohmann::json(f.history_time_s[k]).dump();
    for (double t : f.history_max_c[k]) csv += "," + nlohmann::json(t).dump() + "," + nlohmann::json(t - 1).dump();
    csv += "\n";
  }
  write_text_file(dir / "inlet_history.csv", csv);
}

// A run that ended without a report: summary.json alone, as a diverged run leaves it.
inline void write_failed_run(const std::filesystem::path& dir, const std::string& status, const std::string& message) {
  const nlohmann::ordered_json s = {{"status", status},
                                    {"message", message},
                                    {"case", "hall"},
                                    {"backend", "cpu"},
                                    {"lattice", {{"dx_m", 0.1}}},
                                    {"provenance", summary_json(FakeRun{})["provenance"]}};
  write_text_file(dir / "summary.json", s.dump(2));
}

}  // namespace rackflow::test
