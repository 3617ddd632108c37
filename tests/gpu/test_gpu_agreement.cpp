// The CUDA backend computes what the CPU backend computes: 200 steps of the demo room on
// both, fields compared cell by cell. Exits 77 (skipped) where no CUDA device is usable.
//
// Tolerances: both backends run the same float arithmetic, but the compilers contract
// differently into FMAs and the reductions sum in different orders, so results differ
// at round-off (~1e-7 relative per operation), amplified by 200 steps of a flow with jets.
// 1e-3 K and 1e-3 m/s are 1e-4 of the case's temperature span and 1/2000 of its top
// speed: far above round-off drift, far below what any wrong term produces.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "case_parser.hpp"
#include "simulation.hpp"

namespace {

using namespace rackflow;

constexpr double kTemperatureToleranceK = 1e-3;
constexpr double kVelocityToleranceMs = 1e-3;
constexpr long long kSteps = 200;

TEST(GpuAgreement, DemoRoomCpuAndCudaAgreeAfter200Steps) {
  const CaseSpec spec = parse_case_file(std::string(RACKFLOW_SOURCE_DIR) + "/cases/demo-room.yaml");
  solver::Simulation cpu(spec, solver::Backend::Cpu), gpu(spec, solver::Backend::Cuda);
  cpu.advance(kSteps);
  gpu.advance(kSteps);
  const Snapshot a = cpu.snapshot(), b = gpu.snapshot();
  ASSERT_EQ(a.size(), b.size());
  double dt_max = 0, du_max = 0;
  for (std::size_t m = 0; m < a.size(); ++m) {
    dt_max = std::max(dt_max, double(std::fabs(a.temperature_c[m] - b.temperature_c[m])));
    for (int c = 0; c < 3; ++c)
      du_max = std::max(du_max, double(std::fabs(a.velocity_m_s[3 * m + c] - b.velocity_m_s[3 * m + c])));
  }
  std::printf("%s vs %s after %lld steps: max |dT| = %.3g K, max |du| = %.3g m/s\n", cpu.backend_name().c_str(),
              gpu.backend_name().c_str(), kSteps, dt_max, du_max);
  EXPECT_LT(dt_max, kTemperatureToleranceK);
  EXPECT_LT(du_max, kVelocityToleranceMs);
}

}  // namespace

int main(int argc, char** argv) {
  std::string name;
  if (!rackflow::kernels::cuda_device_available(&name, nullptr)) {
    std::printf("no usable CUDA device%s: GPU agreement test skipped\n",
                rackflow::kernels::cuda_backend_built() ? "" : " (built without CUDA)");
    return 77;
  }
  std::printf("CUDA device: %s\n", name.c_str());
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
