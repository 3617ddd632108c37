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
// source sits on a wall-free cell of the interior).
constexpr double kLocatedWithinCells = 2.0;

// A closed 2.4 m cube at 0.1 m. No case the parser accepts diverges from bad parameters
// (docs/case-format.md, Limits), so the fault is put into the state: one fluid cell,
// (16, 12, 8), gets a NaN population, as a hardware fault or a kernel bug would leave.
CaseSpec closed_cube() {
  CaseSpec s;
  s.name = "cube";
  s.domain.size_m = {2.4, 2.4, 2.4};
  s.domain.resolution_m = 0.1;
  s.run.end_time_s = 10;
  s.run.max_velocity_m_s = 1.0;
  return s;
}

void poison(solver::Simulation& sim, const int c[3]) {
  solver::Simulation::State state = sim.save_state();
  const Index cell = sim.scene().grid.index(c[0], c[1], c[2]);
  state.fields.f[cell] = std::nanf("");  // the rest population of that cell
  sim.load_state(state);
}

double cells_between(const solver::CellPlace& p, const int c[3]) {
  return std::sqrt(double(p.i - c[0]) * (p.i - c[0]) + double(p.j - c[1]) * (p.j - c[1]) +
                   double(p.k - c[2]) * (p.k - c[2]));
}

TEST(Divergence, NaNIsLocatedWhereItBeganAfterItHasSpread) {
  solver::Simulation sim(closed_cube(), solver::Backend::Cpu);
  const int source[3] = {16, 12, 8};
  sim.advance(5);
  poison(sim, source);
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
