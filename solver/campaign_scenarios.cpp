// Expansion of a campaign's entries into scenarios, and the checks that each scenario's
// change is really in the case it runs (campaign_parser.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "campaign_parser.hpp"
#include "case_parser.hpp"
#include "quantity.hpp"

namespace rackflow {
namespace {

using Generator = ScenarioEntry::Generator;

// Times in overrides are written exactly: a failure scheduled at the baseline's steady time
// must not round to a step before it.
std::string seconds_text(double s) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.17g s", s);
  return buffer;
}

std::string joined(const std::vector<std::string>& names, const std::string& separator) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : separator) + n;
  return out;
}

[[noreturn]] void fail_at(const SourceRef& where, const std::string& message) { throw CaseError(where, message); }

template <class T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const T& item : items) names.push_back(item.name);
  return names;
}

// `wanted` checked against `known` (all of them when empty).
std::vector<std::string> select(const std::vector<std::string>& wanted, const std::vector<std::string>& known,
                                const SourceRef& where, const std::string& what) {
  if (known.empty()) fail_at(where, "the base case has no " + what + " (allowed: a case with " + what + ")");
  for (const std::string& name : wanted)
    if (std::find(known.begin(), known.end(), name) == known.end())
      fail_at(where, "\"" + name + "\" names none of the base case's " + what + " (allowed: " + joined(known, ", ") + ")");
  return wanted.empty() ? known : wanted;
}

class Builder {
 public:
  Builder(const CampaignSpec& c, const CaseSpec& base) : c_(c), base_(base) {}

  void add(Scenario s) {
    s.overrides.insert(s.overrides.begin(), c_.base_overrides.begin(), c_.base_overrides.end());
    const auto [first, added] = where_.emplace(s.name, s.where);
    if (!added)
      fail_at(s.where, "scenario name \"" + s.name + "\" is already used by the entry on line " +
                           std::to_string(first->second.line) + " (allowed: names unique in the campaign)");
    out_.scenarios.push_back(std::move(s));
  }
  Scenario scenario(const std::string& name, const std::string& description, ScenarioKind kind,
                    const SourceRef& where) const {
    Scenario s;
    s.name = name;
    s.description = description;
    s.kind = kind;
    s.warm_start = c_.warm_start;
    s.where = where;
    return s;
  }

  void skip(const std::string& name, const std::string& reason) { out_.skipped.push_back({name, reason}); }

  void expand(const ScenarioEntry& e) {
    switch (e.generator) {
      case Generator::Set: {
        Scenario s = scenario(e.name, e.description, ScenarioKind::Steady, e.where);
        s.overrides = e.overrides;
        return add(s);
      }
      case Generator::FailEach:
      case Generator::FailPairs: return failures(e);
      case Generator::ScalePower: return power_steps(e);
      case Generator::SupplyTemperature: return supply_steps(e);
      case Generator::Headroom: {
        const auto racks = e.racks.empty() ? std::vector<std::string>{}
                                           : select(e.racks, names_of(base_.hall->racks), e.where, "racks");
        Scenario s = scenario(e.name.empty() ? "headroom" : e.name,
                              e.description.empty() ? "headroom of " + (racks.empty() ? "every rack" : joined(racks, ", "))
                                                    : e.description,
                              ScenarioKind::Headroom, e.where);
        s.headroom_racks = racks;
        return add(s);
      }
    }
  }

  ExpandedCampaign result() { return std::move(out_); }
  std::size_t size() const { return out_.scenarios.size(); }

 private:
  void failures(const ScenarioEntry& e) {
    const std::vector<std::string> units = select(e.coolers, names_of(base_.hall->coolers), e.where, "cooling units");
    for (const CoolerSpec& cooler : base_.hall->coolers)
      if (std::find(units.begin(), units.end(), cooler.name) != units.end() && cooler.fail_at_s)
        fail_at(e.where, "cooling unit " + cooler.name + " already fails in the base case (fail_at " +
                             format_quantity(*cooler.fail_at_s, Dimension::Time) +
                             "): failing it again changes nothing (allowed: units that run in the base case)");
    const bool transient = e.mode == ScenarioKind::Transient;
    if (transient && !c_.warm_start)
      fail_at(e.where, "mode: transient fails the units at the baseline's steady state, which needs warm_start: true");
    const bool pairs = e.generator == Generator::FailPairs;
    if (pairs && units.size() < 2) fail_at(e.where, "fail_pairs needs two or more cooling units, the selection has one");
    std::vector<std::vector<std::string>> sets;
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (!pairs) sets.push_back({units[i]});
      for (std::size_t j = i + 1; pairs && j < units.size(); ++j) sets.push_back({units[i], units[j]});
    }
    for (const auto& failing : sets) {
      Scenario s;
      s.name = (e.name.empty() ? std::string(transient ? "trip" : "off") : e.name) + "-" + joined(failing, "_");
      s.kind = transient ? ScenarioKind::Transient : ScenarioKind::Steady;
      s.where = e.where;
      s.warm_start = c_.warm_start;
      s.failing_coolers = failing;
      if (transient) {
        s.description = e.description.empty() ? joined(failing, " and ") + (failing.size() == 1 ? " fails" : " fail") + " at the baseline's steady state" : e.description;
      } else {
        for (const std::string& unit : failing) s.overrides.push_back({"hall.coolers[" + unit + "].fail_at", "0 s"});
        s.description = e.description.empty() ? joined(failing, " and ") + " off, steady state" : e.description;
      }
      add(s);
    }
  }

  void power_steps(const ScenarioEntry& e) {
    std::vector<std::string> racks;
    std::string which;
    if (!e.rows.empty()) {
      std::vector<std::string> rows;
      for (const RackSpec& r : base_.hall->racks)
        if (!r.row.empty() && std::find(rows.begin(), rows.end(), r.row) == rows.end()) rows.push_back(r.row);
      for (const std::string& row : select(e.rows, rows, e.where, "rack rows"))
        for (const RackSpec& r : base_.hall->racks)
          if (r.row == row) racks.push_back(r.name);
      which = joined(e.rows, "_");
    } else {
      racks = select(e.racks, names_of(base_.hall->racks), e.where, "racks");
      which = e.racks.empty() ? "" : e.racks.size() <= 3 ? joined(e.racks, "_") : std::to_string(e.racks.size()) + "racks";
    }
    for (double factor : e.factors) {
      const std::string name = (e.name.empty() ? "power" + (which.empty() ? "" : "-" + which) : e.name) + "-x" +
                               format_number(factor);
      if (factor == 1) {
        skip(name, "a power factor of 1 is the baseline");
        continue;
      }
      std::string map;
      for (const std::string& r : racks) map += (map.empty() ? "{" : ", ") + ("\"" + r + "\": " + format_number(factor));
      Scenario s;
      s.name = name;
      s.description = e.description.empty() ? (which.empty() ? std::string("every rack") : "racks " + joined(racks, ", ")) +
                                                  " at " + format_number(factor) + " x their power, airflow with it"
                                            : e.description;
      s.overrides.push_back({"hall.rack_power_scale", map + "}"});
      s.scaled_racks = racks;
      s.power_factor = factor;
      s.where = e.where;
      s.warm_start = c_.warm_start;
      add(s);
    }
  }

  void supply_steps(const ScenarioEntry& e) {
    const std::vector<std::string> units = select(e.coolers, names_of(base_.hall->coolers), e.where, "cooling units");
    for (double t_c : e.temperatures_c) {
      const std::string name = (e.name.empty() ? std::string("supply") : e.name) + "-" + format_number(t_c) + "C";
      const bool same = std::all_of(base_.hall->coolers.begin(), base_.hall->coolers.end(), [&](const CoolerSpec& c) {
        return std::find(units.begin(), units.end(), c.name) == units.end() || c.supply_temperature_c == t_c;
      });
      if (same) {
        skip(name, "the units already supply at " + format_number(t_c) + " °C");
        continue;
      }
      Scenario s;
      s.name = name;
      s.description = e.description.empty() ? "supply at " + format_number(t_c) + " °C" : e.description;
      for (const std::string& unit : units)
        s.overrides.push_back({"hall.coolers[" + unit + "].supply_temperature", format_number(t_c) + " °C"});
      s.supply_coolers = units;
      s.supply_c = t_c;
      s.where = e.where;
      s.warm_start = c_.warm_start;
      add(s);
    }
  }

  const CampaignSpec& c_;
  const CaseSpec& base_;
  ExpandedCampaign out_;
  std::unordered_map<std::string, SourceRef> where_;
};

double rack_power_w(const RackSpec& r) {
  double w = 0;
  for (const ServerSpec& s : r.servers) w += s.max_power_w;
  return w;
}

// Temperatures are compared as absolute, so that 0 °C is not a relative-error singularity.
constexpr double kZeroCelsiusK = -273.15;

bool close(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b)); }

// The change a generated scenario stands for, looked for in the case it reads back.
void check_effect(const Scenario& s, const ScenarioEntry& e, const CaseSpec& base, const CaseSpec& got,
                  double failure_s) {
  auto missing = [&](const std::string& what) {
    std::vector<std::string> texts;
    for (const CaseOverride& o : s.overrides) texts.push_back(o.text());
    fail_at(s.where, "scenario " + s.name + ": " + what + " in the case it reads back (overrides: " +
                         (texts.empty() ? std::string("none") : joined(texts, "; ")) + ")");
  };
  auto cooler = [&](const std::string& name) -> const CoolerSpec& {
    const auto& units = got.hall->coolers;
    const auto found = std::find_if(units.begin(), units.end(), [&](const CoolerSpec& c) { return c.name == name; });
    if (found == units.end()) missing("cooling unit " + name + " is missing");
    return *found;
  };
  switch (e.generator) {
    case Generator::FailEach:
    case Generator::FailPairs: {
      const bool transient = s.kind == ScenarioKind::Transient;
      const double expected_s = transient ? failure_s : 0.0;
      for (const std::string& unit : s.failing_coolers) {
        const CoolerSpec& c = cooler(unit);
        if (!c.fail_at_s || !close(*c.fail_at_s + 1, expected_s + 1))
          missing(unit + " does not fail at " + format_quantity(expected_s, Dimension::Time));
      }
      break;
    }
    case Generator::ScalePower:
      for (std::size_t r = 0; r < base.hall->racks.size(); ++r) {
        const RackSpec& b = base.hall->racks[r];
        const bool scaled = std::find(s.scaled_racks.begin(), s.scaled_racks.end(), b.name) != s.scaled_racks.end();
        const double ratio = rack_power_w(got.hall->racks[r]) / rack_power_w(b);
        const double expected = scaled ? s.power_factor : 1.0;
        if (!close(ratio, expected))
          missing("rack " + b.name + " draws " + format_number(ratio) + " x its base power, not " + format_number(expected));
      }
      break;
    case Generator::SupplyTemperature:
      for (const CoolerSpec& b : base.hall->coolers) {
        const bool set = std::find(s.supply_coolers.begin(), s.supply_coolers.end(), b.name) != s.supply_coolers.end();
        const double expected_c = set ? s.supply_c : b.supply_temperature_c;
        if (!close(cooler(b.name).supply_temperature_c - kZeroCelsiusK, expected_c - kZeroCelsiusK))
          missing(b.name + " supplies at " + format_number(cooler(b.name).supply_temperature_c) + " °C, not " +
                  format_number(expected_c) + " °C");
      }
      break;
    case Generator::Set:
    case Generator::Headroom: break;
  }
}

}  // namespace

std::vector<CaseOverride> run_overrides(const CampaignSpec& c, const Scenario& s, double baseline_s) {
  std::vector<CaseOverride> out;
  std::optional<std::string> own_end;
  for (const CaseOverride& o : s.overrides) {
    if (o.key == "run.end_time" && s.warm_start) own_end = o.value;
    else out.push_back(o);
  }
  if (!s.warm_start) return s.overrides;
  double length_s = 0;
  if (s.kind == ScenarioKind::Transient) {
    length_s = c.fail_after_s + c.transient_duration_s;
    for (const std::string& unit : s.failing_coolers)
      out.push_back({"hall.coolers[" + unit + "].fail_at", seconds_text(baseline_s + c.fail_after_s)});
  } else {
    length_s = own_end ? parse_quantity(*own_end, Dimension::Time).value : parse_case_file(c.case_file).run.end_time_s;
  }
  out.push_back({"run.end_time", seconds_text(baseline_s + length_s)});
  return out;
}

ExpandedCampaign expand_campaign(const CampaignSpec& c) {
  const CaseSpec base = parse_case_file(c.case_file, c.base_overrides);
  for (const ScenarioEntry& e : c.entries)
    if (e.generator != Generator::Set && !base.hall)
      fail_at(e.where, "generators need a hall: " + c.case_file + " has no hall section (allowed here: set)");
  Builder b(c, base);
  Scenario baseline = b.scenario("baseline", "the base case, all units running", ScenarioKind::Steady,
                                 SourceRef{c.file, 1, "scenarios"});
  baseline.warm_start = false;  // it is what the others warm-start from
  b.add(baseline);
  std::vector<const ScenarioEntry*> entry_of{nullptr};  // the baseline has none
  for (const ScenarioEntry& e : c.entries) {
    b.expand(e);
    entry_of.resize(b.size(), &e);
  }
  ExpandedCampaign out = b.result();
  // A stand-in for the baseline's steady time, so that a transient's failure lies inside
  // its run: the check is of the change, not of the time.
  const double stand_in_s = base.run.end_time_s;
  std::unordered_map<std::string, std::string> case_of;  // sorted overrides -> scenario
  for (std::size_t i = 0; i < out.scenarios.size(); ++i) {
    const Scenario& s = out.scenarios[i];
    CaseSpec got;
    try {
      got = parse_case_file(c.case_file, run_overrides(c, s, stand_in_s));
    } catch (const CaseError& e) {
      fail_at(s.where, "scenario " + s.name + ": " + e.what());
    }
    for (const std::string& unchanged : got.overrides_without_effect)
      fail_at(s.where, "scenario " + s.name + ": --set " + unchanged + " changes nothing: the base case already has "
                                                                        "that value");
    if (i > 0 && entry_of[i]) check_effect(s, *entry_of[i], base, got, stand_in_s + c.fail_after_s);
    std::vector<std::string> texts;
    for (const CaseOverride& o : s.overrides) texts.push_back(o.text());
    if (s.kind == ScenarioKind::Transient)
      for (const std::string& r : s.failing_coolers) texts.push_back("fails " + r);
    std::sort(texts.begin(), texts.end());
    const std::string key = std::to_string(int(s.kind)) + "|" + joined(texts, "\n") + "|" + joined(s.headroom_racks, ",");
    const auto [first, added] = case_of.emplace(key, s.name);
    if (!added)
      fail_at(s.where, "scenario " + s.name + " is the same case as scenario " + first->second +
                           " (allowed: scenarios that differ)");
  }
  return out;
}

}  // namespace rackflow
