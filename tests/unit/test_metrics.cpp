// Hall metrics against hand-calculated vectors (reference-data/datacentre-numbers.md and
// the derivations in the comments here).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "postprocess/metrics.hpp"

namespace rackflow::post {
namespace {

constexpr double kTol = 1e-12;  // the vectors are exact in decimal; only round-off remains

// datacentre-numbers.md: n = 10 inlets for RCI_HI 84% and RCI_LO 100%.
const std::vector<double> kReferenceInlets{22, 23, 24, 25, 26, 27, 27, 28, 30, 31};

TEST(Rci, HighSideReferenceVector) {
  // Over 27 °C: 1 + 3 + 4 = 8 K; 1 − 8 / (5 × 10) = 0.84.
  EXPECT_NEAR(rci_hi(kReferenceInlets, 27, 32), 84.0, kTol);
}

TEST(Rci, LowSideReferenceVector) { EXPECT_NEAR(rci_lo(kReferenceInlets, 18, 15), 100.0, kTol); }

TEST(Rci, LowSideWithColdInlets) {
  // Derived by hand: inlets 16, 17, ..., 25 (n = 10), limits 18 / 15 °C. Below 18 °C:
  // (18 − 16) + (18 − 17) = 3 K; RCI_LO = [1 − 3 / ((18 − 15) × 10)] × 100 = 90%.
  const std::vector<double> inlets{16, 17, 18, 19, 20, 21, 22, 23, 24, 25};
  EXPECT_NEAR(rci_lo(inlets, 18, 15), 90.0, kTol);
  EXPECT_NEAR(rci_hi(inlets, 27, 32), 100.0, kTol);
}

TEST(Rci, HighSideWithAnInletAboveAllowable) {
  // Derived by hand: inlets 25, 30, 34, 26 (n = 4), limits 27 / 32 °C. Over 27 °C:
  // 3 + 7 = 10 K; RCI_HI = [1 − 10 / (5 × 4)] × 100 = 50%.
  EXPECT_NEAR(rci_hi({25, 30, 34, 26}, 27, 32), 50.0, kTol);
  // Not clipped: one inlet at 40 °C is 13 K over a 5 K band, 1 − 13 / 5 = −1.6.
  EXPECT_NEAR(rci_hi({40}, 27, 32), -160.0, kTol);
}

TEST(Rci, UndefinedWithoutInletsOrWithoutABand) {
  EXPECT_TRUE(std::isnan(rci_hi({}, 27, 32)));
  EXPECT_TRUE(std::isnan(rci_lo({}, 18, 15)));
  const InletLimits recommended = inlet_limits(AshraeClass::Recommended);  // 18–27 both
  EXPECT_TRUE(
      std::isnan(rci_hi(kReferenceInlets, recommended.recommended_max_c, recommended.max_c)));
  EXPECT_TRUE(
      std::isnan(rci_lo(kReferenceInlets, recommended.recommended_min_c, recommended.min_c)));
}

TEST(Rti, ReferenceVector) {
  EXPECT_NEAR(rti(18, 30, 15), 80.0, kTol);  // (30 − 18) / 15
}

TEST(Rti, RecirculationAboveHundredAndUndefinedWithoutRise) {
  EXPECT_NEAR(rti(20, 32, 10), 120.0, kTol);  // by hand: (32 − 20) / 10
  EXPECT_TRUE(std::isnan(rti(18, 30, 0)));
}

TEST(Rti, EquipmentDeltaTIsAirflowWeighted) {
  // By hand: 1 m³/s rising 20 → 32 °C (12 K), 3 m³/s rising 22 → 30 °C (8 K):
  // (1 × 12 + 3 × 8) / 4 = 9 K. The unweighted mean would be 10 K.
  std::vector<RackResult> racks(2);
  racks[0].airflow_m3_s = 1, racks[0].inlet_mean_c = 20, racks[0].exhaust_mean_c = 32;
  racks[1].airflow_m3_s = 3, racks[1].inlet_mean_c = 22, racks[1].exhaust_mean_c = 30;
  EXPECT_NEAR(equipment_delta_t_k(racks), 9.0, kTol);
  EXPECT_TRUE(std::isnan(equipment_delta_t_k({})));
}

TEST(Shi, ReferenceVector) {
  // (2 + 4) / (14 + 16) = 0.2.
  EXPECT_NEAR(shi(18, {20, 22}, {32, 34}), 0.20, kTol);
  EXPECT_NEAR(rhi(18, {20, 22}, {32, 34}), 0.80, kTol);
}

TEST(Shi, WeightsChangeTheResult) {
  // Derived by hand: T_ref 18 °C, racks (19, 29) and (21, 31).
  // Equal weights: (1 + 3) / (11 + 13) = 1/6. Weights 1 and 3: (1 + 9) / (11 + 39) = 0.2.
  EXPECT_NEAR(shi(18, {19, 21}, {29, 31}), 1.0 / 6.0, kTol);
  EXPECT_NEAR(shi(18, {19, 21}, {29, 31}, {1, 3}), 0.2, kTol);
  EXPECT_NEAR(rhi(18, {19, 21}, {29, 31}, {1, 3}), 0.8, kTol);
}

TEST(Shi, RejectsMismatchedInputAndIsUndefinedWithoutRise) {
  EXPECT_THROW(shi(18, {20, 22}, {32}), std::invalid_argument);
  EXPECT_THROW(shi(18, {20, 22}, {32, 34}, {1}), std::invalid_argument);
  EXPECT_TRUE(std::isnan(shi(18, {18}, {18})));
}

TEST(Compliance, CountsEachRangeWithInclusiveLimits) {
  // A1: allowable 15–32, recommended 18–27.
  const AshraeCompliance c =
      ashrae_compliance({14, 15, 17.9, 18, 27, 27.1, 32, 32.1}, inlet_limits(AshraeClass::A1));
  EXPECT_EQ(c.below_allowable, 1u);     // 14
  EXPECT_EQ(c.below_recommended, 2u);   // 15, 17.9
  EXPECT_EQ(c.within_recommended, 2u);  // 18, 27
  EXPECT_EQ(c.above_recommended, 2u);   // 27.1, 32
  EXPECT_EQ(c.above_allowable, 1u);     // 32.1
  EXPECT_EQ(c.within_allowable(), 6u);
  EXPECT_EQ(c.total(), 8u);
}

TEST(Bins, EdgesAreTheRecommendedMaximumAndTheFahrenheitSteps) {
  EXPECT_DOUBLE_EQ(kInletBinEdgesC[0], 27.0);
  EXPECT_NEAR(kInletBinEdgesC[1], 29.4, 0.05);  // 85 °F
  EXPECT_NEAR(kInletBinEdgesC[2], 32.2, 0.05);  // 90 °F
  EXPECT_NEAR(kInletBinEdgesC[3], 35.0, kTol);  // 95 °F
  EXPECT_DOUBLE_EQ(kInletBinEdgesC[4], 40.0);
}

TEST(Bins, UpperEdgesAreInclusive) {
  // 29.44 °C is below 85 °F (29.444 °C); 32.2 °C is below 90 °F (32.222 °C).
  const InletBins bins = inlet_bins({20, 27, 27.1, 29.44, 29.5, 32.2, 33, 35, 35.1, 40, 40.1});
  const InletBins expected{2, 2, 2, 2, 2, 1};
  EXPECT_EQ(bins, expected);
}

// Two racks of five servers carrying the reference inlets; two running cooling units and a
// failed one whose numbers must not count.
HallResults reference_hall() {
  HallResults hall;
  hall.limits = inlet_limits(AshraeClass::A1);
  hall.racks.resize(2);
  for (std::size_t i = 0; i < kReferenceInlets.size(); ++i) {
    ServerResult s;
    s.inlet_max_c = kReferenceInlets[i];
    s.inlet_mean_c = 0;  // must not be used: RCI and compliance use the max
    hall.racks[i / 5].servers.push_back(s);
  }
  hall.racks[0].airflow_m3_s = 1, hall.racks[0].inlet_mean_c = 20,
  hall.racks[0].exhaust_mean_c = 32;
  hall.racks[1].airflow_m3_s = 1, hall.racks[1].inlet_mean_c = 22,
  hall.racks[1].exhaust_mean_c = 34;
  hall.coolers.resize(3);
  // Airflow-weighted: supply (1 × 15 + 3 × 19) / 4 = 18 °C, return (1 × 27 + 3 × 31) / 4 = 30 °C.
  hall.coolers[0].airflow_m3_s = 1, hall.coolers[0].supply_c = 15, hall.coolers[0].return_c = 27;
  hall.coolers[1].airflow_m3_s = 3, hall.coolers[1].supply_c = 19, hall.coolers[1].return_c = 31;
  hall.coolers[2].airflow_m3_s = 5, hall.coolers[2].supply_c = 30, hall.coolers[2].return_c = 30;
  hall.coolers[2].failed = true;
  return hall;
}

TEST(HallMetricsTest, AppliesTheMetricsToAHall) {
  const HallMetrics m = hall_metrics(reference_hall());
  EXPECT_EQ(m.server_inlets, 10u);
  EXPECT_EQ(m.running_units, 2u);
  EXPECT_NEAR(m.rci_hi_pct, 84.0, kTol);
  EXPECT_NEAR(m.rci_lo_pct, 100.0, kTol);
  EXPECT_NEAR(m.supply_c, 18.0, kTol);
  EXPECT_NEAR(m.return_c, 30.0, kTol);
  EXPECT_NEAR(m.equipment_delta_t_k, 12.0, kTol);
  EXPECT_NEAR(m.rti_pct, 100.0, kTol);  // 12 K / 12 K
  EXPECT_NEAR(m.shi, 0.20, kTol);
  EXPECT_NEAR(m.rhi, 0.80, kTol);
  EXPECT_EQ(m.compliance.within_recommended, 7u);  // 22 ... 27, 27
  EXPECT_EQ(m.compliance.above_recommended, 3u);   // 28, 30, 31
  EXPECT_EQ(m.compliance.total(), 10u);
  const InletBins expected{7, 1, 2, 0, 0, 0};
  EXPECT_EQ(m.bins, expected);
}

TEST(HallMetricsTest, NoRunningUnitsLeaveTheAirflowMetricsUndefined) {
  HallResults hall = reference_hall();
  for (CoolerResult& c : hall.coolers) c.failed = true;
  const HallMetrics m = hall_metrics(hall);
  EXPECT_EQ(m.running_units, 0u);
  EXPECT_TRUE(std::isnan(m.supply_c));
  EXPECT_TRUE(std::isnan(m.rti_pct));
  EXPECT_TRUE(std::isnan(m.shi));
  EXPECT_NEAR(m.rci_hi_pct, 84.0, kTol);  // inlet-only metrics are unaffected
}

}  // namespace
}  // namespace rackflow::post
