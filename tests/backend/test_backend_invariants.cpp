// The kernel invariants, one body per backend (backends.hpp): what every launch layer's time
// step must keep up to float round-off, whatever the flow does. Smaller and shorter than the
// CPU-only tests/kernel/test_kernels.cpp so that the Serial Kokkos build runs them in
// seconds; the tolerances are that file's, with the budgets restated for these sizes.
//
//   mass        closed box with a buoyant flow: mean of (rho - 1) over the fluid unchanged
//   momentum    periodic box, no force along x, y: the mean horizontal momentum of a drifting
//               flow with a rising plume unchanged
//   uniform T   pressure-driven flow turning around an obstacle: a uniform temperature stays
//               uniform
//   energy      supply into warm air with a heater: in - out - storage is round-off
//   agreement   each backend other than the CPU computes what the CPU computes
//
// Float fields (24-bit mantissa, 6e-8 relative), double reductions.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "../patch_builder.hpp"
#include "backends.hpp"

namespace rackflow::test {
namespace {

using solver::Simulation;

constexpr double kCell = 0.05;  // [m]

double top_speed_m_s(const Snapshot& s) {
  double top = 0;
  for (std::size_t m = 0; m < s.size(); ++m) {
    const float* u = &s.velocity_m_s[3 * m];
    top = std::max(top, double(std::sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2])));
  }
  return top;
}

class Invariants : public PerBackend {};

// ---------------------------------------------------------------- mass
// A closed 0.8 m box at rest (16^3 cells) with a hot lower half of one wall: a natural-
// convection flow with |rho - 1| of 1e-6 .. 1e-5. The mean of (rho - 1) starts at exactly 0;
// the snapshot's float rho near 1 has spacing 2^-24 = 6e-8, whose per-cell rounding averages
// out over 4096 cells to ~1e-9 (bias at most ~2e-8). Collision and bounce-back conserve
// mass exactly in exact arithmetic: the mean may move by less than one spacing. A leak of
// one spacing per cell over 600 steps (1e-10 per cell and step) fails.
constexpr long long kMassSteps = 600;
constexpr double kMeanDensityTolerance = 5.96e-8;  // 2^-24

TEST_P(Invariants, MassIsConservedInAClosedBoxWithBuoyantFlow) {
  CaseSpec s;
  s.name = "closed-box";
  s.domain.size_m = {0.8, 0.8, 0.8};
  s.domain.resolution_m = kCell;
  s.run.end_time_s = 1;
  s.initial.temperature_c = 20.0;
  s.fluid.reference_temperature_c = 20.0;
  PatchSpec hot = rect_patch("hot", PatchKind::Wall, Face::XMin, {0.0, 0.0}, {0.8, 0.4});
  hot.has_temperature = true;
  hot.temperature_c = 45.0;
  s.patches.push_back(hot);
  Simulation sim(s, GetParam());
  const double p_per_rho = sim.lattice().units.pressure_si(1.0 / 3.0);  // Pa per unit (rho - 1)
  sim.advance(kMassSteps);
  const Snapshot snap = sim.snapshot();
  double sum = 0;
  for (std::size_t m = 0; m < snap.size(); ++m) sum += snap.pressure_pa[m] / p_per_rho;
  const double mean = sum / double(snap.size());
  std::printf("%s: mass: after %lld steps mean(rho-1) = %+.3e (tolerance %.2e), top speed %.3f m/s\n",
              sim.backend_name().c_str(), sim.step(), mean, kMeanDensityTolerance, top_speed_m_s(snap));
  // 600 steps are ~0.1 s: the boundary layer has started (measured 0.005 m/s), not yet the
  // 0.1 m/s of a developed flow. Air at rest would keep its mass trivially.
  EXPECT_GT(top_speed_m_s(snap), 0.002) << "the heated wall should have set the air moving";
  EXPECT_LT(std::fabs(mean), kMeanDensityTolerance);
}

// ---------------------------------------------------------------- momentum
// Mean horizontal velocity relative to |U|. The collision conserves momentum exactly in exact
// arithmetic; in float the rounding of the post-collision populations has a bias along u of
// ~1.5e-8 of u per collision (tests/kernel/test_kernels.cpp), 3e-6 over 200 steps. 1e-5.
constexpr long long kMomentumSteps = 200;
constexpr double kMomentumTolerance = 1e-5;
constexpr double kDriftX = 1.0, kDriftY = 0.5;  // [m/s]

struct Momentum {
  double u = 0, v = 0;  // sum(rho u) / sum(rho) [m/s]
};

Momentum mean_momentum(Simulation& sim) {
  const Snapshot snap = sim.snapshot();
  const double p_per_rho = sim.lattice().units.pressure_si(1.0 / 3.0);
  double mass = 0, jx = 0, jy = 0;
  for (std::size_t m = 0; m < snap.size(); ++m) {
    const double rho = 1.0 + snap.pressure_pa[m] / p_per_rho;
    mass += rho;
    jx += rho * snap.velocity_m_s[3 * m];
    jy += rho * snap.velocity_m_s[3 * m + 1];
  }
  return {jx / mass, jy / mass};
}

TEST_P(Invariants, HorizontalMomentumOfABuoyantPlumeInAPeriodicCrossFlowIsConserved) {
  // 16^3 periodic cells drifting at (1, 0.5, 0) m/s, gravity along z and a heat source: the
  // plume shears the flow, so the eddy viscosity works, but no force acts along x or y.
  CaseSpec s;
  s.name = "periodic-box";
  s.domain.size_m = {0.8, 0.8, 0.8};
  s.domain.resolution_m = kCell;
  s.domain.periodic = {true, true, true};
  s.gravity_m_s2 = {0, 0, -9.81};
  s.turbulence.model = TurbulenceModel::Smagorinsky;
  s.fluid.kinematic_viscosity_m2_s = 1.5e-5;
  s.initial.velocity_m_s = {kDriftX, kDriftY, 0.0};
  s.run.end_time_s = 1;
  s.run.max_velocity_m_s = 2.0;
  BoxSpec heater;
  heater.name = "heater";
  heater.kind = BoxKind::HeatSource;
  heater.min_m = {0.3, 0.3, 0.1};
  heater.max_m = {0.5, 0.5, 0.3};
  heater.power_w = 5000;
  s.boxes.push_back(heater);
  Simulation sim(s, GetParam());
  const Momentum before = mean_momentum(sim);
  sim.advance(kMomentumSteps);
  const Momentum after = mean_momentum(sim);
  const Snapshot snap = sim.snapshot();
  double w_max = 0;
  for (std::size_t m = 0; m < snap.size(); ++m) w_max = std::max(w_max, double(std::fabs(snap.velocity_m_s[3 * m + 2])));
  const double speed = std::hypot(kDriftX, kDriftY);
  const double dev = std::max(std::fabs(after.u - before.u), std::fabs(after.v - before.v)) / speed;
  std::printf("%s: momentum: mean (u, v) (%.7f, %.7f) -> (%.7f, %.7f) m/s, change %.3e of |U| (tolerance %.0e); "
              "max |w| %.3f m/s\n",
              sim.backend_name().c_str(), before.u, before.v, after.u, after.v, dev, kMomentumTolerance, w_max);
  EXPECT_NEAR(before.u, kDriftX, kMomentumTolerance * speed);
  EXPECT_GT(w_max, 0.05) << "the plume should be rising";
  EXPECT_LT(dev, kMomentumTolerance);
}

// ---------------------------------------------------------------- uniform T, energy
// 1.6 x 0.8 x 0.8 m (32 x 16 x 16 cells): air enters through a rectangle on x_min, meets a
// block in the lower front, turns and leaves through a rectangle high on y_max.
CaseSpec ventilated_box() {
  CaseSpec s;
  s.name = "ventilated-box";
  s.domain.size_m = {1.6, 0.8, 0.8};
  s.domain.resolution_m = kCell;
  s.run.end_time_s = 1;
  s.run.max_velocity_m_s = 2.0;
  s.turbulence.model = TurbulenceModel::Smagorinsky;
  s.fluid.kinematic_viscosity_m2_s = 1.5e-5;
  BoxSpec block;
  block.name = "block";
  block.kind = BoxKind::Solid;
  block.min_m = {0.6, 0.0, 0.0};
  block.max_m = {0.9, 0.55, 0.6};
  s.boxes.push_back(block);
  s.patches.push_back(rect_patch("exhaust", PatchKind::PressureOutlet, Face::YMax, {1.15, 0.4}, {1.55, 0.75}));
  return s;
}

// Air at 30 °C stored as theta = 5 K (reference 25 °C), float spacing 4.8e-7 K. The link-flux
// update adds sum m (t - theta) / rho_new, exactly 0 for a uniform field; 1e-6 K (2 spacings)
// leaves room only for a change of evaluation order.
constexpr long long kUniformSteps = 300;
constexpr double kUniformToleranceK = 1e-6;

TEST_P(Invariants, UniformTemperatureStaysUniformUnderATurningFlow) {
  // Pressure-driven (+2 Pa on the inlet rectangle), so temperatures are stored relative to
  // the reference and the uniform field is not theta = 0, which any linear scheme keeps.
  CaseSpec s = ventilated_box();
  s.gravity_m_s2 = {0, 0, 0};
  s.fluid.reference_temperature_c = 25.0;
  s.initial.temperature_c = 30.0;
  PatchSpec in = rect_patch("supply", PatchKind::PressureOutlet, Face::XMin, {0.2, 0.1}, {0.6, 0.4});
  in.pressure_pa = 2.0;
  s.patches.push_back(in);
  Simulation sim(s, GetParam());
  sim.advance(kUniformSteps);
  const Snapshot snap = sim.snapshot();
  double worst = 0;
  for (std::size_t m = 0; m < snap.size(); ++m)
    if (snap.object_id[m] == 0) worst = std::max(worst, std::fabs(double(snap.temperature_c[m]) - 30.0));
  std::printf("%s: uniform T: after %lld steps max |T - 30 °C| = %.3e K (tolerance %.0e K); top speed %.3f m/s\n",
              sim.backend_name().c_str(), sim.step(), worst, kUniformToleranceK, top_speed_m_s(snap));
  EXPECT_EQ(sim.health().nonfinite, 0);
  EXPECT_GT(top_speed_m_s(snap), 0.3) << "the pressure difference should drive a real flow";
  EXPECT_LT(worst, kUniformToleranceK);
}

// in - out - storage relative to the heat moved (|flows| + |storage|) per window of 150
// steps: the flows are summed in double from what the update applied and the storage is the
// change of a double sum of rho theta; round-off of ~8e3 float thetas (~1e-6 K each) against
// ~12 K cells of heat moved per step leaves ~1e-7. A term dropped from either side is
// several per cent.
constexpr long long kEnergySteps = 300, kEnergyWindow = 150;
constexpr double kResidualTolerance = 1e-4;
constexpr double kSupplyC = 18.0, kRoomC = 30.0;

constexpr double kHeaterW = 2000.0;

// Cool supply into warm air, and a heater above the block: heat enters by the heater, leaves
// by the exhaust, and the air's content falls.
CaseSpec cooled_box() {
  CaseSpec s = ventilated_box();
  s.initial.temperature_c = kRoomC;
  BoxSpec heater;
  heater.name = "heater";
  heater.kind = BoxKind::HeatSource;
  heater.min_m = {0.65, 0.1, 0.6};
  heater.max_m = {0.85, 0.4, 0.7};
  heater.power_w = kHeaterW;
  s.boxes.push_back(heater);
  PatchSpec in = rect_patch("supply", PatchKind::VelocityInlet, Face::XMin, {0.2, 0.1}, {0.6, 0.4});
  in.velocity_m_s = 2.0;
  in.temperature_c = kSupplyC;
  s.patches.push_back(in);
  return s;
}

TEST_P(Invariants, EnergyResidualOfAHeatedVentilatedBoxIsRoundOff) {
  Simulation sim(cooled_box(), GetParam());
  sim.energy_balance();
  double worst = 0;
  while (sim.step() < kEnergySteps) {
    sim.advance(kEnergyWindow);
    const EnergyBalance e = sim.energy_balance();
    double moved = std::fabs(e.storage_w);
    for (const auto& f : e.flows) moved += std::fabs(f.watts);
    worst = std::max(worst, std::fabs(e.residual_w) / moved);
    std::printf("%s: energy: to step %lld: in %.4e W, out %.4e W, storage %+.4e W, residual %+.3e W (%.2e)\n",
                sim.backend_name().c_str(), sim.step(), e.heat_in_w, e.heat_out_w, e.storage_w, e.residual_w,
                std::fabs(e.residual_w) / moved);
    EXPECT_NEAR(e.heat_in_w, kHeaterW, 1e-3 * kHeaterW) << "the heater's power should be the heat in";
    EXPECT_GT(std::fabs(e.storage_w), 0.1 * e.heat_out_w) << "the box should still be cooling down";
  }
  EXPECT_LT(worst, kResidualTolerance);
}

INSTANTIATE_TEST_SUITE_P(Backends, Invariants, testing::ValuesIn(built_backends()), BackendName());

// ---------------------------------------------------------------- agreement with the CPU
// Kokkos on the host runs the CPU's float arithmetic from the same functors and flags, but
// a loop the CPU layer vectorises (omp simd) and Kokkos' Serial loop does not may contract
// into FMAs differently, and reductions sum in other orders: ~1e-7 relative per operation,
// amplified by a flow with a jet over 200 steps. CUDA contracts differently again. 1e-3 K
// and 1e-3 m/s are 1e-4 of the case's 12 K span and 1/2000 of its 2 m/s jet: far above
// round-off drift, far below what any wrong term produces (tests/gpu/test_gpu_agreement).
constexpr long long kAgreementSteps = 200;
constexpr double kAgreeTemperatureK = 1e-3, kAgreeVelocityMs = 1e-3;

class AgreesWithCpu : public PerBackend {};

// The same case on the CPU and on the backend under test, both storing the populations
// in `precision`.
void expect_agreement(solver::Backend backend, Precision precision) {
  CaseSpec spec = cooled_box();
  spec.run.precision = precision;
  Simulation cpu(spec, solver::Backend::Cpu), other(spec, backend);
  cpu.advance(kAgreementSteps);
  other.advance(kAgreementSteps);
  const Snapshot a = cpu.snapshot(), b = other.snapshot();
  ASSERT_EQ(a.size(), b.size());
  double dt = 0, du = 0;
  for (std::size_t m = 0; m < a.size(); ++m) {
    dt = std::max(dt, double(std::fabs(a.temperature_c[m] - b.temperature_c[m])));
    for (int c = 0; c < 3; ++c) du = std::max(du, double(std::fabs(a.velocity_m_s[3 * m + c] - b.velocity_m_s[3 * m + c])));
  }
  std::printf("%s vs %s, %s, after %lld steps: max |dT| = %.3g K, max |du| = %.3g m/s; top speed %.3f m/s\n",
              cpu.backend_name().c_str(), other.backend_name().c_str(), precision_name(precision), kAgreementSteps, dt,
              du, top_speed_m_s(a));
  EXPECT_GT(top_speed_m_s(a), 1.0) << "the supply jet should be running";
  EXPECT_LT(dt, kAgreeTemperatureK);
  EXPECT_LT(du, kAgreeVelocityMs);
}

TEST_P(AgreesWithCpu, HeatedVentilatedBoxFieldsAfter200Steps) { expect_agreement(GetParam(), Precision::Fp32); }

// FP16 storage: the same conversions on every backend (rackflow/half_float.hpp), so the
// same tolerance; a backend storing with other rounding would differ by a half step, 1e-3
// of a population's deviation, each step.
TEST_P(AgreesWithCpu, HeatedVentilatedBoxFieldsAfter200StepsInFp16) { expect_agreement(GetParam(), Precision::Fp16); }

INSTANTIATE_TEST_SUITE_P(Backends, AgreesWithCpu, testing::ValuesIn(other_backends()), BackendName());
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(AgreesWithCpu);

}  // namespace
}  // namespace rackflow::test
