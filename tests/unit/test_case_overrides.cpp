// `--set KEY=VALUE` (solver/case_overrides.hpp): parsing, what an override changes in the
// case read back, and errors that name the override. Power scaling (power_scale,
// rack_power_scale) is tested here too: it exists for the overrides of power steps.
#include <gtest/gtest.h>

#include <string>

#include "case_parser.hpp"
#include "rackflow/case_error.hpp"

namespace rackflow {
namespace {

const std::string kDemoHall = std::string(RACKFLOW_SOURCE_DIR) + "/cases/demo-hall.yaml";
const std::string kDemoRoom = std::string(RACKFLOW_SOURCE_DIR) + "/cases/demo-room.yaml";

CaseSpec hall_with(const std::vector<std::string>& texts) {
  std::vector<CaseOverride> overrides;
  for (const std::string& t : texts) overrides.push_back(parse_override(t));
  return parse_case_file(kDemoHall, overrides);
}

// The message of the CaseError the overrides raise ("" when none).
std::string error_of(const std::vector<std::string>& texts) {
  try {
    hall_with(texts);
  } catch (const CaseError& e) {
    return e.what();
  }
  return "";
}

std::string parse_error(const std::string& text) {
  try {
    parse_override(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

double rack_power_w(const RackSpec& r) {
  double w = 0;
  for (const ServerSpec& s : r.servers) w += s.max_power_w;
  return w;
}

double rack_airflow_m3_s(const RackSpec& r) {
  double q = 0;
  for (const ServerSpec& s : r.servers) q += s.airflow_m3_s;
  return q;
}

const CoolerSpec& cooler(const CaseSpec& spec, const std::string& name) {
  for (const CoolerSpec& c : spec.hall->coolers)
    if (c.name == name) return c;
  throw std::runtime_error("no cooler " + name);
}

TEST(Overrides, ParseSplitsAtTheFirstEqualsAndTrims) {
  const CaseOverride o = parse_override(" hall.coolers[crah-2].fail_at = 30 s ");
  EXPECT_EQ(o.key, "hall.coolers[crah-2].fail_at");
  EXPECT_EQ(o.value, "30 s");
  EXPECT_EQ(parse_override("a.b={x: a=b}").value, "{x: a=b}");
}

TEST(Overrides, ParseRejectsWhatIsNotAPath) {
  EXPECT_NE(parse_error("run.end_time").find("expected KEY=VALUE"), std::string::npos);
  EXPECT_NE(parse_error("=3").find("the key is empty"), std::string::npos);
  EXPECT_NE(parse_error("run..end_time=3").find("expected a key at character 5"), std::string::npos);
  EXPECT_NE(parse_error("run.end_time.=3").find("unexpected '.'"), std::string::npos);
  EXPECT_NE(parse_error("hall.coolers[crah-2.fail_at=3").find("[index] or [name]"), std::string::npos);
  EXPECT_NE(parse_error("hall.coolers[].fail_at=3").find("[index] or [name]"), std::string::npos);
  EXPECT_NE(parse_error("run.end time=3").find("unexpected ' '"), std::string::npos);
  EXPECT_NE(parse_error("run;rm -rf=3").find("unexpected ';'"), std::string::npos);
}

TEST(Overrides, ChangeTheCaseReadBack) {
  const CaseSpec base = parse_case_file(kDemoHall);
  const CaseSpec spec = hall_with({"hall.coolers[crah-2].fail_at=30 s", "run.end_time=10 min",
                                   "hall.coolers[3].supply_temperature=22 °C"});
  EXPECT_FALSE(cooler(base, "crah-2").fail_at_s.has_value());
  ASSERT_TRUE(cooler(spec, "crah-2").fail_at_s.has_value());
  EXPECT_DOUBLE_EQ(*cooler(spec, "crah-2").fail_at_s, 30.0);
  EXPECT_FALSE(cooler(spec, "crah-1").fail_at_s.has_value());
  EXPECT_DOUBLE_EQ(spec.run.end_time_s, 600.0);
  EXPECT_DOUBLE_EQ(cooler(spec, "crah-4").supply_temperature_c, 22.0);
  EXPECT_DOUBLE_EQ(cooler(spec, "crah-3").supply_temperature_c, cooler(base, "crah-3").supply_temperature_c);
  EXPECT_EQ(spec.overrides.size(), 3u);
  EXPECT_EQ(spec.overrides[0], "hall.coolers[crah-2].fail_at=30 s");
  EXPECT_TRUE(spec.overrides_without_effect.empty());
}

TEST(Overrides, AddASectionTheFileLeavesOut) {
  const CaseSpec spec = parse_case_file(kDemoRoom, {parse_override("fluid.density=1.1")});
  EXPECT_DOUBLE_EQ(spec.fluid.density_kg_m3, 1.1);
}

TEST(Overrides, AValueTheFileAlreadyHasIsRecordedAsWithoutEffect) {
  const CaseSpec spec = hall_with({"run.end_time=240 s", "run.steady_tolerance=0.004"});
  ASSERT_EQ(spec.overrides_without_effect.size(), 1u);
  EXPECT_EQ(spec.overrides_without_effect[0], "run.end_time=240 s");
}

TEST(Overrides, ErrorsNameTheOverride) {
  const std::string range = error_of({"hall.coolers[crah-2].fail_at=-3 s"});
  EXPECT_NE(range.find("demo-hall.yaml --set hall.coolers[crah-2].fail_at=-3 s: hall.coolers[1].fail_at: value -3 s"),
            std::string::npos) << range;
  EXPECT_NE(range.find("allowed: >= 0 s"), std::string::npos) << range;
  const std::string unknown_unit = error_of({"hall.coolers[crah-9].fail_at=3 s"});
  EXPECT_NE(unknown_unit.find("no entry named \"crah-9\" (allowed: crah-1, crah-2, crah-3, crah-4)"), std::string::npos)
      << unknown_unit;
  const std::string typo = error_of({"hall.coolers[crah-2].failat=3 s"});
  EXPECT_NE(typo.find("--set hall.coolers[crah-2].failat=3 s: hall.coolers[1].failat: unknown key; did you mean \"fail_at\"?"),
            std::string::npos) << typo;
  const std::string index = error_of({"hall.coolers[99999999999999999999].fail_at=3 s"});
  EXPECT_NE(index.find("no entry [99999999999999999999] (allowed: 0 to 3"), std::string::npos) << index;
  const std::string scalar = error_of({"name.x=1"});
  EXPECT_NE(scalar.find("cannot set a key inside name, which is a value"), std::string::npos) << scalar;
  const std::string twice = error_of({"run.end_time=10 s", "run.end_time=20 s"});
  EXPECT_NE(twice.find("set twice, first by --set run.end_time=10 s"), std::string::npos) << twice;
  const std::string yaml = error_of({"run.end_time=[1"});
  EXPECT_NE(yaml.find("the value is not YAML"), std::string::npos) << yaml;
  const std::string empty = error_of({"run.end_time="});
  EXPECT_NE(empty.find("the value is empty"), std::string::npos) << empty;
  EXPECT_NE(error_of({"hall.nothing[x].a=1"}).find("the case has no list hall.nothing"), std::string::npos);
}

TEST(Overrides, AnErrorElsewhereSaysWhichOverridesWereInForce) {
  // A year-long run needs more than a million samples at the file's own 2 s monitor
  // interval: the error is at the file's key, and says the override made it so.
  const std::string e = error_of({"run.end_time=1e7 s"});
  EXPECT_NE(e.find("demo-hall.yaml:"), std::string::npos) << e;
  EXPECT_NE(e.find("hall.monitor_interval"), std::string::npos) << e;
  EXPECT_NE(e.find("(in the case as changed by --set run.end_time=1e7 s)"), std::string::npos) << e;
}

TEST(PowerScale, ScalesPowerAndAirflowOfARow) {
  const CaseSpec base = parse_case_file(kDemoHall);
  const CaseSpec spec = hall_with({"hall.rack_rows[A].power_scale=1.5"});
  for (std::size_t r = 0; r < base.hall->racks.size(); ++r) {
    const double expected = base.hall->racks[r].row == "A" ? 1.5 : 1.0;
    EXPECT_NEAR(rack_power_w(spec.hall->racks[r]) / rack_power_w(base.hall->racks[r]), expected, 1e-12);
    EXPECT_NEAR(rack_airflow_m3_s(spec.hall->racks[r]) / rack_airflow_m3_s(base.hall->racks[r]), expected, 1e-12);
  }
}

TEST(PowerScale, ScalesNamedRacksOfARowAndMultipliesWithTheRowsFactor) {
  const CaseSpec base = parse_case_file(kDemoHall);
  const CaseSpec spec = hall_with({"hall.rack_power_scale={A03: 1.2, B05: 0.5}", "hall.rack_rows[A].power_scale=2"});
  for (std::size_t r = 0; r < base.hall->racks.size(); ++r) {
    const std::string& name = base.hall->racks[r].name;
    double expected = base.hall->racks[r].row == "A" ? 2.0 : 1.0;
    if (name == "A03") expected *= 1.2;
    if (name == "B05") expected *= 0.5;
    EXPECT_NEAR(rack_power_w(spec.hall->racks[r]) / rack_power_w(base.hall->racks[r]), expected, 1e-12) << name;
  }
}

TEST(PowerScale, ErrorsNameTheRackAndTheRange) {
  EXPECT_NE(error_of({"hall.rack_power_scale={A03: 1.5, Z99: 2}"}).find("hall.rack_power_scale.Z99: names no rack"),
            std::string::npos);
  EXPECT_NE(error_of({"hall.rack_rows[B].power_scale=0"}).find("value 0 is out of range (allowed: > 0 and <= 10"),
            std::string::npos);
  EXPECT_NE(error_of({"hall.rack_power_scale={A03: 11}"}).find("hall.rack_power_scale.A03: value 11 is out of range"),
            std::string::npos);
  EXPECT_NE(error_of({"hall.rack_power_scale=[1, 2]"}).find("expected a mapping of rack names to factors"),
            std::string::npos);
}

}  // namespace
}  // namespace rackflow
