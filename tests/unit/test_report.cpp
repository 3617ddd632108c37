// The hall report: the five files, their layout, and the lines a design review reads first.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "postprocess/hall_report.hpp"

namespace rackflow::post {
namespace {

namespace fs = std::filesystem;

class HallReport : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rackflow_report_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  std::string read(const char* name) const {
    std::ifstream in(dir_ / name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  fs::path dir_;
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', begin)) {
    out.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// The JSON text of the first member named `key`, up to the next ',' or line end.
std::string json_value(const std::string& json, const std::string& key) {
  const std::string tag = "\"" + key + "\": ";
  const auto pos = json.find(tag);
  if (pos == std::string::npos) return "<missing " + key + ">";
  const auto begin = pos + tag.size();
  return json.substr(begin, json.find_first_of(",\n}", begin) - begin);
}

// Brackets outside strings balance and never close before they open.
bool json_brackets_balance(const std::string& json) {
  std::string stack;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      stack += c == '{' ? '}' : ']';
    } else if (c == '}' || c == ']') {
      if (stack.empty() || stack.back() != c) return false;
      stack.pop_back();
    }
  }
  return stack.empty() && !in_string;
}

RunSummary sample_run() {
  RunSummary run;
  run.case_name = "two-racks";
  run.backend = "cpu (2 threads)";
  run.steps = 3000;
  run.simulated_time_s = 3;
  run.wall_time_s = 12.5;
  run.mlups = 250;
  return run;
}

ServerResult server(const std::string& name, double power_w, double inlet_max_c) {
  ServerResult s;
  s.name = name;
  s.type = "dgx-h100";
  s.power_w = power_w;
  s.air_power_w = power_w;
  s.airflow_m3_s = 0.5;
  s.inlet_mean_c = inlet_max_c - 1;
  s.inlet_max_c = inlet_max_c;
  s.exhaust_c = inlet_max_c + 15;
  return s;
}

// Two racks of two servers, one cooling unit, one CDU, three history samples; a02 has a
// rear door and its top server is above the A1 allowable maximum.
HallResults sample_hall() {
  HallResults hall;
  hall.ashrae_class = AshraeClass::A1;
  hall.limits = inlet_limits(AshraeClass::A1);
  hall.time_s = 3;

  RackResult a01;
  a01.name = "a01", a01.row = "A";
  a01.power_w = 20000, a01.air_power_w = 5000, a01.liquid_power_w = 15000;
  a01.airflow_m3_s = 1.0, a01.inlet_mean_c = 21, a01.inlet_max_c = 24, a01.exhaust_mean_c = 25;
  a01.inlet_peak_c = 24.8;
  a01.cdu = "cdu-1";
  a01.margin_k = 8;
  a01.headroom_w = 12000;
  a01.servers = {server("a01/s1", 10000, 22), server("a01/s2", 10000, 24)};
  RackResult a02;
  a02.name = "a02", a02.row = "A";
  a02.power_w = 20000, a02.air_power_w = 20000;
  a02.airflow_m3_s = 1.0, a02.inlet_mean_c = 25, a02.inlet_max_c = 33.5, a02.exhaust_mean_c = 30;
  a02.has_rear_door = true, a02.door_removed_w = 8000, a02.door_capacity_w = 20000;
  a02.margin_k = -1.5;
  a02.servers = {server("a02/s1", 10000, 26), server("a02/s2", 10000, 33.5)};
  hall.racks = {a01, a02};

  CoolerResult crah;
  crah.name = "crah-1", crah.kind = "crah";
  crah.airflow_m3_s = 2, crah.capacity_w = 40000, crah.load_w = 17000, crah.utilisation = 0.425;
  crah.return_c = 30, crah.supply_c = 18, crah.setpoint_c = 18;
  hall.coolers = {crah};
  hall.cdus = {{"cdu-1", 30000, 15000, 0.5}};
  hall.hotspots = {{"a02", "a02/s2", {1.2, 0.4, 1.9}, 33.5},
                   {"a02", "a02/s1", {1.2, 0.4, 0.5}, 26}};

  hall.energy.rack_power_w = 40000, hall.energy.rack_air_w = 25000, hall.energy.liquid_w = 15000;
  hall.energy.doors_w = 8000, hall.energy.coolers_w = 17000, hall.energy.boundaries_w = -400;
  hall.energy.storage_w = 200, hall.energy.residual_w = 200, hall.energy.window_s = 1;

  hall.history.racks = {"a01", "a02"};
  hall.history.time_s = {1, 2, 3};
  hall.history.inlet_max_c = {{23.5f, 30.0f}, {24.0f, 32.5f}, {24.0f, 33.5f}};
  hall.history.inlet_mean_c = {{20.5f, 24.0f}, {21.0f, 24.5f}, {21.0f, 25.0f}};
  hall.limit_crossed_at_s = 2;
  hall.limit_crossed_by = "a02/s2";
  hall.spare_cooling_w = 23000;
  return hall;
}

TEST_F(HallReport, WritesAllFiveFilesAndNoParts) {
  write_hall_report(dir_.string(), sample_run(), sample_hall(), "cases/two-racks.yaml");
  for (const char* name :
       {"report.md", "report.json", "racks.csv", "servers.csv", "inlet_history.csv"}) {
    EXPECT_TRUE(fs::is_regular_file(dir_ / name)) << name;
  }
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_NE(entry.path().extension(), ".part") << entry.path();
  }
}

TEST_F(HallReport, CsvFilesHaveUnitsInTheHeaderAndOneRowPerItem) {
  write_hall_report(dir_.string(), sample_run(), sample_hall(), "cases/two-racks.yaml");

  const auto racks = lines(read("racks.csv"));
  ASSERT_EQ(racks.size(), 3u);  // header + 2 racks
  EXPECT_EQ(racks[0].rfind("rack,row,front,power_w,air_power_w,liquid_power_w,airflow_m3_s,", 0),
            0u)
      << racks[0];
  EXPECT_EQ(racks[1].rfind("a01,A,", 0), 0u) << racks[1];
  EXPECT_EQ(count(racks[0], ","), count(racks[1], ","));

  const auto servers = lines(read("servers.csv"));
  ASSERT_EQ(servers.size(), 5u);  // header + 4 servers
  EXPECT_EQ(servers[0].rfind("rack,server,type,", 0), 0u) << servers[0];
  EXPECT_NE(servers[0].find("inlet_max_c"), std::string::npos);
  EXPECT_EQ(servers[4].rfind("a02,a02/s2,dgx-h100,", 0), 0u) << servers[4];

  const auto history = lines(read("inlet_history.csv"));
  ASSERT_EQ(history.size(), 4u);  // header + 3 samples
  EXPECT_EQ(history[0], "time_s,a01_max_c,a01_mean_c,a02_max_c,a02_mean_c");
  EXPECT_EQ(history[2], "2,24,21,32.5,24.5");
}

TEST_F(HallReport, JsonIsStructuredWithUnitsInTheKeys) {
  write_hall_report(dir_.string(), sample_run(), sample_hall(), "cases/two-racks.yaml");
  const std::string json = read("report.json");
  EXPECT_TRUE(json_brackets_balance(json)) << json;
  ASSERT_EQ(json.front(), '{');
  for (const char* key :
       {"case_file", "run", "verdict", "racks", "hotspots", "ashrae_compliance", "inlet_bins",
        "metrics", "cooling_units", "cdus", "energy_balance", "transients", "spare_cooling_w"}) {
    EXPECT_NE(json.find("\n  \"" + std::string(key) + "\": "), std::string::npos) << key;
  }
  EXPECT_EQ(json_value(json, "case_file"), "\"cases/two-racks.yaml\"");
  EXPECT_EQ(json_value(json, "case"), "\"two-racks\"");  // the embedded run summary
  EXPECT_EQ(json_value(json, "all_within_allowable"), "false");
  EXPECT_EQ(json_value(json, "above_allowable"), "1");
  EXPECT_EQ(json_value(json, "hottest_server"), "\"a02/s2\"");
  EXPECT_EQ(json_value(json, "limit_crossed_at_s"), "2");
  EXPECT_EQ(json_value(json, "residual_w"), "0");  // the run summary's comes first
  EXPECT_NE(json.find("\"residual_w\": 200"), std::string::npos);
  EXPECT_NE(json.find("\"headroom_w\": 12000"), std::string::npos);
  EXPECT_NE(json.find("\"headroom_w\": null"), std::string::npos);
  EXPECT_NE(json.find("\"rti_pct\": 266.666667"), std::string::npos);  // (30 − 18) / 4.5 K
  EXPECT_EQ(count(json, "\"inlet_max_at_m\": "), 6u);                  // 2 racks + 4 servers
  EXPECT_NE(json.find("\"racks\": [\"a01\"]"), std::string::npos);     // the CDU's racks
}

// A search that stopped below the limit gives a lower bound, and the report says so.
TEST_F(HallReport, HeadroomLowerBoundIsMarked) {
  HallResults hall = sample_hall();
  hall.racks[0].headroom_is_lower_bound = true;
  write_hall_report(dir_.string(), sample_run(), hall, "cases/two-racks.yaml");
  const std::string md = read("report.md");
  EXPECT_NE(md.find("| 8.0 | ≥ 12.0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("raise `run.max_velocity`"), std::string::npos) << md;
  EXPECT_NE(read("report.json").find("\"headroom_is_lower_bound\": true"), std::string::npos);
}

// A search that ran out of trials gives no figure that looks exact.
TEST_F(HallReport, HeadroomNotConvergedIsMarked) {
  HallResults hall = sample_hall();
  hall.racks[0].headroom_unconverged_trials = 8;
  write_hall_report(dir_.string(), sample_run(), hall, "cases/two-racks.yaml");
  const std::string md = read("report.md");
  EXPECT_NE(md.find("| 8.0 | not converged after 8 trials |"), std::string::npos) << md;
  EXPECT_EQ(md.find("| 8.0 | 12.0 |"), std::string::npos) << md;
  EXPECT_NE(read("report.json").find("\"headroom_converged\": false"), std::string::npos);
}

TEST_F(HallReport, MarkdownStatesVerdictBalanceAndRideThrough) {
  write_hall_report(dir_.string(), sample_run(), sample_hall(), "cases/two-racks.yaml");
  const std::string md = read("report.md");
  EXPECT_EQ(md.rfind("# Thermal report: two-racks\n", 0), 0u);
  EXPECT_NE(md.find("**Verdict: 1 of 4 server inlets above the class A1 allowable maximum of "
                    "32.0 °C.**"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| residual | 0.2 | 0.5 |"), std::string::npos) << md;
  EXPECT_NE(md.find("A server inlet first crossed 32.0 °C at t = 2.0 s (a02/s2)."),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| a01 | A | 20.0 | 5.0 | 15.0 | 1.000 | 21.0 | 24.0 | 24.8 | 25.0 | 8.0 | 12.0 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("`rackflow headroom`"), std::string::npos);  // a02's headroom is missing
  EXPECT_NE(md.find("| a02 | 8.0 | 20.0 | 40.0 |"), std::string::npos) << md;  // rear door
  EXPECT_NE(md.find("| cdu-1 | 15.0 | 30.0 | 50.0 | a01 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| RTI | 266.7 % |"), std::string::npos) << md;
  EXPECT_NE(md.find("23.0 kW"), std::string::npos);  // spare cooling
}

TEST_F(HallReport, InletFiguresSayWhatTheyAreAveragedOver) {
  HallResults hall = sample_hall();
  write_hall_report(dir_.string(), sample_run(), hall, "cases/two-racks.yaml");
  std::string md = read("report.md");
  EXPECT_NE(md.find("## Rack inlets (instantaneous, t = 3.0 s)\n"), std::string::npos) << md;
  EXPECT_NE(md.find("Inlet figures are of the final state (no time averaging)"), std::string::npos) << md;

  hall.averaging = {60, 120, 30};
  write_hall_report(dir_.string(), sample_run(), hall, "cases/two-racks.yaml");
  md = read("report.md");
  EXPECT_NE(md.find("## Rack inlets (time mean over t = 60.0–120.0 s, 30 samples)\n"), std::string::npos) << md;
  EXPECT_NE(md.find("## Servers (racks with more than one; time mean over t = 60.0–120.0 s, 30 samples)"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| inlet mean °C | inlet max °C | inlet peak °C |"), std::string::npos) << md;
  EXPECT_NE(md.find("*inlet peak* the hottest instantaneous cell value in any sample"), std::string::npos) << md;
  const auto racks = lines(read("racks.csv"));
  EXPECT_NE(racks[0].find(",inlet_max_z_m,inlet_peak_c,exhaust_mean_c,"), std::string::npos) << racks[0];
  EXPECT_NE(racks[1].find(",24.8,25,"), std::string::npos) << racks[1];  // peak, then exhaust
  EXPECT_NE(lines(read("servers.csv"))[0].find(",inlet_peak_c,exhaust_c,"), std::string::npos);
  EXPECT_NE(read("report.json").find("\"inlet_peak_c\": 24.8"), std::string::npos);
}

TEST_F(HallReport, AnInterruptedRunSaysSoInBoldBeforeTheVerdict) {
  RunSummary run = sample_run();
  run.end = RunEnd::Interrupted;
  run.signal = 15;  // SIGTERM
  write_hall_report(dir_.string(), run, sample_hall(), "cases/two-racks.yaml");
  const std::string md = read("report.md");
  const auto interrupted = md.find("**Interrupted at t = 3.0 s by SIGTERM: ");
  ASSERT_NE(interrupted, std::string::npos) << md;
  EXPECT_LT(interrupted, md.find("**Verdict: "));
  EXPECT_NE(md.find("## Traceability"), std::string::npos) << md;
  EXPECT_NE(read("report.json").find("\"run_status\": \"interrupted\""), std::string::npos);
}

TEST_F(HallReport, RideThroughCountsFromTheFirstFailure) {
  HallResults hall = sample_hall();
  hall.coolers[0].failed = true;
  hall.coolers[0].fail_at_s = 0.5;
  write_hall_report(dir_.string(), sample_run(), hall, "cases/two-racks.yaml");
  EXPECT_NE(read("report.md").find("ride-through 1.5 s after crah-1 failed at 0.5 s"),
            std::string::npos);
  EXPECT_EQ(json_value(read("report.json"), "ride_through_s"), "1.5");
}

TEST_F(HallReport, NoCrossingIsSaidSo) {
  HallResults hall = sample_hall();
  hall.limit_crossed_at_s.reset();
  hall.racks[1].servers[1].inlet_max_c = 31;
  write_hall_report(dir_.string(), sample_run(), hall, "cases/two-racks.yaml");
  const std::string md = read("report.md");
  EXPECT_NE(md.find("No server inlet crossed 32.0 °C during the run"), std::string::npos) << md;
  EXPECT_NE(md.find("**Verdict: all 4 server inlets within class A1 allowable (15.0–32.0 °C).**"),
            std::string::npos)
      << md;
}

TEST_F(HallReport, RaggedHistoryWritesNothing) {
  HallResults hall = sample_hall();
  hall.history.inlet_mean_c[1].pop_back();
  EXPECT_THROW(write_hall_report(dir_.string(), sample_run(), hall, "c.yaml"),
               std::invalid_argument);
  EXPECT_TRUE(fs::is_empty(dir_));
}

}  // namespace
}  // namespace rackflow::post
