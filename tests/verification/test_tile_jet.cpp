// A perforated tile's jet (TileSpec::jet_momentum): the momentum flux it carries into the
// room, measured from the velocity and pressure fields on planes above the tile, not from
// the model's own numbers.
//
// Air passes a tile of open fraction f at Q / (f A), so its momentum flux is rho Q^2 / (f A);
// a porous layer alone lets it out uniformly over the gross area A, with rho Q^2 / A, f
// times too little (TileSpec::jet_momentum, docs/physics.md). The room is isothermal (no
// buoyancy), so the momentum flux M = sum (rho w^2 + p - p_far) dA through a plane across the
// jet is the same at every height until wall friction and the room's recirculation take it
// up; the plane lies a few cells above the tile, where the jet has not yet spread past the
// square it is summed over.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "hall_fixture.hpp"

namespace rackflow::test {
namespace {

using solver::Simulation;

constexpr double kDx = 0.1, kFloorTopM = 0.4, kTileMinM = 0.9, kTileSizeM = 0.6;
constexpr double kOpenFraction = 0.25, kFlowM3S = 0.2;

CaseSpec jet_room(bool jet_momentum) {
  CaseSpec c = hall_room(2.4, 2.4, 2.0, kDx, 0.0);
  c.initial.temperature_c = 18.0;  // the supply's temperature: no buoyancy
  c.run.max_velocity_m_s = 3.0;    // the jet reaches Q / (f A) = 2.2 m/s
  c.hall->raised_floor = RaisedFloorSpec{kFloorTopM, kDx};
  CoolerSpec u;
  u.name = "crah-1";
  u.min_m = {0.0, 0.0, kFloorTopM - kDx};
  u.max_m = {0.6, 0.6, 1.6};
  u.front = Face::XMax;
  u.supply = SupplyMode::Floor;
  u.airflow_m3_s = kFlowM3S;
  u.capacity_w = 1e5;
  u.supply_temperature_c = 18.0;
  c.hall->coolers.push_back(u);
  TileSpec t;
  t.name = "tile";
  t.min_m = {kTileMinM, kTileMinM};
  t.max_m = {kTileMinM + kTileSizeM, kTileMinM + kTileSizeM};
  t.open_fraction = kOpenFraction;
  t.jet_momentum = jet_momentum;
  c.hall->tiles = {t};
  return c;
}

struct Jet {
  double flow_m3_s = 0;              // through the tile
  std::vector<double> momentum_n;    // momentum flux through each plane
  std::vector<double> inertial_n;    // its part sum rho w^2 dA
};

// Momentum flux through the square of `half_m` around the tile's centre on each cell layer
// `planes` above the tile's top layer, against the mean pressure of that layer outside the
// square (clear of the cooler); flow through the tile's top layer. Time means over
// `samples` snapshots spread over `window_s` after `settle_s`.
Jet measure(const CaseSpec& c, double settle_s, double window_s, int samples, double half_m,
            const std::vector<int>& planes) {
  Simulation sim(c, solver::Backend::Cpu);
  const double dt = sim.lattice().units.dt_s;
  sim.advance(std::llround(settle_s / dt));
  const double cx = c.hall->tiles[0].min_m[0] + kTileSizeM / 2, cy = c.hall->tiles[0].min_m[1] + kTileSizeM / 2;
  const int k_tile = int(std::lround(kFloorTopM / kDx)) - 1;
  Jet mean;
  mean.momentum_n.assign(planes.size(), 0.0);
  mean.inertial_n.assign(planes.size(), 0.0);
  for (int n = 0; n < samples; ++n) {
    sim.advance(std::llround(window_s / samples / dt));
    const Snapshot s = sim.snapshot();
    const int nx = s.cells[0], ny = s.cells[1];
    auto at = [&](int i, int j, int k) { return std::size_t(i) + std::size_t(nx) * (j + std::size_t(ny) * k); };
    auto in_square = [&](int i, int j, double half) {
      return std::abs((i + 0.5) * kDx - cx) < half && std::abs((j + 0.5) * kDx - cy) < half;
    };
    double flow = 0;
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i)
        if (in_square(i, j, kTileSizeM / 2)) flow += s.velocity_m_s[3 * at(i, j, k_tile) + 2] * kDx * kDx;
    mean.flow_m3_s += flow / samples;
    for (std::size_t pl = 0; pl < planes.size(); ++pl) {
      const int k = k_tile + planes[pl];
      double far_p = 0, far_n = 0, inertial = 0, pressure = 0, cells = 0;
      for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
          const std::size_t m = at(i, j, k);
          if (s.object_id[m] != 0) continue;
          if (in_square(i, j, half_m)) {
            const double w = s.velocity_m_s[3 * m + 2];
            inertial += kRho * w * w * kDx * kDx;
            pressure += s.pressure_pa[m] * kDx * kDx;
            cells += 1;
          } else if ((i + 0.5) * kDx > 0.7 || (j + 0.5) * kDx > 0.7) {
            far_p += s.pressure_pa[m];
            far_n += 1;
          }
        }
      const double relative_pressure = pressure - far_p / far_n * cells * kDx * kDx;
      mean.inertial_n[pl] += inertial / samples;
      mean.momentum_n[pl] += (inertial + relative_pressure) / samples;
    }
  }
  return mean;
}

// What the body force restores of the jet's momentum, measured 2 to 4 cells above the tile
// (0.2-0.4 m; the force acts in the first cell). Measured (Q 0.2 m3/s, f 0.25, A 0.36 m2):
// M 0.059-0.074 N without the correction, 0.157-0.162 N with it, a gain of 2.4 in the mean,
// against the 4 = 1/f of the ideal jet; both fall short of their nominal rho Q^2 / A and
// rho Q^2 / (f A) (0.13 and 0.52 N): the force partly lowers the pressure at the tile's top
// instead of speeding the jet, and the small room's recirculation and the jet's spreading
// take momentum within the summed square. Hence the checks: the correction at least doubles
// the measured flux (kGainAtLeast; the gain is 1 without it) and never exceeds the ideal
// jet's.
constexpr double kGainAtLeast = 2.0;

TEST(TileJet, CorrectionRestoresMomentumFluxTowardsThatOfTheHoles) {
  const double area = kTileSizeM * kTileSizeM;
  const std::vector<int> planes = {2, 3, 4};
  double flux[2] = {0, 0}, ideal = 0;
  for (bool on : {false, true}) {
    const Jet j = measure(jet_room(on), 4.0, 2.0, 8, 0.6, planes);
    ideal = kRho * j.flow_m3_s * j.flow_m3_s / (kOpenFraction * area);
    for (std::size_t pl = 0; pl < planes.size(); ++pl) {
      std::printf("jet_momentum %d, %d cells above: Q %.4f m3/s, M %.4f N (of which rho w^2 %.4f N); "
                  "rho Q^2/(f A) %.4f N\n", int(on), planes[pl], j.flow_m3_s, j.momentum_n[pl], j.inertial_n[pl], ideal);
      flux[on] += j.momentum_n[pl] / planes.size();
    }
    EXPECT_NEAR(j.flow_m3_s, kFlowM3S, 0.05 * kFlowM3S);  // the unit's air leaves through the tile
  }
  std::printf("mean M: %.4f N without, %.4f N with the correction (gain %.2f; ideal jet %.4f N, gain %.1f)\n",
              flux[0], flux[1], flux[1] / flux[0], ideal, 1 / kOpenFraction);
  EXPECT_GT(flux[1], kGainAtLeast * flux[0]);
  EXPECT_LT(flux[1], ideal);
}

}  // namespace
}  // namespace rackflow::test
