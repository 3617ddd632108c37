// Voxelizer (mesh/voxelizer.hpp): cell flags and object ids, boundary link lists,
// periodic images and heat sources of small cases whose answers can be counted by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "lattice_setup.hpp"
#include "mesh/voxelizer.hpp"
#include "simulation.hpp"
#include "rackflow/cell_flags.hpp"
#include "rackflow/lattice/d3q19.hpp"

namespace rackflow {
namespace {

namespace q19 = lattice::d3q19;

// Lattice speeds and densities are stored as float: compare with float rounding.
constexpr double kFloatRel = 1e-6;
// Heat-source powers: one float theta per cell, summed over a few dozen cells, converted
// back in double.
constexpr double kPowerRel = 1e-5;
// Heat stored over a short run, read off the field: the float sum of rho theta over the
// domain at each end, whose difference is a few parts in 1e5 of the total.
constexpr double kStorageRel = 1e-3;

PatchSpec patch(const std::string& name, PatchKind kind, Face face) {
  PatchSpec p;
  p.name = name;
  p.kind = kind;
  p.face = face;
  return p;
}

BoxSpec box(const std::string& name, BoxKind kind, Vec3d lo, Vec3d hi, double power = 0) {
  BoxSpec b;
  b.name = name;
  b.kind = kind;
  b.min_m = lo;
  b.max_m = hi;
  b.power_w = power;
  return b;
}

// 1.0 x 0.8 x 0.6 m at 10 cm: 10 x 8 x 6 cells.
//   box 0 "crah": solid, cells x 3..5, y 2..4, z 0..3 (36 cells), supply on its x_max face;
//   box 1 "rack": heat source, cells x 7..8, y 1..6, z 0..2 (36 cells), 1800 W;
//   patch 0 "tile": velocity inlet on domain x_min, y cells 2..5, z cells 1..3;
//   patch 1 "vent": pressure outlet on domain x_max, whole face;
//   patch 2 "supply": velocity inlet on the crah's x_max face, y cells 2..4, z cells 0..1;
//   patch 3 "return": pressure outlet on the crah's y_max face, x cells 3..4, z cells 1..2.
CaseSpec small_room() {
  CaseSpec s;
  s.name = "vox";
  s.domain.size_m = {1.0, 0.8, 0.6};
  s.domain.resolution_m = 0.1;
  s.run.end_time_s = 1;
  s.run.max_velocity_m_s = 2.0;
  s.boxes.push_back(box("crah", BoxKind::Solid, {0.3, 0.2, 0.0}, {0.6, 0.5, 0.4}));
  s.boxes.push_back(box("rack", BoxKind::HeatSource, {0.7, 0.1, 0.0}, {0.9, 0.7, 0.3}, 1800.0));
  PatchSpec tile = patch("tile", PatchKind::VelocityInlet, Face::XMin);
  tile.rect_min_m = {{0.2, 0.1}};
  tile.rect_max_m = {{0.6, 0.4}};
  tile.velocity_m_s = 1.5;
  tile.temperature_c = 18;
  s.patches.push_back(tile);
  PatchSpec vent = patch("vent", PatchKind::PressureOutlet, Face::XMax);
  vent.pressure_pa = -2.0;
  s.patches.push_back(vent);
  PatchSpec supply = patch("supply", PatchKind::VelocityInlet, Face::XMax);
  supply.box = "crah";
  supply.rect_min_m = {{0.2, 0.0}};
  supply.rect_max_m = {{0.5, 0.2}};
  supply.velocity_m_s = 1.0;
  supply.temperature_c = 16;
  s.patches.push_back(supply);
  PatchSpec ret = patch("return", PatchKind::PressureOutlet, Face::YMax);
  ret.box = "crah";
  ret.rect_min_m = {{0.3, 0.1}};
  ret.rect_max_m = {{0.5, 0.3}};
  s.patches.push_back(ret);
  return s;
}

struct Voxelized {
  CaseSpec spec;
  solver::LatticeSetup setup;
  Scene scene;
  explicit Voxelized(CaseSpec s)
      : spec(std::move(s)), setup(solver::choose_lattice(spec)), scene(mesh::voxelize(spec, setup.units)) {}
  const Grid& g() const { return scene.grid; }
  std::uint8_t flag(int i, int j, int k) const { return scene.flags[g().index(i, j, k)]; }
  std::int32_t id(int i, int j, int k) const { return scene.object_id[g().index(i, j, k)]; }
};

bool in(int v, int lo, int hi) { return v >= lo && v < hi; }  // half-open

TEST(Voxelizer, GridAndSolidBox) {
  const Voxelized v(small_room());
  ASSERT_EQ(v.g().nx, 10);
  ASSERT_EQ(v.g().ny, 8);
  ASSERT_EQ(v.g().nz, 6);
  ASSERT_EQ(v.scene.flags.size(), std::size_t(v.g().cells_padded()));
  ASSERT_EQ(v.scene.object_id.size(), std::size_t(v.g().cells_padded()));
  int fluid = 0, crah = 0;
  for (int k = 0; k < 6; ++k)
    for (int j = 0; j < 8; ++j)
      for (int i = 0; i < 10; ++i) {
        const bool in_crah = in(i, 3, 6) && in(j, 2, 5) && in(k, 0, 4);
        // The crah's x_max layer under the supply patch is inlet, not wall.
        const bool supply = i == 5 && in(j, 2, 5) && in(k, 0, 2);
        const bool ret = j == 4 && in(i, 3, 5) && in(k, 1, 3);
        if (ret) {
          EXPECT_EQ(v.flag(i, j, k), kPressureOutlet) << i << "," << j << "," << k;
          EXPECT_EQ(v.id(i, j, k), -4) << i << "," << j << "," << k;  // patch 3 -> id -4
        } else if (in_crah && !supply) {
          EXPECT_EQ(v.flag(i, j, k), kWall) << i << "," << j << "," << k;
          EXPECT_EQ(v.id(i, j, k), 1) << i << "," << j << "," << k;  // box 0 -> id 1
        } else if (supply) {
          EXPECT_EQ(v.flag(i, j, k), kVelocityInlet) << i << "," << j << "," << k;
          EXPECT_EQ(v.id(i, j, k), -3) << i << "," << j << "," << k;  // patch 2 -> id -3
        } else {
          EXPECT_EQ(v.flag(i, j, k), kFluid) << i << "," << j << "," << k;
          EXPECT_EQ(v.id(i, j, k), 0) << i << "," << j << "," << k;  // heat source is fluid
        }
        fluid += is_fluid(v.flag(i, j, k));
        crah += in_crah;
      }
  EXPECT_EQ(crah, 36);
  EXPECT_EQ(fluid, 10 * 8 * 6 - 36);
}

TEST(Voxelizer, DomainFacePatchesLiveInTheHalo) {
  const Voxelized v(small_room());
  for (int k = -kHalo; k < 6 + kHalo; ++k)
    for (int j = -kHalo; j < 8 + kHalo; ++j)
      for (int h = 0; h < kHalo; ++h) {
        const bool face_cell = in(j, 0, 8) && in(k, 0, 6);
        // x_min halo: tile inlet on y 2..5, z 1..3; plain wall elsewhere.
        const int i_lo = -1 - h;
        if (face_cell && in(j, 2, 6) && in(k, 1, 4)) {
          EXPECT_EQ(v.flag(i_lo, j, k), kVelocityInlet) << i_lo << "," << j << "," << k;
          EXPECT_EQ(v.id(i_lo, j, k), -1) << i_lo << "," << j << "," << k;
        } else if (face_cell) {
          EXPECT_EQ(v.flag(i_lo, j, k), kWall) << i_lo << "," << j << "," << k;
          EXPECT_EQ(v.id(i_lo, j, k), kDomainWallId) << i_lo << "," << j << "," << k;
        }
        // x_max halo: the vent covers the whole face.
        const int i_hi = 10 + h;
        if (face_cell) {
          EXPECT_EQ(v.flag(i_hi, j, k), kPressureOutlet) << i_hi << "," << j << "," << k;
          EXPECT_EQ(v.id(i_hi, j, k), -2) << i_hi << "," << j << "," << k;
        }
      }
  // Other faces are plain walls; nothing is periodic.
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 8; ++j) {
      EXPECT_EQ(v.flag(i, j, -1), kWall);
      EXPECT_EQ(v.id(i, j, 6), kDomainWallId);
    }
  EXPECT_EQ(v.scene.periodic, (std::array<bool, 3>{false, false, false}));
}

// Component of D3Q19 direction d along axis a.
int c_along(int d, int a) { return a == 0 ? q19::cx(d) : a == 1 ? q19::cy(d) : q19::cz(d); }

// Whether a population pulled from a cell of patch p along direction d crosses the
// patch's plane into the fluid (inward normal: -sign on a domain face, +sign on a box face).
bool crosses_patch(const PatchSpec& p, int d) {
  const int into = p.box.empty() ? -face_sign(p.face) : face_sign(p.face);
  return into * c_along(d, face_axis(p.face)) > 0;
}

// Every fluid cell has a link for exactly the directions whose upstream neighbour is not
// fluid, once. Links that cross a patch carry the patch's kind and parameters; links from
// walls are plain bounce-back. Returns the links that come from a patch cell without
// crossing its plane (from the side of a box patch's cell layer), for the caller to check.
std::vector<FlowLink> check_links(const Voxelized& v) {
  const Grid& g = v.g();
  std::vector<FlowLink> side;
  std::set<std::pair<Index, int>> links;
  for (const FlowLink& l : v.scene.flow_links) {
    EXPECT_TRUE(links.insert({l.cell, int(l.dir)}).second) << "duplicate link " << l.cell << " dir " << int(l.dir);
    EXPECT_GE(l.dir, 1);
    EXPECT_LT(l.dir, q19::Q);
    EXPECT_LT(l.param, v.scene.flow_link_params.size());
    if (l.dir < 1 || l.dir >= q19::Q || l.param >= v.scene.flow_link_params.size()) continue;
    const Index up = l.cell - g.offset(q19::cx(l.dir), q19::cy(l.dir), q19::cz(l.dir));
    const std::uint8_t t = v.scene.flags[up] & kTypeMask;
    const std::int32_t oid = v.scene.object_id[up];
    const FlowLinkParams& prm = v.scene.flow_link_params[l.param];
    if (t == kVelocityInlet || t == kPressureOutlet) {
      EXPECT_LT(oid, 0);
      EXPECT_NE(oid, kDomainWallId);
      if (oid >= 0 || oid == kDomainWallId) continue;
      const PatchSpec& p = v.spec.patches[-oid - 1];
      EXPECT_EQ(p.kind, t == kVelocityInlet ? PatchKind::VelocityInlet : PatchKind::PressureOutlet) << p.name;
      if (!crosses_patch(p, l.dir)) {
        side.push_back(l);
        continue;
      }
      if (t == kVelocityInlet) {
        EXPECT_EQ(int(l.kind), int(kLinkVelocity)) << p.name;
        // Speed along the inward normal.
        const int a = face_axis(p.face);
        const int into = p.box.empty() ? -face_sign(p.face) : face_sign(p.face);
        const double u_lu = v.setup.units.velocity_lu(p.velocity_m_s);
        for (int b = 0; b < 3; ++b)
          EXPECT_NEAR(prm.u[b], b == a ? into * u_lu : 0.0, kFloatRel * u_lu) << p.name << " axis " << b;
      } else {
        EXPECT_EQ(int(l.kind), int(kLinkPressure)) << p.name;
        EXPECT_NEAR(prm.rho, 1.0 + 3.0 * v.setup.units.pressure_lu(p.pressure_pa), kFloatRel) << p.name;
      }
    } else {
      EXPECT_EQ(t, kWall) << "link from a fluid cell at " << up;
      EXPECT_EQ(int(l.kind), int(kLinkBounceBack));
      EXPECT_EQ(prm.u[0], 0.0f);
      EXPECT_EQ(prm.u[1], 0.0f);
      EXPECT_EQ(prm.u[2], 0.0f);
    }
  }
  std::size_t expected = 0;
  for (int k = 0; k < g.nz; ++k)
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        const Index c = g.index(i, j, k);
        for (int d = 1; d < q19::Q; ++d) {
          const bool wall_upstream = !is_fluid(v.flag(i - q19::cx(d), j - q19::cy(d), k - q19::cz(d)));
          const bool want = is_fluid(v.scene.flags[c]) && wall_upstream;
          EXPECT_EQ(links.count({c, d}) == 1, want) << "cell " << i << "," << j << "," << k << " dir " << d;
          expected += want;
        }
      }
  EXPECT_EQ(v.scene.flow_links.size(), expected);
  return side;
}

TEST(Voxelizer, FlowLinksMatchTheWalls) { check_links(Voxelized(small_room())); }

// A patch on a box face turns the box's outer cell layer into boundary cells; where that
// layer also borders fluid sideways (at the patch's edges, beside or above the box), those
// links are the box's side wall, not the patch: no slip, no inflow and no outflow.
// Otherwise the side of an inlet layer acts as a wall sliding at the inlet speed (and its
// links with c.n < 0 remove mass, u/6 per link and step), and the side of an outlet layer
// lets fluid through the box's side; heat follows those mass fluxes (HeatSweep).
TEST(Voxelizer, BoxPatchSidesAreNoSlip) {
  const Voxelized v(small_room());
  const std::vector<FlowLink> side = check_links(v);
  // Beside the supply layer (x = 5, y 2..4, z 0..1), fluid at y = 1 and at y = 5 pulls
  // from it with c_x <= 0: per side 5 links with c_x = 0 (c_z = 0, +1 from z = 0; -1, 0, +1
  // from z = 1) and 2 with c = (-1, -+1, 0): 14. Beside the return layer (y = 4, x 3..4,
  // z 1..2), fluid at x = 2 pulls from x = 3 with c_y <= 0: 3 with c = (-1, 0, c_z) per layer
  // cell and 2 with c = (-1, -1, 0): 8.
  EXPECT_EQ(side.size(), 22u);
  int wrong = 0;
  std::string examples;
  for (const FlowLink& l : side) {
    if (l.kind == kLinkBounceBack && l.param == 0) continue;  // no slip, no-slip parameters
    if (++wrong <= 4) {
      const auto ijk = v.g().coords(l.cell);
      examples += "\n  cell (" + std::to_string(ijk[0]) + ", " + std::to_string(ijk[1]) + ", " +
                  std::to_string(ijk[2]) + ") dir (" + std::to_string(q19::cx(l.dir)) + ", " +
                  std::to_string(q19::cy(l.dir)) + ", " + std::to_string(q19::cz(l.dir)) + ") kind " +
                  std::to_string(int(l.kind)) + " param " + std::to_string(l.param);
    }
  }
  EXPECT_EQ(wrong, 0) << "links from the side of a box patch's cell layer that are not no-slip walls, e.g.:"
                      << examples;
  std::printf("box patch side links: %zu, of which %d not no-slip\n", side.size(), wrong);
}

TEST(Voxelizer, CellOnAFlatWallHasTheFiveOutgoingDirections) {
  const Voxelized v(small_room());
  // Above the middle of the crah's top (z = 0.4 m): the five directions with c_z = +1.
  const Index c = v.g().index(4, 3, 4);
  std::set<int> dirs;
  for (const FlowLink& l : v.scene.flow_links)
    if (l.cell == c) dirs.insert(l.dir);
  std::set<int> up;
  for (int d = 1; d < q19::Q; ++d)
    if (q19::cz(d) == 1) up.insert(d);
  EXPECT_EQ(up.size(), 5u);
  EXPECT_EQ(dirs, up);
  // A fluid cell far from any boundary has no links.
  const Index free_cell = v.g().index(8, 4, 4);
  for (const FlowLink& l : v.scene.flow_links) EXPECT_NE(l.cell, free_cell);
}

TEST(Voxelizer, InletLinksCarryTheLatticeInletSpeed) {
  const Voxelized v(small_room());
  const double tile_lu = v.setup.units.velocity_lu(1.5);
  const double supply_lu = v.setup.units.velocity_lu(1.0);
  ASSERT_GT(tile_lu, 0.01);  // sanity: 1.5 m/s at max 2 m/s and Mach 0.1
  // The middle of the tile: cell (0, 3, 2) receives the five +x directions from the inlet.
  int tile_links = 0, supply_links = 0;
  for (const FlowLink& l : v.scene.flow_links) {
    const auto ijk = v.g().coords(l.cell);
    const FlowLinkParams& prm = v.scene.flow_link_params[l.param];
    if (ijk == std::array<int, 3>{0, 3, 2} && q19::cx(l.dir) == 1) {
      EXPECT_EQ(int(l.kind), int(kLinkVelocity));
      EXPECT_NEAR(prm.u[0], tile_lu, kFloatRel * tile_lu);  // +x into the room
      ++tile_links;
    }
    // In front of the crah's supply face (x = 0.6 m), the flow leaves the box along +x.
    if (ijk == std::array<int, 3>{6, 3, 0} && q19::cx(l.dir) == 1) {
      const Index up = l.cell - v.g().offset(1, q19::cy(l.dir), q19::cz(l.dir));
      if ((v.scene.flags[up] & kTypeMask) != kVelocityInlet) continue;  // floor links
      EXPECT_EQ(int(l.kind), int(kLinkVelocity));
      EXPECT_NEAR(prm.u[0], supply_lu, kFloatRel * supply_lu);
      ++supply_links;
    }
  }
  EXPECT_EQ(tile_links, 5);
  // (6,3,0) sits on the floor: of the +x directions, (1,0,+1) pulls from the floor halo.
  EXPECT_EQ(supply_links, 4);
}

TEST(Voxelizer, PeriodicAxisHasImagesAndNoWallLinksAcrossIt) {
  CaseSpec s = small_room();
  s.domain.periodic = {false, true, false};
  // A wall column against y_max: its periodic image faces the y_min side.
  s.boxes.push_back(box("column", BoxKind::Solid, {0.0, 0.7, 0.0}, {0.1, 0.8, 0.6}));
  const Voxelized v(s);
  const Grid& g = v.g();
  EXPECT_EQ(v.scene.periodic, (std::array<bool, 3>{false, true, false}));
  // Images: the halo cells outside in y only take the type of the cell they copy, with the
  // ghost bit.
  for (int k = 0; k < 6; ++k)
    for (int i = 0; i < 10; ++i)
      for (int h = 1; h <= kHalo; ++h) {
        const Index lo = g.index(i, -h, k), hi = g.index(i, 7 + h, k);
        const Index lo_src = g.index(i, 8 - h, k), hi_src = g.index(i, h - 1, k);
        EXPECT_EQ(v.scene.flags[lo], v.scene.flags[lo_src] | kGhostBit) << i << "," << -h << "," << k;
        EXPECT_EQ(v.scene.flags[hi], v.scene.flags[hi_src] | kGhostBit) << i << "," << 7 + h << "," << k;
        EXPECT_EQ(v.scene.object_id[lo], v.scene.object_id[lo_src]);
        EXPECT_EQ(v.scene.object_id[hi], v.scene.object_id[hi_src]);
      }
  // The column against y_max shows in the y_min halo.
  EXPECT_EQ(v.scene.flags[g.index(0, -1, 0)] & kTypeMask, kWall);
  // No link crosses the periodic faces into an image of fluid; the column's image is a wall.
  for (const FlowLink& l : v.scene.flow_links) {
    const Index up = l.cell - g.offset(q19::cx(l.dir), q19::cy(l.dir), q19::cz(l.dir));
    const auto c = g.coords(up);
    if (c[1] < 0 || c[1] >= 8) {
      if (c[0] < 0 || c[0] >= 10 || c[2] < 0 || c[2] >= 6) continue;  // a wall halo in x or z
      const Index src = g.index(c[0], (c[1] + 8) % 8, c[2]);
      EXPECT_FALSE(is_fluid(v.scene.flags[src])) << "link into the image of a fluid cell";
      EXPECT_EQ(v.scene.object_id[up], 3);  // the column, box 2
    }
  }
  // The cell next to the column's image, (0, 0, 3), bounces off it along -y directions.
  int across = 0;
  for (const FlowLink& l : v.scene.flow_links)
    if (l.cell == g.index(0, 0, 3) && q19::cy(l.dir) == 1) ++across;
  // c_y = +1: (0,1,0), (0,1,+-1) pull from the column's image, (1,1,0) from the x_min
  // wall halo; (-1,1,0) pulls from the image of a fluid cell and must have no link.
  EXPECT_EQ(across, 4);
  check_links(v);
}

TEST(Voxelizer, PeriodicWithoutSolidsHasNoWallLinksInThatAxis) {
  CaseSpec s = small_room();
  s.domain.periodic = {false, true, false};
  const Voxelized v(s);
  for (const FlowLink& l : v.scene.flow_links) {
    const auto up = v.g().coords(l.cell - v.g().offset(q19::cx(l.dir), q19::cy(l.dir), q19::cz(l.dir)));
    const bool outside_y_only = (up[1] < 0 || up[1] >= 8) && in(up[0], 0, 10) && in(up[2], 0, 6);
    EXPECT_FALSE(outside_y_only) << "wall link across the periodic y faces";
  }
}

TEST(Voxelizer, HeatSourcePowerIsConserved) {
  CaseSpec s = small_room();
  // Overlap the rack with a solid plinth at its bottom: 2 x 6 x 1 cells of it are solid.
  s.boxes.push_back(box("plinth", BoxKind::Solid, {0.7, 0.1, 0.0}, {0.9, 0.7, 0.1}));
  const Voxelized v(s);
  double theta = 0;
  std::size_t cells = 0;
  for (const HeatSourceCell& h : v.scene.heat_sources) {
    const auto ijk = v.g().coords(h.cell);
    EXPECT_TRUE(in(ijk[0], 7, 9) && in(ijk[1], 1, 7) && in(ijk[2], 1, 3)) << ijk[0] << "," << ijk[1] << "," << ijk[2];
    EXPECT_TRUE(is_fluid(v.scene.flags[h.cell]));
    theta += h.theta_per_step;
    ++cells;
  }
  EXPECT_EQ(cells, std::size_t(2 * 6 * 2));
  EXPECT_EQ(v.scene.heat_source_group.size(), cells);
  EXPECT_NEAR(v.setup.units.watts_from_theta_per_step(theta), 1800.0, kPowerRel * 1800.0);
}

TEST(Voxelizer, SolidBoxPowerIsSpreadOverItsOpenFaces) {
  CaseSpec s = small_room();
  s.boxes[0].power_w = 2500.0;  // the crah; its supply face layer is no longer fluid-facing solid
  const Voxelized v(s);
  double theta = 0;
  int faces = 0;
  for (const HeatBoundaryCell& hc : v.scene.heat_cells)
    for (int f = 0; f < 6; ++f) {
      if (hc.face[f] == kNoHeatFace) continue;
      const Index nb = hc.cell + (f % 2 ? 1 : -1) * (f / 2 == 0 ? 1 : f / 2 == 1 ? v.g().stride_y() : v.g().stride_z());
      if (v.scene.object_id[nb] != 1) continue;
      const HeatFace& face = v.scene.heat_faces[hc.face[f]];
      EXPECT_EQ(face.kind, kHeatFixedFlux);
      theta += face.value;
      ++faces;
    }
  EXPECT_GT(faces, 0);
  EXPECT_NEAR(v.setup.units.watts_from_theta_per_step(theta), 2500.0, kPowerRel * 2500.0);
}

// Server boxes often overlap. Each cell must reach the kernels once (duplicates race on
// the GPU's non-atomic +=) with the increments of all its boxes, while the accounting
// still splits the power by box.
TEST(Voxelizer, OverlappingHeatSourcesReachTheKernelsOncePerCell) {
  CaseSpec s = small_room();
  // "rack" covers cells x 7..8, y 1..6, z 0..2; "blade" x 7..8, y 4..7, z 0..2: 18 shared.
  s.boxes.push_back(box("blade", BoxKind::HeatSource, {0.7, 0.4, 0.0}, {0.9, 0.8, 0.3}, 600.0));
  const Voxelized v(s);
  const auto& cells = v.scene.heat_source_cells;
  std::set<Index> unique;
  double theta_total = 0;
  for (const HeatSourceCell& h : cells) {
    unique.insert(h.cell);
    theta_total += h.theta_per_step;
  }
  EXPECT_EQ(unique.size(), cells.size()) << "a cell appears twice in the kernels' source list";
  EXPECT_EQ(cells.size(), std::size_t(2 * 7 * 3));  // the union: x 7..8, y 1..7, z 0..2
  EXPECT_NEAR(v.setup.units.watts_from_theta_per_step(theta_total), 2400.0, kPowerRel * 2400.0);
  // A shared cell releases both boxes' power densities: 1800 W / 36 + 600 W / 24.
  const Index shared = v.g().index(7, 5, 1);
  for (const HeatSourceCell& h : cells) {
    if (h.cell == shared) {
      EXPECT_NEAR(v.setup.units.watts_from_theta_per_step(h.theta_per_step), 50.0 + 25.0, kPowerRel * 75.0);
    }
  }
  // Accounting: one share per (box, cell), each under its own box's group.
  ASSERT_EQ(v.scene.heat_sources.size(), v.scene.heat_source_group.size());
  EXPECT_EQ(v.scene.heat_sources.size(), std::size_t(36 + 24));
  std::map<std::string, double> group_theta;
  for (std::size_t k = 0; k < v.scene.heat_sources.size(); ++k)
    group_theta[v.scene.groups[v.scene.heat_source_group[k]]] += v.scene.heat_sources[k].theta_per_step;
  EXPECT_NEAR(v.setup.units.watts_from_theta_per_step(group_theta["rack (heat source)"]), 1800.0, kPowerRel * 1800.0);
  EXPECT_NEAR(v.setup.units.watts_from_theta_per_step(group_theta["blade (heat source)"]), 600.0, kPowerRel * 600.0);
}

// In a closed, adiabatic box the heat the run stores (read off the temperature field) is
// what the per-box accounting says the overlapping sources released.
TEST(Voxelizer, OverlappingHeatSourcesKeepTheEnergyBalance) {
  CaseSpec s;
  s.name = "overlap";
  s.domain.size_m = {0.8, 0.8, 0.8};
  s.domain.resolution_m = 0.1;
  s.run.end_time_s = 1;
  s.run.max_velocity_m_s = 1.0;
  s.boxes.push_back(box("a", BoxKind::HeatSource, {0.2, 0.2, 0.2}, {0.5, 0.5, 0.5}, 300.0));
  s.boxes.push_back(box("b", BoxKind::HeatSource, {0.3, 0.3, 0.3}, {0.6, 0.6, 0.6}, 500.0));
  solver::Simulation sim(s, solver::Backend::Cpu);
  sim.energy_balance();
  sim.advance(50);
  const EnergyBalance e = sim.energy_balance();
  std::map<std::string, double> w;
  for (const auto& f : e.flows) w[f.name] = f.watts;
  EXPECT_NEAR(w["a (heat source)"], 300.0, kPowerRel * 300.0);
  EXPECT_NEAR(w["b (heat source)"], 500.0, kPowerRel * 500.0);
  // Storage is measured from the field: it sees what the kernels applied.
  EXPECT_NEAR(e.storage_w, 800.0, kStorageRel * 800.0);
}

// More heat faces than a 16-bit index holds (69 632 heated one-cell boxes, one face entry
// each): every heat boundary face must still point at its own box's entry.
TEST(Voxelizer, HeatFaceIndicesBeyondSixteenBitsStayDistinct) {
  CaseSpec s;
  s.name = "many";
  s.domain.size_m = {12.9, 12.9, 3.5};
  s.domain.resolution_m = 0.1;
  s.run.end_time_s = 1;
  s.run.max_velocity_m_s = 1.0;
  for (int k = 1; k < 35; k += 2)
    for (int j = 1; j < 129; j += 2)
      for (int i = 1; i < 129; i += 2)
        s.boxes.push_back(box(std::to_string(i) + "," + std::to_string(j) + "," + std::to_string(k), BoxKind::Solid,
                              {0.1 * i, 0.1 * j, 0.1 * k}, {0.1 * (i + 1), 0.1 * (j + 1), 0.1 * (k + 1)}, 1.0));
  ASSERT_GT(s.boxes.size(), std::size_t(65536));
  const Voxelized v(s);
  ASSERT_EQ(v.scene.heat_faces.size(), s.boxes.size());
  std::size_t checked = 0, wrong = 0;
  const Index step[3] = {1, v.g().stride_y(), v.g().stride_z()};
  for (const HeatBoundaryCell& hc : v.scene.heat_cells)
    for (int f = 0; f < 6; ++f) {
      if (hc.face[f] == kNoHeatFace) continue;
      const std::int32_t oid = v.scene.object_id[hc.cell + (f % 2 ? 1 : -1) * step[f / 2]];
      ASSERT_GT(oid, 0);
      ASSERT_LT(hc.face[f], v.scene.heat_face_group.size());
      wrong += v.scene.groups[v.scene.heat_face_group[hc.face[f]]] != s.boxes[oid - 1].name + " (solid)";
      ++checked;
    }
  EXPECT_EQ(checked, 6 * s.boxes.size());
  EXPECT_EQ(wrong, 0u);
}

bool has_warning(const Scene& scene, std::initializer_list<const char*> parts) {
  for (const auto& w : scene.warnings) {
    bool all = true;
    for (const char* p : parts) all = all && w.find(p) != std::string::npos;
    if (all) return true;
  }
  return false;
}

// A jet-corrected porous plate (a floor tile): its jet cells are the fluid layer just above
// it, one per tile cell, with c = 1/f - 1; a cell under a solid standing on it gets none.
TEST(Voxelizer, JetCellsLieJustAboveTheTile) {
  CaseSpec c = small_room();
  c.boxes.clear();
  c.patches.clear();
  BoxSpec slab = box("floor", BoxKind::Solid, {0.0, 0.0, 0.1}, {1.0, 0.8, 0.2});
  BoxSpec tile = box("tile", BoxKind::Porous, {0.2, 0.2, 0.1}, {0.6, 0.5, 0.2});
  tile.loss_coefficient = 30.7;
  tile.jet_coefficient = 1.0 / 0.25 - 1.0;
  BoxSpec post = box("post", BoxKind::Solid, {0.5, 0.4, 0.2}, {0.6, 0.5, 0.4});
  c.boxes = {slab, tile, post};
  const Voxelized v(c);
  std::vector<Index> expected;
  for (int j = 2; j < 5; ++j)
    for (int i = 2; i < 6; ++i)
      if (!(i == 5 && j == 4)) expected.push_back(v.g().index(i, j, 2));
  std::vector<Index> got;
  for (const JetCell& jc : v.scene.jet_cells) {
    got.push_back(jc.cell);
    EXPECT_FLOAT_EQ(jc.coefficient, 3.0f);
  }
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(got, expected);
  tile.jet_coefficient = 0;
  c.boxes = {slab, tile};
  EXPECT_TRUE(Voxelized(c).scene.jet_cells.empty());
}

TEST(Voxelizer, NoWarningsForGeometryOnTheGrid) {
  CaseSpec s = small_room();
  // One cell thick along y, as decimals give it: 0.7 - 0.6 is 0.09999999999999998 m.
  s.boxes.push_back(box("post", BoxKind::Solid, {0.0, 0.6, 0.4}, {0.1, 0.7, 0.5}));
  const Voxelized v(s);
  EXPECT_TRUE(v.scene.warnings.empty()) << v.scene.warnings.front();
}

TEST(Voxelizer, WarnsAboutABoxThinnerThanACell) {
  CaseSpec s = small_room();
  // 3 cm thick along z around the centre of cell layer 4: kept as that whole 10 cm cell.
  s.boxes.push_back(box("baffle", BoxKind::Solid, {0.0, 0.6, 0.435}, {0.2, 0.8, 0.465}));
  const Voxelized v(s);
  ASSERT_EQ(v.scene.warnings.size(), 1u);
  EXPECT_TRUE(has_warning(v.scene, {"box 'baffle'", "0.03 m thick along z", "cell size 0.1 m", "1 cell(s), 0.1 m"}))
      << v.scene.warnings[0];
}

TEST(Voxelizer, WarnsAboutAPatchThinnerThanACell) {
  CaseSpec s = small_room();
  s.patches[0].rect_min_m = {{0.2, 0.12}};
  s.patches[0].rect_max_m = {{0.6, 0.18}};  // 6 cm along z, covering cell centre 0.15
  const Voxelized v(s);
  ASSERT_EQ(v.scene.warnings.size(), 1u);
  EXPECT_TRUE(has_warning(v.scene, {"patch 'tile'", "0.06 m wide along z", "cell size 0.1 m"})) << v.scene.warnings[0];
}

TEST(Voxelizer, WarnsAboutAPatchEdgeCutByItsBoxFace) {
  CaseSpec s = small_room();
  s.patches[2].rect_max_m = {{0.8, 0.2}};  // the supply reaches 0.3 m past the crah's y extent
  const Voxelized v(s);
  ASSERT_EQ(v.scene.warnings.size(), 1u);
  EXPECT_TRUE(has_warning(v.scene, {"patch 'supply'", "upper edge along y at 0.8 m moves to 0.5 m", "box 'crah'"}))
      << v.scene.warnings[0];
}

// A domain of 6.95 m at 10 cm cells (issue 11): round(69.5) = 70 cells, so the x_max wall
// and the patch on it sit at 7.0 m, moved out by 0.05 m, half a cell, and the move is
// reported. The flow-carrying links of the x_max vent all start in the last cell, i = 69.
TEST(Voxelizer, DomainNotAWholeNumberOfCellsRoundsAndReportsTheShift) {
  CaseSpec s = small_room();
  s.domain.size_m[0] = 6.95;
  const Voxelized v(s);
  ASSERT_EQ(v.g().nx, 70);
  ASSERT_EQ(v.scene.warnings.size(), 1u);
  EXPECT_TRUE(has_warning(v.scene, {"domain size along x (6.95 m)", "x_max wall", "at 7 m, out by 0.05 m", "0.5 cell"}))
      << v.scene.warnings[0];
  std::size_t vent_links = 0;
  for (const FlowLink& l : v.scene.flow_links) {
    if (l.kind != kLinkPressure) continue;
    const auto c = v.g().coords(l.cell);
    const Index up = l.cell - v.g().offset(q19::cx(l.dir), q19::cy(l.dir), q19::cz(l.dir));
    if (v.scene.object_id[up] != -2) continue;  // the crah's return, not the vent (patch 1)
    EXPECT_EQ(c[0], 69);
    ++vent_links;
  }
  EXPECT_GT(vent_links, 0u);
}

// Every size rounds to the nearest whole number of cells: the far wall never moves by
// more than half a cell.
TEST(Voxelizer, DomainShiftIsAtMostHalfACell) {
  CaseSpec s = small_room();
  const double dx = s.domain.resolution_m;
  for (int mm = 6900; mm <= 7000; ++mm) {
    s.domain.size_m = {mm * 1e-3, 0.8 + mm * 1e-5, 0.6};
    const auto n = mesh::domain_cells(s);
    for (int a = 0; a < 2; ++a)
      EXPECT_LE(std::fabs(n[a] * dx - s.domain.size_m[a]), 0.5 * dx * (1 + 1e-9)) << mm << " mm, axis " << a;
  }
}

}  // namespace
}  // namespace rackflow
