// Geometry as built (issue 11): openings narrower than their face, measured on the flow
// field the run produces (not on the link parameters the voxelizer set).
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>

#include "hall_fixture.hpp"
#include "hall_layout.hpp"

namespace rackflow::test {
namespace {

using solver::Simulation;

// A rack 0.8 m wide (y) and 1.0 m high, facing -x, breathing through a vertical strip
// `width_m` wide, `offset_m` from its left end seen from outside, over its full height,
// front and back. It stands in a room 1.4 x 1.2 x 1.2 m open at x_min; behind it the
// exhaust fills a duct of the back face's own cross-section that ends in an open x_max.
// At steady state each cross-section of the duct carries exactly the exhaust's flow.
CaseSpec strip_rack(double width_m, double offset_m, double dx, double flow_m3_s) {
  CaseSpec c = hall_room(1.4, 1.2, 1.2, dx, 1.0);
  RackSpec r = rack_at("r1", {0.3, 0.2, 0.0}, {0.7, 1.0, 1.0}, Face::XMin, 1000.0, flow_m3_s);
  OpeningSpec o;
  o.width_m = width_m;
  o.offset_m = {offset_m, 0.0};
  r.intake = r.exhaust = o;
  c.hall->racks.push_back(r);
  auto wall = [&](const std::string& name, Vec3d lo, Vec3d hi) {
    BoxSpec b;
    b.name = name;
    b.min_m = lo;
    b.max_m = hi;
    c.boxes.push_back(b);
  };
  wall("duct-south", {0.7, 0.0, 0.0}, {1.4, 0.2, 1.2});
  wall("duct-north", {0.7, 1.0, 0.0}, {1.4, 1.2, 1.2});
  wall("duct-roof", {0.7, 0.2, 1.0}, {1.4, 1.0, 1.2});
  PatchSpec in;
  in.name = "room-open";
  in.kind = PatchKind::PressureOutlet;
  in.face = Face::XMin;
  PatchSpec out = in;
  out.name = "duct-open";
  out.face = Face::XMax;
  out.rect_min_m = {{0.2, 0.0}};
  out.rect_max_m = {{1.0, 1.0}};
  c.patches = {in, out};
  return c;
}

std::size_t at(const Snapshot& s, int i, int j, int k) {
  return std::size_t(i) + std::size_t(s.cells[0]) * (j + std::size_t(s.cells[1]) * k);
}

}  // namespace

// The exhaust of a 0.45 m strip of the 0.8 m back face (issue 11's racks). Seen from
// outside (+x, looking -x, z up) the right is +y and the left end y min = 0.2 m, so the
// strip, 0.22 m from it, spans y 0.42 to 0.87 m: at 5 cm cells exactly 9 cells, 8..16; at
// 10 cm it snaps to the cells whose centres it covers, 4..8 (0.4 to 0.9 m, 0.5 m wide). Measured on the time-mean field (the
// open-ended duct rings at its quarter-wave period, ~100 steps at 5 cm, averaged out over
// several periods): the flux through a cross-section of the duct (what the run moved, not
// a parameter) is the rack's flow, the speed on the strip's middle cell in front of the face
// is that flow over the strip's voxelised area, and only the strip's cells are exhaust cells.
TEST(Openings, ANarrowOpeningGetsItsFlowThroughExactlyItsArea) {
  // Flux and speed within 1 % (the tolerance); measured: 0.3 % and 0.1 % at 5 cm.
  constexpr double kFlowRel = 0.01;
  const double width = 0.45, offset = 0.22, q = 0.3, height = 1.0;
  struct Grid {
    double dx;
    int strip_lo, strip_hi;  // y cells of the voxelised strip
  };
  for (const Grid g : {Grid{0.05, 8, 17}, Grid{0.1, 4, 9}}) {
    SCOPED_TRACE("dx " + std::to_string(g.dx));
    const double dx = g.dx;
    Simulation sim(strip_rack(width, offset, dx, q), solver::Backend::Cpu);
    const int per_metre = int(std::lround(1.0 / dx));
    sim.advance(3 * per_metre * 5 / 2);
    sim.start_averaging();
    for (int n = 0; n < 6 * per_metre * 5 / 2; ++n) {
      sim.advance(1);
      sim.sample_statistics();
    }
    const Snapshot s = sim.snapshot();
    const int back = int(std::lround(0.7 / dx)), rows = int(std::lround(height / dx));
    const int duct_lo = int(std::lround(0.2 / dx)), duct_hi = int(std::lround(1.0 / dx));
    double duct = 0;
    for (int k = 0; k < rows; ++k)
      for (int j = duct_lo; j < duct_hi; ++j) duct += s.velocity_mean_m_s[3 * at(s, back + 5, j, k)] * dx * dx;
    EXPECT_NEAR(duct, q, kFlowRel * q);
    // Nine cells across: the speed is Q / A. (At five, the sideways links the strip's edge
    // cells lack make the speed that moves Q 6 % above Q / A, docs/physics.md "Ports".)
    const double area = (g.strip_hi - g.strip_lo) * dx * height;
    const double centre = s.velocity_mean_m_s[3 * at(s, back, (g.strip_lo + g.strip_hi) / 2, rows / 2)];
    if (g.strip_hi - g.strip_lo >= 9) {
      EXPECT_NEAR(centre, q / area, kFlowRel * q / area);
    }
    // The back face's layer of cells: exhaust cells on the strip, the rack's wall beside it.
    int exhaust = 0, wall = 0, misplaced = 0;
    for (int k = 0; k < rows; ++k)
      for (int j = duct_lo; j < duct_hi; ++j) {
        const int id = s.object_id[at(s, back - 1, j, k)];
        const bool on_strip = j >= g.strip_lo && j < g.strip_hi;
        if (id < 0 && sim.spec().patches[-id - 1].name.find("/exhaust") != std::string::npos) {
          ++exhaust;
          misplaced += !on_strip;
        } else {
          ++wall;
          misplaced += on_strip || id <= 0;
        }
      }
    EXPECT_EQ(exhaust, (g.strip_hi - g.strip_lo) * rows);
    EXPECT_EQ(wall, (duct_hi - duct_lo - (g.strip_hi - g.strip_lo)) * rows);
    EXPECT_EQ(misplaced, 0);
  }
}

// A leaky containment panel (issue 11, `leakage`) across a channel, periodic across y and
// z so the flow is one-dimensional, between two pressures: it carries the flow of its loss
// model, Q = A sqrt(2 dp / (rho zeta(f))), zeta the perforated-plate loss of the open
// fraction on the velocity through the panel's whole area A, measured as the time-mean
// flux through planes on both sides.
TEST(Leakage, ALeakyPanelCarriesTheFlowItsLossModelPredicts) {
  // The lattice's compressibility makes the density, and so the speed, differ by ~0.4 %
  // across the panel at 2 Pa; the loss itself is exact for a uniform flow. Measured: 0.1 %.
  constexpr double kLeakRel = 0.01;
  const double dx = 0.05, dp_pa = 2.0;
  for (const double f : {0.02, 0.1}) {
    SCOPED_TRACE("open fraction " + std::to_string(f));
    CaseSpec c = hall_room(1.0, 0.2, 0.2, dx, 1.0);
    c.domain.periodic = {false, true, true};
    // The time step of a hall whose racks blow 5 m/s. One step's drag can take at most all
    // of a cell's momentum: a one-cell layer holds the loss exactly while k u_lu < 2, here
    // 0.9 at 2 % open (at run.max_velocity 2 m/s it is 2.2, and the layer passes 11 % too
    // much; docs/physics.md, "Containment").
    c.run.max_velocity_m_s = 5.0;
    PatchSpec in;
    in.name = "high";
    in.kind = PatchKind::PressureOutlet;
    in.face = Face::XMin;
    in.pressure_pa = dp_pa;
    PatchSpec out = in;
    out.name = "low";
    out.face = Face::XMax;
    out.pressure_pa = 0.0;
    c.patches = {in, out};
    c.hall->leaky_panels.push_back({"containment-door", {0.5, 0.0, 0.0}, {0.55, 0.2, 0.2}, 0, f, {}});
    Simulation sim(c, solver::Backend::Cpu);
    // Each half of the channel rings as a quarter-wave pipe (the panel nearly closes it),
    // ~70 steps a period, slowly damped: long warm-up and averaging, cheap on 320 cells.
    sim.advance(3000);
    sim.start_averaging();
    for (int n = 0; n < 3000; ++n) {
      sim.advance(1);
      sim.sample_statistics();
    }
    const Snapshot s = sim.snapshot();
    const double area = 0.2 * 0.2;
    const double want = area * std::sqrt(2.0 * dp_pa / (kRho * solver::perforated_plate_loss(f)));
    for (const int i : {4, 15}) {
      double q = 0;
      for (int k = 0; k < 4; ++k)
        for (int j = 0; j < 4; ++j) q += s.velocity_mean_m_s[3 * at(s, i, j, k)] * dx * dx;
      EXPECT_NEAR(q, want, kLeakRel * want) << "plane " << i;
    }
  }
}

namespace {

// A plain case (no hall) at 5 cm: an inlet jet at 30 °C into the x_min wall's lower half
// (y < 0.2), an open outlet over its upper half, the room split at x = 0.5 m by a panel.
CaseSpec split_channel(const std::optional<BoxSpec>& panel) {
  CaseSpec c;
  c.name = "panel";
  c.domain.size_m = {1.0, 0.4, 0.4};
  c.domain.resolution_m = 0.05;
  c.run.end_time_s = 1;
  c.run.max_velocity_m_s = 2.0;
  c.initial.temperature_c = 20.0;
  PatchSpec in;
  in.name = "jet";
  in.kind = PatchKind::VelocityInlet;
  in.face = Face::XMin;
  in.rect_min_m = {{0.0, 0.0}};
  in.rect_max_m = {{0.2, 0.4}};
  in.velocity_m_s = 1.0;
  in.temperature_c = 30.0;
  PatchSpec out;
  out.name = "vent";
  out.kind = PatchKind::PressureOutlet;
  out.face = Face::XMin;
  out.rect_min_m = {{0.2, 0.0}};
  out.rect_max_m = {{0.4, 0.4}};
  c.patches = {in, out};
  if (panel) c.boxes.push_back(*panel);
  return c;
}

BoxSpec panel_box(const std::string& name, BoxKind kind, Vec3d lo, Vec3d hi) {
  BoxSpec b;
  b.name = name;
  b.kind = kind;
  b.min_m = lo;
  b.max_m = hi;
  return b;
}

// Mass (lattice density summed) and mean temperature of the cells with x index >= i0.
struct Side {
  double mass = 0, mean_c = 0;
};
Side beyond(const Simulation& sim, const Snapshot& s, int i0) {
  Side out;
  long n = 0;
  for (int k = 0; k < s.cells[2]; ++k)
    for (int j = 0; j < s.cells[1]; ++j)
      for (int i = i0; i < s.cells[0]; ++i) {
        const std::size_t m = at(s, i, j, k);
        out.mass += 1.0 + 3.0 * sim.lattice().units.pressure_lu(s.pressure_pa[m]);
        out.mean_c += s.temperature_c[m];
        ++n;
      }
  out.mean_c /= double(n);
  return out;
}

}  // namespace

// Issue 11: a panel of zero thickness across the whole channel at x = 0.5 m. The jet
// drives the air against it and warms the near half; the far half (cells x >= 0.5 m) is
// closed but for the panel, so its mass and its heat must not change at all.
TEST(ThinPanels, AZeroThicknessPanelCarriesNoMassOrHeatAcross) {
  // Float sums of ~1e3 densities near 1 and of temperatures near 20 °C.
  constexpr double kMassRel = 1e-6, kHeatK = 1e-4;
  Simulation sim(split_channel(panel_box("door", BoxKind::Panel, {0.5, 0.0, 0.0}, {0.5, 0.4, 0.4})),
                 solver::Backend::Cpu);
  const Snapshot s0 = sim.snapshot();
  sim.advance(3000);  // 4.3 s: the jet's warm air has filled the near half
  const Snapshot s1 = sim.snapshot();
  const Side before = beyond(sim, s0, 10), after = beyond(sim, s1, 10), near = beyond(sim, s1, 0);
  EXPECT_NEAR(after.mass, before.mass, kMassRel * before.mass);
  EXPECT_NEAR(after.mean_c, 20.0, kHeatK);
  EXPECT_GT(near.mean_c, 22.0);  // the jet did warm its side (and pushed on the panel)
}

// A 5 cm door in 10 cm cells blocks a duct's lower half like the 10 cm slab it used to be:
// the pressure the inlet needs to push the flow over it is close to the slab's, and far
// above the open duct's.
TEST(ThinPanels, AThinDoorBlocksLikeTheSlabItReplaces) {
  auto inlet_pa = [](const std::optional<BoxSpec>& door) {
    CaseSpec c;
    c.name = "door";
    c.domain.size_m = {2.0, 0.4, 0.8};
    c.domain.resolution_m = 0.1;
    c.run.end_time_s = 1;
    c.run.max_velocity_m_s = 2.0;
    PatchSpec in;
    in.name = "in";
    in.kind = PatchKind::VelocityInlet;
    in.face = Face::XMin;
    in.velocity_m_s = 0.5;
    in.temperature_c = 20.0;
    PatchSpec out;
    out.name = "out";
    out.kind = PatchKind::PressureOutlet;
    out.face = Face::XMax;
    c.patches = {in, out};
    if (door) c.boxes.push_back(*door);
    Simulation sim(c, solver::Backend::Cpu);
    sim.advance(1000);
    sim.start_averaging();
    for (int n = 0; n < 500; ++n) {
      sim.advance(1);
      sim.sample_statistics();
    }
    const Snapshot s = sim.snapshot();
    double p = 0;
    for (int k = 0; k < 8; ++k)
      for (int j = 0; j < 4; ++j) p += s.pressure_pa[at(s, 0, j, k)] / 32.0;
    return p;
  };
  const double slab = inlet_pa(panel_box("slab", BoxKind::Solid, {0.95, 0.0, 0.0}, {1.05, 0.4, 0.4}));
  const double door = inlet_pa(panel_box("door", BoxKind::Panel, {0.975, 0.0, 0.0}, {1.025, 0.4, 0.4}));
  const double open = inlet_pa(std::nullopt);
  // What the obstacle adds to the duct's own friction. Measured: 1.80 Pa for the door,
  // 1.49 Pa for the slab (a thin plate's edge separates more sharply than a thick slab's,
  // over which the flow partly reattaches), 0.41 Pa for the open duct itself: within 30 %.
  constexpr double kLikeTheSlabRel = 0.3;
  EXPECT_NEAR(door - open, slab - open, kLikeTheSlabRel * (slab - open));
  EXPECT_GT(door - open, 2.0 * open);
}

}  // namespace rackflow::test
