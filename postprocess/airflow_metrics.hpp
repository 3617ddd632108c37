// Air-management metrics of a hall (docs/metrics.md, "Airflow"): the temperature-based
// flow ratios of Tozer, Kurkjian & Salim (2009), the Capture Index and the cooling units'
// contributions from the passive tracers, and the flags for suspicious airflow states.
// Pure functions of HallResults; NaN where a figure is undefined for its input.
#pragma once

#include <string>
#include <vector>

#include "rackflow/hall_results.hpp"

namespace rackflow::post {

// R. Tozer, C. Kurkjian, M. Salim, "Air management metrics in data centers", ASHRAE
// Transactions 115(1), 2009. Temperatures: T_c cooling-unit supply, T_f floor (tile)
// outlet, T_i rack inlet, T_o rack outlet, T_r cooling-unit return. Each ratio follows
// from one adiabatic mixing balance (docs/metrics.md derives them):
//   negative pressure NP = m_n / m_c = (T_f − T_c) / (T_r − T_f)
//       room air drawn into the floor void (m_n) per unit of supply air (m_c);
//   bypass            BP = m_b / m_f = (T_o − T_r) / (T_o − T_f)
//       floor air that returns without passing a rack (m_b) per unit of floor air (m_f);
//   recirculation     R  = m_r / m_s = (T_i − T_f) / (T_o − T_f)
//       rack exhaust drawn back into rack inlets (m_r) per unit of rack air (m_s).
// NaN where the denominator is not positive (no temperature difference to measure with).
double negative_pressure_ratio(double supply_c, double floor_c, double return_c);
double bypass_ratio(double floor_c, double rack_outlet_c, double return_c);
double recirculation_ratio(double floor_c, double rack_inlet_c, double rack_outlet_c);

// The five temperatures of a run and the three ratios from them:
//   supply_c, return_c: airflow-weighted over the running cooling units (as HallMetrics);
//   floor_c: flow-weighted over the floor outlets with upward flow (perforated floor tiles
//            and grilles); without any (no raised floor) the supply enters the room
//            directly: T_f = T_c, and NP is NaN (there is no floor void);
//   rack_inlet_c, rack_outlet_c: airflow-weighted rack inlet means and exhaust means
//            (after any rear door, as for RTI).
struct AirManagement {
  bool has_floor_outlets = false;
  double supply_c = 0, floor_c = 0, rack_inlet_c = 0, rack_outlet_c = 0, return_c = 0;
  double negative_pressure = 0, bypass = 0, recirculation = 0;
};
AirManagement air_management(const HallResults& hall);

// Capture Index (VanGilder & Shrivastava 2007) and each unit's contribution, from the
// tracers (TracerResults; its rack order is HallResults::racks'):
//   cold-aisle CI of rack j = Σ_i f_ji, f_ji = rack_intake_from_cooler[j][i]: the share of
//       its intake that came straight from a cooling unit's supply;
//   hot-aisle CI of rack j  = rack_exhaust_captured[j];
//   unit i's contribution   = Σ_j Q_j f_ji / Σ_j Q_j, Q_j the rack airflow: the share of
//       all rack intake air that unit delivered.
// computed false (and every vector empty) when the tracers were not solved.
struct CaptureIndex {
  bool computed = false;
  std::vector<std::string> racks, coolers;
  std::vector<double> cold_aisle, hot_aisle;   // [rack]
  std::vector<std::vector<double>> per_rack;   // [rack][cooler]: f_ji
  std::vector<double> cooler_contribution;     // [cooler]
};
double cold_aisle_capture_index(const std::vector<double>& intake_from_cooler);
// Σ_j Q_j f_ji / Σ_j Q_j for each cooler i; NaN for each when Σ_j Q_j is not positive.
std::vector<double> cooler_contributions(const std::vector<std::vector<double>>& intake_from_cooler,
                                         const std::vector<double>& rack_airflow_m3_s);
CaptureIndex capture_index(const HallResults& hall);

// Thresholds of the flags (docs/metrics.md says why each).
// A cold region counts as below its hot one when lower by more than this: 0.5 Pa drives
// back-flow through a rack's ~3 % leakage area (0.036 m² of a 0.6 × 2 m face, discharge
// coefficient 0.6) of 0.6 · 0.036 · sqrt(2 · 0.5 / 1.2) ≈ 0.02 m³/s, 1–6 % of a 5–20 kW
// rack's airflow: from there on the reversal moves air that matters.
constexpr double kAisleReversalPa = 0.5;
// Downward flow through a perforated tile beyond this counts as reverse flow: about
// 10 CFM, the resolution of a tile flow hood and ~2 % of a 25 %-open tile's usual flow.
constexpr double kReverseTileFlowM3S = 0.005;
// A unit's supply above its set-point by more than this: it is at its coil capacity (its
// model delivers max(set-point, T_return − capacity / (ṁ c_p)), so a normal unit sits at
// the set-point to round-off).
constexpr double kSupplyAboveSetpointK = 0.1;
// Recirculation ratio above which the flag fires: a fifth of the rack air is exhaust. At
// the usual 10–15 K rise through servers that lifts the mean inlet 2–3 K above the floor
// air, and the hottest intakes (row ends, rack tops) take several times the mean share:
// 7–9 K, the whole margin from an 18–20 °C supply to the 27 °C recommended maximum.
constexpr double kRecirculationFlagRatio = 0.2;

// One suspicious state: a stable key, and a sentence with its numbers.
struct AirflowFlag {
  std::string kind;  // "cold_aisle_below_hot", "reverse_tile_flow", "speed_above_design",
                     // "supply_above_setpoint", "recirculation"
  std::string text;
};
std::vector<AirflowFlag> airflow_flags(const HallResults& hall);

}  // namespace rackflow::post
