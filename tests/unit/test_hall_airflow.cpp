// The airflow figures against hand-made fields: a snapshot whose plenum pressure is a
// known linear function (so every mean is the function at the region's centre), a tile
// with known pressures below and above, and rack rows with a cold and a hot aisle of
// known pressure and temperature, and open sides (a back to a wall, a front to open floor).
#include <gtest/gtest.h>

#include <cmath>

#include "hall_airflow.hpp"

namespace rackflow::solver {
namespace {

// The fields are floats: a mean of exact float values is off by float round-off only.
constexpr double kFloatTol = 1e-4;

constexpr double kDx = 0.1;
constexpr int kNx = 120, kNy = 30, kNz = 15;  // 12 x 3 x 1.5 m: > kPlenumMapMaxCells along x
constexpr double kFloorTop = 0.4, kFloorThickness = 0.1;  // plenum k 0..2, floor k 3, room k >= 4
constexpr int kSolidId = 1, kTileId = 2, kPillarId = 3, kRackId = 4;

double plenum_pa(double x, double y) { return 10.0 + 2.0 * x + 1.0 * y; }
double above_tile_pa(double x) { return -1.0 + x; }

struct Box {
  double x0, x1, y0, y1, z0, z1;
  bool holds(double x, double y, double z) const { return x > x0 && x < x1 && y > y0 && y < y1 && z > z0 && z < z1; }
};
const Box kTile{3.0, 3.6, 0.6, 1.2, 0.3, 0.4};
const Box kTileAbove{3.0, 3.6, 0.6, 1.2, 0.4, 0.5};
// Pillars mirrored about the plenum's centre (x 6, y 1.5): a linear field keeps its mean.
const Box kPillars[2] = {{1.0, 1.2, 1.0, 2.0, 0.0, 0.3}, {10.8, 11.0, 1.0, 2.0, 0.0, 0.3}};
const Box kColdAisle{4.5, 6.0, 0.8, 1.4, 0.4, 1.4};
const Box kHotAisle{4.5, 6.0, 2.0, 2.4, 0.4, 1.4};
const Box kBehindA{4.0, 6.0, 0.0, 0.2, 0.4, 1.4};  // row A's back to the y = 0 wall
constexpr double kColdPa = -17.9, kHotPa = -3.2, kBehindAPa = -2.0, kColdC = 20.0, kHotC = 35.0;

RackSpec rack(const std::string& name, const std::string& row, Vec3d lo, Vec3d hi, Face front) {
  RackSpec r;
  r.name = name;
  r.row = row;
  r.min_m = lo;
  r.max_m = hi;
  r.front = front;
  return r;
}

// Rows A (fronts +y) and B (fronts −y) face across the cold aisle y 0.8..1.4; B's and C's
// backs face across the hot aisle y 2.0..2.4; E faces the wall, with no partner.
HallSpec hall() {
  HallSpec h;
  h.raised_floor = RaisedFloorSpec{kFloorTop, kFloorThickness};
  TileSpec t;
  t.name = "t1";
  t.min_m = {kTile.x0, kTile.y0};
  t.max_m = {kTile.x1, kTile.y1};
  h.tiles.push_back(t);
  h.racks.push_back(rack("a1", "A", {4.0, 0.2, 0.4}, {5.0, 0.8, 1.4}, Face::YMax));
  h.racks.push_back(rack("a2", "A", {5.0, 0.21, 0.4}, {6.0, 0.81, 1.4}, Face::YMax));  // flush to within 1 cm
  h.racks.push_back(rack("b1", "B", {4.5, 1.4, 0.4}, {6.5, 2.0, 1.4}, Face::YMin));
  h.racks.push_back(rack("c1", "C", {4.0, 2.4, 0.4}, {6.0, 2.9, 1.4}, Face::YMax));
  h.racks.push_back(rack("e1", "E", {8.0, 0.2, 0.4}, {9.0, 0.8, 1.4}, Face::YMin));
  return h;
}

Snapshot fields(const HallSpec& h) {
  Snapshot s;
  s.cells = {kNx, kNy, kNz};
  s.spacing_m = kDx;
  const std::size_t n = s.size();
  s.pressure_pa.assign(n, 0.0f);
  s.temperature_c.assign(n, 25.0f);
  s.object_id.assign(n, 0);
  for (int k = 0; k < kNz; ++k)
    for (int j = 0; j < kNy; ++j)
      for (int i = 0; i < kNx; ++i) {
        const std::size_t m = std::size_t(i) + std::size_t(kNx) * (j + std::size_t(kNy) * k);
        const double x = (i + 0.5) * kDx, y = (j + 0.5) * kDx, z = (k + 0.5) * kDx;
        if (z < kFloorTop - kFloorThickness) s.pressure_pa[m] = float(plenum_pa(x, y));
        if (z > kFloorTop - kFloorThickness && z < kFloorTop) s.object_id[m] = kTile.holds(x, y, z) ? kTileId : kSolidId;
        for (const Box& p : kPillars)
          if (p.holds(x, y, z)) s.object_id[m] = kPillarId, s.pressure_pa[m] = 1000.0f;
        if (kTileAbove.holds(x, y, z)) s.pressure_pa[m] = float(above_tile_pa(x));
        if (kColdAisle.holds(x, y, z)) s.pressure_pa[m] = float(kColdPa), s.temperature_c[m] = float(kColdC);
        if (kHotAisle.holds(x, y, z)) s.pressure_pa[m] = float(kHotPa), s.temperature_c[m] = float(kHotC);
        if (kBehindA.holds(x, y, z)) s.pressure_pa[m] = float(kBehindAPa);
        for (const RackSpec& r : h.racks)
          if (x > r.min_m[0] && x < r.max_m[0] && y > r.min_m[1] && y < r.max_m[1] && z > r.min_m[2] && z < r.max_m[2])
            s.object_id[m] = kRackId, s.pressure_pa[m] = 999.0f;
      }
  return s;
}

class HandMadeHall : public ::testing::Test {
 protected:
  void SetUp() override {
    spec_ = hall();
    TileResult flow;
    flow.name = "t1";
    flow.flow_m3_s = 0.123;
    air_ = airflow_results(spec_, {flow}, fields(spec_), Comm::self());
  }
  HallSpec spec_;
  AirflowResults air_;
};

TEST_F(HandMadeHall, PlenumRangeAndMeanAreTheLinearFieldsOverItsFluidCells) {
  const PlenumPressure& p = air_.plenum;
  ASSERT_TRUE(p.present);
  // Corners of the fluid: cell centres 0.05 m from the walls; the pillars' 1000 Pa are solid.
  EXPECT_NEAR(p.min_pa, plenum_pa(0.05, 0.05), kFloatTol);
  EXPECT_NEAR(p.max_pa, plenum_pa(11.95, 2.95), kFloatTol);
  EXPECT_NEAR(p.mean_pa, plenum_pa(6.0, 1.5), kFloatTol);
}

TEST_F(HandMadeHall, PlenumMapIsTheMidHeightLayerInBlocksOfTwoCells) {
  const PlanMap& m = air_.plenum.map_pa;
  // 120 cells > 100: blocks of 2 x 2, a 60 x 15 map of 0.2 m cells at z = 0.15 m.
  ASSERT_EQ(m.nx, 60);
  ASSERT_EQ(m.ny, 15);
  EXPECT_NEAR(m.spacing_m, 0.2, 1e-12);
  EXPECT_NEAR(m.z_m, 0.15, 1e-12);
  ASSERT_EQ(m.value.size(), 60u * 15u);
  // A block's mean of a linear field is its value at the block's centre.
  EXPECT_NEAR(m.value[0], plenum_pa(0.1, 0.1), kFloatTol);
  EXPECT_NEAR(m.value[7 + 60 * 3], plenum_pa(1.5, 0.7), kFloatTol);
  // The pillar x 1.0..1.2, y 1.0..2.0 fills blocks ix 5, iy 5..9: no fluid there.
  EXPECT_TRUE(std::isnan(m.value[5 + 60 * 7]));
  EXPECT_FALSE(std::isnan(m.value[6 + 60 * 7]));
}

TEST_F(HandMadeHall, TilePressureDropIsPlenumBelowMinusRoomAbove) {
  ASSERT_EQ(air_.tiles.size(), 1u);
  const TilePressure& t = air_.tiles[0];
  EXPECT_EQ(t.name, "t1");
  EXPECT_DOUBLE_EQ(t.flow_m3_s, 0.123);
  EXPECT_NEAR(t.below_pa, plenum_pa(3.3, 0.9), kFloatTol);  // the footprint's centre
  EXPECT_NEAR(t.above_pa, above_tile_pa(3.3), kFloatTol);
  EXPECT_NEAR(t.delta_p_pa, plenum_pa(3.3, 0.9) - above_tile_pa(3.3), kFloatTol);
}

const AisleResult* find(const AirflowResults& air, const std::string& name) {
  for (const AisleResult& a : air.aisles)
    if (a.name == name) return &a;
  return nullptr;
}

TEST_F(HandMadeHall, AislesAreFoundBetweenFacingRowsWithTheirPressures) {
  const AisleResult* cold = find(air_, "cold aisle A|B");
  const AisleResult* hot = find(air_, "hot aisle B|C");
  ASSERT_TRUE(cold && hot);
  EXPECT_EQ(cold->kind, AisleKind::Cold);
  EXPECT_EQ(hot->kind, AisleKind::Hot);
  // The boxes: the gap between the rows, the length they share, floor to rack top.
  EXPECT_NEAR(cold->min_m[0], 4.5, 1e-12);
  EXPECT_NEAR(cold->max_m[0], 6.0, 1e-12);
  EXPECT_NEAR(cold->min_m[1], 0.81, 1e-12);  // a2's front, 1 cm out of a1's plane
  EXPECT_NEAR(cold->max_m[1], 1.4, 1e-12);
  EXPECT_EQ(cold->cells, 15 * 6 * 10);
  EXPECT_EQ(hot->cells, 15 * 4 * 10);
  EXPECT_NEAR(cold->mean_pressure_pa, kColdPa, kFloatTol);
  EXPECT_NEAR(hot->mean_pressure_pa, kHotPa, kFloatTol);
  EXPECT_NEAR(cold->mean_temperature_c, kColdC, kFloatTol);
  EXPECT_NEAR(hot->mean_temperature_c, kHotC, kFloatTol);
}

TEST_F(HandMadeHall, RowsFacingNoRowGetTheirOpenSides) {
  // A's back to the wall (0.2 m left of the 1.2 m), C's front (0.1 m to the wall, one
  // cell), and E's front and back; B has aisles on both faces.
  ASSERT_EQ(air_.aisles.size(), 6u);
  const AisleResult* behind_a = find(air_, "hot side of row A");
  ASSERT_TRUE(behind_a);
  EXPECT_EQ(behind_a->kind, AisleKind::Hot);
  EXPECT_NEAR(behind_a->min_m[1], 0.0, 1e-12);
  EXPECT_NEAR(behind_a->max_m[1], 0.2, 1e-12);
  EXPECT_EQ(behind_a->cells, 20 * 2 * 10);
  EXPECT_NEAR(behind_a->mean_pressure_pa, kBehindAPa, kFloatTol);
  EXPECT_TRUE(find(air_, "cold side of row C"));
  const AisleResult* behind_e = find(air_, "hot side of row E");
  ASSERT_TRUE(behind_e && find(air_, "cold side of row E"));
  EXPECT_NEAR(behind_e->max_m[1] - behind_e->min_m[1], kSideDepthM, 1e-12);
}

TEST_F(HandMadeHall, EveryRowPairsTheRegionAtItsFrontWithTheOneAtItsBack) {
  ASSERT_EQ(air_.aisle_pairs.size(), 4u);
  for (const AislePair& p : air_.aisle_pairs) {
    const AisleResult& front = air_.aisles[p.cold];
    const AisleResult& back = air_.aisles[p.hot];
    EXPECT_EQ(front.kind, AisleKind::Cold);
    EXPECT_EQ(back.kind, AisleKind::Hot);
    EXPECT_NEAR(p.delta_p_pa, front.mean_pressure_pa - back.mean_pressure_pa, 1e-12);
    if (p.row == "A") {
      EXPECT_EQ(front.name, "cold aisle A|B");
      EXPECT_EQ(back.name, "hot side of row A");
      EXPECT_NEAR(p.delta_p_pa, kColdPa - kBehindAPa, kFloatTol);  // the demo's case: −15.9 Pa
    }
    if (p.row == "B") {
      EXPECT_NEAR(p.delta_p_pa, kColdPa - kHotPa, kFloatTol);
    }
  }
}

TEST(RackRows, RowsFacingTheSameWayOrTooFarApartHaveNoAisle) {
  HallSpec h;
  h.racks.push_back(rack("a", "A", {0, 0, 0}, {1, 0.6, 2}, Face::YMax));
  h.racks.push_back(rack("b", "B", {0, 1.8, 0}, {1, 2.4, 2}, Face::YMax));  // A's front faces B's back
  EXPECT_TRUE(find_aisles(rack_rows(h)).empty());
  h.racks[1].front = Face::YMin;
  EXPECT_EQ(find_aisles(rack_rows(h)).size(), 1u);
  h.racks[1].min_m[1] += kMaxAisleWidthM, h.racks[1].max_m[1] += kMaxAisleWidthM;
  EXPECT_TRUE(find_aisles(rack_rows(h)).empty());
}

TEST(RackRows, NoAisleAcrossARowBetween) {
  HallSpec h;
  h.racks.push_back(rack("a", "A", {0, 0, 0}, {1, 0.6, 2}, Face::YMax));
  h.racks.push_back(rack("m", "M", {0, 1.2, 0}, {1, 1.8, 2}, Face::YMax));
  h.racks.push_back(rack("b", "B", {0, 2.4, 0}, {1, 3.0, 2}, Face::YMin));
  // A faces M's back (no aisle), M faces B (cold); A and B face each other only across M.
  const auto aisles = find_aisles(rack_rows(h));
  ASSERT_EQ(aisles.size(), 1u);
  EXPECT_EQ(aisles[0].rows[0], "M");
  EXPECT_EQ(aisles[0].rows[1], "B");
}

}  // namespace
}  // namespace rackflow::solver
