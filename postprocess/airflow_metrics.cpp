#include "postprocess/airflow_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "postprocess/metrics.hpp"

namespace rackflow::post {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio_or_nan(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : kNaN;
}

// printf into a string, for the flags' sentences.
template <class... Args>
std::string format(const char* pattern, Args... args) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, pattern, args...);
  return buffer;
}

bool is_floor_outlet(const HallResults& hall, const TileResult& t) {
  if (t.kind == "grille") return true;
  for (const TilePressure& p : hall.airflow.tiles)
    if (p.name == t.name) return true;
  return false;  // a ceiling return grille
}

}  // namespace

double negative_pressure_ratio(double supply_c, double floor_c, double return_c) {
  return ratio_or_nan(floor_c - supply_c, return_c - floor_c);
}

double bypass_ratio(double floor_c, double rack_outlet_c, double return_c) {
  return ratio_or_nan(rack_outlet_c - return_c, rack_outlet_c - floor_c);
}

double recirculation_ratio(double floor_c, double rack_inlet_c, double rack_outlet_c) {
  return ratio_or_nan(rack_inlet_c - floor_c, rack_outlet_c - floor_c);
}

AirManagement air_management(const HallResults& hall) {
  AirManagement a;
  const HallMetrics m = hall_metrics(hall);
  a.supply_c = m.supply_c;
  a.return_c = m.return_c;
  double flow = 0, heat = 0;
  for (const TileResult& t : hall.tiles) {
    if (!is_floor_outlet(hall, t) || !(t.flow_m3_s > 0)) continue;
    flow += t.flow_m3_s;
    heat += t.flow_m3_s * t.mean_c;
  }
  a.has_floor_outlets = flow > 0;
  a.floor_c = a.has_floor_outlets ? heat / flow : a.supply_c;
  double rack_flow = 0, in = 0, out = 0;
  for (const RackResult& r : hall.racks) {
    rack_flow += r.airflow_m3_s;
    in += r.airflow_m3_s * r.inlet_mean_c;
    out += r.airflow_m3_s * r.exhaust_mean_c;
  }
  a.rack_inlet_c = rack_flow > 0 ? in / rack_flow : kNaN;
  a.rack_outlet_c = rack_flow > 0 ? out / rack_flow : kNaN;
  a.negative_pressure = a.has_floor_outlets ? negative_pressure_ratio(a.supply_c, a.floor_c, a.return_c) : kNaN;
  a.bypass = bypass_ratio(a.floor_c, a.rack_outlet_c, a.return_c);
  a.recirculation = recirculation_ratio(a.floor_c, a.rack_inlet_c, a.rack_outlet_c);
  return a;
}

double cold_aisle_capture_index(const std::vector<double>& intake_from_cooler) {
  double sum = 0;
  for (double f : intake_from_cooler) sum += f;
  return sum;
}

std::vector<double> cooler_contributions(const std::vector<std::vector<double>>& intake_from_cooler,
                                         const std::vector<double>& rack_airflow_m3_s) {
  std::size_t coolers = 0;
  for (const auto& f : intake_from_cooler) coolers = std::max(coolers, f.size());
  std::vector<double> weighted(coolers, 0.0);
  double total = 0;
  for (std::size_t j = 0; j < intake_from_cooler.size() && j < rack_airflow_m3_s.size(); ++j) {
    total += rack_airflow_m3_s[j];
    for (std::size_t i = 0; i < intake_from_cooler[j].size(); ++i)
      weighted[i] += rack_airflow_m3_s[j] * intake_from_cooler[j][i];
  }
  for (double& w : weighted) w = total > 0 ? w / total : kNaN;
  return weighted;
}

CaptureIndex capture_index(const HallResults& hall) {
  CaptureIndex ci;
  const TracerResults& t = hall.tracers;
  if (!t.computed) return ci;
  ci.computed = true;
  ci.coolers = t.coolers;
  ci.per_rack = t.rack_intake_from_cooler;
  std::vector<double> airflow;
  for (std::size_t j = 0; j < hall.racks.size(); ++j) {
    ci.racks.push_back(hall.racks[j].name);
    airflow.push_back(hall.racks[j].airflow_m3_s);
    ci.cold_aisle.push_back(j < t.rack_intake_from_cooler.size() ? cold_aisle_capture_index(t.rack_intake_from_cooler[j])
                                                                 : kNaN);
    ci.hot_aisle.push_back(j < t.rack_exhaust_captured.size() ? t.rack_exhaust_captured[j] : kNaN);
  }
  ci.cooler_contribution = cooler_contributions(t.rack_intake_from_cooler, airflow);
  return ci;
}

std::vector<AirflowFlag> airflow_flags(const HallResults& hall) {
  std::vector<AirflowFlag> flags;
  const AirflowResults& air = hall.airflow;
  for (const AislePair& p : air.aisle_pairs) {
    if (!(p.delta_p_pa < -kAisleReversalPa)) continue;
    const AisleResult& cold = air.aisles[p.cold];
    const AisleResult& hot = air.aisles[p.hot];
    flags.push_back({"cold_aisle_below_hot",
                     format("The %s is at %.1f Pa, %.1f Pa below the %s (%.1f Pa) across row %s: air is pushed from "
                            "the hot side to the cold side, through and around the racks.",
                            cold.name.c_str(), cold.mean_pressure_pa, -p.delta_p_pa, hot.name.c_str(),
                            hot.mean_pressure_pa, p.row.c_str())});
  }
  for (const TilePressure& t : air.tiles) {
    if (!(t.flow_m3_s < -kReverseTileFlowM3S)) continue;
    flags.push_back({"reverse_tile_flow",
                     format("Tile %s carries %.3f m³/s downward, from the room into the plenum (ΔP below − above = "
                            "%.1f Pa): the plenum pressure there is too low for a tile.",
                            t.name.c_str(), -t.flow_m3_s, t.delta_p_pa)});
  }
  const SpeedRecord& s = air.speed;
  if (s.exceeded())
    flags.push_back({"speed_above_design",
                     format("The air reached %.2f m/s at (%.2f, %.2f, %.2f) m at t = %.3g s (above the design speed "
                            "first at t = %.3g s, last at t = %.3g s), against the %.2f m/s the time step was chosen "
                            "for: the lattice Mach number was %.2f times its bound. Set run.max_velocity to at least "
                            "%.1f m/s and run again.",
                            s.max_m_s, s.at_m[0], s.at_m[1], s.at_m[2], s.at_s, s.first_exceeded_s.value_or(s.at_s),
                            s.last_exceeded_s.value_or(s.at_s), s.design_m_s, s.max_m_s / s.design_m_s, s.max_m_s)});
  for (const CoolerResult& c : hall.coolers) {
    if (c.failed || !(c.supply_c > c.setpoint_c + kSupplyAboveSetpointK)) continue;
    flags.push_back({"supply_above_setpoint",
                     format("Cooling unit %s supplies %.1f °C, %.1f K above its %.1f °C set-point: it is at its "
                            "capacity (%.1f of %.1f kW, return %.1f °C).",
                            c.name.c_str(), c.supply_c, c.supply_c - c.setpoint_c, c.setpoint_c, c.load_w / 1e3,
                            c.capacity_w / 1e3, c.return_c)});
  }
  const AirManagement a = air_management(hall);
  if (a.recirculation > kRecirculationFlagRatio)
    flags.push_back({"recirculation",
                     format("The recirculation ratio is %.2f (above %.2f): %.0f %% of the air the racks draw in is "
                            "rack exhaust (rack inlet %.1f °C, floor air %.1f °C, rack outlet %.1f °C).",
                            a.recirculation, kRecirculationFlagRatio, 100 * a.recirculation, a.rack_inlet_c,
                            a.floor_c, a.rack_outlet_c)});
  return flags;
}

}  // namespace rackflow::post
