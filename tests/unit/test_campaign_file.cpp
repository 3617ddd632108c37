// The campaign file (docs/campaign-format.md): errors that name file:line:key, the expansion
// of generators into scenarios (count and names), the check that each generated change is
// in the case read back, and the overrides a scenario runs with after the baseline.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "campaign_parser.hpp"
#include "case_parser.hpp"
#include "rackflow/case_error.hpp"

namespace rackflow {
namespace {

namespace fs = std::filesystem;

const std::string kDemoHall = std::string(RACKFLOW_SOURCE_DIR) + "/cases/demo-hall.yaml";

// A campaign on demo-hall: `body` follows the name and case lines (line 3 on).
std::string campaign_text(const std::string& body) {
  return "name: test-campaign\ncase: " + kDemoHall + "\n" + body;
}

CampaignSpec campaign(const std::string& body) {
  return parse_campaign_string(campaign_text(body), "c.yaml");
}

std::string error_of(const std::string& body, bool expand = true) {
  try {
    const CampaignSpec c = campaign(body);
    if (expand) expand_campaign(c);
  } catch (const CaseError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> names(const ExpandedCampaign& e) {
  std::vector<std::string> out;
  for (const Scenario& s : e.scenarios) out.push_back(s.name);
  return out;
}

double rack_power_w(const RackSpec& r) {
  double w = 0;
  for (const ServerSpec& s : r.servers) w += s.max_power_w;
  return w;
}

// The case a scenario runs, with the baseline settled at `baseline_s`.
CaseSpec scenario_case(const CampaignSpec& c, const Scenario& s, double baseline_s = 100) {
  return parse_case_file(c.case_file, run_overrides(c, s, baseline_s));
}

TEST(CampaignFile, ErrorsNameFileLineAndKey) {
  EXPECT_NE(error_of("scenarios:\n  - fail_each: coolers\n    mode: sideways\n").find(
                "c.yaml:5: scenarios[0].mode: value \"sideways\" is not allowed (allowed: steady, transient)"),
            std::string::npos);
  EXPECT_NE(error_of("scenario:\n  - fail_each: coolers\n").find("c.yaml:3: scenario: unknown key; did you mean \"scenarios\"?"),
            std::string::npos);
  EXPECT_NE(error_of("scenarios:\n  - fail_each: coolers\n    scale_power: [2]\n").find(
                "c.yaml:5: scenarios[0].scale_power: a scenario takes fail_each or scale_power, not both"),
            std::string::npos)
      << error_of("scenarios:\n  - fail_each: coolers\n    scale_power: [2]\n");
  EXPECT_NE(error_of("scenarios:\n  - scale_power: [2]\n    mode: steady\n").find(
                "c.yaml:5: scenarios[0].mode: not allowed for a scale_power scenario"),
            std::string::npos);
  EXPECT_NE(error_of("scenarios:\n  - scale_power: [0.8, 11]\n").find("c.yaml:4: scenarios[0].scale_power[1]: value 11 is out of range"),
            std::string::npos)
      << error_of("scenarios:\n  - scale_power: [0.8, 11]\n");
  EXPECT_NE(error_of("scenarios:\n  - set:\n      run.end_time: 10 min\n").find("c.yaml:4: scenarios[0].name: required key is missing"),
            std::string::npos)
      << error_of("scenarios:\n  - set:\n      run.end_time: 10 min\n");
  EXPECT_NE(error_of("scenarios:\n  - name: x\n    set:\n      run..end_time: 10 min\n").find(
                "c.yaml:6: scenarios[0].set.run..end_time: --set \"run..end_time=10 min\": expected a key"),
            std::string::npos);
  EXPECT_NE(error_of("case: nowhere.yaml\nscenarios: []\n", false).find("c.yaml:3: case: duplicate key (first given on line 2"),
            std::string::npos);
}

TEST(CampaignFile, AMissingCaseFileIsNamed) {
  try {
    parse_campaign_string("name: x\ncase: no-such-file.yaml\nscenarios: []\n", "/tmp/c.yaml");
    FAIL() << "no error";
  } catch (const CaseError& e) {
    EXPECT_NE(std::string(e.what()).find("/tmp/c.yaml:2: case: value \"no-such-file.yaml\": no such file"),
              std::string::npos) << e.what();
  }
}

TEST(CampaignFile, ExpansionErrorsNameTheEntry) {
  EXPECT_NE(error_of("scenarios:\n  - fail_each: [crah-1, crah-7]\n").find(
                "c.yaml:4: scenarios[0]: \"crah-7\" names none of the base case's cooling units (allowed: crah-1, crah-2, "
                "crah-3, crah-4)"),
            std::string::npos)
      << error_of("scenarios:\n  - fail_each: [crah-1, crah-7]\n");
  EXPECT_NE(error_of("warm_start: false\nscenarios:\n  - fail_each: coolers\n    mode: transient\n").find("needs warm_start: true"),
            std::string::npos);
  EXPECT_NE(error_of("scenarios:\n  - name: off-crah-1\n    set: {run.end_time: 100 s}\n  - fail_each: [crah-1]\n")
                .find("c.yaml:6: scenarios[1]: scenario name \"off-crah-1\" is already used by the entry on line 4"),
            std::string::npos);
  EXPECT_NE(error_of("scenarios:\n  - name: bad\n    set:\n      hall.coolers[crah-2].fail_at: -1 s\n")
                .find("scenario bad: ") ,
            std::string::npos);
  EXPECT_NE(error_of("scenarios:\n  - name: bad\n    set:\n      hall.coolers[crah-2].fail_at: -1 s\n")
                .find("--set hall.coolers[crah-2].fail_at=-1 s: hall.coolers[1].fail_at: value -1 s is out of range"),
            std::string::npos);
}

// The campaigns README.md lists must stay valid as the case format moves.
TEST(CampaignFile, ShippedCampaignsExpand) {
  int files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(RACKFLOW_SOURCE_DIR) / "cases/campaigns")) {
    if (e.path().extension() != ".yaml") continue;
    ++files;
    const ExpandedCampaign x = expand_campaign(parse_campaign_file(e.path().string()));
    EXPECT_EQ(x.scenarios.size(), 5u) << e.path() << ": the baseline and demo-hall's four CRAHs";
  }
  EXPECT_EQ(files, 2);
}

TEST(CampaignExpansion, CountsAndNames) {
  const ExpandedCampaign n1 = expand_campaign(campaign("scenarios:\n  - fail_each: coolers\n"));
  EXPECT_EQ(names(n1), (std::vector<std::string>{"baseline", "off-crah-1", "off-crah-2", "off-crah-3", "off-crah-4"}));
  const ExpandedCampaign n2 = expand_campaign(campaign("scenarios:\n  - fail_pairs: coolers\n    mode: transient\n"));
  EXPECT_EQ(n2.scenarios.size(), 1u + 6u);  // 4 choose 2
  EXPECT_EQ(n2.scenarios[1].name, "trip-crah-1_crah-2");
  EXPECT_EQ(n2.scenarios[6].name, "trip-crah-3_crah-4");
  const ExpandedCampaign power = expand_campaign(campaign("scenarios:\n  - scale_power: [0.8, 1.0, 1.2]\n    rows: [A]\n"));
  EXPECT_EQ(names(power), (std::vector<std::string>{"baseline", "power-A-x0.8", "power-A-x1.2"}));
  ASSERT_EQ(power.skipped.size(), 1u);
  EXPECT_EQ(power.skipped[0].name, "power-A-x1");
  const ExpandedCampaign supply = expand_campaign(campaign("scenarios:\n  - supply_temperature: [18, 20 °C, 22]\n"));
  EXPECT_EQ(names(supply), (std::vector<std::string>{"baseline", "supply-18C", "supply-22C"}));
  ASSERT_EQ(supply.skipped.size(), 1u);  // demo-hall's units supply at 20 °C
  const ExpandedCampaign mixed = expand_campaign(campaign(
      "scenarios:\n  - scale_power: [1.5]\n    racks: [A03, B05]\n  - headroom: [A01]\n  - name: short\n    set: {run.end_time: 100 s}\n"));
  EXPECT_EQ(names(mixed), (std::vector<std::string>{"baseline", "power-A03_B05-x1.5", "headroom", "short"}));
  EXPECT_EQ(mixed.scenarios[2].kind, ScenarioKind::Headroom);
  EXPECT_EQ(mixed.scenarios[2].headroom_racks, (std::vector<std::string>{"A01"}));
}

TEST(CampaignExpansion, EveryScenarioChangesTheCaseItRuns) {
  const CampaignSpec c = campaign(
      "scenarios:\n  - fail_each: coolers\n  - fail_each: [crah-3]\n    mode: transient\n"
      "  - scale_power: [1.2]\n    rows: [B]\n  - supply_temperature: [23]\n    coolers: [crah-2]\n");
  const ExpandedCampaign e = expand_campaign(c);
  const CaseSpec base = parse_case_file(kDemoHall);
  ASSERT_EQ(e.scenarios.size(), 1u + 4u + 1u + 1u + 1u);
  for (int k = 1; k <= 4; ++k) {
    const CaseSpec got = scenario_case(c, e.scenarios[k]);
    for (int u = 0; u < 4; ++u) EXPECT_EQ(got.hall->coolers[u].fail_at_s.has_value(), u == k - 1) << e.scenarios[k].name;
    EXPECT_DOUBLE_EQ(*got.hall->coolers[k - 1].fail_at_s, 0.0);
  }
  // The transient: the failure at the baseline's steady time, its run 10 min past it.
  const CaseSpec trip = scenario_case(c, e.scenarios[5], 101.5);
  EXPECT_DOUBLE_EQ(*trip.hall->coolers[2].fail_at_s, 101.5);
  EXPECT_DOUBLE_EQ(trip.run.end_time_s, 101.5 + 600);
  const CaseSpec power = scenario_case(c, e.scenarios[6]);
  for (std::size_t r = 0; r < base.hall->racks.size(); ++r)
    EXPECT_NEAR(rack_power_w(power.hall->racks[r]) / rack_power_w(base.hall->racks[r]),
                base.hall->racks[r].row == "B" ? 1.2 : 1.0, 1e-12);
  const CaseSpec supply = scenario_case(c, e.scenarios[7]);
  EXPECT_DOUBLE_EQ(supply.hall->coolers[1].supply_temperature_c, 23.0);
  EXPECT_DOUBLE_EQ(supply.hall->coolers[0].supply_temperature_c, base.hall->coolers[0].supply_temperature_c);
  // A warm-started steady scenario gets its own run length after the baseline's time.
  EXPECT_DOUBLE_EQ(scenario_case(c, e.scenarios[1], 90).run.end_time_s, 90 + base.run.end_time_s);
  EXPECT_DOUBLE_EQ(scenario_case(c, e.scenarios[0], 90).run.end_time_s, base.run.end_time_s);  // the baseline: cold
}

// The failure the issue found: a generated set that changes nothing must not run as if it did.
TEST(CampaignExpansion, AGeneratorWhoseChangeDoesNotTakeIsAnError) {
  // The case file itself scales A03, and the generator's map replaces the file's: A03 would
  // draw 1.5 / 2 of the base case's power, not 1.5 times it.
  const fs::path dir = fs::temp_directory_path() / ("rackflow-campaign-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ifstream in(kDemoHall);
  std::ofstream(dir / "hall.yaml") << in.rdbuf() << "  rack_power_scale: {A03: 2}\n";
  const std::string replaced = [&] {
    try {
      expand_campaign(parse_campaign_string("name: t\ncase: hall.yaml\nscenarios:\n  - scale_power: [1.5]\n    racks: [A03]\n",
                                            (dir / "c.yaml").string()));
    } catch (const CaseError& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  fs::remove_all(dir);
  EXPECT_NE(replaced.find("scenario power-A03-x1.5: rack A03 draws 0.75 x its base power, not 1.5 in the case it reads back"),
            std::string::npos) << replaced;
  // The same through the campaign's own `set:` is a key set twice.
  EXPECT_NE(error_of("set:\n  hall.rack_power_scale: {A03: 2}\nscenarios:\n  - scale_power: [1.5]\n    racks: [A03]\n")
                .find("hall.rack_power_scale: set twice, first by --set hall.rack_power_scale={A03: 2}"),
            std::string::npos);
  // An explicit override of the value the case has.
  const std::string same = error_of("scenarios:\n  - name: same\n    set: {run.steady_tolerance: 0.005}\n");
  EXPECT_NE(same.find("scenario same: --set run.steady_tolerance=0.005 changes nothing"), std::string::npos) << same;
  // A unit that already fails in the base case.
  const std::string failed = error_of("set:\n  hall.coolers[crah-1].fail_at: 10 s\nscenarios:\n  - fail_each: coolers\n");
  EXPECT_NE(failed.find("cooling unit crah-1 already fails in the base case"), std::string::npos) << failed;
  // Two entries that make the same case.
  const std::string twice =
      error_of("scenarios:\n  - fail_each: [crah-1]\n  - name: again\n    set: {\"hall.coolers[crah-1].fail_at\": 0 s}\n");
  EXPECT_NE(twice.find("scenario again is the same case as scenario off-crah-1"), std::string::npos) << twice;
}

}  // namespace
}  // namespace rackflow
