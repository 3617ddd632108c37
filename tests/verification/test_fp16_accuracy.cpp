// FP16 population storage (run.precision: fp16) against FP32 on the same cases: the issue's
// accuracy figures, heated-cavity Nu within 0.5 % and rack inlet temperatures within 0.2 K.
//
//   cavity   the Ra = 1e4 cavity (48 x 48, cases/validation) run to a steady state in each
//            precision; Nu is the heat through the hot wall (test_heated_cavity's measure)
//   hall     cases/crah-failure.yaml (racks, CRAHs, raised floor, perforated tiles, a vent)
//            from warm air, both precisions the same number of steps; every rack's mean and
//            hottest inlet temperature compared. demo-hall takes too long for a test; its
//            converged figures are in the FP16 closing note (rackflow run, both precisions).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "case_parser.hpp"
#include "simulation.hpp"

namespace rackflow {
namespace {

// The limits.
constexpr double kNusseltRelative = 0.005;
constexpr double kInletK = 0.2;
// Steady as test_heated_cavity has it: hot and cold wall within 0.1 %, Nu changing < 0.01 %
// per check.
constexpr double kSteadyBalance = 1e-3, kSteadyChange = 1e-4;

CaseSpec with_precision(CaseSpec spec, Precision p) {
  spec.run.precision = p;
  return spec;
}

double group_watts(const EnergyBalance& e, const std::string& prefix) {
  for (const auto& f : e.flows)
    if (f.name.rfind(prefix, 0) == 0) return f.watts;
  ADD_FAILURE() << "no energy group " << prefix;
  return 0;
}

double cavity_nusselt(const CaseSpec& spec) {
  solver::Simulation sim(spec, solver::Backend::Cpu);
  const double L = spec.domain.size_m[0], depth = spec.domain.size_m[2];
  const double conduction_w = spec.fluid.thermal_conductivity_w_mk * 10.0 / L * (L * depth);  // dT = 10 K
  const long long check = 20LL * sim.scene().grid.nx;
  const long long max_steps = 40000LL * sim.scene().grid.nx;
  double nu = 0, last = 0;
  while (sim.step() < max_steps) {
    sim.advance(check);
    const EnergyBalance e = sim.energy_balance();
    nu = group_watts(e, "hot") / conduction_w;
    const double nu_cold = -group_watts(e, "cold") / conduction_w;
    const bool steady = std::fabs(nu - nu_cold) < kSteadyBalance * nu && std::fabs(nu - last) < kSteadyChange * nu;
    last = nu;
    if (steady) break;
  }
  EXPECT_LT(sim.step(), max_steps) << precision_name(spec.run.precision) << ": no steady state";
  std::printf("%s: Nu = %.5f after %lld steps\n", precision_name(spec.run.precision), nu, sim.step());
  return nu;
}

TEST(Fp16Accuracy, HeatedCavityNusseltWithinHalfAPercentOfFp32) {
  const CaseSpec spec = parse_case_file(std::string(RACKFLOW_SOURCE_DIR) + "/cases/validation/heated-cavity-ra1e4.yaml");
  const double nu32 = cavity_nusselt(with_precision(spec, Precision::Fp32));
  const double nu16 = cavity_nusselt(with_precision(spec, Precision::Fp16));
  std::printf("Nu FP16 / FP32 - 1 = %+.3e\n", nu16 / nu32 - 1);
  EXPECT_NEAR(nu16, nu32, kNusseltRelative * nu32);
}

// 1000 steps at dt 2.8 ms: 2.8 s, in which the racks' exhaust reaches the aisles and the
// inlets move by kelvins from the initial 24 °C (printed), so a wrong storage shows.
constexpr long long kHallSteps = 1000;

HallResults hall_after(const CaseSpec& spec) {
  solver::Simulation sim(spec, solver::Backend::Cpu);
  sim.advance(kHallSteps);
  EXPECT_EQ(sim.health().nonfinite, 0);
  const EnergyBalance air = sim.energy_balance();
  return sim.hall_results(air, sim.snapshot());
}

TEST(Fp16Accuracy, HallRackInletsWithinPointTwoKelvinOfFp32) {
  CaseSpec spec = parse_case_file(std::string(RACKFLOW_SOURCE_DIR) + "/cases/crah-failure.yaml");
  spec.initial.temperature_c = 24.0;  // warmer than the 18 °C supply: the coils and the aisles work from the start
  const HallResults a = hall_after(with_precision(spec, Precision::Fp32));
  const HallResults b = hall_after(with_precision(spec, Precision::Fp16));
  ASSERT_EQ(a.racks.size(), b.racks.size());
  ASSERT_FALSE(a.racks.empty());
  double worst_mean = 0, worst_max = 0, span = 0;
  for (std::size_t r = 0; r < a.racks.size(); ++r) {
    worst_mean = std::max(worst_mean, std::fabs(a.racks[r].inlet_mean_c - b.racks[r].inlet_mean_c));
    worst_max = std::max(worst_max, std::fabs(a.racks[r].inlet_max_c - b.racks[r].inlet_max_c));
    span = std::max(span, std::fabs(a.racks[r].inlet_mean_c - spec.initial.temperature_c));
  }
  std::printf("after %lld steps: FP16 - FP32 rack inlets: mean within %.4f K, hottest within %.4f K; "
              "inlets moved up to %.2f K from the initial air\n",
              kHallSteps, worst_mean, worst_max, span);
  EXPECT_GT(span, 10 * kInletK) << "the inlets should have moved well beyond the tolerance";
  EXPECT_LT(worst_mean, kInletK);
  EXPECT_LT(worst_max, kInletK);
}

}  // namespace
}  // namespace rackflow
