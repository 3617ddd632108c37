// The campaign report (postprocess/report/) against hand-made run directories whose worst
// case, bins, per-rack differences and ride-through times are known by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "../png_reader.hpp"
#include "../run_dir_builder.hpp"
#include "postprocess/colour_map.hpp"
#include "postprocess/report/campaign_report.hpp"

namespace rackflow::post {
namespace {

namespace fs = std::filesystem;
using test::FakeCooler;
using test::FakeRack;
using test::FakeRun;

// Sums of decimals such as 32.4 − 25.0 carry rounding of about 1e-14; nothing derived here
// is further from the value worked out by hand.
constexpr double kExact = 1e-9;

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

FakeRack rack(const std::string& name, double x0_m, double inlet_c) {
  return {name, "A", x0_m, 0, {{name + "/s1", inlet_c}}};
}

class CampaignReport : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rackflow-campaign-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path dir_;
};

// baseline: all cool. fail-crah-1 (steady, cold): a02 at 33.5 °C, one rack over 32 °C.
// fail-crah-2 (transient, warm from the baseline at 300 s, crah-2 fails at 300 s): a01 at
// 33.5 °C as well, with a01 and a03 over the limit: the tie goes to it. Then a missing and
// a failed run.
std::vector<CampaignScenario> write_campaign(const fs::path& dir) {
  const std::vector<FakeCooler> running{{"crah-1", 3, 0, 0.5, {}}, {"crah-2", 5, 0, 0.6, {}}};
  FakeRun baseline;
  baseline.simulated_s = 300;
  baseline.wall_s = 120;
  baseline.racks = {rack("a01", 0, 24.0), rack("a02", 1, 26.0), rack("a03", 2, 25.0)};
  baseline.coolers = running;
  baseline.bins = {3, 0, 0, 0, 0, 0};
  test::write_report_run(dir / "baseline", baseline);

  FakeRun crah1 = baseline;
  crah1.racks = {rack("a01", 0, 30.0), rack("a02", 1, 33.5), rack("a03", 2, 28.0)};
  crah1.coolers = {{"crah-1", 3, 0, 0, 0.0}, {"crah-2", 5, 0, 0.9, {}}};
  crah1.bins = {0, 1, 1, 1, 0, 0};
  crah1.rci_hi_pct = 80;
  test::write_report_run(dir / "fail-crah-1", crah1);

  FakeRun crah2 = baseline;
  crah2.steady = false;
  crah2.status = "not_converged";
  crah2.start_s = 300;
  crah2.simulated_s = 400;
  crah2.wall_s = 30;
  crah2.restart_file = (dir / "baseline" / "checkpoint.h5").string();
  crah2.overrides = {"hall.coolers[crah-2].fail_at=300 s"};
  crah2.racks = {{"a01", "A", 0, 0, {{"a01/s1", 30.5}, {"a01/s2", 33.5}}}, rack("a02", 1, 31.5),
                 rack("a03", 2, 32.4)};
  crah2.coolers = {{"crah-1", 3, 0, 0.95, {}}, {"crah-2", 5, 0, 0, 300.0}};
  crah2.bins = {0, 0, 2, 2, 0, 0};
  crah2.first_failure_at_s = 300;
  crah2.limit_crossed_at_s = 320;
  crah2.history_time_s = {300, 310, 320, 330};
  // a01 crosses at 320 s, a03 at 330 s, a02 never (31.5 °C at the end).
  crah2.history_max_c = {{25, 26, 25}, {31, 29, 30}, {32.5, 30, 31}, {33.5, 31.5, 32.4}};
  test::write_report_run(dir / "fail-crah-2", crah2);

  test::write_failed_run(dir / "fail-pair", "diverged", "temperature ran away at cell (3, 4, 5)");
  return {{"baseline", (dir / "baseline").string(), "all units running", "steady", {}},
          {"fail-crah-1", (dir / "fail-crah-1").string(), "crah-1 off", "steady", {}},
          {"fail-crah-2", (dir / "fail-crah-2").string(), "crah-2 fails", "transient", 300.0},
          {"fail-crah-3", (dir / "fail-crah-3").string(), "never ran", "steady", {}},
          {"fail-pair", (dir / "fail-pair").string(), "diverged", "steady", {}}};
}

TEST_F(CampaignReport, TablesAgainstHandMadeRuns) {
  const CampaignTables tables = read_campaign(write_campaign(dir_));
  const std::vector<std::string> files = write_campaign_report(dir_.string(), tables, "demo-hall-n1");
  ASSERT_EQ(files.size(), 5u);
  const auto j = nlohmann::json::parse(read_file(dir_ / "campaign.json"));

  EXPECT_EQ(j["worst_case"]["scenario"], "fail-crah-2") << "a tie at 33.5 °C goes to more racks over";
  EXPECT_EQ(j["worst_case"]["hottest_server"], "a01/s2");
  EXPECT_EQ(j["worst_case"]["racks_over_limit"], nlohmann::json({"a01", "a03"}));

  const auto& s = j["scenarios"];
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0]["status"], "steady");
  EXPECT_EQ(s[0]["started_from"], "cold");
  EXPECT_EQ(s[1]["max_cooling_utilisation_unit"], "crah-2");
  EXPECT_EQ(s[2]["status"], "transient");
  EXPECT_EQ(s[2]["started_from"], "warm from baseline's checkpoint at t = 300.0 s");
  EXPECT_EQ(s[2]["overrides"], nlohmann::json({"hall.coolers[crah-2].fail_at=300 s"}));
  EXPECT_NEAR(s[2]["settle_simulated_s"].get<double>(), 100, kExact) << "400 s end − 300 s start";
  EXPECT_NEAR(s[2]["ride_through_s"].get<double>(), 20, kExact) << "crossed at 320 s, failed at 300 s";
  EXPECT_EQ(s[2]["max_cooling_utilisation_unit"], "crah-1");
  EXPECT_EQ(s[2]["inlet_bins_servers"], nlohmann::json({0, 0, 2, 2, 0, 0}));
  EXPECT_EQ(s[3]["status"], "missing");
  EXPECT_EQ(s[4]["status"], "failed");
  EXPECT_NE(s[4]["status_detail"].get<std::string>().find("temperature ran away"), std::string::npos);

  const auto& racks = j["racks"];
  ASSERT_EQ(racks.size(), 3u);
  EXPECT_NEAR(racks[1]["difference_k"]["fail-crah-1"].get<double>(), 7.5, kExact) << "a02: 33.5 − 26.0";
  EXPECT_NEAR(racks[2]["difference_k"]["fail-crah-2"].get<double>(), 7.4, kExact) << "a03: 32.4 − 25.0";
  EXPECT_TRUE(racks[1]["difference_k"]["fail-crah-3"].is_null()) << "a missing run has no difference";
  EXPECT_EQ(racks[0]["worst_scenario"], "fail-crah-2");
  EXPECT_EQ(racks[1]["worst_scenario"], "fail-crah-1");
  EXPECT_EQ(racks[2]["worst_scenario"], "fail-crah-2");
  EXPECT_NEAR(racks[0]["ride_through_s"]["fail-crah-2"].get<double>(), 20, kExact);
  EXPECT_NEAR(racks[2]["ride_through_s"]["fail-crah-2"].get<double>(), 30, kExact);
  EXPECT_TRUE(racks[1]["ride_through_s"]["fail-crah-2"].is_null()) << "a02 never crossed";

  const std::string md = read_file(dir_ / "campaign.md");
  EXPECT_EQ(md.rfind("# Campaign report: demo-hall-n1\n\n**Worst case: fail-crah-2**, hottest inlet 33.5 °C at a01/s2", 0),
            0u)
      << md.substr(0, 300);
  EXPECT_NE(md.find("| fail-crah-2 | 0 | 0 | 2 | 2 | 0 | 0 | 4 |"), std::string::npos) << "bin row with its total";
  EXPECT_NE(md.find("| a02 | none in 100.0 s |"), std::string::npos) << "a02 kept below the limit for 100 s";
  EXPECT_NE(md.find("| a01 | A | 24.0 | 30.0 | 6.0 | 33.5 | 9.5 | — | — | — | — | fail-crah-2 |"), std::string::npos);
  EXPECT_NE(md.find("2 (a01, a03)"), std::string::npos);

  const std::string csv = read_file(dir_ / "campaign.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 6) << "a header and one row per scenario";
  EXPECT_NE(read_file(dir_ / "campaign_racks.csv").find("a02,A,26,0,33.5,7.5,"), std::string::npos);
}

TEST_F(CampaignReport, MissingFailedAndHalllessRunsAreRows) {
  test::write_failed_run(dir_ / "failed", "failed", "out of memory");
  auto room = nlohmann::json::parse(read_file(dir_ / "failed" / "summary.json"));
  room["status"] = "completed";  // a run of a case without a hall: summary.json, no report.json
  test::write_text_file(dir_ / "room" / "summary.json", room.dump());
  const CampaignTables t = read_campaign({{"gone", (dir_ / "gone").string(), "", "steady", {}},
                                          {"failed", (dir_ / "failed").string(), "", "steady", {}},
                                          {"room", (dir_ / "room").string(), "", "steady", {}}});
  ASSERT_EQ(t.scenarios.size(), 3u);
  EXPECT_EQ(t.scenarios[0].status, "missing");
  EXPECT_EQ(t.scenarios[1].status, "failed");
  EXPECT_EQ(t.scenarios[1].status_detail, "failed: out of memory");
  EXPECT_EQ(t.scenarios[2].status, "no hall");
  EXPECT_FALSE(t.worst);
  const std::vector<std::string> files = write_campaign_report(dir_.string(), t, "nothing");
  EXPECT_EQ(files.size(), 4u) << "no plans without a hall";
  EXPECT_NE(read_file(dir_ / "campaign.md").find("No scenario has hall results."), std::string::npos);
}

TEST_F(CampaignReport, MalformedJsonNamesTheFile) {
  test::write_text_file(dir_ / "broken" / "report.json", "{\"run\": ");
  try {
    read_run_record((dir_ / "broken").string());
    FAIL() << "no error";
  } catch (const RunRecordError& e) {
    EXPECT_NE(std::string(e.what()).find((dir_ / "broken" / "report.json").string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
  }
  FakeRun run;
  run.racks = {rack("a01", 0, 24)};
  test::write_report_run(dir_ / "keyless", run);
  auto j = nlohmann::json::parse(read_file(dir_ / "keyless" / "report.json"));
  j["racks"][0].erase("inlet_max_c");
  test::write_text_file(dir_ / "keyless" / "report.json", j.dump());
  try {
    read_run_record((dir_ / "keyless").string());
    FAIL() << "no error";
  } catch (const RunRecordError& e) {
    EXPECT_NE(std::string(e.what()).find("key \"racks[0].inlet_max_c\": missing"), std::string::npos) << e.what();
  }
}

// One colour scale: the same rack at 24 °C in two panels has one colour, at 30 °C another.
TEST_F(CampaignReport, PlansShareOneColourScale) {
  FakeRun run;
  run.racks = {rack("a01", 0, 24.0)};
  test::write_report_run(dir_ / "cool", run);
  run.racks = {rack("a01", 0, 30.0)};
  test::write_report_run(dir_ / "warm", run);
  run.racks = {rack("a01", 0, 24.0)};
  test::write_report_run(dir_ / "cool-again", run);
  const CampaignTables t = read_campaign({{"cool", (dir_ / "cool").string(), "", "steady", {}},
                                          {"warm", (dir_ / "warm").string(), "", "steady", {}},
                                          {"cool-again", (dir_ / "cool-again").string(), "", "steady", {}}});
  write_campaign_report(dir_.string(), t, "scale");
  const test::Decoded png = test::decode_png(read_file(dir_ / "campaign_plans.png"));
  // Class A1's fixed scale (hall_pictures.hpp): recommended minimum − 3 to allowable maximum + 8.
  const ColourScale scale{18 - 3, 32 + 8};
  const Rgb cool = scale.colour(24.0), warm = scale.colour(30.0);
  ASSERT_NE(cool, warm);
  // The rack's fill is the widest run of its colour: wider than the colour bar's.
  int row = -1, cool_x = 0, best = 0;
  for (int y = 0; y < png.height; ++y) {
    const test::Span run_here = test::longest_run(png, cool, true, y);
    if (run_here.length() > best) {
      best = run_here.length();
      row = y;
      cool_x = run_here.first + run_here.length() / 2;
    }
  }
  ASSERT_GT(best, 50) << "no rack filled with the 24 °C colour";
  const test::Span warm_run = test::longest_run(png, warm, true, row);
  ASSERT_GT(warm_run.length(), 50) << "no rack filled with the 30 °C colour in the same row";
  const int panel_step = warm_run.first + warm_run.length() / 2 - cool_x;
  ASSERT_GT(panel_step, 0);
  EXPECT_EQ(png.at(cool_x + panel_step, row), warm) << "second panel: 30 °C";
  EXPECT_EQ(png.at(cool_x + 2 * panel_step, row), cool) << "third panel: 24 °C, the first panel's colour";
}

}  // namespace
}  // namespace rackflow::post
