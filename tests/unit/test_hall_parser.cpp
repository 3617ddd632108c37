// Hall parser: a full `hall` section becomes the expected HallSpec (rows, grids and
// containment expanded, units converted, geometry resolved), and every bad input gives a
// CaseError that points at the right file, line and key and says what is allowed. Also the
// patch kinds the hall models rely on: flow outlets and inlets given by `flow`.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "case_parser.hpp"
#include "server_types.hpp"

namespace rackflow {
namespace {

constexpr double kTol = 1e-12;      // unit conversions are a multiply and a divide
constexpr double kCfm = 0.028316846592 / 60;  // m3/s

CaseSpec parse(const std::string& yaml) { return parse_case_string(yaml, "room.yaml"); }

// Expects a CaseError located at `line` and `key`, whose message starts with
// "room.yaml:<line>: <key>: " and contains every fragment.
void expect_error(const std::string& yaml, int line, const std::string& key,
                  const std::vector<std::string>& fragments) {
  try {
    parse(yaml);
  } catch (const CaseError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.where().file, "room.yaml") << msg;
    EXPECT_EQ(e.where().line, line) << msg;
    EXPECT_EQ(e.where().key, key) << msg;
    const std::string prefix = "room.yaml:" + std::to_string(line) + ": " + key + ": ";
    EXPECT_EQ(msg.rfind(prefix, 0), 0u) << "expected prefix \"" << prefix << "\" in: " << msg;
    for (const std::string& f : fragments)
      EXPECT_NE(msg.find(f), std::string::npos) << "missing \"" << f << "\" in: " << msg;
    return;
  }
  ADD_FAILURE() << "no CaseError for:\n" << yaml;
}

// A temporary file that is removed at the end of the test.
struct TempFile {
  std::string path;
  TempFile(const std::string& name, const std::string& text) : path(::testing::TempDir() + name) {
    std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

// ---------------------------------------------------------------------------------------
// A full hall

const std::string kFullHall =
    "name: hall\n"                                                                          // 1
    "domain:\n"                                                                             // 2
    "  size: [12, 8, 4]\n"                                                                  // 3
    "  resolution: 0.05\n"                                                                  // 4
    "run:\n"                                                                                // 5
    "  end_time: 2 min\n"                                                                   // 6
    "hall:\n"                                                                               // 7
    "  ashrae_class: A2\n"                                                                  // 8
    "  monitor_interval: 2 s\n"                                                             // 9
    "  raised_floor: {height: 600 mm, thickness: 0.05}\n"                                   // 10
    "  ceiling_plenum:\n"                                                                   // 11
    "    height: 2 ft\n"                                                                    // 12
    "    grilles: [{position: [5, 4], size: [0.6, 0.6], open_fraction: 0.5}]\n"            // 13
    "  server_types:\n"                                                                     // 14
    "    - {name: my-gpu, height_u: 4, power: 6 kW, airflow: 1200 CFM}\n"                   // 15
    "    - {name: my-cpu, height_u: 2, power: 800 W, cfm_per_kw: 150}\n"                    // 16
    "    - {name: my-dt, height_u: 1, power: 400, idle_power: 100 W, delta_t: 20 °F}\n"     // 17
    "  profiles:\n"                                                                         // 18
    "    - {name: full, kind: constant, utilisation: 1.0}\n"                                // 19
    "    - {name: burst, kind: step, before: 0.5, after: 1.0, at: 1 min}\n"                 // 20
    "    - {name: warmup, kind: ramp, before: 0.2, after: 1.0, duration: 120 s}\n"          // 21
    "    - {name: train, kind: training, utilisation: 0.95, period: 300 s, dip_duration: 20 s, "
    "dip_utilisation: 0.3}\n"                                                               // 22
    "  cdus: [{name: cdu-1, capacity: 800 kW}]\n"                                           // 23
    "  columns: [{start: [0.2, 7.2], count: [3, 1], pitch: [4, 1], size: [0.4, 0.4]}]\n"    // 24
    "  panels: [{name: wall-1, min: [11.8, 0, 0], max: [12, 2, 4]}]\n"                      // 25
    "  coolers:\n"                                                                          // 26
    "    - {name: crah-1, kind: crah, position: [0.2, 2], size: [2.5, 0.9, 1.9], facing: +x, airflow: 12 m3/s, "
    "capacity: 100 kW, supply_temperature: 64.4 °F, fail_at: 60 s}\n"                       // 27
    "    - {name: crah-2, kind: crac, position: [10.5, 3], size: [2, 0.9, 1.9], facing: -x, airflow: 6, "
    "capacity: 50 kW, return: ceiling}\n"                                                   // 28
    "    - {name: irc-1, kind: in_row, position: [8, 1], size: [0.3, 1.2, 2.0], facing: -y, "
    "airflow: 3000 m³/h, capacity: 30 kW, supply: tiles}\n"                                 // 29
    "  racks:\n"                                                                            // 30
    "    - name: r-x\n"                                                                     // 31
    "      position: [3, 6]\n"                                                              // 32
    "      size: [0.6, 1.0, 2.0]\n"                                                         // 33
    "      facing: +x\n"                                                                    // 34
    "      servers: [{type: dgx-h100, count: 2, u: 3}, {type: generic-1u, count: 2}]\n"     // 35
    "      profile: burst\n"                                                                // 36
    "      cold_plate: {fraction: 0.8, cdu: cdu-1}\n"                                       // 37
    "      rear_door: {effectiveness: 0.7, water_temperature: 18 °C, capacity: 35 kW}\n"    // 38
    "      blanking: false\n"                                                               // 39
    "    - {name: r-mx, position: [6, 6], facing: -x, servers: [{type: generic-2u, count: 3}]}\n"  // 40
    "  rack_rows:\n"                                                                        // 41
    "    - {name: A, start: [3, 1.2], count: 4, facing: +y, power: 30 kW, delta_t: 12 K, utilisation: 0.8}\n"  // 42
    "    - {name: B, start: [3, 3.6], count: 4, facing: -y, servers: [{type: my-gpu, count: 2}], "
    "profile: train}\n"                                                                     // 43
    "  containment: [{kind: cold_aisle, rows: [A, B], doors: true}]\n"                      // 44
    "  tiles:\n"                                                                            // 45
    "    - {position: [3.6, 3.0], open_fraction: 0.25}\n"                                   // 46
    "    - {kind: grille, name: g1, position: [8.0, 0.2], size: [0.3, 0.3], cooler: irc-1, flow: 0.4 m3/s}\n"  // 47
    "  tile_rows: [{name: CA, start: [3, 2.4], count: 4, along: x, open_fraction: 0.56}]\n";  // 48

void expect_box(const Vec3d& lo, const Vec3d& hi, const Vec3d& want_lo, const Vec3d& want_hi) {
  for (int a = 0; a < 3; ++a) {
    EXPECT_NEAR(lo[a], want_lo[a], kTol) << "min[" << a << "]";
    EXPECT_NEAR(hi[a], want_hi[a], kTol) << "max[" << a << "]";
  }
}

const RackSpec& rack(const HallSpec& h, const std::string& name) {
  for (const RackSpec& r : h.racks)
    if (r.name == name) return r;
  throw std::runtime_error("no rack " + name);
}

const BoxSpec& box(const CaseSpec& c, const std::string& name) {
  for (const BoxSpec& b : c.boxes)
    if (b.name == name) return b;
  throw std::runtime_error("no box " + name);
}

TEST(HallParser, SectionLevelKeys) {
  const CaseSpec c = parse(kFullHall);
  ASSERT_TRUE(c.hall.has_value());
  const HallSpec& h = *c.hall;
  EXPECT_EQ(h.ashrae_class, AshraeClass::A2);
  EXPECT_DOUBLE_EQ(h.monitor_interval_s, 2);
  EXPECT_EQ(h.where.str(), "room.yaml:7: hall");
  ASSERT_TRUE(h.raised_floor.has_value());
  EXPECT_DOUBLE_EQ(h.raised_floor->height_m, 0.6);  // "600 mm"
  EXPECT_DOUBLE_EQ(h.raised_floor->thickness_m, 0.05);
  ASSERT_TRUE(h.ceiling_plenum.has_value());
  EXPECT_NEAR(h.ceiling_plenum->height_m, 0.6096, kTol);   // "2 ft"
  EXPECT_DOUBLE_EQ(h.ceiling_plenum->thickness_m, 0.05);   // domain.resolution
  ASSERT_EQ(h.ceiling_plenum->grilles.size(), 1u);
  EXPECT_EQ(h.ceiling_plenum->grilles[0].name, "ceiling-grille-1");
  EXPECT_DOUBLE_EQ(h.ceiling_plenum->grilles[0].open_fraction, 0.5);
  EXPECT_EQ(h.ceiling_plenum->grilles[0].max_m, (std::array<double, 2>{5.6, 4.6}));
  ASSERT_EQ(h.cdus.size(), 1u);
  EXPECT_DOUBLE_EQ(h.cdus[0].capacity_w, 800e3);
}

TEST(HallParser, Profiles) {
  const HallSpec h = *parse(kFullHall).hall;
  // Four named, then the constant ones racks made, in the order racks are read: hall.racks
  // (r-mx: the default, utilisation 1), then hall.rack_rows (row A: utilisation 0.8).
  ASSERT_EQ(h.profiles.size(), 6u);
  EXPECT_EQ(h.profiles[1].kind, ProfileKind::Step);
  EXPECT_DOUBLE_EQ(h.profiles[1].before, 0.5);
  EXPECT_DOUBLE_EQ(h.profiles[1].at_s, 60);  // "1 min"
  EXPECT_EQ(h.profiles[2].kind, ProfileKind::Ramp);
  EXPECT_DOUBLE_EQ(h.profiles[2].start_s, 0);
  EXPECT_DOUBLE_EQ(h.profiles[2].duration_s, 120);
  EXPECT_EQ(h.profiles[3].kind, ProfileKind::Training);
  EXPECT_DOUBLE_EQ(h.profiles[3].period_s, 300);
  EXPECT_DOUBLE_EQ(h.profiles[3].dip_duration_s, 20);
  EXPECT_DOUBLE_EQ(h.profiles[3].dip_utilisation, 0.3);
  EXPECT_EQ(rack(h, "r-mx").profile, h.profiles[4].name);
  EXPECT_EQ(h.profiles[4].kind, ProfileKind::Constant);
  EXPECT_DOUBLE_EQ(h.profiles[4].utilisation, 1.0);
  EXPECT_EQ(rack(h, "A01").profile, h.profiles[5].name);
  EXPECT_EQ(rack(h, "A04").profile, h.profiles[5].name);
  EXPECT_DOUBLE_EQ(h.profiles[5].utilisation, 0.8);
  EXPECT_EQ(rack(h, "r-x").profile, "burst");
  EXPECT_EQ(rack(h, "B02").profile, "train");
}

TEST(HallParser, RackBoxesForEachFacing) {
  const HallSpec h = *parse(kFullHall).hall;
  ASSERT_EQ(h.racks.size(), 10u);  // r-x, r-mx, A01..A04, B01..B04
  const double floor = 0.6;
  // +x: depth 1.0 along x, width 0.6 along y.
  expect_box(rack(h, "r-x").min_m, rack(h, "r-x").max_m, {3, 6, floor}, {4, 6.6, floor + 2.0});
  EXPECT_EQ(rack(h, "r-x").front, Face::XMax);
  // -x with the default size [0.6, 1.2, 2.2].
  expect_box(rack(h, "r-mx").min_m, rack(h, "r-mx").max_m, {6, 6, floor}, {7.2, 6.6, floor + 2.2});
  EXPECT_EQ(rack(h, "r-mx").front, Face::XMin);
  // +y and -y rows along x, pitch = rack width.
  expect_box(rack(h, "A01").min_m, rack(h, "A01").max_m, {3, 1.2, floor}, {3.6, 2.4, floor + 2.2});
  expect_box(rack(h, "A04").min_m, rack(h, "A04").max_m, {4.8, 1.2, floor}, {5.4, 2.4, floor + 2.2});
  EXPECT_EQ(rack(h, "A04").front, Face::YMax);
  expect_box(rack(h, "B01").min_m, rack(h, "B01").max_m, {3, 3.6, floor}, {3.6, 4.8, floor + 2.2});
  EXPECT_EQ(rack(h, "B01").front, Face::YMin);
  EXPECT_EQ(rack(h, "B03").row, "B");
  EXPECT_TRUE(rack(h, "r-x").row.empty());
  // Row racks point at their row's entry.
  EXPECT_EQ(rack(h, "A03").where.str(), "room.yaml:42: hall.rack_rows[0]");
  EXPECT_EQ(rack(h, "r-x").where.str(), "room.yaml:31: hall.racks[0]");
}

TEST(HallParser, RackAttachments) {
  const HallSpec h = *parse(kFullHall).hall;
  const RackSpec& r = rack(h, "r-x");
  EXPECT_FALSE(r.blanking);
  EXPECT_TRUE(rack(h, "r-mx").blanking);
  ASSERT_TRUE(r.cold_plate.has_value());
  EXPECT_DOUBLE_EQ(r.cold_plate->liquid_fraction, 0.8);
  EXPECT_EQ(r.cold_plate->cdu, "cdu-1");
  ASSERT_TRUE(r.rear_door.has_value());
  EXPECT_DOUBLE_EQ(r.rear_door->effectiveness, 0.7);
  EXPECT_DOUBLE_EQ(r.rear_door->water_temperature_c, 18);
  EXPECT_DOUBLE_EQ(r.rear_door->capacity_w, 35e3);
  EXPECT_FALSE(rack(h, "A01").cold_plate.has_value());
}

TEST(HallParser, ServersStackFromTheirUPosition) {
  const HallSpec h = *parse(kFullHall).hall;
  const auto& s = rack(h, "r-x").servers;
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].name, "r-x/dgx-h100-1");
  EXPECT_EQ(s[0].type, "dgx-h100");
  EXPECT_DOUBLE_EQ(s[0].u_bottom, 3);
  EXPECT_DOUBLE_EQ(s[0].height_u, 8);
  EXPECT_DOUBLE_EQ(s[0].max_power_w, 10.2e3);
  EXPECT_DOUBLE_EQ(s[0].idle_power_w, 2.0e3);
  EXPECT_DOUBLE_EQ(s[0].airflow_m3_s, 0.50);
  EXPECT_EQ(s[1].name, "r-x/dgx-h100-2");
  EXPECT_DOUBLE_EQ(s[1].u_bottom, 11);
  // The next entry continues above the last one.
  EXPECT_EQ(s[2].name, "r-x/generic-1u-1");
  EXPECT_DOUBLE_EQ(s[2].u_bottom, 19);
  EXPECT_DOUBLE_EQ(s[3].u_bottom, 20);
  EXPECT_NEAR(s[3].airflow_m3_s, 160 * 0.5 * kCfm, kTol);  // 160 CFM/kW x 0.5 kW

  const auto& g = rack(h, "r-mx").servers;
  ASSERT_EQ(g.size(), 3u);
  EXPECT_DOUBLE_EQ(g[2].u_bottom, 5);
  EXPECT_DOUBLE_EQ(g[2].max_power_w, 1000);
  EXPECT_DOUBLE_EQ(g[2].idle_power_w, 300);

  const auto& b = rack(h, "B04").servers;
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].name, "B04/my-gpu-2");
  EXPECT_DOUBLE_EQ(b[1].u_bottom, 5);
  EXPECT_DOUBLE_EQ(b[1].max_power_w, 6000);                  // "6 kW"
  EXPECT_DOUBLE_EQ(b[1].idle_power_w, 0.2 * 6000);           // default idle: a fifth
  EXPECT_NEAR(b[1].airflow_m3_s, 1200 * kCfm, kTol);         // "1200 CFM"
}

TEST(HallParser, RackLevelPower) {
  const CaseSpec c = parse(kFullHall);
  const auto& s = rack(*c.hall, "A02").servers;
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].name, "A02/rack");
  EXPECT_EQ(s[0].type, "rack");
  EXPECT_DOUBLE_EQ(s[0].u_bottom, 1);
  EXPECT_NEAR(s[0].height_u * kRackUnitM, 2.2, kTol);
  EXPECT_DOUBLE_EQ(s[0].max_power_w, 30e3);
  EXPECT_DOUBLE_EQ(s[0].idle_power_w, 0);
  // delta_t 12 K with the case's air: Q = P / (rho c_p dT).
  EXPECT_NEAR(s[0].airflow_m3_s, 30e3 / (c.fluid.density_kg_m3 * c.fluid.specific_heat_j_kgk * 12), kTol);
}

TEST(HallParser, CustomServerTypeAirflowForms) {
  std::string yaml = kFullHall;
  const std::string after = "  rack_rows:\n";
  yaml.insert(yaml.find(after), "    - {name: m1, position: [8, 6], facing: -y, servers: [{type: my-cpu}, {type: my-dt}]}\n");
  const CaseSpec c = parse(yaml);
  const auto& s = rack(*c.hall, "m1").servers;
  ASSERT_EQ(s.size(), 2u);
  EXPECT_NEAR(s[0].airflow_m3_s, 150 * 0.8 * kCfm, kTol);  // 150 CFM/kW x 0.8 kW
  EXPECT_DOUBLE_EQ(s[0].idle_power_w, 160);
  const double delta_t_k = 20.0 * 5 / 9;                       // "20 °F" is a difference
  EXPECT_NEAR(s[1].airflow_m3_s, 400 / (c.fluid.density_kg_m3 * c.fluid.specific_heat_j_kgk * delta_t_k), kTol);
  EXPECT_DOUBLE_EQ(s[1].idle_power_w, 100);
  EXPECT_DOUBLE_EQ(s[1].u_bottom, 3);
}

TEST(HallParser, CoolerGeometryFollowsSupplyAndReturn) {
  const HallSpec h = *parse(kFullHall).hall;
  ASSERT_EQ(h.coolers.size(), 3u);
  const CoolerSpec& crah = h.coolers[0];
  // Down-flow by default over a raised floor: the bottom sits in the floor layer.
  EXPECT_EQ(crah.supply, SupplyMode::Floor);
  EXPECT_EQ(crah.return_from, ReturnMode::Top);
  expect_box(crah.min_m, crah.max_m, {0.2, 2, 0.55}, {1.1, 4.5, 2.5});
  EXPECT_EQ(crah.front, Face::XMax);
  EXPECT_DOUBLE_EQ(crah.airflow_m3_s, 12);
  EXPECT_DOUBLE_EQ(crah.capacity_w, 100e3);
  EXPECT_NEAR(crah.supply_temperature_c, 18, kTol);  // "64.4 °F"
  ASSERT_TRUE(crah.fail_at_s.has_value());
  EXPECT_DOUBLE_EQ(*crah.fail_at_s, 60);
  // return: ceiling reaches the ceiling slab's top, 4 - 0.6096 m.
  const CoolerSpec& crac = h.coolers[1];
  EXPECT_EQ(crac.kind, CoolerKind::Crac);
  EXPECT_EQ(crac.return_from, ReturnMode::Top);
  expect_box(crac.min_m, crac.max_m, {10.5, 3, 0.55}, {11.4, 5, 4 - 0.6096});
  EXPECT_FALSE(crac.fail_at_s.has_value());
  EXPECT_DOUBLE_EQ(crac.supply_temperature_c, 18);
  // In-row: width along x when facing -y; rear return by default.
  const CoolerSpec& irc = h.coolers[2];
  EXPECT_EQ(irc.kind, CoolerKind::InRow);
  EXPECT_EQ(irc.supply, SupplyMode::Tiles);
  EXPECT_EQ(irc.return_from, ReturnMode::Rear);
  EXPECT_EQ(irc.front, Face::YMin);
  expect_box(irc.min_m, irc.max_m, {8, 1, 0.6}, {8.3, 2.2, 2.6});
  EXPECT_NEAR(irc.airflow_m3_s, 3000.0 / 3600, kTol);  // "3000 m³/h"
}

TEST(HallParser, ColumnsPanelsAndContainmentAreSolidBoxes) {
  const CaseSpec c = parse(kFullHall);
  ASSERT_EQ(c.boxes.size(), 7u);
  for (const BoxSpec& b : c.boxes)
    EXPECT_EQ(b.kind, b.name.rfind("containment-", 0) == 0 ? BoxKind::Panel : BoxKind::Solid) << b.name;
  // Column grid: 3 x 1 at pitch 4 m, full domain height.
  expect_box(box(c, "column-1-1").min_m, box(c, "column-1-1").max_m, {0.2, 7.2, 0}, {0.6, 7.6, 4});
  expect_box(box(c, "column-3-1").min_m, box(c, "column-3-1").max_m, {8.2, 7.2, 0}, {8.6, 7.6, 4});
  EXPECT_EQ(box(c, "column-2-1").where.str(), "room.yaml:24: hall.columns[0]");
  expect_box(box(c, "wall-1").min_m, box(c, "wall-1").max_m, {11.8, 0, 0}, {12, 2, 4});
  // Cold aisle y 2.4-3.6 between rows A and B (x 3-5.4), racks 0.6-2.8 m high: thin
  // panels on the aisle's top and ends (issue 11).
  expect_box(box(c, "containment-A-B-roof").min_m, box(c, "containment-A-B-roof").max_m, {3, 2.4, 2.8},
             {5.4, 3.6, 2.8});
  expect_box(box(c, "containment-A-B-door-1").min_m, box(c, "containment-A-B-door-1").max_m, {3, 2.4, 0.6},
             {3, 3.6, 2.8});
  expect_box(box(c, "containment-A-B-door-2").min_m, box(c, "containment-A-B-door-2").max_m, {5.4, 2.4, 0.6},
             {5.4, 3.6, 2.8});
  EXPECT_EQ(box(c, "containment-A-B-roof").where.str(), "room.yaml:44: hall.containment[0]");
}

TEST(HallParser, HotAisleWithoutDoors) {
  std::string yaml = kFullHall;
  const auto at = [&](const std::string& from, const std::string& to) { yaml.replace(yaml.find(from), from.size(), to); };
  at("start: [3, 1.2], count: 4, facing: +y", "start: [3, 1.2], count: 4, facing: -y");
  at("start: [3, 3.6], count: 4, facing: -y", "start: [3, 3.6], count: 4, facing: +y");
  at("{kind: cold_aisle, rows: [A, B], doors: true}", "{kind: hot_aisle, rows: [B, A], doors: false}");
  const CaseSpec c = parse(yaml);
  ASSERT_EQ(c.boxes.size(), 5u);  // columns, wall, roof
  expect_box(box(c, "containment-B-A-roof").min_m, box(c, "containment-B-A-roof").max_m, {3, 2.4, 2.8},
             {5.4, 3.6, 2.8});
}

TEST(HallParser, Tiles) {
  const HallSpec h = *parse(kFullHall).hall;
  ASSERT_EQ(h.tiles.size(), 6u);
  EXPECT_EQ(h.tiles[0].name, "tile-1");
  EXPECT_EQ(h.tiles[0].kind, TileKind::Perforated);
  EXPECT_DOUBLE_EQ(h.tiles[0].open_fraction, 0.25);
  EXPECT_EQ(h.tiles[0].min_m, (std::array<double, 2>{3.6, 3.0}));
  EXPECT_EQ(h.tiles[0].max_m, (std::array<double, 2>{4.2, 3.6}));
  EXPECT_EQ(h.tiles[1].name, "g1");
  EXPECT_EQ(h.tiles[1].kind, TileKind::Grille);
  EXPECT_EQ(h.tiles[1].cooler, "irc-1");
  EXPECT_DOUBLE_EQ(h.tiles[1].flow_m3_s, 0.4);
  // Tile row: CA01..CA04 along x at the tile size.
  EXPECT_EQ(h.tiles[2].name, "CA01");
  EXPECT_EQ(h.tiles[5].name, "CA04");
  EXPECT_NEAR(h.tiles[5].min_m[0], 4.8, kTol);
  EXPECT_NEAR(h.tiles[5].max_m[0], 5.4, kTol);
  EXPECT_EQ(h.tiles[5].min_m[1], 2.4);
  EXPECT_DOUBLE_EQ(h.tiles[5].open_fraction, 0.56);
  EXPECT_EQ(h.tiles[5].where.str(), "room.yaml:48: hall.tile_rows[0]");
}

// Airflow physics of practice: a tile's jet momentum (on unless switched off) and a rack's
// thermal time constant (none unless given), each with its range.
TEST(HallParser, JetMomentumAndThermalTimeConstant) {
  std::string yaml = kFullHall;
  const auto at = [&](const std::string& from, const std::string& to) { yaml.replace(yaml.find(from), from.size(), to); };
  at("{position: [3.6, 3.0], open_fraction: 0.25}", "{position: [3.6, 3.0], open_fraction: 0.25, jet_momentum: false}");
  at("facing: -x, servers: [{type: generic-2u, count: 3}]}",
     "facing: -x, servers: [{type: generic-2u, count: 3}], thermal_time_constant: 2 min}");
  const HallSpec h = *parse(yaml).hall;
  EXPECT_FALSE(h.tiles[0].jet_momentum);
  EXPECT_TRUE(h.tiles[5].jet_momentum);
  EXPECT_DOUBLE_EQ(rack(h, "r-mx").thermal_time_constant_s, 120.0);
  EXPECT_DOUBLE_EQ(rack(h, "r-x").thermal_time_constant_s, 0.0);

  std::string negative = kFullHall;
  negative.replace(negative.find("count: 3}]}"), 11, "count: 3}], thermal_time_constant: -1 s}");
  expect_error(negative, 40, "hall.racks[1].thermal_time_constant", {"-1", "3600"});
  std::string grille = kFullHall;
  grille.replace(grille.find("cooler: irc-1, flow: 0.4 m3/s}"), 30, "cooler: irc-1, flow: 0.4 m3/s, jet_momentum: true}");
  expect_error(grille, 47, "hall.tiles[1].jet_momentum", {"not allowed for a grille"});
}

// Rack fan curves (none unless given; a line {shutoff_pressure, free_flow} or points) and
// leakage (0 unless given, at most 0.2), with their errors.
TEST(HallParser, FanCurveAndLeakage) {
  const std::string plain = "facing: -x, servers: [{type: generic-2u, count: 3}]}";
  const auto with = [&](const std::string& keys) {
    std::string yaml = kFullHall;
    yaml.replace(yaml.find(plain), plain.size(), "facing: -x, servers: [{type: generic-2u, count: 3}], " + keys + "}");
    return yaml;
  };
  const HallSpec line = *parse(with("fan_curve: {shutoff_pressure: 250 Pa, free_flow: 0.5 m3/s}, leakage: 0.03")).hall;
  ASSERT_TRUE(rack(line, "r-mx").fan_curve);
  EXPECT_EQ(rack(line, "r-mx").fan_curve->points, (std::vector<std::array<double, 2>>{{0.0, 0.5}, {250.0, 0.0}}));
  EXPECT_DOUBLE_EQ(rack(line, "r-mx").leakage, 0.03);
  EXPECT_FALSE(rack(line, "r-x").fan_curve);
  EXPECT_DOUBLE_EQ(rack(line, "r-x").leakage, 0.0);
  const HallSpec points = *parse(with("fan_curve: [[0, 0.5 m3/s], [100 Pa, 0.4], [300, 0]]")).hall;
  EXPECT_EQ(rack(points, "r-mx").fan_curve->points,
            (std::vector<std::array<double, 2>>{{0.0, 0.5}, {100.0, 0.4}, {300.0, 0.0}}));

  expect_error(with("leakage: 0.3"), 40, "hall.racks[1].leakage", {"0.3", "0.2"});
  expect_error(with("fan_curve: {shutoff_pressure: 0 Pa, free_flow: 0.5}"), 40,
               "hall.racks[1].fan_curve.shutoff_pressure", {"0"});
  expect_error(with("fan_curve: [[0, 0.5], [100, 0.6]]"), 40, "hall.racks[1].fan_curve[1][1]", {"0.6", "no more flow"});
  expect_error(with("fan_curve: [[0, 0.5], [0, 0.4]]"), 40, "hall.racks[1].fan_curve[1][0]", {"pressure rising"});
  expect_error(with("fan_curve: [[0, 0.5]]"), 40, "hall.racks[1].fan_curve", {"at least 2"});
}

TEST(HallParser, RowIndexWidthFollowsCount) {
  const CaseSpec c = parse("name: t\ndomain:\n  size: [80, 4, 3]\n  resolution: 0.1\nrun:\n  end_time: 60\n"
                           "hall:\n  rack_rows: [{name: R, start: [0, 0], count: 120, facing: -y, power: 1 kW, "
                           "airflow: 0.1, pitch: 0.65}]\n");
  EXPECT_EQ(c.hall->racks.front().name, "R001");
  EXPECT_EQ(c.hall->racks.back().name, "R120");
  EXPECT_NEAR(c.hall->racks.back().min_m[0], 119 * 0.65, 1e-9);
}

TEST(HallParser, DefaultsWithoutFloorOrCeiling) {
  const CaseSpec c = parse("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\nrun:\n  end_time: 60\n"
                           "hall:\n  coolers: [{name: c, kind: crah, position: [0, 0], size: [1, 0.8, 2], "
                           "facing: +x, airflow: 2, capacity: 20 kW}]\n"
                           "  racks: [{name: r, position: [3, 1], facing: -y, power: 5 kW, cfm_per_kw: 160}]\n");
  const HallSpec& h = *c.hall;
  EXPECT_EQ(h.ashrae_class, AshraeClass::A1);
  EXPECT_DOUBLE_EQ(h.monitor_interval_s, 1);
  EXPECT_FALSE(h.raised_floor.has_value());
  EXPECT_EQ(h.coolers[0].supply, SupplyMode::Front);  // no raised floor
  expect_box(h.coolers[0].min_m, h.coolers[0].max_m, {0, 0, 0}, {0.8, 1, 2});
  expect_box(h.racks[0].min_m, h.racks[0].max_m, {3, 1, 0}, {3.6, 2.2, 2.2});
  EXPECT_NEAR(h.racks[0].servers[0].airflow_m3_s, 160 * 5 * kCfm, kTol);
}

TEST(HallParser, EmptyHallSection) {
  const CaseSpec c = parse("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\nrun:\n  end_time: 60\nhall:\n");
  ASSERT_TRUE(c.hall.has_value());
  EXPECT_TRUE(c.hall->racks.empty());
  EXPECT_FALSE(parse("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\nrun:\n  end_time: 60\n").hall);
}

TEST(ServerTypes, BuiltInLibrary) {
  const ServerType* dgx = find_builtin_server_type("dgx-h200");
  ASSERT_NE(dgx, nullptr);
  EXPECT_DOUBLE_EQ(dgx->height_u, 8);
  // 0.50 m3/s carries 10.2 kW at about 17 K with rho 1.2, c_p 1005 (datacentre-numbers.md).
  EXPECT_NEAR(dgx->max_power_w / (1.2 * 1005 * dgx->airflow_m3_s), 17, 0.2);
  ASSERT_NE(find_builtin_server_type("hgx-h100"), nullptr);
  const ServerType* two = find_builtin_server_type("generic-2u");
  ASSERT_NE(two, nullptr);
  EXPECT_NEAR(two->airflow_m3_s, 160 * kCfm, kTol);
  EXPECT_EQ(find_builtin_server_type("dgx-a100"), nullptr);
}

// ---------------------------------------------------------------------------------------
// Traces

std::string trace_case(const std::string& file) {
  return "name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\nrun:\n  end_time: 120\n"
         "hall:\n"               // 7
         "  profiles:\n"         // 8
         "    - name: gpu\n"     // 9
         "      kind: trace\n"   // 10
         "      file: " + file + "\n";  // 11
}

TEST(HallTrace, ReadsSamples) {
  const TempFile csv("rackflow_trace_ok.csv", "time_s,power_w\n0,1000\n60, 2000\n120,1500\n\n");
  const CaseSpec c = parse(trace_case(csv.path));
  const PowerProfileSpec& p = c.hall->profiles[0];
  EXPECT_EQ(p.kind, ProfileKind::Trace);
  EXPECT_EQ(p.trace_file, csv.path);
  EXPECT_EQ(p.trace_time_s, (std::vector<double>{0, 60, 120}));
  EXPECT_EQ(p.trace_power_w, (std::vector<double>{1000, 2000, 1500}));
}

TEST(HallTrace, PathIsRelativeToTheCaseFile) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "rackflow_trace_case";
  std::filesystem::create_directories(dir / "traces");
  std::ofstream(dir / "traces" / "gpu.csv") << "time_s,power_w\n-1,500\n200,500\n";
  std::ofstream(dir / "room.yaml") << trace_case("traces/gpu.csv");
  const CaseSpec c = parse_case_file((dir / "room.yaml").string());
  EXPECT_EQ(c.hall->profiles[0].trace_file, "traces/gpu.csv");
  EXPECT_EQ(c.hall->profiles[0].trace_time_s.size(), 2u);
  std::filesystem::remove_all(dir);
}

void expect_trace_error(const std::string& csv_text, int csv_line, const std::vector<std::string>& fragments) {
  const TempFile csv("rackflow_trace_bad.csv", csv_text);
  std::vector<std::string> all = fragments;
  all.push_back("value \"" + csv.path + "\": " + csv.path + ":" + std::to_string(csv_line) + ": ");
  expect_error(trace_case(csv.path), 11, "hall.profiles[0].file", all);
}

TEST(HallTrace, EmptyField) {
  expect_trace_error("time_s,power_w\n0,1000\n60,\n120,1500\n", 3,
                     {"the power_w field is empty", "allowed: a number in every field: a trace has no gaps"});
}

TEST(HallTrace, NonNumericField) {
  expect_trace_error("time_s,power_w\n0,1000\n1 min,900\n120,1500\n", 3,
                     {"the time_s field \"1 min\" is not a number", "allowed: plain numbers"});
}

TEST(HallTrace, EmptyRow) {
  expect_trace_error("time_s,power_w\n0,1000\n\n120,1500\n", 3, {"the row is empty", "a trace has no gaps"});
}

TEST(HallTrace, TimeNotIncreasing) {
  expect_trace_error("time_s,power_w\n0,1000\n60,900\n60,800\n120,1500\n", 4,
                     {"time_s 60 is not after the previous row's 60", "allowed: strictly increasing times"});
}

TEST(HallTrace, TooFewRows) {
  expect_trace_error("time_s,power_w\n0,1000\n", 2,
                     {"the trace has 1 sample rows", "allowed: at least two rows"});
}

TEST(HallTrace, ShorterThanTheRun) {
  expect_trace_error("time_s,power_w\n0,1000\n60,900\n", 3,
                     {"the trace ends at 60 s, before run.end_time", "allowed: a last time_s >= 120 s, run.end_time"});
}

TEST(HallTrace, StartsAfterZero) {
  expect_trace_error("time_s,power_w\n5,1000\n200,900\n", 2,
                     {"the trace starts at 5 s", "allowed: a first time_s <= 0"});
}

TEST(HallTrace, WrongHeader) {
  expect_trace_error("time,power_kw\n0,1\n200,1\n", 1,
                     {"the header line is \"time,power_kw\"", "header line time_s,power_w"});
}

TEST(HallTrace, NegativePower) {
  expect_trace_error("time_s,power_w\n0,-5\n200,1\n", 2, {"power_w -5 is negative", "allowed: power_w >= 0"});
}

TEST(HallTrace, MissingFile) {
  expect_error(trace_case("/nonexistent/gpu.csv"), 11, "hall.profiles[0].file",
               {"value \"/nonexistent/gpu.csv\": cannot read /nonexistent/gpu.csv",
                "its path relative to the case file"});
}

// ---------------------------------------------------------------------------------------
// Errors: every one names file:line, the key, the value and what is allowed

// Lines 1-7 of every error case; tests append hall keys from line 8 on.
const std::string kHead =
    "name: t\n"              // 1
    "domain:\n"              // 2
    "  size: [12, 8, 4]\n"   // 3
    "  resolution: 0.05\n"   // 4
    "run:\n"                 // 5
    "  end_time: 60\n"       // 6
    "hall:\n";               // 7

std::string rack_at(const std::string& name, const std::string& xy, const std::string& more = "") {
  return "    - {name: " + name + ", position: " + xy + ", facing: -y, power: 5 kW, airflow: 0.4" + more + "}\n";
}

const std::string kFloor = "  raised_floor: {height: 0.6}\n";

TEST(HallErrors, UnknownHallKey) {
  expect_error(kHead + "  rack_row: []\n", 8, "hall.rack_row",
               {"unknown key; did you mean \"rack_rows\"?", "allowed: ashrae_class, monitor_interval"});
}

TEST(HallErrors, UnknownRackKey) {
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]", ", facng: -x"), 9, "hall.racks[0].facng",
               {"unknown key; did you mean \"facing\"?"});
}

TEST(HallErrors, UnknownAshraeClass) {
  expect_error(kHead + "  ashrae_class: A5\n", 8, "hall.ashrae_class",
               {"value \"A5\" is not allowed (allowed: recommended, A1, A2, A3, A4, H1)"});
}

TEST(HallErrors, RacksOverlap) {
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]") +  // 9
                   rack_at("r2", "[1.3, 1.5]"),                  // 10
               10, "hall.racks[1].position",
               {"rack \"r2\" (x 1.3 to 1.9 m, y 1.5 to 2.7 m, z 0 to 2.2 m) overlaps rack \"r1\"",
                "hall.racks[0].position on line 9",
                "allowed: racks, coolers, columns and panels that do not overlap; touching is fine"});
}

TEST(HallErrors, RacksTouchingAreFine) {
  EXPECT_NO_THROW(parse(kHead + "  racks:\n" + rack_at("r1", "[1, 1]") + rack_at("r2", "[1.6, 1]")));
}

TEST(HallErrors, RowRacksOverlapARack) {
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[2, 1]") +                                     // 9
                   "  rack_rows: [{name: A, start: [0.2, 1], count: 5, facing: -y, power: 1 kW, airflow: 0.1}]\n",  // 10
               10, "hall.rack_rows[0]", {"rack \"A04\"", "overlaps rack \"r1\""});
}

TEST(HallErrors, RackOverlapsCooler) {
  expect_error(kHead +
                   "  coolers: [{name: c1, kind: crah, position: [0, 0], size: [2, 1, 2], facing: +y, airflow: 3, "
                   "capacity: 30 kW}]\n"                                     // 8
                   "  racks:\n" + rack_at("r1", "[1.5, 0.5]"),               // 10
               10, "hall.racks[0].position",
               {"rack \"r1\"", "overlaps cooler \"c1\"", "hall.coolers[0].position on line 8"});
}

TEST(HallErrors, RackOverlapsColumn) {
  expect_error(kHead + "  columns: [{start: [1, 1], size: [0.4, 0.4]}]\n"  // 8
                   "  racks:\n" + rack_at("r1", "[0.9, 0.5]"),             // 10
               10, "hall.racks[0].position", {"overlaps box \"column-1-1\"", "hall.columns[0] on line 8"});
}

TEST(HallErrors, RackOverlapsPanel) {
  expect_error(kHead + "  panels: [{name: wall, min: [0, 2, 0], max: [12, 2.2, 4]}]\n"  // 8
                   "  racks:\n" + rack_at("r1", "[3, 1.5]"),                             // 10
               10, "hall.racks[0].position", {"overlaps box \"wall\""});
}

TEST(HallErrors, RackOutsideDomain) {
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[11.6, 1]"), 9, "hall.racks[0].position",
               {"rack \"r1\" spans x 11.6 to 12.2 m, outside the domain",
                "(allowed: >= 0 m and <= 12 m, the domain extent in x)"});
}

TEST(HallErrors, RackTallerThanTheRoom) {
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]", ", size: [0.6, 1.2, 4.5]"), 9,
               "hall.racks[0].position", {"spans z 0 to 4.5 m, outside the domain", "<= 4 m"});
}

TEST(HallErrors, RackIntoTheCeiling) {
  expect_error(kHead + "  ceiling_plenum: {height: 1.5}\n  racks:\n" + rack_at("r1", "[1, 1]", ", size: [0.6, 1.2, 2.6]"),
               10, "hall.racks[0].position",
               {"rack \"r1\" reaches z 2.6 m, into the ceiling",
                "allowed: a top <= 2.45 m, the underside of hall.ceiling_plenum"});
}

TEST(HallErrors, CoolerOutsideDomain) {
  expect_error(kHead + "  coolers: [{name: c1, kind: crah, position: [11, -0.5], size: [2, 1, 2], facing: +y, "
                       "airflow: 3, capacity: 30 kW}]\n",
               8, "hall.coolers[0].position", {"cooler \"c1\" spans x 11 to 13 m, outside the domain"});
}

TEST(HallErrors, TileOutsideDomain) {
  expect_error(kHead + kFloor + "  tiles: [{position: [11.7, 1]}]\n", 9, "hall.tiles[0].position",
               {"tile \"tile-1\" spans x 11.7 to 12.3 m, outside the domain"});
}

TEST(HallErrors, TileUnderARack) {
  expect_error(kHead + kFloor + "  racks:\n" + rack_at("r1", "[1, 1]") +  // 10
                   "  tiles:\n"                                            // 11
                   "    - {position: [1.2, 1.8]}\n",                       // 12
               12, "hall.tiles[0].position",
               {"tile \"tile-1\" (x 1.2 to 1.8 m, y 1.8 to 2.4 m) lies under rack \"r1\"",
                "hall.racks[0].position on line 10", "allowed: tiles clear of the footprints of racks and coolers"});
}

TEST(HallErrors, TileRowUnderARack) {
  expect_error(kHead + kFloor + "  racks:\n" + rack_at("r1", "[3, 1]") +                       // 10
                   "  tile_rows: [{name: T, start: [0, 1.5], count: 10, along: x}]\n",          // 11
               11, "hall.tile_rows[0]", {"tile \"T06\"", "lies under rack \"r1\""});
}

TEST(HallErrors, TilesOverlap) {
  expect_error(kHead + kFloor + "  tiles: [{position: [1, 1]}, {position: [1.3, 1]}]\n", 9, "hall.tiles[1].position",
               {"tile \"tile-2\"", "overlaps tile \"tile-1\""});
}

TEST(HallErrors, ZeroCfmPerKw) {
  expect_error(kHead + "  racks: [{name: r1, position: [1, 1], facing: -y, power: 5 kW, cfm_per_kw: 0}]\n", 8,
               "hall.racks[0].cfm_per_kw",
               {"value 0 is out of range", "allowed: > 0, the air must carry the heat away"});
}

TEST(HallErrors, ZeroPowerGivesNoAirflow) {
  expect_error(kHead + "  racks: [{name: r1, position: [1, 1], facing: -y, power: 0, cfm_per_kw: 160}]\n", 8,
               "hall.racks[0].cfm_per_kw",
               {"value 160 with power 0 W gives no airflow", "allowed: power > 0 W, or airflow [m3/s] given directly"});
}

TEST(HallErrors, ServerTypeWithZeroAirflow) {
  expect_error(kHead + "  server_types: [{name: s, height_u: 1, power: 500, airflow: 0}]\n", 8,
               "hall.server_types[0].airflow", {"value 0 m3/s is out of range", "allowed: > 0 m3/s"});
}

TEST(HallErrors, AirflowGivenTwice) {
  expect_error(kHead + "  racks:\n"                                                                 // 8
                       "    - {name: r1, position: [1, 1], facing: -y, power: 5 kW, airflow: 0.4,\n"   // 9
                       "       delta_t: 12 K}\n",                                                      // 10
               10, "hall.racks[0].delta_t",
               {"a rack takes airflow or delta_t, not both; airflow is given on line 9",
                "allowed: exactly one of them"});
}

TEST(HallErrors, RackWithoutAirflow) {
  expect_error(kHead + "  racks: [{name: r1, position: [1, 1], facing: -y, power: 5 kW}]\n", 8,
               "hall.racks[0].airflow",
               {"required key is missing: a rack needs airflow [m3/s] or cfm_per_kw or delta_t [K]"});
}

TEST(HallErrors, ServersAndPower) {
  expect_error(kHead + "  racks:\n    - {name: r1, position: [1, 1], facing: -y, servers: [{type: generic-1u}],\n"
                       "       power: 5 kW}\n",
               10, "hall.racks[0].power", {"a rack takes servers or power, not both; servers is given on line 9"});
}

TEST(HallErrors, AirflowWithServers) {
  expect_error(kHead + "  racks: [{name: r1, position: [1, 1], facing: -y, servers: [{type: generic-1u}], "
                       "airflow: 1}]\n",
               8, "hall.racks[0].airflow", {"not allowed with servers, whose airflow comes from their type"});
}

TEST(HallErrors, PerforatedTileWithoutRaisedFloor) {
  expect_error(kHead + "  tiles:\n    - {position: [1, 1]}\n", 9, "hall.tiles[0].kind",
               {"a perforated tile needs a raised floor", "allowed: kind: grille"});
}

TEST(HallErrors, OpenFractionOne) {
  expect_error(kHead + kFloor + "  tiles: [{position: [1, 1], open_fraction: 1}]\n", 9, "hall.tiles[0].open_fraction",
               {"value 1 is out of range", "allowed: > 0 and < 1"});
}

TEST(HallErrors, OpenFractionZeroInARow) {
  expect_error(kHead + kFloor + "  tile_rows: [{name: T, start: [0, 0], count: 3, along: y, open_fraction: 0}]\n", 9,
               "hall.tile_rows[0].open_fraction", {"value 0 is out of range", "allowed: > 0 and < 1"});
}

const std::string kTileCooler =
    "  coolers: [{name: c1, kind: in_row, position: [5, 5], size: [0.3, 1.2, 2], facing: -y, airflow: 1, "
    "capacity: 20 kW, supply: tiles}, {name: c2, kind: crah, position: [0, 0], size: [2, 1, 2], facing: +y, "
    "airflow: 3, capacity: 30 kW}]\n";  // 8

TEST(HallErrors, GrilleNamesUnknownCooler) {
  expect_error(kHead + kTileCooler + "  tiles: [{kind: grille, position: [1, 3], cooler: c9}]\n", 9,
               "hall.tiles[0].cooler", {"value \"c9\" names no cooler", "allowed: coolers with supply: tiles: c1"});
}

TEST(HallErrors, GrilleNamesCoolerWithoutTileSupply) {
  expect_error(kHead + kTileCooler + "  tiles: [{kind: grille, position: [1, 3], cooler: c2}]\n", 9,
               "hall.tiles[0].cooler",
               {"cooler \"c2\" has supply: front, so no grille delivers its air", "allowed: coolers with supply: tiles: c1"});
}

TEST(HallErrors, TileCoolerWithoutGrille) {
  expect_error(kHead + kTileCooler, 8, "hall.coolers[0].supply",
               {"value \"tiles\": no grille names cooler \"c1\"", "cooler: c1"});
}

TEST(HallErrors, GrilleFlowsExceedAirflow) {
  expect_error(kHead + kTileCooler +
                   "  tiles:\n"                                                                // 9
                   "    - {kind: grille, position: [1, 3], cooler: c1, flow: 0.6}\n"          // 10
                   "    - {kind: grille, position: [2, 3], cooler: c1, flow: 1500 CFM}\n",   // 11
               11, "hall.tiles[1]",
               {"grille \"tile-2\" brings the flows of the grilles of cooler \"c1\" to 1.3079", "more than its airflow",
                "allowed: a total <= 1 m3/s, hall.coolers[0].airflow"});
}

TEST(HallErrors, SharingGrilleGetsNothing) {
  expect_error(kHead + kTileCooler +
                   "  tiles:\n"                                                           // 9
                   "    - {kind: grille, position: [1, 3], cooler: c1}\n"                 // 10
                   "    - {kind: grille, position: [2, 3], cooler: c1, flow: 1}\n",       // 11
               10, "hall.tiles[0]", {"grille \"tile-1\" has no flow", "they leave nothing"});
}

TEST(HallErrors, OpenFractionOnGrille) {
  expect_error(kHead + kTileCooler + "  tiles: [{kind: grille, position: [1, 3], cooler: c1, open_fraction: 0.5}]\n", 9,
               "hall.tiles[0].open_fraction", {"not allowed for a grille"});
}

TEST(HallErrors, UnknownProfile) {
  expect_error(kHead + "  profiles: [{name: full, kind: constant, utilisation: 1}, {name: half, kind: constant, "
                       "utilisation: 0.5}]\n"
                       "  racks:\n" + rack_at("r1", "[1, 1]", ", profile: ful"),
               10, "hall.racks[0].profile", {"value \"ful\" names no profile (allowed: full, half)"});
}

TEST(HallErrors, ProfileAndUtilisation) {
  expect_error(kHead + "  profiles: [{name: full, kind: constant, utilisation: 1}]\n"
                       "  racks:\n" + rack_at("r1", "[1, 1]", ", profile: full, utilisation: 0.5"),
               10, "hall.racks[0].utilisation", {"a rack takes profile or utilisation, not both", "at most one of them"});
}

TEST(HallErrors, UnknownCdu) {
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]", ", cold_plate: {cdu: cdu-1}"), 9,
               "hall.racks[0].cold_plate.cdu", {"value \"cdu-1\" names no CDU (allowed: none: hall.cdus is empty)"});
}

TEST(HallErrors, ColdPlateFractionOne) {
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]", ", cold_plate: {fraction: 1}"), 9,
               "hall.racks[0].cold_plate.fraction", {"value 1 is out of range", "allowed: > 0 and < 1"});
}

TEST(HallErrors, UnknownServerType) {
  expect_error(kHead + "  racks: [{name: r1, position: [1, 1], facing: -y, servers: [{type: dgx-a100}]}]\n", 8,
               "hall.racks[0].servers[0].type",
               {"value \"dgx-a100\" names no server type",
                "allowed: dgx-h100, hgx-h100, dgx-h200, generic-1u, generic-2u, or a type defined under"});
}

TEST(HallErrors, ServerTypeShadowsBuiltIn) {
  expect_error(kHead + "  server_types: [{name: dgx-h100, height_u: 8, power: 10 kW, airflow: 0.5}]\n", 8,
               "hall.server_types[0].name", {"name \"dgx-h100\" is already a built-in server type"});
}

TEST(HallErrors, ServersAboveTheRackTop) {
  expect_error(kHead + "  racks:\n"                                                               // 8
                       "    - name: r1\n"                                                          // 9
                       "      position: [1, 1]\n"                                                  // 10
                       "      facing: -y\n"                                                        // 11
                       "      servers:\n"                                                          // 12
                       "        - {type: dgx-h100, count: 7}\n",                                   // 13
               13, "hall.racks[0].servers[0]",
               {"server dgx-h100-7 at U 49 to 56 reaches 2.4892 m above the rack base",
                "allowed: a top <= 2.2 m, the rack height: U 1 to 49"});
  expect_error(kHead + "  racks: [{name: r1, position: [1, 1], facing: -y, size: [0.6, 1.2, 1.6], "
                       "servers: [{type: dgx-h100, count: 5}]}]\n",
               8, "hall.racks[0].servers[0]", {"server dgx-h100-5 at U 33 to 40 reaches 1.778 m", "U 1 to 35"});
}

TEST(HallErrors, ServersOverlap) {
  expect_error(kHead + "  racks:\n"                                                               // 8
                       "    - name: r1\n"                                                          // 9
                       "      position: [1, 1]\n"                                                  // 10
                       "      facing: -y\n"                                                        // 11
                       "      servers:\n"                                                          // 12
                       "        - {type: dgx-h100, u: 1}\n"                                        // 13
                       "        - {type: generic-1u, u: 8}\n",                                     // 14
               14, "hall.racks[0].servers[1]",
               {"server generic-1u-1 at U 8 to 8 overlaps dgx-h100-1 at U 1 to 8",
                "hall.racks[0].servers[0] on line 13", "allowed: servers that share no U slot"});
}

TEST(HallErrors, FractionalCount) {
  expect_error(kHead + "  racks: [{name: r1, position: [1, 1], facing: -y, servers: [{type: generic-1u, count: 2.5}]}]\n",
               8, "hall.racks[0].servers[0].count", {"value 2.5 is not a whole number", "allowed: a whole number >= 1"});
}

TEST(HallErrors, DuplicateRackName) {
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]") + rack_at("r1", "[3, 1]"), 10, "hall.racks[1].name",
               {"name \"r1\" is already used by hall.racks[0] on line 9",
                "allowed: names unique among racks (hall.racks and the racks of hall.rack_rows)"});
}

TEST(HallErrors, RowRackClashesWithARack) {
  expect_error(kHead + "  racks:\n" + rack_at("A02", "[1, 5]") +
                   "  rack_rows: [{name: A, start: [1, 1], count: 3, facing: -y, power: 1 kW, airflow: 0.1}]\n",
               10, "hall.rack_rows[0]", {"name \"A02\" is already used by hall.racks[0] on line 9"});
}

TEST(HallErrors, DuplicateProfileName) {
  expect_error(kHead + "  profiles:\n    - {name: p, kind: constant, utilisation: 1}\n"
                       "    - {name: p, kind: constant, utilisation: 0.5}\n",
               10, "hall.profiles[1].name", {"name \"p\" is already used by hall.profiles[0] on line 9"});
}

TEST(HallErrors, DuplicateCoolerName) {
  const std::string c = "{name: c, kind: crah, position: [0, 0], size: [1, 1, 2], facing: +y, airflow: 1, capacity: 1 kW}";
  expect_error(kHead + "  coolers:\n    - " + c + "\n    - " + c + "\n", 10, "hall.coolers[1].name",
               {"name \"c\" is already used by hall.coolers[0] on line 9", "unique among hall.coolers"});
}

TEST(HallErrors, ColumnGridsWithTheSameName) {
  expect_error(kHead + "  columns: [{start: [1, 1], size: [0.4, 0.4]}, {start: [5, 5], size: [0.4, 0.4]}]\n", 8,
               "hall.columns[1]", {"name \"column-1-1\" is already used by hall.columns[0]"});
}

TEST(HallErrors, ColumnPitchBelowSize) {
  expect_error(kHead + "  columns: [{start: [1, 1], count: [2, 1], size: [0.4, 0.4], pitch: [0.3, 1]}]\n", 8,
               "hall.columns[0].pitch[0]", {"value 0.3 m is out of range", "allowed: >= 0.4 m, the column size"});
}

TEST(HallErrors, SupplyFloorWithoutRaisedFloor) {
  expect_error(kHead + "  coolers: [{name: c, kind: crah, position: [0, 0], size: [1, 1, 2], facing: +y, airflow: 1, "
                       "capacity: 10 kW, supply: floor}]\n",
               8, "hall.coolers[0].supply",
               {"value \"floor\" needs a raised floor, and this hall has no hall.raised_floor",
                "allowed here: front, tiles"});
}

TEST(HallErrors, ReturnCeilingWithoutPlenum) {
  expect_error(kHead + "  coolers: [{name: c, kind: crah, position: [0, 0], size: [1, 1, 2], facing: +y, airflow: 1, "
                       "capacity: 10 kW, return: ceiling}]\n",
               8, "hall.coolers[0].return",
               {"value \"ceiling\" needs a ceiling plenum", "allowed here: top, rear"});
}

TEST(HallErrors, NegativeFailAt) {
  expect_error(kHead + "  coolers: [{name: c, kind: crah, position: [0, 0], size: [1, 1, 2], facing: +y, airflow: 1, "
                       "capacity: 10 kW, fail_at: -1 min}]\n",
               8, "hall.coolers[0].fail_at", {"value -1 min (= -60 s) is out of range", "allowed: >= 0 s"});
}

TEST(HallErrors, ZeroCoolerCapacity) {
  expect_error(kHead + "  coolers: [{name: c, kind: crah, position: [0, 0], size: [1, 1, 2], facing: +y, airflow: 1, "
                       "capacity: 0 kW}]\n",
               8, "hall.coolers[0].capacity", {"value 0 kW (= 0 W) is out of range", "allowed: > 0 W"});
}

TEST(HallErrors, RearDoorEffectiveness) {
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]", ", rear_door: {effectiveness: 1.2, capacity: 30 kW}"), 9,
               "hall.racks[0].rear_door.effectiveness", {"value 1.2 is out of range", "allowed: > 0 and <= 1"});
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]", ", rear_door: {effectiveness: 0, capacity: 30 kW}"), 9,
               "hall.racks[0].rear_door.effectiveness",
               {"value 0 is out of range"});
}

TEST(HallErrors, RearDoorCapacity) {
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]", ", rear_door: {capacity: -5 kW}"), 9,
               "hall.racks[0].rear_door.capacity", {"value -5 kW (= -5000 W) is out of range", "allowed: > 0 W"});
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]", ", rear_door: {effectiveness: 0.8}"), 9,
               "hall.racks[0].rear_door.capacity", {"required key is missing (allowed: > 0 W)"});
}

TEST(HallErrors, CduCapacity) {
  expect_error(kHead + "  cdus: [{name: cdu-1, capacity: 0}]\n", 8, "hall.cdus[0].capacity",
               {"value 0 W is out of range", "allowed: > 0 W"});
}

TEST(HallErrors, ProfileKeyOfAnotherKind) {
  expect_error(kHead + "  profiles: [{name: p, kind: constant, utilisation: 1, at: 5 s}]\n", 8, "hall.profiles[0].at",
               {"not allowed for a constant profile (allowed for constant: name, kind, utilisation)"});
}

TEST(HallErrors, TrainingDipLongerThanPeriod) {
  expect_error(kHead + "  profiles: [{name: p, kind: training, utilisation: 1, period: 60 s, dip_duration: 2 min, "
                       "dip_utilisation: 0.2}]\n",
               8, "hall.profiles[0].dip_duration", {"value 2 min (= 120 s) is out of range", "< 60 s, the period"});
}

TEST(HallErrors, RowAlongTheFacingAxis) {
  expect_error(kHead + "  rack_rows: [{name: A, start: [1, 1], count: 3, along: y, facing: -y, power: 1 kW, "
                       "airflow: 0.1}]\n",
               8, "hall.rack_rows[0].along", {"value \"y\" is the axis the racks face along", "allowed: x"});
}

TEST(HallErrors, RowPitchBelowWidth) {
  expect_error(kHead + "  rack_rows: [{name: A, start: [1, 1], count: 3, pitch: 0.5, facing: -y, power: 1 kW, "
                       "airflow: 0.1}]\n",
               8, "hall.rack_rows[0].pitch", {"value 0.5 m is out of range", "allowed: >= 0.6 m, the rack width"});
}

const std::string kTwoRows =
    "  rack_rows:\n"                                                                                  // 8
    "    - {name: A, start: [1, 1], count: 4, facing: +y, power: 1 kW, airflow: 0.1}\n"               // 9
    "    - {name: B, start: [1, 3.4], count: 4, facing: -y, power: 1 kW, airflow: 0.1}\n";            // 10

TEST(HallErrors, HotAisleWithFrontsTowardIt) {
  expect_error(kHead + kTwoRows + "  containment: [{kind: hot_aisle, rows: [A, B]}]\n", 11, "hall.containment[0].rows",
               {"a hot_aisle has the backs of both rows toward the aisle, but A faces +y and B faces -y",
                "allowed: A facing -y and B facing +y, or the other kind of aisle"});
}

TEST(HallErrors, ContainmentOfUnknownRow) {
  expect_error(kHead + kTwoRows + "  containment: [{kind: cold_aisle, rows: [A, C]}]\n", 11,
               "hall.containment[0].rows[1]", {"value \"C\" names no rack row (allowed: A, B)"});
}

TEST(HallErrors, ContainmentOfNonParallelRows) {
  expect_error(kHead +
                   "  rack_rows:\n"
                   "    - {name: A, start: [1, 1], count: 4, facing: +y, power: 1 kW, airflow: 0.1}\n"
                   "    - {name: B, start: [8, 3], count: 3, facing: -x, power: 1 kW, airflow: 0.1}\n"
                   "  containment: [{kind: cold_aisle, rows: [A, B]}]\n",
               11, "hall.containment[0].rows", {"rows A (along x) and B (along y) are not parallel"});
}

TEST(HallErrors, ContainmentRowsWithoutAisle) {
  expect_error(kHead +
                   "  rack_rows:\n"
                   "    - {name: A, start: [1, 1], count: 4, facing: +y, power: 1 kW, airflow: 0.1}\n"
                   "    - {name: B, start: [1, 2.2], count: 4, facing: -y, power: 1 kW, airflow: 0.1}\n"
                   "  containment: [{kind: cold_aisle, rows: [A, B]}]\n",
               11, "hall.containment[0].rows", {"rows A and B leave no aisle between them"});
}

TEST(HallErrors, ContainmentDoorOutsideTheDomain) {
  expect_error(kHead +
                   "  rack_rows:\n"
                   "    - {name: A, start: [0, 1], count: 4, facing: +y, power: 1 kW, airflow: 0.1}\n"
                   "    - {name: B, start: [0, 3.4], count: 4, facing: -y, power: 1 kW, airflow: 0.1}\n"
                   "  containment: [{kind: cold_aisle, rows: [A, B], leakage: 0.02}]\n",
               11, "hall.containment[0]", {"box \"containment-A-B-door-1\" spans x -0.05 to 0 m, outside the domain"});
}

// A door that does not leak is a thin panel on the aisle's end: at the domain wall it is
// that wall.
TEST(HallParser, ContainmentDoorOnTheDomainWall) {
  const CaseSpec c = parse(kHead +
                           "  rack_rows:\n"
                           "    - {name: A, start: [0, 1], count: 4, facing: +y, power: 1 kW, airflow: 0.1}\n"
                           "    - {name: B, start: [0, 3.4], count: 4, facing: -y, power: 1 kW, airflow: 0.1}\n"
                           "  containment: [{kind: cold_aisle, rows: [A, B]}]\n");
  expect_box(box(c, "containment-A-B-door-1").min_m, box(c, "containment-A-B-door-1").max_m, {0, 2.2, 0},
             {0, 3.4, 2.2});
}

TEST(HallErrors, RaisedFloorThickerThanHigh) {
  expect_error(kHead + "  raised_floor: {height: 0.04}\n", 8, "hall.raised_floor.height",
               {"value 0.04 m is out of range", "allowed: > 0.05 m and < 4 m"});
}

TEST(HallErrors, PlenumLeavesNoRoom) {
  expect_error(kHead + kFloor + "  ceiling_plenum: {height: 3.5}\n", 9, "hall.ceiling_plenum.height",
               {"value 3.5 m is out of range", "allowed: > 0 m and < 3.35 m"});
}

TEST(HallErrors, NonPositiveMonitorInterval) {
  expect_error(kHead + "  monitor_interval: 0\n", 8, "hall.monitor_interval", {"value 0 s is out of range", ">= 6e-05 s"});
}

// Passive tracers are on unless the hall says otherwise; the switch takes YAML 1.2 booleans.
TEST(HallParser, TracersSwitch) {
  EXPECT_TRUE(parse(kHead + "  monitor_interval: 2\n").hall->tracers);
  EXPECT_FALSE(parse(kHead + "  tracers: false\n").hall->tracers);
  expect_error(kHead + "  tracers: maybe\n", 8, "hall.tracers", {"true", "false"});
}

// ---------------------------------------------------------------------------------------
// Patches the hall models use: flow outlets, and inlets given by volumetric flow

const std::string kPatchHead =
    "name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\nrun:\n  end_time: 60\n"  // 1-6
    "patches:\n"                                                                        // 7
    "  - name: p\n";                                                                    // 8

TEST(Patches, FlowOutlet) {
  const CaseSpec c = parse(kPatchHead + "    kind: flow_outlet\n    face: x_max\n    min: [0, 0]\n"
                                        "    max: [2, 1]\n    flow: 1000 CFM\n");
  const PatchSpec& p = c.patches[0];
  EXPECT_EQ(p.kind, PatchKind::FlowOutlet);
  ASSERT_TRUE(p.flow_m3_s.has_value());
  EXPECT_NEAR(*p.flow_m3_s, 1000 * kCfm, kTol);
  EXPECT_NEAR(p.velocity_m_s, 1000 * kCfm / 2, kTol);  // nominal: over the rectangle
  const CaseSpec v = parse(kPatchHead + "    kind: flow_outlet\n    face: x_max\n    velocity: 1.5\n");
  EXPECT_DOUBLE_EQ(v.patches[0].velocity_m_s, 1.5);
  EXPECT_FALSE(v.patches[0].flow_m3_s.has_value());
}

TEST(Patches, InletByFlow) {
  const CaseSpec c = parse(kPatchHead + "    kind: velocity_inlet\n    face: z_min\n    flow: 2.4 m3/s\n"
                                        "    temperature: 18\n");
  ASSERT_TRUE(c.patches[0].flow_m3_s.has_value());
  EXPECT_DOUBLE_EQ(*c.patches[0].flow_m3_s, 2.4);
  EXPECT_NEAR(c.patches[0].velocity_m_s, 2.4 / 24, kTol);
  // flow_rate keeps its meaning: a speed over the rectangle, no exact flow.
  const CaseSpec r = parse(kPatchHead + "    kind: velocity_inlet\n    face: z_min\n    flow_rate: 2.4 m3/s\n"
                                        "    temperature: 18\n");
  EXPECT_FALSE(r.patches[0].flow_m3_s.has_value());
}

TEST(Patches, FlowAndVelocityBothGiven) {
  expect_error(kPatchHead + "    kind: velocity_inlet\n    face: z_min\n    flow: 1\n    velocity: 2\n"  // 11, 12
                            "    temperature: 18\n",
               12, "patches[0].velocity",
               {"a velocity_inlet takes flow or velocity, not both; flow is given on line 11",
                "allowed: exactly one of them"});
}

TEST(Patches, FlowOutletWithoutFlow) {
  expect_error(kPatchHead + "    kind: flow_outlet\n    face: x_max\n", 8, "patches[0].velocity",
               {"required key is missing: a flow_outlet needs velocity [m/s] or flow_rate [m3/s] or flow [m3/s]"});
}

TEST(Patches, FlowOutletTakesNoTemperature) {
  expect_error(kPatchHead + "    kind: flow_outlet\n    face: x_max\n    velocity: 1\n    temperature: 20\n", 12,
               "patches[0].temperature",
               {"not allowed for a flow_outlet patch (allowed for flow_outlet: name, kind, face, box, min, max, "
                "velocity, flow_rate, flow)"});
}

TEST(Patches, FlowOutletFasterThanMaxVelocity) {
  expect_error("name: t\ndomain:\n  size: [6, 4, 3]\n  resolution: 0.1\nrun:\n  end_time: 60\n  max_velocity: 1\n"
               "patches:\n  - name: p\n    kind: flow_outlet\n    face: x_max\n    min: [0, 0]\n    max: [1, 1]\n"
               "    flow: 2 m3/s\n",  // 14
               14, "patches[0].flow", {"2 m3/s over 1 m2 = 2 m/s is faster than run.max_velocity"});
}

// Issue 11: openings on a rack's front and back and on a cooler's supply and return.
TEST(HallParser, OpeningsOnRackAndCoolerFaces) {
  const CaseSpec c = parse(kHead + "  racks:\n" +
                           rack_at("r1", "[1, 1]", ", size: [0.8, 1.2, 2.0], intake: {width: 0.45, offset: [0.1, 0]}, "
                                                   "exhaust: {height: 1.5}") +
                           "  coolers:\n"
                           "    - {name: irc, kind: in_row, position: [4, 1], size: [1.2, 1.0, 2.5], facing: -y, "
                           "airflow: 2, capacity: 40 kW, supply_opening: {width: 1.0, height: 1.775}}\n");
  const RackSpec& r = c.hall->racks.at(0);
  ASSERT_TRUE(r.intake && r.exhaust);
  EXPECT_NEAR(*r.intake->width_m, 0.45, kTol);
  EXPECT_FALSE(r.intake->height_m);  // the whole face
  EXPECT_NEAR(r.intake->offset_m[0], 0.1, kTol);
  EXPECT_NEAR(r.intake->offset_m[1], 0.0, kTol);
  EXPECT_NEAR(*r.exhaust->height_m, 1.5, kTol);
  const CoolerSpec& u = c.hall->coolers.at(0);
  ASSERT_TRUE(u.supply_opening);
  EXPECT_FALSE(u.return_opening);
  EXPECT_NEAR(*u.supply_opening->width_m, 1.0, kTol);
  EXPECT_NEAR(*u.supply_opening->height_m, 1.775, kTol);
}

TEST(HallErrors, OpeningOutsideItsFace) {
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]", ", intake: {width: 0.9}"), 9,
               "hall.racks[0].intake.width", {"value 0.9", "allowed: > 0 m and <= 0.6 m", "the rack's front face's width"});
  expect_error(kHead + "  racks:\n" + rack_at("r1", "[1, 1]", ", intake: {width: 0.4, offset: [0.3, 0]}"), 9,
               "hall.racks[0].intake.offset[0]", {"value 0.3", "allowed: >= 0 m and <= 0.2 m", "its width 0.4 m of 0.6 m"});
}

// Issue 11: containment variants. Rows A and B run along x (3 to 5.4 m); door-1 closes the
// low end, door-2 the high end.
TEST(HallParser, ContainmentRoofDoorsAndLeakage) {
  auto with = [](const std::string& containment) {
    std::string yaml = kFullHall;
    const std::string from = "{kind: cold_aisle, rows: [A, B], doors: true}";
    yaml.replace(yaml.find(from), from.size(), containment);
    return parse(yaml);
  };
  auto has = [](const CaseSpec& c, const std::string& name) {
    for (const BoxSpec& b : c.boxes)
      if (b.name == name) return true;
    return false;
  };
  const CaseSpec no_roof = with("{kind: cold_aisle, rows: [A, B], roof: false, doors: end}");
  EXPECT_FALSE(has(no_roof, "containment-A-B-roof"));
  EXPECT_FALSE(has(no_roof, "containment-A-B-door-1"));
  ASSERT_TRUE(has(no_roof, "containment-A-B-door-2"));
  expect_box(box(no_roof, "containment-A-B-door-2").min_m, box(no_roof, "containment-A-B-door-2").max_m,
             {5.4, 2.4, 0.6}, {5.4, 3.6, 2.8});
  EXPECT_EQ(box(no_roof, "containment-A-B-door-2").kind, BoxKind::Panel);
  EXPECT_TRUE(no_roof.hall->leaky_panels.empty());
  const CaseSpec start = with("{kind: cold_aisle, rows: [A, B], doors: start}");
  EXPECT_TRUE(has(start, "containment-A-B-roof") && has(start, "containment-A-B-door-1"));
  EXPECT_FALSE(has(start, "containment-A-B-door-2"));
  const CaseSpec none = with("{kind: cold_aisle, rows: [A, B], doors: none}");
  EXPECT_FALSE(has(none, "containment-A-B-door-1") || has(none, "containment-A-B-door-2"));
  // Leaky: no link panels; porous layers one cell thick with the open fraction, across z
  // (roof, above the rack top) and x (door, beyond the rows' end).
  const CaseSpec leaky = with("{kind: cold_aisle, rows: [A, B], doors: start, leakage: 0.02}");
  EXPECT_FALSE(has(leaky, "containment-A-B-roof") || has(leaky, "containment-A-B-door-1"));
  const auto& panels = leaky.hall->leaky_panels;
  ASSERT_EQ(panels.size(), 2u);
  EXPECT_EQ(panels[0].name, "containment-A-B-roof");
  EXPECT_EQ(panels[0].axis, 2);
  expect_box(panels[0].min_m, panels[0].max_m, {3, 2.4, 2.8}, {5.4, 3.6, 2.85});
  EXPECT_EQ(panels[1].name, "containment-A-B-door-1");
  EXPECT_EQ(panels[1].axis, 0);
  expect_box(panels[1].min_m, panels[1].max_m, {2.95, 2.4, 0.6}, {3, 3.6, 2.8});
  EXPECT_NEAR(panels[1].open_fraction, 0.02, kTol);
}

TEST(HallErrors, ContainmentLeakageAndDoors) {
  const std::string rows = "  rack_rows:\n"
                           "    - {name: A, start: [3, 1.2], count: 4, facing: +y, power: 5 kW, airflow: 0.4}\n"
                           "    - {name: B, start: [3, 3.6], count: 4, facing: -y, power: 5 kW, airflow: 0.4}\n";
  expect_error(kHead + rows + "  containment: [{kind: cold_aisle, rows: [A, B], leakage: 0.3}]\n", 11,
               "hall.containment[0].leakage", {"value 0.3", "allowed: >= 0 and <= 0.2"});
  expect_error(kHead + rows + "  containment: [{kind: cold_aisle, rows: [A, B], doors: left}]\n", 11,
               "hall.containment[0].doors", {"value \"left\" is not allowed", "both, none, start, end"});
}

}  // namespace
}  // namespace rackflow
