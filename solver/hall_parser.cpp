#include "hall_parser.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "hall_parse_common.hpp"
#include "server_types.hpp"

// The `hall` schema of docs/case-format.md. Sections are read in dependency order (floor
// and ceiling, then the named things racks refer to, then the bodies, then the tiles that
// must clear them), and every body is checked against those placed before it.
// Each part lives in its own file; solver/hall_parse_common.hpp lists them.

namespace rackflow::detail {
namespace {

const Choices<AshraeClass> kAshraeClasses = {{"recommended", AshraeClass::Recommended},
                                             {"A1", AshraeClass::A1},
                                             {"A2", AshraeClass::A2},
                                             {"A3", AshraeClass::A3},
                                             {"A4", AshraeClass::A4},
                                             {"H1", AshraeClass::H1}};

const std::vector<std::string> kHallKeys = {
    "ashrae_class", "monitor_interval", "raised_floor", "ceiling_plenum", "server_types",
    "profiles",     "cdus",             "racks",        "rack_rows",      "coolers",
    "tiles",        "tile_rows",        "columns",      "panels",         "containment", "rack_power_scale",
    "tracers"};

template <class Read>
void for_each_entry(const Section& s, const std::string& key, const std::string& entries, Read read) {
  if (const auto v = s.find(key)) {
    const auto items = list_items(*v, "a list of " + entries + " (\"- key: value\" entries)");
    for (std::size_t i = 0; i < items.size(); ++i) read(items[i], i);
  }
}

}  // namespace

void read_hall(const Value& v, CaseSpec& spec, NameIndex& object_names) {
  using namespace hall;  // Build and the parts
  const Section s(v, kHallKeys);
  Build b(spec, object_names);
  b.hall.where = v.where;
  for (const ServerType& t : builtin_server_types()) add_named(b.server_type_at, b.server_types, t.name, {t, {}});
  if (const auto c = s.find("ashrae_class")) b.hall.ashrae_class = read_choice(*c, kAshraeClasses);
  // Every sample is a row of the inlet and cooler histories, held in memory for the report.
  constexpr double kMaxMonitorSamples = 1e6;
  read_optional(s, "monitor_interval", Dimension::Time,
                at_least(spec.run.end_time_s / kMaxMonitorSamples)
                    .because("run.end_time / 1e6: at most a million history rows, held in memory for the report"),
                b.hall.monitor_interval_s);

  if (const auto t = s.find("tracers")) b.hall.tracers = read_bool(*t);

  if (const auto f = s.find("raised_floor")) read_raised_floor(*f, b);
  if (const auto c = s.find("ceiling_plenum")) read_ceiling_plenum(*c, b);

  for_each_entry(s, "server_types", "server types", [&](const Value& e, std::size_t) { read_server_type(e, b); });
  for_each_entry(s, "profiles", "profiles", [&](const Value& e, std::size_t) { read_profile(e, b); });
  for_each_entry(s, "cdus", "CDUs", [&](const Value& e, std::size_t) { read_cdu(e, b); });

  for_each_entry(s, "columns", "column grids", [&](const Value& e, std::size_t) { read_column_grid(e, b); });
  for_each_entry(s, "panels", "panels", [&](const Value& e, std::size_t) { read_panel(e, b); });
  for_each_entry(s, "coolers", "coolers", [&](const Value& e, std::size_t) { read_cooler(e, b); });
  if (const auto scales = s.find("rack_power_scale")) read_rack_power_scales(*scales, b);
  for_each_entry(s, "racks", "racks", [&](const Value& e, std::size_t) { read_rack(e, b); });
  for_each_entry(s, "rack_rows", "rack rows", [&](const Value& e, std::size_t) { read_rack_row(e, b); });
  check_rack_power_scales_used(b);
  for_each_entry(s, "containment", "containments", [&](const Value& e, std::size_t) { read_containment(e, b); });

  for_each_entry(s, "tiles", "tiles", [&](const Value& e, std::size_t i) { read_tile(e, i, b); });
  for_each_entry(s, "tile_rows", "tile rows", [&](const Value& e, std::size_t) { read_tile_row(e, b); });
  check_tile_coolers_have_grilles(b);
  check_grille_flows(b.hall.coolers, b.hall.tiles);

  b.hall.profiles.insert(b.hall.profiles.end(), b.constant_profiles.begin(), b.constant_profiles.end());
  spec.hall = std::move(b.hall);
}

}  // namespace rackflow::detail
