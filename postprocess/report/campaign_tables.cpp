#include "postprocess/report/campaign_tables.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <iterator>
#include <stdexcept>

#include "postprocess/nice_numbers.hpp"

namespace rackflow::post {

namespace {

namespace fs = std::filesystem;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool same_path(const fs::path& a, const fs::path& b) {
  std::error_code ea, eb;
  return fs::weakly_canonical(a, ea) == fs::weakly_canonical(b, eb) && !ea && !eb;
}

std::string started_from(const RunRecord& run, const CampaignScenario& reference, bool is_reference) {
  const ProvenanceRecord& p = run.provenance;
  if (!p.restart_file) return "cold";
  const std::string at = " at t = " + fixed(p.start_time_s, 1) + " s";
  const fs::path source(*p.restart_file);
  // A relative restart path was given relative to where the run was started; the
  // checkpoint's own folder is what names the scenario it came from.
  if (!is_reference && same_path(source.parent_path(), reference.run_dir))
    return "warm from " + reference.name + "'s checkpoint" + at;
  return "warm from " + *p.restart_file + at;
}

std::string status_of(const RunRecord& run, const CampaignScenario& s) {
  switch (run.outcome) {
    case RunOutcome::Missing: return "missing";
    case RunOutcome::Failed: return "failed";
    case RunOutcome::NoHall: return "no hall";
    case RunOutcome::Reported: break;
  }
  if (s.kind == "transient") return "transient";
  return run.steady_reached ? "steady" : "not steady";
}

std::string detail_of(const RunRecord& run) {
  if (run.outcome == RunOutcome::Missing) return run.message;
  if (run.outcome == RunOutcome::Reported && !run.steady_reached && !run.steady_unmet.empty())
    return "did not settle: " + run.steady_unmet;
  if (run.outcome != RunOutcome::Failed) return "";
  return run.status + (run.message.empty() ? "" : ": " + run.message);
}

// The first sample at which `max_c` exceeds `limit_c`.
std::optional<double> first_crossing(const std::vector<double>& time_s, const std::vector<float>& max_c,
                                     double limit_c) {
  for (std::size_t k = 0; k < time_s.size(); ++k)
    if (max_c[k] > limit_c) return time_s[k];
  return std::nullopt;
}

std::optional<double> ride_through(std::optional<double> crossing_s, double failure_s) {
  if (!crossing_s) return std::nullopt;
  return std::max(0.0, *crossing_s - failure_s);
}

std::optional<double> failure_time(const CampaignScenario& s, const RunRecord& run) {
  if (s.kind != "transient") return std::nullopt;
  return s.failure_at_s ? s.failure_at_s : run.transients.first_failure_at_s;
}

void fill_hall(ScenarioRow& row, const CampaignScenario& s, const RunRecord& run) {
  row.has_hall = true;
  const auto hottest = std::max_element(run.racks.begin(), run.racks.end(),
                                        [](const RackRecord& a, const RackRecord& b) {
                                          return a.inlet_max_c < b.inlet_max_c;
                                        });
  if (hottest != run.racks.end()) {
    row.hottest_inlet_c = hottest->inlet_max_c;
    row.hottest_server = hottest->hottest_server.empty() ? hottest->name : hottest->hottest_server;
    row.hottest_at_m = hottest->inlet_max_at_m;
  }
  for (const RackRecord& r : run.racks)
    if (r.inlet_max_c > run.limits.max_c) row.racks_over_limit.push_back(r.name);
  row.rci_hi_pct = run.rci_hi_pct;
  row.rci_lo_pct = run.rci_lo_pct;
  for (const CoolerRecord& c : run.coolers) {
    if (row.max_utilisation_unit.empty() || c.utilisation > row.max_utilisation) {
      row.max_utilisation = c.utilisation;
      row.max_utilisation_unit = c.name;
    }
  }
  for (const BinRecord& b : run.inlet_bins) row.bins.push_back(b.servers);
  row.relative_energy_residual = run.relative_energy_residual;
  row.failure_at_s = failure_time(s, run);
  if (row.failure_at_s) {
    row.ride_through_s = ride_through(run.transients.limit_crossed_at_s, *row.failure_at_s);
    row.observed_after_failure_s = run.simulated_time_s - *row.failure_at_s;
  }
}

ScenarioRow scenario_row(const CampaignScenario& s, const RunRecord& run, const CampaignScenario& reference,
                         bool is_reference) {
  ScenarioRow row;
  row.name = s.name;
  row.description = s.description;
  row.kind = s.kind;
  row.status = status_of(run, s);
  row.status_detail = detail_of(run);
  if (run.outcome == RunOutcome::Missing) return row;
  row.started_from = started_from(run, reference, is_reference);
  row.settle_simulated_s = run.simulated_time_s - run.provenance.start_time_s;
  row.settle_wall_s = run.wall_time_s;
  if (run.has_hall()) fill_hall(row, s, run);
  return row;
}

std::set<std::string> rack_names(const RunRecord& run) {
  std::set<std::string> names;
  for (const RackRecord& r : run.racks) names.insert(r.name);
  return names;
}

std::string listed(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

void check_same_hall(const std::vector<RunRecord>& records, const RunRecord& first) {
  const std::set<std::string> expected = rack_names(first);
  for (const RunRecord& run : records) {
    if (!run.has_hall()) continue;
    const std::set<std::string> names = rack_names(run);
    if (names != expected) {
      std::set<std::string> only_here, only_there;
      std::set_difference(names.begin(), names.end(), expected.begin(), expected.end(),
                          std::inserter(only_here, only_here.end()));
      std::set_difference(expected.begin(), expected.end(), names.begin(), names.end(),
                          std::inserter(only_there, only_there.end()));
      throw std::invalid_argument("runs of different halls: " + run.dir + " has racks " + listed(only_here) +
                                  " that " + first.dir + " does not, and lacks " + listed(only_there));
    }
    const auto edges = [](const RunRecord& r) {
      std::vector<std::pair<std::optional<double>, std::optional<double>>> e;
      for (const BinRecord& b : r.inlet_bins) e.emplace_back(b.above_c, b.up_to_c);
      return e;
    };
    if (edges(run) != edges(first))
      throw std::invalid_argument("runs with different inlet bins: " + run.dir + " and " + first.dir);
  }
}

const RackRecord* find_rack(const RunRecord& run, const std::string& name) {
  for (const RackRecord& r : run.racks)
    if (r.name == name) return &r;
  return nullptr;
}

std::optional<std::size_t> history_column(const InletHistory& h, const std::string& rack) {
  for (std::size_t c = 0; c < h.racks.size(); ++c)
    if (h.racks[c] == rack) return c;
  return std::nullopt;
}

std::optional<double> rack_ride_through(const ScenarioRow& row, const RunRecord& run, const std::string& rack) {
  if (!row.failure_at_s) return std::nullopt;
  const std::optional<std::size_t> column = history_column(run.history, rack);
  if (!column) return std::nullopt;
  std::vector<float> max_c;
  for (const std::vector<float>& sample : run.history.inlet_max_c) max_c.push_back(sample[*column]);
  return ride_through(first_crossing(run.history.time_s, max_c, run.limits.max_c), *row.failure_at_s);
}

RackRow rack_row(const RackRecord& rack, const CampaignTables& t) {
  RackRow row{rack.name, rack.row, {}, {}, std::nullopt, {}};
  const std::size_t n = t.records.size();
  for (std::size_t i = 0; i < n; ++i) {
    const RunRecord& run = t.records[i];
    const RackRecord* here = run.has_hall() ? find_rack(run, rack.name) : nullptr;
    const double inlet_c = here ? here->inlet_max_c : kNaN;
    row.inlet_max_c.push_back(inlet_c);
    if (here && (!row.worst || inlet_c > row.inlet_max_c[*row.worst])) row.worst = i;
    row.ride_through_s.push_back(here ? rack_ride_through(t.scenarios[i], run, rack.name) : std::nullopt);
  }
  for (std::size_t i = 0; i < n; ++i) row.difference_k.push_back(row.inlet_max_c[i] - row.inlet_max_c[0]);
  return row;
}

// Hotter first; at the same temperature, more racks over the limit.
bool worse(const ScenarioRow& a, const ScenarioRow& b) {
  if (a.hottest_inlet_c != b.hottest_inlet_c) return a.hottest_inlet_c > b.hottest_inlet_c;
  return a.racks_over_limit.size() > b.racks_over_limit.size();
}

}  // namespace

CampaignTables campaign_tables(const std::vector<CampaignScenario>& scenarios, std::vector<RunRecord> records) {
  if (scenarios.empty()) throw std::invalid_argument("campaign tables: no scenarios");
  if (records.size() != scenarios.size())
    throw std::invalid_argument("campaign tables: " + std::to_string(scenarios.size()) + " scenarios but " +
                                std::to_string(records.size()) + " runs");
  CampaignTables t;
  t.records = std::move(records);
  const auto first_hall = std::find_if(t.records.begin(), t.records.end(),
                                       [](const RunRecord& r) { return r.has_hall(); });
  if (first_hall != t.records.end()) {
    check_same_hall(t.records, *first_hall);
    t.ashrae_class = first_hall->ashrae_class;
    t.limits = first_hall->limits;
    t.bins = first_hall->inlet_bins;
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    t.scenarios.push_back(scenario_row(scenarios[i], t.records[i], scenarios.front(), i == 0));
    const ScenarioRow& row = t.scenarios.back();
    if (row.has_hall && std::isfinite(row.hottest_inlet_c) && (!t.worst || worse(row, t.scenarios[*t.worst])))
      t.worst = i;
  }
  if (first_hall != t.records.end())
    for (const RackRecord& rack : first_hall->racks) t.racks.push_back(rack_row(rack, t));
  return t;
}

CampaignTables read_campaign(const std::vector<CampaignScenario>& scenarios) {
  std::vector<RunRecord> records;
  for (const CampaignScenario& s : scenarios) records.push_back(read_run_record(s.run_dir));
  return campaign_tables(scenarios, std::move(records));
}

}  // namespace rackflow::post
