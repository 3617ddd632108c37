#include "postprocess/hall_report.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "postprocess/airflow_report.hpp"
#include "postprocess/atomic_file.hpp"
#include "postprocess/csv_text.hpp"
#include "postprocess/html_report.hpp"
#include "postprocess/json_text.hpp"
#include "postprocess/markdown_table.hpp"
#include "postprocess/metrics.hpp"
#include "postprocess/run_state_text.hpp"
#include "postprocess/summary_json.hpp"

namespace rackflow::post {

namespace {

namespace fs = std::filesystem;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kReportedHotspots = 10;
constexpr const char* kDash = "—";  // a number that is not available
constexpr const char* kHistoryFile = kReportFiles[4];

// ---------------------------------------------------------------------------------------
// What the report derives once and then states in every file the same way.

// The first cooling-unit failure up to `until_s`: where a ride-through time starts.
const CoolerResult* first_failure(const std::vector<CoolerResult>& coolers, double until_s) {
  const CoolerResult* first = nullptr;
  for (const CoolerResult& c : coolers) {
    if (c.fail_at_s && *c.fail_at_s <= until_s && (!first || *c.fail_at_s < *first->fail_at_s)) {
      first = &c;
    }
  }
  return first;
}

const ServerResult* hottest_server(const std::vector<RackResult>& racks) {
  const ServerResult* hottest = nullptr;
  for (const RackResult& rack : racks) {
    for (const ServerResult& s : rack.servers) {
      if (!hottest || s.inlet_max_c > hottest->inlet_max_c) hottest = &s;
    }
  }
  return hottest;
}

struct Findings {
  HallMetrics metrics;
  const ServerResult* hottest = nullptr;  // null without servers
  const CoolerResult* failure = nullptr;  // first failure before the crossing (or the end)
  std::optional<double> ride_through_s;   // crossing time minus that failure's time
};

Findings derive_findings(const HallResults& hall) {
  Findings f;
  f.metrics = hall_metrics(hall);
  f.hottest = hottest_server(hall.racks);
  f.failure = first_failure(hall.coolers, hall.limit_crossed_at_s.value_or(hall.time_s));
  if (hall.limit_crossed_at_s && f.failure) {
    f.ride_through_s = *hall.limit_crossed_at_s - *f.failure->fail_at_s;
  }
  return f;
}

double ratio(double part, double whole) { return whole > 0 ? part / whole : kNaN; }

double server_margin_k(const HallResults& hall, const ServerResult& s) {
  return hall.limits.max_c - s.inlet_max_c;
}

std::vector<std::string> racks_on_cdu(const HallResults& hall, const std::string& cdu) {
  std::vector<std::string> names;
  for (const RackResult& rack : hall.racks) {
    if (rack.cdu == cdu) names.push_back(rack.name);
  }
  return names;
}

bool has_liquid(const RackResult& rack) { return rack.liquid_power_w > 0 || !rack.cdu.empty(); }

// ---------------------------------------------------------------------------------------
// Text for people: fixed decimals, locale-independent, "—" where a number is undefined.

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return kDash;
  if (std::abs(value) < 0.5 * std::pow(10.0, -decimals)) value = 0;  // no "-0.0"
  char buffer[64];
  const auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  return error == std::errc() ? std::string(buffer, end) : json::number(value);
}

// "12.3 unit", or "—" alone.
std::string with_unit(double value, int decimals, const char* unit) {
  return std::isfinite(value) ? fixed(value, decimals) + " " + unit : kDash;
}

std::string celsius(double t) { return fixed(t, 1); }
std::string kelvin(double dt) { return fixed(dt, 1); }
std::string kilowatts(double w) { return fixed(w / 1000.0, 1); }
std::string airflow(double m3_s) { return fixed(m3_s, 3); }
std::string metres(double m) { return fixed(m, 2); }
std::string seconds(double s) { return fixed(s, 1); }
std::string percent(double fraction) { return fixed(100.0 * fraction, 1); }
std::string count(std::size_t n) { return std::to_string(n); }
std::string range_c(double lo, double hi) { return celsius(lo) + "–" + celsius(hi) + " °C"; }

std::string class_name(const HallResults& hall) {
  return std::string("class ") + ashrae_class_name(hall.ashrae_class);
}

std::string verdict_text(const HallResults& hall, const Findings& f) {
  const AshraeCompliance& c = f.metrics.compliance;
  if (c.total() == 0) return "no server inlets were monitored";
  if (c.above_allowable == 0 && c.below_allowable == 0) {
    return "all " + count(c.total()) + " server inlets within " + class_name(hall) +
           " allowable (" + range_c(hall.limits.min_c, hall.limits.max_c) + ")";
  }
  std::string text;
  if (c.above_allowable > 0) {
    text = count(c.above_allowable) + " of " + count(c.total()) + " server inlets above the " +
           class_name(hall) + " allowable maximum of " + celsius(hall.limits.max_c) + " °C";
  }
  if (c.below_allowable > 0) {
    text += (text.empty() ? "" : "; ") + count(c.below_allowable) + " of " + count(c.total()) +
            " server inlets below the " + class_name(hall) + " allowable minimum of " +
            celsius(hall.limits.min_c) + " °C";
  }
  return text;
}

std::string ride_through_text(const HallResults& hall, const Findings& f) {
  const std::string limit = celsius(hall.limits.max_c) + " °C";
  if (!hall.limit_crossed_at_s) {
    std::string text = "No server inlet crossed " + limit + " during the run (" +
                       seconds(hall.time_s) + " s simulated)";
    if (f.failure) {
      text += "; " + f.failure->name + " failed at " + seconds(*f.failure->fail_at_s) +
              " s, so the ride-through is longer than " +
              seconds(hall.time_s - *f.failure->fail_at_s) + " s";
    }
    return text + ".";
  }
  std::string text = "A server inlet first crossed " + limit +
                     " at t = " + seconds(*hall.limit_crossed_at_s) + " s (" +
                     hall.limit_crossed_by + ")";
  if (f.failure) {
    text += ": ride-through " + seconds(*f.ride_through_s) + " s after " + f.failure->name +
            " failed at " + seconds(*f.failure->fail_at_s) + " s";
  }
  return text + ".";
}

std::string md_heading(const RunSummary& run, const HallResults& hall,
                       const std::string& case_file) {
  const InletLimits& l = hall.limits;
  return "# Thermal report: " + run.case_name + "\n\n" + "- Case: `" + case_file + "`\n" +
         "- Time: t = " + seconds(hall.time_s) + " s simulated" +
         (run.steady.reached ? ", thermal steady state\n" : ", not at steady state\n") +
         "- Backend: " + run.backend + "; wall time " + seconds(run.wall_time_s) + " s for " +
         std::to_string(run.steps) + " steps (" + fixed(run.mlups, 0) + " MLUPs/s)\n" +
         "- Inlet limits: " + class_name(hall) + ", allowable " + range_c(l.min_c, l.max_c) +
         ", recommended " + range_c(l.recommended_min_c, l.recommended_max_c) + "\n\n";
}

std::string md_verdict(const RunSummary& run, const HallResults& hall, const Findings& f) {
  std::string text = run_state_markdown(run) + "**Verdict: " + verdict_text(hall, f) + ".**";
  if (f.hottest) {
    text += " Hottest server inlet: " + f.hottest->name + " at " + celsius(f.hottest->inlet_max_c) +
            " °C (margin " + kelvin(server_margin_k(hall, *f.hottest)) + " K).";
  }
  return text + "\n\n";
}

// What the inlet columns are, for the table headings: averaged over a window, or not.
std::string inlet_basis(const HallResults& hall) {
  if (!hall.averaging.active()) return "instantaneous, t = " + seconds(hall.time_s) + " s";
  return "time mean over " + averaging_text(hall.averaging);
}

std::string inlet_legend(const HallResults& hall) {
  if (!hall.averaging.active())
    return "Inlet figures are of the final state (no time averaging): *inlet mean* is the "
           "flow-weighted mean over the intake cells, *inlet max* the hottest of them, *inlet peak* "
           "the same instant's hottest cell.\n";
  return "Inlet figures are of the time-mean field over " + averaging_text(hall.averaging) +
         ": *inlet mean* is its flow-weighted mean over the intake cells, *inlet max* its hottest "
         "cell (the verdict's figure), *inlet peak* the hottest instantaneous cell value in any "
         "sample.\n";
}

std::string md_racks(const HallResults& hall) {
  std::vector<std::vector<std::string>> rows;
  bool headroom_missing = false, headroom_bound = false;
  for (const RackResult& r : hall.racks) {
    headroom_missing = headroom_missing || !r.headroom_w;
    headroom_bound = headroom_bound || (r.headroom_w && r.headroom_is_lower_bound);
    std::string headroom = std::string(kDash) + "¹";
    if (r.headroom_w) headroom = (r.headroom_is_lower_bound ? "≥ " : "") + kilowatts(*r.headroom_w);
    if (r.headroom_w && r.headroom_unconverged_trials > 0)
      headroom = "not converged after " + std::to_string(r.headroom_unconverged_trials) + " trials";
    rows.push_back({md_cell(r.name), md_cell(r.row), kilowatts(r.power_w), kilowatts(r.air_power_w),
                    kilowatts(r.liquid_power_w), airflow(r.airflow_m3_s), celsius(r.inlet_mean_c),
                    celsius(r.inlet_max_c), celsius(r.inlet_peak_c), celsius(r.exhaust_mean_c),
                    kelvin(r.margin_k), headroom});
  }
  std::string out = "## Rack inlets (" + inlet_basis(hall) + ")\n\n" +
                    md_table({"rack", "row", "power kW", "air kW", "liquid kW", "airflow m³/s",
                           "inlet mean °C", "inlet max °C", "inlet peak °C", "exhaust °C",
                           "margin K", "headroom kW"},
                          rows, "llrrrrrrrrrr");
  out += inlet_legend(hall);
  out += "Margin: allowable maximum minus the inlet max; exhaust after any rear door.\n";
  if (headroom_missing) out += "¹ not computed in this run: `rackflow headroom` computes it.\n";
  if (headroom_bound)
    out += "≥: the rack was still below the limit where the search stops, at the fan speed the case's "
           "time step allows (raise `run.max_velocity` to search further).\n";
  return out + "\n";
}

// "5" for a 1U server in slot 5, "1–8" for an 8U one from slot 1.
std::string slots(const ServerResult& s) {
  const std::string bottom = fixed(s.u_bottom, 0);
  return s.height_u > 1 ? bottom + "–" + fixed(s.u_bottom + s.height_u - 1, 0) : bottom;
}

std::string md_servers(const HallResults& hall) {
  std::vector<std::vector<std::string>> rows;
  for (const RackResult& r : hall.racks) {
    if (r.servers.size() < 2) continue;  // the rack's own line says it all
    for (const ServerResult& s : r.servers) {
      rows.push_back({md_cell(s.name), md_cell(s.type), slots(s), kilowatts(s.power_w),
                      kilowatts(s.air_power_w), airflow(s.airflow_m3_s), celsius(s.inlet_mean_c),
                      celsius(s.inlet_max_c), celsius(s.inlet_peak_c), celsius(s.exhaust_c),
                      kelvin(server_margin_k(hall, s))});
    }
  }
  if (rows.empty()) return "";
  return "## Servers (racks with more than one; " + inlet_basis(hall) + ")\n\n" +
         md_table({"server", "type", "U", "power kW", "air kW", "airflow m³/s", "inlet mean °C",
                "inlet max °C", "inlet peak °C", "exhaust °C", "margin K"},
               rows, "lllrrrrrrrr") +
         "U: the slots it occupies. Inlet figures as for the racks. Exhaust before any rear door.\n\n";
}

std::string md_hotspots(const HallResults& hall) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < hall.hotspots.size() && i < kReportedHotspots; ++i) {
    const Hotspot& h = hall.hotspots[i];
    rows.push_back({count(i + 1), md_cell(h.rack), md_cell(h.server), celsius(h.temperature_c),
                    metres(h.at_m[0]), metres(h.at_m[1]), metres(h.at_m[2])});
  }
  if (rows.empty()) return "## Hotspots\n\nNo hotspots were recorded.\n\n";
  return "## Hotspots\n\nThe hottest server inlets, hottest first (position of the hottest "
         "intake cell).\n\n" +
         md_table({"#", "rack", "server", "inlet °C", "x m", "y m", "z m"}, rows, "rllrrrr");
}

// "≤ 27.0", "27.0–29.4", ..., "> 40.0" (metrics.hpp: kInletBinEdgesC).
std::string bin_range(std::size_t bin) {
  const auto& edges = kInletBinEdgesC;
  if (bin == 0) return "≤ " + celsius(edges.front());
  if (bin == edges.size()) return "> " + celsius(edges.back());
  return celsius(edges[bin - 1]) + "–" + celsius(edges[bin]);
}

std::string md_compliance(const HallResults& hall, const Findings& f) {
  const InletLimits& l = hall.limits;
  const AshraeCompliance& c = f.metrics.compliance;
  const double n = static_cast<double>(c.total());
  auto row = [n](const char* what, const std::string& range, std::size_t k) {
    return std::vector<std::string>{what, range, count(k), percent(ratio(k, n))};
  };
  std::string out =
      "## ASHRAE compliance (" + class_name(hall) + ")\n\n" +
      "Each server counted at its hottest intake cell.\n\n" +
      md_table({"server inlet", "°C", "servers", "%"},
            {row("below allowable", "< " + celsius(l.min_c), c.below_allowable),
             row("below recommended", celsius(l.min_c) + "–" + celsius(l.recommended_min_c),
                 c.below_recommended),
             row("within recommended",
                 celsius(l.recommended_min_c) + "–" + celsius(l.recommended_max_c),
                 c.within_recommended),
             row("above recommended, within allowable",
                 celsius(l.recommended_max_c) + "–" + celsius(l.max_c), c.above_recommended),
             row("above allowable", "> " + celsius(l.max_c), c.above_allowable)},
            "llrr");
  std::vector<std::vector<std::string>> bins;
  for (std::size_t i = 0; i < f.metrics.bins.size(); ++i) {
    bins.push_back({bin_range(i), count(f.metrics.bins[i]), percent(ratio(f.metrics.bins[i], n))});
  }
  return out + "### Server inlet bins\n\n" + md_table({"inlet max °C", "servers", "%"}, bins, "lrr");
}

std::string md_metrics(const Findings& f) {
  const HallMetrics& m = f.metrics;
  return "## Metrics\n\n" +
         md_table({"metric", "value", "meaning"},
               {{"RCI_HI", with_unit(m.rci_hi_pct, 1, "%"),
                 "100: no inlet above the recommended maximum; falls with the total excess, "
                 "relative to the allowable band. ≥ 96 good, < 90 poor"},
                {"RCI_LO", with_unit(m.rci_lo_pct, 1, "%"),
                 "the same for inlets below the recommended minimum"},
                {"RTI", with_unit(m.rti_pct, 1, "%"),
                 "(return − supply) / equipment ΔT: 100 balanced, > 100 recirculation, "
                 "< 100 bypass"},
                {"SHI", fixed(m.shi, 2),
                 "share of the air's temperature rise picked up before the rack inlets: 0 ideal"},
                {"RHI", fixed(m.rhi, 2), "1 − SHI: share gained in the racks, 1 ideal"}},
               "lrl") +
         "Inputs: supply " + with_unit(m.supply_c, 1, "°C") + " and return " +
         with_unit(m.return_c, 1, "°C") + " (running cooling units, airflow-weighted), " +
         "equipment ΔT " + with_unit(m.equipment_delta_t_k, 1, "K") +
         " (racks, airflow-weighted). Definitions: docs/metrics.md.\n\n";
}

std::string cooler_status(const CoolerResult& c) {
  if (!c.failed) return "running";
  return c.fail_at_s ? "failed at " + seconds(*c.fail_at_s) + " s" : "failed";
}

std::string md_coolers(const HallResults& hall) {
  if (hall.coolers.empty()) return "## Cooling units\n\nNo cooling units in the hall.\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const CoolerResult& c : hall.coolers) {
    rows.push_back({md_cell(c.name), md_cell(c.kind), airflow(c.airflow_m3_s), kilowatts(c.load_w),
                    kilowatts(c.capacity_w), percent(c.utilisation), celsius(c.return_c),
                    celsius(c.supply_c), celsius(c.setpoint_c), cooler_status(c)});
  }
  return "## Cooling units\n\n" +
         md_table({"unit", "kind", "airflow m³/s", "load kW", "capacity kW", "utilisation %",
                "return °C", "supply °C", "set-point °C", "status"},
               rows, "llrrrrrrrl");
}

std::string md_rear_doors(const HallResults& hall) {
  std::vector<std::vector<std::string>> rows;
  for (const RackResult& r : hall.racks) {
    if (!r.has_rear_door) continue;
    rows.push_back({md_cell(r.name), kilowatts(r.door_removed_w), kilowatts(r.door_capacity_w),
                    percent(ratio(r.door_removed_w, r.door_capacity_w))});
  }
  if (rows.empty()) return "## Rear doors\n\nNo rack has a rear door.\n\n";
  return "## Rear doors\n\n" +
         md_table({"rack", "removed kW", "capacity kW", "utilisation %"}, rows, "lrrr");
}

std::string md_liquid_loops(const HallResults& hall) {
  std::vector<std::vector<std::string>> racks;
  for (const RackResult& r : hall.racks) {
    if (has_liquid(r)) {
      racks.push_back({md_cell(r.name), r.cdu.empty() ? kDash : md_cell(r.cdu),
                       kilowatts(r.liquid_power_w), percent(ratio(r.liquid_power_w, r.power_w))});
    }
  }
  std::vector<std::vector<std::string>> cdus;
  for (const CduResult& c : hall.cdus) {
    std::string fed_by;
    for (const std::string& rack : racks_on_cdu(hall, c.name)) {
      fed_by += (fed_by.empty() ? "" : ", ") + rack;
    }
    cdus.push_back({md_cell(c.name), kilowatts(c.load_w), kilowatts(c.capacity_w),
                    percent(c.utilisation), md_cell(fed_by)});
  }
  if (racks.empty() && cdus.empty()) return "## Liquid loops\n\nNo cold-plate loops.\n\n";
  std::string out = "## Liquid loops\n\n";
  if (!racks.empty()) {
    out += md_table({"rack", "CDU", "liquid kW", "% of rack power"}, racks, "llrr");
  }
  if (!cdus.empty()) {
    out += md_table({"CDU", "load kW", "capacity kW", "utilisation %", "racks"}, cdus, "lrrrl");
  }
  return out;
}

std::string md_tiles(const HallResults& hall) {
  if (hall.tiles.empty()) return "";
  std::vector<std::vector<std::string>> rows;
  for (const TileResult& t : hall.tiles) {
    rows.push_back({md_cell(t.name), md_cell(t.kind), percent(t.open_fraction), airflow(t.flow_m3_s),
                    celsius(t.mean_c)});
  }
  return "## Floor tiles\n\n" +
         md_table({"tile", "kind", "open %", "flow m³/s (up)", "air °C"}, rows, "llrrr");
}

std::string md_energy(const HallResults& hall) {
  const HallEnergyBalance& e = hall.energy;
  auto row = [&e](const char* what, double w) {
    return std::vector<std::string>{what, kilowatts(w), percent(ratio(w, e.rack_power_w))};
  };
  return "## Hall energy balance\n\nOver the last monitor window (" + seconds(e.window_s) +
         " s). Residual = heat in − heat removed − storage.\n\n" +
         md_table(
             {"term", "kW", "% of rack power"},
             {row("rack power (electrical)", e.rack_power_w), row("racks to air", e.rack_air_w),
              row("racks to liquid (cold plates)", e.liquid_w), row("stored in the servers", e.server_storage_w),
              row("removed by cooling units", e.coolers_w), row("removed by rear doors", e.doors_w),
              row("out through boundaries", e.boundaries_w), row("storage in the air", e.storage_w),
              row("residual", e.residual_w)},
             "lrr");
}

std::string md_transients(const HallResults& hall, const Findings& f) {
  return "## Transients\n\n" + ride_through_text(hall, f) + " Inlet history: " + kHistoryFile +
         " (" + count(hall.history.time_s.size()) + " samples).\n\n";
}

std::string md_spare(const HallResults& hall, const Findings& f) {
  const std::size_t n = f.metrics.running_units;
  return "## Spare cooling\n\nSpare capacity of the " + count(n) + " running cooling unit" +
         (n == 1 ? "" : "s") + " (capacity − load): " + kilowatts(hall.spare_cooling_w) + " kW.\n";
}

// Each picture shown, then its file names and what it shows (docs/pictures.md).
std::string md_pictures(const std::vector<PictureFile>& pictures) {
  if (pictures.empty()) return "";
  std::string out = "## Pictures\n\nEach picture is written as PNG, SVG and PDF beside this report.\n\n";
  for (const PictureFile& p : pictures)
    out += "![" + p.caption + "](" + p.stem + ".png)\n\n`" + p.stem + ".png` (`.svg`, `.pdf`): " + p.caption +
           ".\n\n";
  return out;
}

std::string report_markdown(const RunSummary& run, const HallResults& hall,
                            const std::string& case_file, const Findings& f,
                            const std::vector<PictureFile>& pictures) {
  return md_heading(run, hall, case_file) + md_verdict(run, hall, f) + md_racks(hall) +
         md_servers(hall) + md_hotspots(hall) + md_compliance(hall, f) + md_metrics(f) +
         md_coolers(hall) + md_rear_doors(hall) + md_liquid_loops(hall) + md_tiles(hall) +
         airflow_markdown(hall) + md_energy(hall) + md_transients(hall, f) + md_spare(hall, f) + "\n" +
         md_pictures(pictures) +
         traceability_markdown(run);
}

// ---------------------------------------------------------------------------------------
// report.json: each builder lays its value out to nest at `indent` (json_text.hpp).

std::string optional_text(const std::string& text) {
  return text.empty() ? "null" : json::quoted(text);
}

std::string server_json(const HallResults& hall, const ServerResult& s, int indent) {
  return json::object({{"name", json::quoted(s.name)},
                       {"type", json::quoted(s.type)},
                       {"u_bottom", json::number(s.u_bottom)},
                       {"height_u", json::number(s.height_u)},
                       {"power_w", json::number(s.power_w)},
                       {"air_power_w", json::number(s.air_power_w)},
                       {"airflow_m3_s", json::number(s.airflow_m3_s)},
                       {"inlet_mean_c", json::number(s.inlet_mean_c)},
                       {"inlet_max_c", json::number(s.inlet_max_c)},
                       {"inlet_max_at_m", json::vec3(s.inlet_max_at_m)},
                       {"inlet_peak_c", json::number(s.inlet_peak_c)},
                       {"exhaust_c", json::number(s.exhaust_c)},
                       {"margin_k", json::number(server_margin_k(hall, s))}},
                      indent);
}

std::string rear_door_json(const RackResult& r) {
  if (!r.has_rear_door) return "null";
  return json::inline_object(
      {{"removed_w", json::number(r.door_removed_w)},
       {"capacity_w", json::number(r.door_capacity_w)},
       {"utilisation", json::number(ratio(r.door_removed_w, r.door_capacity_w))}});
}

std::string rack_json(const HallResults& hall, const RackResult& r, int indent) {
  std::vector<std::string> servers;
  for (const ServerResult& s : r.servers) servers.push_back(server_json(hall, s, indent + 4));
  return json::object({{"name", json::quoted(r.name)},
                       {"row", json::quoted(r.row)},
                       {"min_m", json::vec3(r.min_m)},
                       {"max_m", json::vec3(r.max_m)},
                       {"front", json::quoted(face_name(r.front))},
                       {"power_w", json::number(r.power_w)},
                       {"air_power_w", json::number(r.air_power_w)},
                       {"liquid_power_w", json::number(r.liquid_power_w)},
                       {"airflow_m3_s", json::number(r.airflow_m3_s)},
                       {"inlet_mean_c", json::number(r.inlet_mean_c)},
                       {"inlet_max_c", json::number(r.inlet_max_c)},
                       {"inlet_max_at_m", json::vec3(r.inlet_max_at_m)},
                       {"inlet_peak_c", json::number(r.inlet_peak_c)},
                       {"exhaust_mean_c", json::number(r.exhaust_mean_c)},
                       {"margin_k", json::number(r.margin_k)},
                       {"headroom_w", json::number(r.headroom_w)},
                       {"headroom_is_lower_bound", r.headroom_is_lower_bound ? "true" : "false"},
                       {"headroom_converged", r.headroom_unconverged_trials > 0 ? "false" : "true"},
                       {"rear_door", rear_door_json(r)},
                       {"cdu", optional_text(r.cdu)},
                       {"servers", json::array(servers, indent + 2)}},
                      indent);
}

std::string cooler_json(const CoolerResult& c, int indent) {
  return json::object({{"name", json::quoted(c.name)},
                       {"kind", json::quoted(c.kind)},
                       {"min_m", json::vec3(c.min_m)},
                       {"max_m", json::vec3(c.max_m)},
                       {"airflow_m3_s", json::number(c.airflow_m3_s)},
                       {"capacity_w", json::number(c.capacity_w)},
                       {"load_w", json::number(c.load_w)},
                       {"utilisation", json::number(c.utilisation)},
                       {"return_c", json::number(c.return_c)},
                       {"supply_c", json::number(c.supply_c)},
                       {"setpoint_c", json::number(c.setpoint_c)},
                       {"failed", json::boolean(c.failed)},
                       {"fail_at_s", json::number(c.fail_at_s)}},
                      indent);
}

std::string cdu_json(const HallResults& hall, const CduResult& c) {
  std::vector<std::string> racks;
  for (const std::string& name : racks_on_cdu(hall, c.name)) racks.push_back(json::quoted(name));
  return json::inline_object({{"name", json::quoted(c.name)},
                              {"capacity_w", json::number(c.capacity_w)},
                              {"load_w", json::number(c.load_w)},
                              {"utilisation", json::number(c.utilisation)},
                              {"racks", json::inline_array(racks)}});
}

std::string tile_json(const TileResult& t) {
  return json::inline_object({{"name", json::quoted(t.name)},
                              {"kind", json::quoted(t.kind)},
                              {"open_fraction", json::number(t.open_fraction)},
                              {"flow_m3_s", json::number(t.flow_m3_s)},
                              {"mean_c", json::number(t.mean_c)}});
}

std::string hotspot_json(const Hotspot& h) {
  return json::inline_object({{"rack", json::quoted(h.rack)},
                              {"server", json::quoted(h.server)},
                              {"at_m", json::vec3(h.at_m)},
                              {"temperature_c", json::number(h.temperature_c)}});
}

std::string limits_json(const InletLimits& l, int indent) {
  return json::object({{"allowable_min_c", json::number(l.min_c)},
                       {"allowable_max_c", json::number(l.max_c)},
                       {"recommended_min_c", json::number(l.recommended_min_c)},
                       {"recommended_max_c", json::number(l.recommended_max_c)}},
                      indent);
}

std::string verdict_json(const RunSummary& run, const HallResults& hall, const Findings& f,
                         int indent) {
  const AshraeCompliance& c = f.metrics.compliance;
  return json::object(
      {{"text", json::quoted(verdict_text(hall, f))},
       {"run_status", json::quoted(run_status_name(run))},
       {"run_state", json::quoted(run_state_sentence(run))},
       {"all_within_allowable", json::boolean(c.above_allowable == 0 && c.below_allowable == 0)},
       {"server_inlets", json::integer(static_cast<long long>(c.total()))},
       {"above_allowable", json::integer(static_cast<long long>(c.above_allowable))},
       {"below_allowable", json::integer(static_cast<long long>(c.below_allowable))},
       {"hottest_server", f.hottest ? json::quoted(f.hottest->name) : "null"},
       {"hottest_inlet_c", f.hottest ? json::number(f.hottest->inlet_max_c) : "null"}},
      indent);
}

std::string compliance_json(const AshraeCompliance& c, int indent) {
  auto n = [](std::size_t k) { return json::integer(static_cast<long long>(k)); };
  return json::object({{"below_allowable", n(c.below_allowable)},
                       {"below_recommended", n(c.below_recommended)},
                       {"within_recommended", n(c.within_recommended)},
                       {"above_recommended", n(c.above_recommended)},
                       {"above_allowable", n(c.above_allowable)},
                       {"within_allowable", n(c.within_allowable())},
                       {"total", n(c.total())}},
                      indent);
}

std::string bins_json(const InletBins& bins, int indent) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < bins.size(); ++i) {
    items.push_back(json::inline_object(
        {{"above_c", i == 0 ? "null" : json::number(kInletBinEdgesC[i - 1])},
         {"up_to_c", i == kInletBinEdgesC.size() ? "null" : json::number(kInletBinEdgesC[i])},
         {"servers", json::integer(static_cast<long long>(bins[i]))}}));
  }
  return json::array(items, indent);
}

std::string metrics_json(const HallMetrics& m, int indent) {
  return json::object({{"rci_hi_pct", json::number(m.rci_hi_pct)},
                       {"rci_lo_pct", json::number(m.rci_lo_pct)},
                       {"rti_pct", json::number(m.rti_pct)},
                       {"shi", json::number(m.shi)},
                       {"rhi", json::number(m.rhi)},
                       {"supply_c", json::number(m.supply_c)},
                       {"return_c", json::number(m.return_c)},
                       {"equipment_delta_t_k", json::number(m.equipment_delta_t_k)}},
                      indent);
}

std::string energy_json(const HallEnergyBalance& e, int indent) {
  return json::object({{"rack_power_w", json::number(e.rack_power_w)},
                       {"rack_air_w", json::number(e.rack_air_w)},
                       {"liquid_w", json::number(e.liquid_w)},
                       {"server_storage_w", json::number(e.server_storage_w)},
                       {"coolers_w", json::number(e.coolers_w)},
                       {"doors_w", json::number(e.doors_w)},
                       {"boundaries_w", json::number(e.boundaries_w)},
                       {"storage_w", json::number(e.storage_w)},
                       {"residual_w", json::number(e.residual_w)},
                       {"relative_residual", json::number(e.relative_residual())},
                       {"window_s", json::number(e.window_s)}},
                      indent);
}

std::string transients_json(const HallResults& hall, const Findings& f, int indent) {
  return json::object(
      {{"text", json::quoted(ride_through_text(hall, f))},
       {"limit_c", json::number(hall.limits.max_c)},
       {"limit_crossed_at_s", json::number(hall.limit_crossed_at_s)},
       {"limit_crossed_by", hall.limit_crossed_at_s ? json::quoted(hall.limit_crossed_by) : "null"},
       {"first_failure", f.failure ? json::quoted(f.failure->name) : "null"},
       {"first_failure_at_s", f.failure ? json::number(f.failure->fail_at_s) : "null"},
       {"ride_through_s", json::number(f.ride_through_s)},
       {"history_file", json::quoted(kHistoryFile)},
       {"history_samples", json::integer(static_cast<long long>(hall.history.time_s.size()))}},
      indent);
}

std::string report_json(const RunSummary& run, const HallResults& hall,
                        const std::string& case_file, const Findings& f) {
  std::vector<std::string> racks, hotspots, coolers, cdus, tiles;
  for (const RackResult& r : hall.racks) racks.push_back(rack_json(hall, r, 4));
  for (std::size_t i = 0; i < hall.hotspots.size() && i < kReportedHotspots; ++i) {
    hotspots.push_back(hotspot_json(hall.hotspots[i]));
  }
  for (const CoolerResult& c : hall.coolers) coolers.push_back(cooler_json(c, 4));
  for (const CduResult& c : hall.cdus) cdus.push_back(cdu_json(hall, c));
  for (const TileResult& t : hall.tiles) tiles.push_back(tile_json(t));
  return json::object({{"case_file", json::quoted(case_file)},
                       {"run", summary_object(run, 2)},
                       {"time_s", json::number(hall.time_s)},
                       {"ashrae_class", json::quoted(ashrae_class_name(hall.ashrae_class))},
                       {"inlet_limits", limits_json(hall.limits, 2)},
                       {"verdict", verdict_json(run, hall, f, 2)},
                       {"inlet_averaging", json::quoted(inlet_basis(hall))},
                       {"racks", json::array(racks, 2)},
                       {"hotspots", json::array(hotspots, 2)},
                       {"ashrae_compliance", compliance_json(f.metrics.compliance, 2)},
                       {"inlet_bins", bins_json(f.metrics.bins, 2)},
                       {"metrics", metrics_json(f.metrics, 2)},
                       {"cooling_units", json::array(coolers, 2)},
                       {"cdus", json::array(cdus, 2)},
                       {"tiles", json::array(tiles, 2)},
                       {"airflow", airflow_json(hall, 2)},
                       {"energy_balance", energy_json(hall.energy, 2)},
                       {"transients", transients_json(hall, f, 2)},
                       {"spare_cooling_w", json::number(hall.spare_cooling_w)},
                       {"running_cooling_units",
                        json::integer(static_cast<long long>(f.metrics.running_units))}},
                      0) +
         "\n";
}

// ---------------------------------------------------------------------------------------
// CSV: full precision (as JSON), empty fields for missing numbers, RFC 4180 quoting.


using post::csv_number;  // csv_text.hpp's, beside the float one below

// Shortest text that reads back as the same float: 24.3, not 24.2999992.
std::string csv_number(float value) {
  if (!std::isfinite(value)) return "";
  char buffer[32];
  return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}


std::string racks_csv(const HallResults& hall) {
  std::string out = csv_row({"rack",
                             "row",
                             "front",
                             "power_w",
                             "air_power_w",
                             "liquid_power_w",
                             "airflow_m3_s",
                             "inlet_mean_c",
                             "inlet_max_c",
                             "inlet_max_x_m",
                             "inlet_max_y_m",
                             "inlet_max_z_m",
                             "inlet_peak_c",
                             "exhaust_mean_c",
                             "margin_k",
                             "headroom_w",
                             "headroom_is_lower_bound",
                             "rear_door",
                             "door_removed_w",
                             "door_capacity_w",
                             "cdu",
                             "servers"});
  for (const RackResult& r : hall.racks) {
    out += csv_row({csv_text(r.name),
                    csv_text(r.row),
                    face_name(r.front),
                    csv_number(r.power_w),
                    csv_number(r.air_power_w),
                    csv_number(r.liquid_power_w),
                    csv_number(r.airflow_m3_s),
                    csv_number(r.inlet_mean_c),
                    csv_number(r.inlet_max_c),
                    csv_number(r.inlet_max_at_m[0]),
                    csv_number(r.inlet_max_at_m[1]),
                    csv_number(r.inlet_max_at_m[2]),
                    csv_number(r.inlet_peak_c),
                    csv_number(r.exhaust_mean_c),
                    csv_number(r.margin_k),
                    csv_number(r.headroom_w),
                    r.headroom_is_lower_bound ? "1" : "0",
                    r.has_rear_door ? "1" : "0",
                    csv_number(r.door_removed_w),
                    csv_number(r.door_capacity_w),
                    csv_text(r.cdu),
                    count(r.servers.size())});
  }
  return out;
}

std::string servers_csv(const HallResults& hall) {
  std::string out =
      csv_row({"rack", "server", "type", "u_bottom", "height_u", "power_w", "air_power_w",
               "airflow_m3_s", "inlet_mean_c", "inlet_max_c", "inlet_max_x_m", "inlet_max_y_m",
               "inlet_max_z_m", "inlet_peak_c", "exhaust_c", "margin_k"});
  for (const RackResult& r : hall.racks) {
    for (const ServerResult& s : r.servers) {
      out += csv_row({csv_text(r.name), csv_text(s.name), csv_text(s.type), csv_number(s.u_bottom),
                      csv_number(s.height_u), csv_number(s.power_w), csv_number(s.air_power_w),
                      csv_number(s.airflow_m3_s), csv_number(s.inlet_mean_c),
                      csv_number(s.inlet_max_c), csv_number(s.inlet_max_at_m[0]),
                      csv_number(s.inlet_max_at_m[1]), csv_number(s.inlet_max_at_m[2]),
                      csv_number(s.inlet_peak_c), csv_number(s.exhaust_c), csv_number(server_margin_k(hall, s))});
    }
  }
  return out;
}

std::string history_csv(const InletHistory& h) {
  const std::size_t racks = h.racks.size();
  if (h.inlet_max_c.size() != h.time_s.size() || h.inlet_mean_c.size() != h.time_s.size()) {
    throw std::invalid_argument("inlet history: " + count(h.time_s.size()) + " times but " +
                                count(h.inlet_max_c.size()) + " max and " +
                                count(h.inlet_mean_c.size()) + " mean samples");
  }
  std::vector<std::string> header{"time_s"};
  for (const std::string& rack : h.racks) {
    header.push_back(csv_text(rack + "_max_c"));
    header.push_back(csv_text(rack + "_mean_c"));
  }
  std::string out = csv_row(header);
  for (std::size_t k = 0; k < h.time_s.size(); ++k) {
    if (h.inlet_max_c[k].size() != racks || h.inlet_mean_c[k].size() != racks) {
      throw std::invalid_argument("inlet history: sample " + count(k) + " does not have " +
                                  count(racks) + " racks");
    }
    std::vector<std::string> row{csv_number(h.time_s[k])};
    for (std::size_t r = 0; r < racks; ++r) {
      row.push_back(csv_number(h.inlet_max_c[k][r]));
      row.push_back(csv_number(h.inlet_mean_c[k][r]));
    }
    out += csv_row(row);
  }
  return out;
}

}  // namespace

void write_hall_report(const std::string& dir, const RunSummary& run, const HallResults& hall,
                       const std::string& case_file, const std::vector<PictureFile>& pictures) {
  const fs::path out(dir);
  const Findings findings = derive_findings(hall);
  // Everything is composed before anything is written: bad input leaves no partial report.
  const std::string markdown = report_markdown(run, hall, case_file, findings, pictures);
  const std::vector<std::pair<const char*, std::string>> files{
      {kReportFiles[0], markdown},
      {kReportFiles[1], report_json(run, hall, case_file, findings)},
      {kReportFiles[2], racks_csv(hall)},
      {kReportFiles[3], servers_csv(hall)},
      {kHistoryFile, history_csv(hall.history)},
      {kReportFiles[5], report_html(markdown, "Thermal report: " + run.case_name, out)}};
  fs::create_directories(out);
  for (const auto& [name, contents] : files) write_file_atomically(out / name, contents);
}

}  // namespace rackflow::post
