// Where a divergence is reported (solver/health_check.hpp): a run that blows up at one
// cell away from the origin is located at that cell, from checks every kHealthCheckSteps
// steps, after the NaN has spread over many cells.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "health_check.hpp"
#include "simulation.hpp"

namespace rackflow {
namespace {

// The reported cell lies within this many cells of where the divergence began: the
// rounding of the centroid, plus the region's lopsided growth over the first steps (the
// plume rises, the source sits on a wall-free cell of the interior).
constexpr double kLocatedWithinCells = 2.0;

// A closed 2.4 m cube at 0.1 m; one fluid cell, (16, 12, 8), releases an absurd 1 TW, which
// boils the lattice within the first steps.
CaseSpec runaway() {
  CaseSpec s;
  s.name = "runaway";
  s.domain.size_m = {2.4, 2.4, 2.4};
  s.domain.resolution_m = 0.1;
  s.run.end_time_s = 10;
  s.run.max_velocity_m_s = 1.0;
  BoxSpec b;
  b.name = "spark";
  b.kind = BoxKind::HeatSource;
  b.min_m = {1.6, 1.2, 0.8};
  b.max_m = {1.7, 1.3, 0.9};
  b.power_w = 1e12;
  s.boxes.push_back(b);
  return s;
}

double cells_between(const solver::CellPlace& p, const int c[3]) {
  return std::sqrt(double(p.i - c[0]) * (p.i - c[0]) + double(p.j - c[1]) * (p.j - c[1]) +
                   double(p.k - c[2]) * (p.k - c[2]));
}

TEST(Divergence, NaNIsLocatedWhereItBeganAfterItHasSpread) {
  solver::Simulation sim(runaway(), solver::Backend::Cpu);
  const int source[3] = {16, 12, 8};
  try {
    while (sim.step() < 10 * solver::kHealthCheckSteps) {
      sim.advance(solver::kHealthCheckSteps);
      solver::check_health(sim);
    }
    FAIL() << "the run should have diverged";
  } catch (const solver::DivergenceError& e) {
    const kernels::Health h = sim.health();
    std::printf("%s\n", e.what());
    // The NaN has spread far: the region's lowest corner (the first bad cell in memory
    // order, which the check used to name) is well away from where it began.
    ASSERT_GT(h.nonfinite, 1000);
    const solver::CellPlace corner{h.nonfinite_lo[0], h.nonfinite_lo[1], h.nonfinite_lo[2]};
    EXPECT_GT(cells_between(corner, source), 3 * kLocatedWithinCells);
    EXPECT_NE(std::string(e.what()).find("NaN"), std::string::npos);
    EXPECT_LE(cells_between(e.at, source), kLocatedWithinCells)
        << "reported at (" << e.at.i << ", " << e.at.j << ", " << e.at.k << ")";
  }
}

}  // namespace
}  // namespace rackflow
