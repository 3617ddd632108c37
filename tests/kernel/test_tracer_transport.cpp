// The passive-tracer solve (kernels/tracer_transport.hpp) on channels whose face fluxes are
// written down here, so that what reaches each opening follows by hand: two supplies that
// mix before one intake, and a rack whose exhaust partly short-circuits to its own intake.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "rackflow/cell_flags.hpp"
#include "tracer_transport.hpp"

using namespace rackflow;
using namespace rackflow::kernels;

namespace {

// The solve stops when its balance residual is below this share of the source flux, which
// bounds the tracer the openings do not account for on a divergence-free field. The
// coefficients are floats, rounded to ~6e-8 of each cell's throughput, so over these
// channels' few hundred cells the fluxes at the openings match the hand calculation to
// the tolerance plus ~1e-5.
constexpr double kTolerance = 1e-5;
constexpr double kFluxTolerance = 2 * kTolerance;
// c is a float: bounds hold to its round-off.
constexpr double kBoundSlack = 1e-6;

TracerControl control() {
  TracerControl c;
  c.tolerance = kTolerance;
  c.check_every = 1;
  return c;
}

// nx x ny x 1 fluid cells, walled all round.
struct Channel {
  Grid grid;
  std::vector<std::uint8_t> flags;
  std::vector<float> flux, alpha;
  std::vector<TracerOpeningFace> openings;

  Channel(int nx, int ny, float diffusivity) : grid(Grid::whole(nx, ny, 1)) {
    const auto n = std::size_t(grid.cells_padded());
    flags.assign(n, kWall);
    alpha.assign(n, 0.0f);
    flux.assign(3 * n, 0.0f);
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        flags[grid.index(i, j, 0)] = kFluid;
        alpha[grid.index(i, j, 0)] = diffusivity;
      }
  }
  Index at(int i, int j) const { return grid.index(i, j, 0); }
  void x_flux(int i, int j, float q) { flux[std::size_t(3 * at(i, j) + 0)] = q; }  // face between i and i + 1
  void y_flux(int i, int j, float q) { flux[std::size_t(3 * at(i, j) + 1)] = q; }  // between j and j + 1
  void opening(int i, int j, float inflow, int label) { openings.push_back({at(i, j), inflow, label}); }
  TracerSystem system() const { return build_tracer_system(grid, flags, flux, alpha, openings); }
};

// Tracer that leaves through opening `label` over the flow through it.
double mean_at(const TracerSystem& s, const std::vector<float>& c, int labels, int label) {
  double flow = 0;
  for (const auto& f : s.openings)
    if (f.opening == label && f.inflow < 0) flow -= f.inflow;
  return tracer_outflow(s, c, labels)[std::size_t(label)] / flow;
}

void expect_bounded(const TracerSystem& s, const std::vector<float>& c) {
  for (Index cell : s.cells) {
    EXPECT_GE(c[cell], -kBoundSlack);
    EXPECT_LE(c[cell], 1.0 + kBoundSlack);
  }
}

}  // namespace

// Two rows of a channel fed by supplies of Q1 and Q2 at x = 0, mixed by diffusion across
// the rows, all drawn by one intake at the far end: the intake's flow-weighted shares are
// Q1 / (Q1 + Q2) and Q2 / (Q1 + Q2), they sum to 1 in every cell, and stay in [0, 1].
TEST(TracerTransport, TwoSuppliesFeedAnIntakeInProportionToTheirFlows) {
  const int nx = 30;
  const float q1 = 0.03f, q2 = 0.01f;
  Channel ch(nx, 2, 0.02f);
  enum { kSupply1, kSupply2, kIntake, kLabels };
  for (int i = 0; i + 1 < nx; ++i) ch.x_flux(i, 0, q1), ch.x_flux(i, 1, q2);
  ch.opening(0, 0, q1, kSupply1);
  ch.opening(0, 1, q2, kSupply2);
  ch.opening(nx - 1, 0, -q1, kIntake);
  ch.opening(nx - 1, 1, -q2, kIntake);
  const TracerSystem s = ch.system();
  std::vector<float> c1, c2;
  const TracerSweeps a = solve_tracer(s, tracer_source(s, [](int o) { return o == kSupply1; }), c1, control());
  const TracerSweeps b = solve_tracer(s, tracer_source(s, [](int o) { return o == kSupply2; }), c2, control());
  ASSERT_TRUE(a.converged && b.converged);
  EXPECT_NEAR(mean_at(s, c1, kLabels, kIntake), q1 / (q1 + q2), kFluxTolerance);
  EXPECT_NEAR(mean_at(s, c2, kLabels, kIntake), q2 / (q1 + q2), kFluxTolerance);
  // The rows did mix: the slow row's intake cell holds some of supply 1.
  EXPECT_GT(c1[ch.at(nx - 1, 1)], 0.1);
  for (Index cell : s.cells) EXPECT_NEAR(c1[cell] + c2[cell], 1.0, kBoundSlack + kFluxTolerance);
  expect_bounded(s, c1);
  expect_bounded(s, c2);
}

// A supply of q feeds a rack's intake along the upper row; the rack's exhaust, q + r, comes
// back along the lower row, where r of it crosses up at column m and returns to the intake
// and q goes on to the unit's return.
enum { kSupply, kIntake, kExhaust, kReturn, kLabels };
constexpr float kLoopQ = 0.03f, kLoopR = 0.01f;
TracerSystem short_circuit_channel(float diffusion) {
  const int nx = 20, m = 8;
  const float q = kLoopQ, r = kLoopR;
  Channel ch(nx, 2, diffusion);
  for (int i = 0; i + 1 < nx; ++i) {
    ch.x_flux(i, 1, i < m ? q : q + r);
    ch.x_flux(i, 0, i < m ? -q : -(q + r));
  }
  ch.y_flux(m, 0, r);
  ch.opening(0, 1, q, kSupply);
  ch.opening(nx - 1, 1, -(q + r), kIntake);
  ch.opening(nx - 1, 0, q + r, kExhaust);
  ch.opening(0, 0, -q, kReturn);
  return ch.system();
}

// Without diffusion the intake holds q / (q + r) of the supply's air and the return
// captures q / (q + r) of the exhaust.
TEST(TracerTransport, ShortCircuitedExhaustSplitsAsTheFluxesSay) {
  const float q = kLoopQ, r = kLoopR;
  const TracerSystem s = short_circuit_channel(0.0f);
  std::vector<float> supply, exhaust;
  ASSERT_TRUE(solve_tracer(s, tracer_source(s, [](int o) { return o == kSupply; }), supply, control()).converged);
  ASSERT_TRUE(solve_tracer(s, tracer_source(s, [](int o) { return o == kExhaust; }), exhaust, control()).converged);
  const double want = q / (q + r);
  EXPECT_NEAR(mean_at(s, supply, kLabels, kIntake), want, kFluxTolerance);
  const double captured = tracer_outflow(s, exhaust, kLabels)[kReturn] / (q + r);
  EXPECT_NEAR(captured, want, kFluxTolerance);
}

// The solver's own conservation, with diffusion across the rows of the short-circuit
// channel: what enters at the emitting opening leaves through the others, to the stated
// residual, and the split now differs from the diffusion-free one.
TEST(TracerTransport, TracerFluxInEqualsFluxOutWithinTheResidual) {
  const float q = kLoopQ, r = kLoopR;
  const TracerSystem s = short_circuit_channel(0.01f);
  for (int emitter : {int(kSupply), int(kExhaust)}) {
    std::vector<float> c;
    const std::vector<float> b = tracer_source(s, [&](int o) { return o == emitter; });
    const TracerSweeps sw = solve_tracer(s, b, c, control());
    ASSERT_TRUE(sw.converged);
    EXPECT_LT(sw.residual, kTolerance);
    double in = 0;
    for (float v : b) in += v;
    const auto out = tracer_outflow(s, c, kLabels);
    EXPECT_NEAR((out[kIntake] + out[kReturn]) / in, 1.0, kFluxTolerance) << "emitter " << emitter;
    if (emitter == kSupply) {
      EXPECT_GT(std::fabs(out[kIntake] / (q + r) - q / (q + r)), 1e-3);
    }
  }
}

// Cell velocities that are far from divergence-free (random, as the time-mean field is near
// grilles and jet edges): every concentration stays in [0, 1].
TEST(TracerTransport, BoundedOnAFieldThatIsNotDivergenceFree) {
  const int nx = 12, ny = 12;
  Channel ch(nx, ny, 0.001f);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> speed(-0.05f, 0.05f);
  const auto n = std::size_t(ch.grid.cells_padded());
  std::vector<float> ux(n, 0.0f), uy(n, 0.0f), uz(n, 0.0f);
  for (Index cell = 0; cell < Index(n); ++cell)
    if (is_fluid(ch.flags[cell])) ux[cell] = speed(rng), uy[cell] = speed(rng);
  ch.flux = face_fluxes(ch.grid, ch.flags, ux, uy, uz);
  for (int j = 0; j < ny; ++j) {
    ch.opening(0, j, 0.02f, 0);
    ch.opening(nx - 1, j, -0.02f, 1);
  }
  const TracerSystem s = ch.system();
  std::vector<float> c;
  ASSERT_TRUE(solve_tracer(s, tracer_source(s, [](int o) { return o == 0; }), c, control()).converged);
  expect_bounded(s, c);
}

// The correction to divergence-free: on random cell velocities with fixed-flux openings at
// one end and an open one (a pressure outlet) at the other, every cell's net outflow ends
// near zero, the fixed openings keep their flux and the open one takes the balance.
TEST(TracerTransport, CorrectionLeavesNoCellWithNetOutflow) {
  const int nx = 12, ny = 12;
  Channel ch(nx, ny, 0.0f);
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> speed(-0.05f, 0.05f);
  const auto n = std::size_t(ch.grid.cells_padded());
  std::vector<float> ux(n, 0.0f), uy(n, 0.0f), uz(n, 0.0f);
  for (Index cell = 0; cell < Index(n); ++cell)
    if (is_fluid(ch.flags[cell])) ux[cell] = speed(rng), uy[cell] = speed(rng);
  ch.flux = face_fluxes(ch.grid, ch.flags, ux, uy, uz);
  const float supply = 0.02f;
  for (int j = 0; j < ny; ++j) {
    ch.opening(0, j, supply, 0);
    ch.opening(nx - 1, j, 0.0f, 1);
    ch.openings.back().open = true;
  }
  const Projection p = make_divergence_free(ch.grid, ch.flags, ch.flux, ch.openings);
  std::printf("%d iterations, divergence %.3g -> %.3g\n", p.iterations, p.divergence_before, p.divergence_after);
  ASSERT_GT(p.divergence_before, 1.0);  // the random field was far from divergence-free
  // The solve's own tolerance is 1e-8 of the L2 divergence; the float fluxes hold ~1e-7.
  EXPECT_LT(p.divergence_after, 1e-5 * p.divergence_before);
  double out = 0;
  for (const auto& f : ch.openings) {
    if (f.open) {
      out -= f.inflow;
    } else {
      EXPECT_EQ(f.inflow, supply);
    }
  }
  EXPECT_NEAR(out, ny * supply, 1e-5);
}
