#include "postprocess/airflow_report.hpp"

#include <charconv>
#include <cmath>
#include <vector>

#include "postprocess/airflow_metrics.hpp"
#include "postprocess/json_text.hpp"
#include "postprocess/markdown_table.hpp"
#include "postprocess/summary_json.hpp"

namespace rackflow::post {

namespace {

constexpr const char* kDash = "—";

// Fixed decimals, locale-independent, "—" for a number that is not defined.
std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return kDash;
  if (std::abs(value) < 0.5 * std::pow(10.0, -decimals)) value = 0;  // no "-0.0"
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  return error == std::errc() ? std::string(buffer, end) : json::number(value);
}
std::string pascal(double pa) { return fixed(pa, 1); }
std::string percent(double fraction) { return fixed(100.0 * fraction, 1); }
std::string metres(double m) { return fixed(m, 2); }
const char* aisle_kind(AisleKind k) { return k == AisleKind::Cold ? "cold" : "hot"; }

std::string md_flags(const std::vector<AirflowFlag>& flags) {
  if (flags.empty())
    return "No suspicious airflow state: no cold aisle below its hot aisle, no reverse tile flow, no air above the "
           "design speed, no cooling unit above its set-point, recirculation ratio at most " +
           fixed(kRecirculationFlagRatio, 2) + ".\n\n";
  std::string out = "**Flags** (" + std::to_string(flags.size()) + "):\n\n";
  for (const AirflowFlag& f : flags) out += "- " + f.text + "\n";
  return out + "\n";
}

std::string md_speed(const SpeedRecord& s) {
  return "Fastest air over the run: " + fixed(s.max_m_s, 2) + " m/s at (" + metres(s.at_m[0]) + ", " +
         metres(s.at_m[1]) + ", " + metres(s.at_m[2]) + ") m, t = " + json::number(s.at_s) +
         " s; the time step was chosen for " + fixed(s.design_m_s, 2) + " m/s" +
         (s.exceeded() ? " (exceeded)" : "") + ".\n\n";
}

std::string md_plenum(const AirflowResults& air) {
  if (!air.plenum.present) return "";
  const PlenumPressure& p = air.plenum;
  std::string out = "### Raised-floor plenum\n\nStatic pressure (final state, relative to the reference pressure): " +
                    pascal(p.min_pa) + " to " + pascal(p.max_pa) + " Pa, mean " + pascal(p.mean_pa) +
                    " Pa. Plan map at z = " + metres(p.map_pa.z_m) + " m: " + std::to_string(p.map_pa.nx) + " × " +
                    std::to_string(p.map_pa.ny) + " cells of " + metres(p.map_pa.spacing_m) +
                    " m (report.json, airflow.plenum.map).\n\n";
  if (air.tiles.empty()) return out;
  std::vector<std::vector<std::string>> rows;
  for (const TilePressure& t : air.tiles)
    rows.push_back({md_cell(t.name), fixed(t.flow_m3_s, 3), pascal(t.below_pa), pascal(t.above_pa),
                    pascal(t.delta_p_pa)});
  return out + md_table({"tile", "flow m³/s (up)", "below Pa", "above Pa", "ΔP Pa"}, rows, "lrrrr");
}

std::string md_aisles(const AirflowResults& air) {
  if (air.aisles.empty()) return "";
  std::vector<std::vector<std::string>> rows;
  for (const AisleResult& a : air.aisles)
    rows.push_back({md_cell(a.name), aisle_kind(a.kind), md_cell(a.rows[1].empty() ? a.rows[0] : a.rows[0] + " / " + a.rows[1]),
                    metres(a.max_m[0] - a.min_m[0]) + " × " + metres(a.max_m[1] - a.min_m[1]) + " × " +
                        metres(a.max_m[2] - a.min_m[2]),
                    pascal(a.mean_pressure_pa), fixed(a.mean_temperature_c, 1)});
  std::string out = "### Aisles\n\nBetween facing rack rows (fronts facing: cold; backs facing: hot), and the "
                    "1.2 m in front of or behind a row that faces no row (its cold or hot side); final-state means "
                    "over their air.\n\n" +
                    md_table({"aisle", "kind", "rows", "size m", "pressure Pa", "air °C"}, rows, "lllrrr");
  if (air.aisle_pairs.empty()) return out;
  std::vector<std::vector<std::string>> pairs;
  for (const AislePair& p : air.aisle_pairs)
    pairs.push_back({md_cell(p.row), md_cell(air.aisles[p.cold].name), md_cell(air.aisles[p.hot].name),
                     pascal(p.delta_p_pa)});
  return out + md_table({"row", "at its front", "at its back", "ΔP front − back Pa"}, pairs, "lllr");
}

std::string md_ratios(const AirManagement& a) {
  return "### Air management (Tozer et al. 2009)\n\n" +
         md_table({"T supply °C", "T floor outlet °C", "T rack inlet °C", "T rack outlet °C", "T return °C",
                   "negative pressure NP", "bypass BP", "recirculation R"},
                  {{fixed(a.supply_c, 1), a.has_floor_outlets ? fixed(a.floor_c, 1) : "= supply", fixed(a.rack_inlet_c, 1),
                    fixed(a.rack_outlet_c, 1), fixed(a.return_c, 1), fixed(a.negative_pressure, 2), fixed(a.bypass, 2),
                    fixed(a.recirculation, 2)}},
                  "rrrrrrrr");
}

std::string md_capture(const CaptureIndex& ci) {
  std::string out = "### Capture Index and cooling-unit contributions\n\n";
  if (!ci.computed) return out + "Not computed: the passive tracers were not solved in this run.\n\n";
  std::vector<std::string> header{"rack", "cold-aisle CI %", "hot-aisle CI %"};
  std::string align = "lrr";
  for (const std::string& c : ci.coolers) header.push_back("from " + md_cell(c) + " %"), align += "r";
  std::vector<std::vector<std::string>> rows;
  for (std::size_t j = 0; j < ci.racks.size(); ++j) {
    std::vector<std::string> row{md_cell(ci.racks[j]), percent(ci.cold_aisle[j]), percent(ci.hot_aisle[j])};
    for (std::size_t i = 0; i < ci.coolers.size(); ++i)
      row.push_back(j < ci.per_rack.size() && i < ci.per_rack[j].size() ? percent(ci.per_rack[j][i]) : kDash);
    rows.push_back(row);
  }
  std::vector<std::vector<std::string>> units;
  for (std::size_t i = 0; i < ci.coolers.size(); ++i)
    units.push_back({md_cell(ci.coolers[i]), percent(ci.cooler_contribution[i])});
  return out + md_table(header, rows, align) +
         md_table({"cooling unit", "share of all rack intake air %"}, units, "lr");
}

std::string plan_map_json(const PlanMap& m, int indent) {
  std::vector<std::string> values;
  for (float v : m.value) values.push_back(json::number(v));
  return json::object({{"z_m", json::number(m.z_m)},
                       {"origin_m", json::inline_array({json::number(m.origin_m[0]), json::number(m.origin_m[1])})},
                       {"spacing_m", json::number(m.spacing_m)},
                       {"nx", json::integer(m.nx)},
                       {"ny", json::integer(m.ny)},
                       {"value_pa", json::inline_array(values)}},
                      indent);
}

std::string plenum_json(const PlenumPressure& p, int indent) {
  if (!p.present) return json::object({{"present", json::boolean(false)}}, indent);
  return json::object({{"present", json::boolean(true)},
                       {"min_pa", json::number(p.min_pa)},
                       {"max_pa", json::number(p.max_pa)},
                       {"mean_pa", json::number(p.mean_pa)},
                       {"map", plan_map_json(p.map_pa, indent + 2)}},
                      indent);
}

std::string ratios_json(const AirManagement& a, int indent) {
  return json::object({{"supply_c", json::number(a.supply_c)},
                       {"floor_outlet_c", a.has_floor_outlets ? json::number(a.floor_c) : "null"},
                       {"rack_inlet_c", json::number(a.rack_inlet_c)},
                       {"rack_outlet_c", json::number(a.rack_outlet_c)},
                       {"return_c", json::number(a.return_c)},
                       {"negative_pressure_ratio", json::number(a.negative_pressure)},
                       {"bypass_ratio", json::number(a.bypass)},
                       {"recirculation_ratio", json::number(a.recirculation)}},
                      indent);
}

std::string capture_json(const CaptureIndex& ci, int indent) {
  if (!ci.computed) return json::object({{"computed", json::boolean(false)}}, indent);
  std::vector<std::string> racks, units;
  for (std::size_t j = 0; j < ci.racks.size(); ++j) {
    std::vector<std::string> from;
    if (j < ci.per_rack.size())
      for (double f : ci.per_rack[j]) from.push_back(json::number(f));
    racks.push_back(json::inline_object({{"name", json::quoted(ci.racks[j])},
                                         {"cold_aisle_ci", json::number(ci.cold_aisle[j])},
                                         {"hot_aisle_ci", json::number(ci.hot_aisle[j])},
                                         {"intake_from_cooler", json::inline_array(from)}}));
  }
  for (std::size_t i = 0; i < ci.coolers.size(); ++i)
    units.push_back(json::inline_object(
        {{"name", json::quoted(ci.coolers[i])}, {"contribution", json::number(ci.cooler_contribution[i])}}));
  return json::object({{"computed", json::boolean(true)},
                       {"racks", json::array(racks, indent + 2)},
                       {"cooling_units", json::array(units, indent + 2)}},
                      indent);
}

}  // namespace

std::string airflow_markdown(const HallResults& hall) {
  const AirflowResults& air = hall.airflow;
  return "## Airflow\n\n" + md_flags(airflow_flags(hall)) + md_speed(air.speed) + md_plenum(air) + md_aisles(air) +
         md_ratios(air_management(hall)) + md_capture(capture_index(hall));
}

std::string airflow_json(const HallResults& hall, int indent) {
  const AirflowResults& air = hall.airflow;
  std::vector<std::string> flags, tiles, aisles, pairs;
  for (const AirflowFlag& f : airflow_flags(hall))
    flags.push_back(json::inline_object({{"kind", json::quoted(f.kind)}, {"text", json::quoted(f.text)}}));
  for (const TilePressure& t : air.tiles)
    tiles.push_back(json::inline_object({{"name", json::quoted(t.name)},
                                         {"flow_m3_s", json::number(t.flow_m3_s)},
                                         {"below_pa", json::number(t.below_pa)},
                                         {"above_pa", json::number(t.above_pa)},
                                         {"delta_p_pa", json::number(t.delta_p_pa)}}));
  for (const AisleResult& a : air.aisles)
    aisles.push_back(json::inline_object({{"name", json::quoted(a.name)},
                                          {"kind", json::quoted(aisle_kind(a.kind))},
                                          {"rows", json::inline_array({json::quoted(a.rows[0]), json::quoted(a.rows[1])})},
                                          {"min_m", json::vec3(a.min_m)},
                                          {"max_m", json::vec3(a.max_m)},
                                          {"cells", json::integer(a.cells)},
                                          {"mean_pressure_pa", json::number(a.mean_pressure_pa)},
                                          {"mean_temperature_c", json::number(a.mean_temperature_c)}}));
  for (const AislePair& p : air.aisle_pairs)
    pairs.push_back(json::inline_object({{"row", json::quoted(p.row)},
                                         {"front", json::quoted(air.aisles[p.cold].name)},
                                         {"back", json::quoted(air.aisles[p.hot].name)},
                                         {"delta_p_pa", json::number(p.delta_p_pa)}}));
  return json::object({{"flags", json::array(flags, indent + 2)},
                       {"speed", speed_object(air.speed, indent + 2)},
                       {"plenum", plenum_json(air.plenum, indent + 2)},
                       {"tiles", json::array(tiles, indent + 2)},
                       {"aisles", json::array(aisles, indent + 2)},
                       {"aisle_pairs", json::array(pairs, indent + 2)},
                       {"air_management", ratios_json(air_management(hall), indent + 2)},
                       {"capture_index", capture_json(capture_index(hall), indent + 2)}},
                      indent);
}

}  // namespace rackflow::post
