// The airflow metrics against hand-made results: the Tozer ratios invert a mixing network
// whose flows are set here, the Capture Index and contributions of hand-made tracer
// fractions, and each flag fires on its bad state and on no good one.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "postprocess/airflow_metrics.hpp"
#include "postprocess/airflow_report.hpp"

namespace rackflow::post {
namespace {

constexpr double kTol = 1e-9;  // double round-off of a converged fixed point

// Tozer et al.'s air paths with chosen flows [m³/s]: the units supply m_c at T_c into the
// floor void, which also draws m_n of room air at T_r; the floor releases m_f = m_c + m_n
// at T_f, of which m_b returns straight to the units; the racks draw m_s = (m_f − m_b) + m_r
// at T_i, m_r of it their own exhaust, and heat it by ΔT to T_o; the return is the bypass
// and the exhaust not recirculated, at T_r. Solved by iterating the mixing balances.
struct Network {
  double m_c = 1.0, m_n = 0.1, m_b = 0.22, recirculated_share = 0.25, t_c = 18.0, rise_k = 12.0;
  double t_f = 0, t_i = 0, t_o = 0, t_r = 0;
  double m_f() const { return m_c + m_n; }
  double m_s() const { return (m_f() - m_b) / (1.0 - recirculated_share); }
  double m_r() const { return recirculated_share * m_s(); }
  void solve() {
    t_f = t_i = t_o = t_r = t_c;
    for (int it = 0; it < 2000; ++it) {
      t_f = (m_c * t_c + m_n * t_r) / m_f();
      t_i = ((m_f() - m_b) * t_f + m_r() * t_o) / m_s();
      t_o = t_i + rise_k;
      t_r = (m_b * t_f + (m_f() - m_b) * t_o) / m_f();
    }
  }
};

TEST(TozerRatios, InvertTheMixingNetworkTheyComeFrom) {
  Network n;
  n.solve();
  EXPECT_NEAR(negative_pressure_ratio(n.t_c, n.t_f, n.t_r), n.m_n / n.m_c, kTol);
  EXPECT_NEAR(bypass_ratio(n.t_f, n.t_o, n.t_r), n.m_b / n.m_f(), kTol);
  EXPECT_NEAR(recirculation_ratio(n.t_f, n.t_i, n.t_o), n.recirculated_share, kTol);
}

TEST(TozerRatios, NaNWithoutATemperatureDifference) {
  EXPECT_TRUE(std::isnan(negative_pressure_ratio(18, 20, 20)));
  EXPECT_TRUE(std::isnan(bypass_ratio(20, 20, 20)));
  EXPECT_TRUE(std::isnan(recirculation_ratio(20, 22, 20)));
}

// A hall whose results carry the network's temperatures: one running unit, two floor
// tiles that mix to T_f, a ceiling grille (not a floor outlet) far hotter, two racks whose
// flow-weighted inlet and outlet are T_i and T_o.
HallResults network_hall(const Network& n) {
  HallResults h;
  CoolerResult c;
  c.name = "crah-1";
  c.airflow_m3_s = n.m_c;
  c.supply_c = c.setpoint_c = n.t_c;
  c.return_c = n.t_r;
  c.capacity_w = 100e3;
  c.load_w = 50e3;
  h.coolers.push_back(c);
  // 0.6 at T_f − 0.5 and 0.4 at T_f + 0.75 mix to T_f.
  h.tiles.push_back({"t1", "perforated", 0.25, 0.6, n.t_f - 0.5});
  h.tiles.push_back({"t2", "perforated", 0.25, 0.4, n.t_f + 0.75});
  h.tiles.push_back({"g1", "perforated", 0.5, 0.3, 40.0});  // ceiling return grille
  h.airflow.tiles.push_back({"t1", 0.6, 20, 5, 15});
  h.airflow.tiles.push_back({"t2", 0.4, 20, 5, 15});
  RackResult r1, r2;
  r1.name = "r1", r2.name = "r2";
  r1.airflow_m3_s = 0.5, r2.airflow_m3_s = 1.5;
  r1.inlet_mean_c = n.t_i - 3.0, r2.inlet_mean_c = n.t_i + 1.0;   // (0.5 (−3) + 1.5 (+1)) / 2 = 0
  r1.exhaust_mean_c = n.t_o + 1.5, r2.exhaust_mean_c = n.t_o - 0.5;
  h.racks = {r1, r2};
  h.airflow.speed.design_m_s = 4.7;
  h.airflow.speed.max_m_s = 3.0;
  return h;
}

TEST(AirManagement, TakesTheFiveTemperaturesFromTheirObjects) {
  Network n;
  n.solve();
  const AirManagement a = air_management(network_hall(n));
  EXPECT_TRUE(a.has_floor_outlets);
  EXPECT_NEAR(a.supply_c, n.t_c, kTol);
  EXPECT_NEAR(a.floor_c, n.t_f, kTol);
  EXPECT_NEAR(a.rack_inlet_c, n.t_i, kTol);
  EXPECT_NEAR(a.rack_outlet_c, n.t_o, kTol);
  EXPECT_NEAR(a.return_c, n.t_r, kTol);
  EXPECT_NEAR(a.negative_pressure, 0.1, kTol);
  EXPECT_NEAR(a.bypass, 0.2, kTol);
  EXPECT_NEAR(a.recirculation, 0.25, kTol);
}

TEST(AirManagement, WithoutFloorOutletsTheSupplyIsTheFloorAirAndNPIsUndefined) {
  Network n;
  n.m_n = 0;  // no floor void: nothing drawn in
  n.solve();
  HallResults h = network_hall(n);
  h.tiles.clear();
  h.airflow.tiles.clear();
  const AirManagement a = air_management(h);
  EXPECT_FALSE(a.has_floor_outlets);
  EXPECT_TRUE(std::isnan(a.negative_pressure));
  EXPECT_NEAR(a.bypass, n.m_b / n.m_f(), kTol);
  EXPECT_NEAR(a.recirculation, 0.25, kTol);
}

// Two racks (0.5 and 1.5 m³/s), two units. Hand calculation:
//   cold CI: r1 0.5 + 0.3 = 0.8, r2 0.2 + 0.6 = 0.8;
//   crah-a: (0.5 × 0.5 + 1.5 × 0.2) / 2 = 0.275; crah-b: (0.5 × 0.3 + 1.5 × 0.6) / 2 = 0.525.
TEST(CaptureIndex, FromHandMadeTracerFractions) {
  Network n;
  HallResults h = network_hall(n);
  EXPECT_FALSE(capture_index(h).computed);
  h.tracers.computed = true;
  h.tracers.coolers = {"crah-a", "crah-b"};
  h.tracers.rack_intake_from_cooler = {{0.5, 0.3}, {0.2, 0.6}};
  h.tracers.rack_exhaust_captured = {0.9, 0.7};
  const CaptureIndex ci = capture_index(h);
  ASSERT_TRUE(ci.computed);
  ASSERT_EQ(ci.racks.size(), 2u);
  EXPECT_NEAR(ci.cold_aisle[0], 0.8, kTol);
  EXPECT_NEAR(ci.cold_aisle[1], 0.8, kTol);
  EXPECT_NEAR(ci.hot_aisle[0], 0.9, kTol);
  EXPECT_NEAR(ci.hot_aisle[1], 0.7, kTol);
  ASSERT_EQ(ci.cooler_contribution.size(), 2u);
  EXPECT_NEAR(ci.cooler_contribution[0], 0.275, kTol);
  EXPECT_NEAR(ci.cooler_contribution[1], 0.525, kTol);
  EXPECT_NEAR(ci.per_rack[1][0], 0.2, kTol);
}

// A good state: aisles the right way round, tiles blowing up, air below its design speed,
// the unit at its set-point, recirculation 0.1.
HallResults good_hall() {
  Network n;
  n.recirculated_share = 0.1;
  n.solve();
  HallResults h = network_hall(n);
  AirflowResults& a = h.airflow;
  AisleResult cold, hot;
  cold.name = "cold aisle A|B", cold.kind = AisleKind::Cold, cold.rows = {"A", "B"}, cold.mean_pressure_pa = 2.0;
  hot.name = "hot aisle B|C", hot.kind = AisleKind::Hot, hot.rows = {"B", "C"}, hot.mean_pressure_pa = 0.5;
  a.aisles = {cold, hot};
  a.aisle_pairs = {{0, 1, "B", 1.5}};
  return h;
}

std::set<std::string> kinds(const HallResults& h) {
  std::set<std::string> out;
  for (const AirflowFlag& f : airflow_flags(h)) out.insert(f.kind);
  return out;
}

TEST(AirflowFlags, NoneOnAGoodState) { EXPECT_TRUE(airflow_flags(good_hall()).empty()); }

TEST(AirflowFlags, ColdAisleBelowItsHotAisle) {
  HallResults h = good_hall();
  h.airflow.aisles[0].mean_pressure_pa = -17.9, h.airflow.aisles[1].mean_pressure_pa = -3.2;
  h.airflow.aisle_pairs[0].delta_p_pa = -14.7;  // the demo's contained cold aisle
  const auto flags = airflow_flags(h);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, "cold_aisle_below_hot");
  EXPECT_NE(flags[0].text.find("-17.9 Pa, 14.7 Pa below the hot aisle B|C (-3.2 Pa)"), std::string::npos)
      << flags[0].text;
  // Within the tolerance either way: no flag.
  h.airflow.aisle_pairs[0].delta_p_pa = -0.9 * kAisleReversalPa;
  EXPECT_TRUE(airflow_flags(h).empty());
}

TEST(AirflowFlags, ReverseTileFlow) {
  HallResults h = good_hall();
  h.airflow.tiles[1].flow_m3_s = -0.02;
  EXPECT_EQ(kinds(h), std::set<std::string>{"reverse_tile_flow"});
  h.airflow.tiles[1].flow_m3_s = -0.5 * kReverseTileFlowM3S;
  EXPECT_TRUE(airflow_flags(h).empty());
}

TEST(AirflowFlags, SpeedAboveTheDesignSpeed) {
  HallResults h = good_hall();
  SpeedRecord& s = h.airflow.speed;
  s.max_m_s = 8.1, s.at_m = {3.0, 1.2, 0.4}, s.at_s = 12.0, s.first_exceeded_s = 9.0, s.last_exceeded_s = 30.0;
  const auto flags = airflow_flags(h);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, "speed_above_design");
  EXPECT_NE(flags[0].text.find("8.10 m/s at (3.00, 1.20, 0.40) m at t = 12 s (above the design speed first at t = 9 s, last at t = 30 s)"), std::string::npos) << flags[0].text;
  EXPECT_NE(flags[0].text.find("against the 4.70 m/s"), std::string::npos) << flags[0].text;
}

TEST(AirflowFlags, CoolerAboveItsSetpoint) {
  HallResults h = good_hall();
  h.coolers[0].supply_c = h.coolers[0].setpoint_c + 2.5;
  EXPECT_EQ(kinds(h), std::set<std::string>{"supply_above_setpoint"});
  h.coolers[0].failed = true;  // a failed unit supplies nothing: its number is not a state
  EXPECT_TRUE(airflow_flags(h).empty());
}

TEST(AirflowFlags, RecirculationAboveItsThreshold) {
  Network n;
  n.recirculated_share = 0.3;
  n.solve();
  HallResults h = good_hall();
  const HallResults bad = network_hall(n);
  h.racks = bad.racks;
  h.tiles = bad.tiles;
  h.coolers = bad.coolers;
  EXPECT_EQ(kinds(h), std::set<std::string>{"recirculation"});
}

TEST(AirflowReport, FlagsComeFirstAndTheTablesFollow) {
  HallResults h = good_hall();
  h.airflow.aisle_pairs[0].delta_p_pa = -14.7;
  h.airflow.plenum.present = true;
  const std::string md = airflow_markdown(h);
  ASSERT_EQ(md.rfind("## Airflow\n\n**Flags** (1):\n\n- The cold aisle A|B", 0), 0u) << md;
  EXPECT_NE(md.find("| tile | flow m³/s (up) | below Pa | above Pa | ΔP Pa |"), std::string::npos) << md;
  EXPECT_NE(md.find("| row | at its front | at its back | ΔP front − back Pa |\n| --- | --- | --- | ---: |\n"
                    "| B | cold aisle A\\|B | hot aisle B\\|C | -14.7 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("Not computed: the passive tracers"), std::string::npos) << md;
  const std::string json = airflow_json(h, 2);
  EXPECT_NE(json.find("\"kind\": \"cold_aisle_below_hot\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"recirculation_ratio\": 0.1"), std::string::npos) << json;
}

}  // namespace
}  // namespace rackflow::post
