#include "postprocess/report/campaign_report.hpp"

#include <cmath>
#include <filesystem>
#include <utility>

#include "postprocess/atomic_file.hpp"
#include "postprocess/csv_text.hpp"
#include "postprocess/json_text.hpp"
#include "postprocess/markdown_table.hpp"
#include "postprocess/nice_numbers.hpp"
#include "postprocess/report/campaign_plans.hpp"

namespace rackflow::post {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDash = "—";  // a number that is not available

// ---------------------------------------------------------------------------------------
// Text for people.

std::string num(double value, int decimals) { return std::isfinite(value) ? fixed(value, decimals) : kDash; }
std::string celsius(double t) { return num(t, 1); }
std::string percent(double fraction) { return num(100.0 * fraction, 1); }

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string position(const Vec3d& at_m) {
  return num(at_m[0], 2) + ", " + num(at_m[1], 2) + ", " + num(at_m[2], 2);
}

std::string limit_text(const CampaignTables& t) {
  return std::string(ashrae_class_name(t.ashrae_class)) + " allowable maximum of " + celsius(t.limits.max_c) +
         " °C";
}

// "12.0 s", "none in 98.1 s" (no crossing while the run went on), "—" (not a transient).
std::string ride_through_text(const std::optional<double>& failure_s, const std::optional<double>& ride_s,
                              double observed_s) {
  if (!failure_s) return kDash;
  if (ride_s) return num(*ride_s, 1) + " s";
  return "none in " + num(observed_s, 1) + " s";
}

std::string worst_sentence(const CampaignTables& t) {
  if (!t.worst) return "No scenario has hall results.";
  const ScenarioRow& w = t.scenarios[*t.worst];
  std::string text = "**Worst case: " + w.name + "**, hottest inlet " + celsius(w.hottest_inlet_c) + " °C at " +
                     w.hottest_server + " (x, y, z = " + position(w.hottest_at_m) + " m); ";
  const std::size_t over = w.racks_over_limit.size();
  text += over == 0 ? "no rack over the " + limit_text(t)
                    : std::to_string(over) + " rack" + (over == 1 ? "" : "s") + " over the " + limit_text(t) +
                          " (" + joined(w.racks_over_limit) + ")";
  text += ".";
  // A run that did not settle is no steady answer: its figures depend on how long it ran.
  if (w.status == "not steady") {
    const std::string prefix = "did not settle: ";
    const std::string why = w.status_detail.rfind(prefix, 0) == 0 ? w.status_detail.substr(prefix.size()) : w.status_detail;
    text += " Its run ended before a steady state" + (why.empty() ? std::string() : " (" + why + ")") +
            ", so these are the figures of its last state, " + num(w.settle_simulated_s, 1) + " s after its start.";
  }
  return text;
}

std::string over_text(const ScenarioRow& r) {
  if (!r.has_hall) return kDash;
  if (r.racks_over_limit.empty()) return "0";
  return std::to_string(r.racks_over_limit.size()) + " (" + joined(r.racks_over_limit) + ")";
}

std::string md_scenarios(const CampaignTables& t) {
  std::vector<std::vector<std::string>> rows;
  std::string notes;
  for (const ScenarioRow& r : t.scenarios) {
    rows.push_back({md_cell(r.name), r.kind, r.status, r.started_from.empty() ? kDash : md_cell(r.started_from),
                    num(r.settle_simulated_s, 1), num(r.settle_wall_s, 1), celsius(r.hottest_inlet_c),
                    r.has_hall ? md_cell(r.hottest_server) : kDash, r.has_hall ? position(r.hottest_at_m) : kDash,
                    md_cell(over_text(r)), num(r.rci_hi_pct, 1), num(r.rci_lo_pct, 1),
                    r.max_utilisation_unit.empty() ? kDash
                                                   : percent(r.max_utilisation) + " (" + md_cell(r.max_utilisation_unit) + ")",
                    ride_through_text(r.failure_at_s, r.ride_through_s, r.observed_after_failure_s),
                    percent(r.relative_energy_residual)});
    if (!r.description.empty()) notes += "- " + r.name + ": " + r.description + "\n";
    if (!r.status_detail.empty()) notes += "- " + r.name + " (" + r.status + "): " + r.status_detail + "\n";
  }
  return md_table({"scenario", "kind", "status", "started from", "settle sim s", "settle wall s",
                   "hottest inlet °C", "at", "x, y, z m", "racks over " + celsius(t.limits.max_c) + " °C",
                   "RCI_HI %", "RCI_LO %", "max cooling utilisation %", "ride-through", "energy residual %"},
                  rows, "llllrrrllrrrlrr") +
         notes + (notes.empty() ? "" : "\n");
}

std::string bin_label(const BinRecord& b) {
  if (!b.above_c) return "≤ " + celsius(b.up_to_c.value_or(NAN));
  if (!b.up_to_c) return "> " + celsius(*b.above_c);
  return celsius(*b.above_c) + "–" + celsius(*b.up_to_c);
}

std::string md_bins(const CampaignTables& t) {
  if (t.bins.empty()) return "";
  std::vector<std::string> header{"scenario"};
  for (const BinRecord& b : t.bins) header.push_back(bin_label(b));
  header.push_back("servers");
  std::vector<std::vector<std::string>> rows;
  for (const ScenarioRow& r : t.scenarios) {
    std::vector<std::string> row{md_cell(r.name)};
    long long total = 0;
    for (std::size_t i = 0; i < t.bins.size(); ++i) {
      row.push_back(i < r.bins.size() ? std::to_string(r.bins[i]) : kDash);
      if (i < r.bins.size()) total += r.bins[i];
    }
    row.push_back(r.has_hall ? std::to_string(total) : kDash);
    rows.push_back(row);
  }
  return "## Server inlet bins\n\nServers per bin of their hottest inlet (°C, ASHRAE and 85/90/95 °F steps).\n\n" +
         md_table(header, rows, "l" + std::string(t.bins.size() + 1, 'r'));
}

std::string md_racks(const CampaignTables& t) {
  if (t.racks.empty()) return "";
  const std::string& reference = t.scenarios.front().name;
  std::vector<std::string> header{"rack", "row"};
  std::string align = "ll";
  for (std::size_t i = 0; i < t.scenarios.size(); ++i) {
    header.push_back(md_cell(t.scenarios[i].name) + " °C");
    align += "r";
    if (i == 0) continue;
    header.push_back("Δ K");
    align += "r";
  }
  header.push_back("worst");
  align += "l";
  std::vector<std::vector<std::string>> rows;
  for (const RackRow& r : t.racks) {
    std::vector<std::string> row{md_cell(r.name), md_cell(r.row)};
    for (std::size_t i = 0; i < t.scenarios.size(); ++i) {
      row.push_back(celsius(r.inlet_max_c[i]));
      if (i > 0) row.push_back(num(r.difference_k[i], 1));
    }
    row.push_back(r.worst ? md_cell(t.scenarios[*r.worst].name) : kDash);
    rows.push_back(row);
  }
  return "## Racks\n\nHottest inlet of each rack per scenario; Δ: minus " + reference +
         "'s; worst: the scenario with its hottest inlet.\n\n" + md_table(header, rows, align);
}

std::string md_rack_ride_through(const CampaignTables& t) {
  std::vector<std::size_t> transients;
  for (std::size_t i = 0; i < t.scenarios.size(); ++i)
    if (t.scenarios[i].failure_at_s) transients.push_back(i);
  if (transients.empty() || t.racks.empty()) return "";
  std::vector<std::string> header{"rack"};
  for (std::size_t i : transients) header.push_back(md_cell(t.scenarios[i].name));
  std::vector<std::vector<std::string>> rows;
  for (const RackRow& r : t.racks) {
    std::vector<std::string> row{md_cell(r.name)};
    for (std::size_t i : transients) {
      const ScenarioRow& s = t.scenarios[i];
      row.push_back(std::isfinite(r.inlet_max_c[i])
                        ? ride_through_text(s.failure_at_s, r.ride_through_s[i], s.observed_after_failure_s)
                        : kDash);
    }
    rows.push_back(row);
  }
  return "## Ride-through per rack\n\nFirst sample of inlet_history.csv at which the rack's hottest inlet "
         "exceeds " + celsius(t.limits.max_c) + " °C, minus the failure time.\n\n" +
         md_table(header, rows, "l" + std::string(transients.size(), 'r'));
}

// ---------------------------------------------------------------------------------------
// JSON and CSV: full precision, null or empty for what is not known.

std::string names_json(const std::vector<std::string>& names) {
  std::vector<std::string> items;
  for (const std::string& n : names) items.push_back(json::quoted(n));
  return json::inline_array(items);
}

std::string optional_text(const std::string& text) { return text.empty() ? "null" : json::quoted(text); }

std::string scenario_json(const ScenarioRow& r, const RunRecord& run, int indent) {
  std::vector<std::string> bins;
  for (long long n : r.bins) bins.push_back(json::integer(n));
  return json::object(
      {{"name", json::quoted(r.name)},
       {"description", json::quoted(r.description)},
       {"kind", json::quoted(r.kind)},
       {"run_dir", json::quoted(run.dir)},
       {"status", json::quoted(r.status)},
       {"status_detail", optional_text(r.status_detail)},
       {"started_from", optional_text(r.started_from)},
       {"restart_file", run.provenance.restart_file ? json::quoted(*run.provenance.restart_file) : "null"},
       {"start_time_s", json::number(run.provenance.start_time_s)},
       {"overrides", names_json(run.provenance.overrides)},
       {"settle_simulated_s", json::number(r.settle_simulated_s)},
       {"settle_wall_s", json::number(r.settle_wall_s)},
       {"hottest_inlet_c", json::number(r.hottest_inlet_c)},
       {"hottest_server", optional_text(r.hottest_server)},
       {"hottest_at_m", r.has_hall ? json::vec3(r.hottest_at_m) : "null"},
       {"racks_over_limit", names_json(r.racks_over_limit)},
       {"rci_hi_pct", json::number(r.rci_hi_pct)},
       {"rci_lo_pct", json::number(r.rci_lo_pct)},
       {"max_cooling_utilisation", json::number(r.max_utilisation)},
       {"max_cooling_utilisation_unit", optional_text(r.max_utilisation_unit)},
       {"failure_at_s", json::number(r.failure_at_s)},
       {"ride_through_s", json::number(r.ride_through_s)},
       {"observed_after_failure_s", json::number(r.observed_after_failure_s)},
       {"relative_energy_residual", json::number(r.relative_energy_residual)},
       {"inlet_bins_servers", json::inline_array(bins)}},
      indent);
}

std::string per_scenario_json(const CampaignTables& t, const std::vector<double>& values) {
  json::Members m;
  for (std::size_t i = 0; i < t.scenarios.size(); ++i) m.emplace_back(t.scenarios[i].name, json::number(values[i]));
  return json::inline_object(m);
}

std::string rack_json(const CampaignTables& t, const RackRow& r, int indent) {
  json::Members ride;
  for (std::size_t i = 0; i < t.scenarios.size(); ++i)
    if (t.scenarios[i].failure_at_s) ride.emplace_back(t.scenarios[i].name, json::number(r.ride_through_s[i]));
  return json::object({{"name", json::quoted(r.name)},
                       {"row", json::quoted(r.row)},
                       {"inlet_max_c", per_scenario_json(t, r.inlet_max_c)},
                       {"difference_k", per_scenario_json(t, r.difference_k)},
                       {"worst_scenario", r.worst ? json::quoted(t.scenarios[*r.worst].name) : "null"},
                       {"ride_through_s", json::inline_object(ride)}},
                      indent);
}

}  // namespace

std::string campaign_json(const CampaignTables& t, const std::string& title) {
  std::vector<std::string> scenarios, racks, bins;
  for (std::size_t i = 0; i < t.scenarios.size(); ++i) scenarios.push_back(scenario_json(t.scenarios[i], t.records[i], 4));
  for (const RackRow& r : t.racks) racks.push_back(rack_json(t, r, 4));
  for (const BinRecord& b : t.bins)
    bins.push_back(json::inline_object({{"above_c", json::number(b.above_c)}, {"up_to_c", json::number(b.up_to_c)}}));
  std::string worst = "null";
  if (t.worst) {
    const ScenarioRow& w = t.scenarios[*t.worst];
    worst = json::object({{"scenario", json::quoted(w.name)},
                          {"hottest_inlet_c", json::number(w.hottest_inlet_c)},
                          {"hottest_server", json::quoted(w.hottest_server)},
                          {"racks_over_limit", names_json(w.racks_over_limit)},
                          {"text", json::quoted(worst_sentence(t))}},
                         2);
  }
  return json::object({{"title", json::quoted(title)},
                       {"reference", json::quoted(t.scenarios.front().name)},
                       {"ashrae_class", json::quoted(ashrae_class_name(t.ashrae_class))},
                       {"allowable_max_c", json::number(t.limits.max_c)},
                       {"worst_case", worst},
                       {"inlet_bins_c", json::array(bins, 2)},
                       {"scenarios", json::array(scenarios, 2)},
                       {"racks", json::array(racks, 2)}},
                      0) +
         "\n";
}

std::string campaign_markdown(const CampaignTables& t, const std::string& title) {
  return "# Campaign report: " + title + "\n\n" + worst_sentence(t) + "\n\n## Scenarios\n\n" + md_scenarios(t) +
         md_bins(t) + md_racks(t) + md_rack_ride_through(t) +
         "Definitions of every column: docs/campaign-report.md.\n";
}

std::string campaign_csv(const CampaignTables& t) {
  std::vector<std::string> header{"scenario", "kind", "status", "started_from", "start_time_s",
                                  "settle_simulated_s", "settle_wall_s", "hottest_inlet_c", "hottest_server",
                                  "hottest_x_m", "hottest_y_m", "hottest_z_m", "racks_over_limit",
                                  "rci_hi_pct", "rci_lo_pct", "max_cooling_utilisation",
                                  "max_cooling_utilisation_unit", "failure_at_s", "ride_through_s",
                                  "observed_after_failure_s", "relative_energy_residual"};
  for (std::size_t i = 0; i < t.bins.size(); ++i) header.push_back("bin" + std::to_string(i) + "_servers");
  std::string out = csv_row(header);
  for (std::size_t s = 0; s < t.scenarios.size(); ++s) {
    const ScenarioRow& r = t.scenarios[s];
    const bool hall = r.has_hall;
    std::vector<std::string> row{
        csv_text(r.name), csv_text(r.kind), csv_text(r.status), csv_text(r.started_from),
        csv_number(t.records[s].provenance.start_time_s), csv_number(r.settle_simulated_s),
        csv_number(r.settle_wall_s), csv_number(r.hottest_inlet_c), csv_text(r.hottest_server),
        hall ? csv_number(r.hottest_at_m[0]) : "", hall ? csv_number(r.hottest_at_m[1]) : "",
        hall ? csv_number(r.hottest_at_m[2]) : "", hall ? std::to_string(r.racks_over_limit.size()) : "",
        csv_number(r.rci_hi_pct), csv_number(r.rci_lo_pct), csv_number(r.max_utilisation),
        csv_text(r.max_utilisation_unit), csv_number(r.failure_at_s), csv_number(r.ride_through_s),
        csv_number(r.observed_after_failure_s), csv_number(r.relative_energy_residual)};
    for (std::size_t i = 0; i < t.bins.size(); ++i) row.push_back(i < r.bins.size() ? std::to_string(r.bins[i]) : "");
    out += csv_row(row);
  }
  return out;
}

std::string campaign_racks_csv(const CampaignTables& t) {
  std::vector<std::string> header{"rack", "row"};
  for (const ScenarioRow& s : t.scenarios) {
    header.push_back(csv_text(s.name + "_inlet_max_c"));
    header.push_back(csv_text(s.name + "_difference_k"));
    if (s.failure_at_s) header.push_back(csv_text(s.name + "_ride_through_s"));
  }
  header.push_back("worst_scenario");
  std::string out = csv_row(header);
  for (const RackRow& r : t.racks) {
    std::vector<std::string> row{csv_text(r.name), csv_text(r.row)};
    for (std::size_t i = 0; i < t.scenarios.size(); ++i) {
      row.push_back(csv_number(r.inlet_max_c[i]));
      row.push_back(csv_number(r.difference_k[i]));
      if (t.scenarios[i].failure_at_s) row.push_back(csv_number(r.ride_through_s[i]));
    }
    row.push_back(r.worst ? csv_text(t.scenarios[*r.worst].name) : "");
    out += csv_row(row);
  }
  return out;
}

std::vector<std::string> write_campaign_report(const std::string& dir, const CampaignTables& t,
                                               const std::string& title, const std::string& stem) {
  // Everything is composed before anything is written: bad input leaves no partial report.
  std::vector<std::pair<std::string, std::string>> files{{stem + ".md", campaign_markdown(t, title)},
                                                         {stem + ".json", campaign_json(t, title)},
                                                         {stem + ".csv", campaign_csv(t)},
                                                         {stem + "_racks.csv", campaign_racks_csv(t)}};
#if RACKFLOW_HAVE_CAIRO
  if (t.worst) files.emplace_back(stem + "_plans.png", campaign_plans_png(t));
#endif
  const fs::path out(dir);
  fs::create_directories(out);
  std::vector<std::string> written;
  for (const auto& [name, contents] : files) {
    write_file_atomically(out / name, contents);
    written.push_back((out / name).string());
  }
  return written;
}

}  // namespace rackflow::post
