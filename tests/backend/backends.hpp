// The backends of this build, for test bodies written once and instantiated per backend
// (Cabana's test harness, STYLE.md): a value-parameterised suite runs its body on each, named
// by the backend ("Invariants/MassIsConserved/kokkos"), so CI and ctest can pick one with
// --gtest_filter=*/kokkos. CUDA is listed where the build has it and skipped, by
// GTEST_SKIP, where no device is usable.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "simulation.hpp"

namespace rackflow::test {

inline std::vector<solver::Backend> built_backends() {
  std::vector<solver::Backend> b{solver::Backend::Cpu};
  if (kernels::kokkos_backend_built()) b.push_back(solver::Backend::Kokkos);
  if (kernels::cuda_backend_built()) b.push_back(solver::Backend::Cuda);
  return b;
}

// The backends other than the CPU, each compared with it.
inline std::vector<solver::Backend> other_backends() {
  std::vector<solver::Backend> b = built_backends();
  b.erase(b.begin());
  return b;
}

inline std::string backend_label(solver::Backend b) {
  switch (b) {
    case solver::Backend::Cpu: return "cpu";
    case solver::Backend::Cuda: return "cuda";
    case solver::Backend::Kokkos: return "kokkos";
    case solver::Backend::Auto: return "auto";
  }
  return "unknown";
}

struct BackendName {
  std::string operator()(const testing::TestParamInfo<solver::Backend>& info) const {
    return backend_label(info.param);
  }
};

// Base of every per-backend suite: skips a CUDA instance where no device is usable.
class PerBackend : public testing::TestWithParam<solver::Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == solver::Backend::Cuda && !kernels::cuda_device_available(nullptr, nullptr))
      GTEST_SKIP() << "no usable CUDA device";
  }
};

}  // namespace rackflow::test
