// The two storages of the populations (run.precision), behind one load and one store so the
// functors are written once, templated on the storage type P.
//
// float (FP32): the shifted population f_i - w_i as is.
// Fp16s (FP16): FluidX3D's FP16S idea. The shifted population times 2^15, as IEEE binary16
// bits. The deviations from the weights are small (|f_i - w_i| < 2 in any run that is not
// diverging), so the power-of-two scale moves them up to where half keeps 11 significant
// bits rather than into its subnormal range, and it is exact both ways. A deviation of 2
// or more stores as Inf, which the health check then reports as divergence.
#pragma once

#include <cstdint>

#include "rackflow/config.hpp"
#include "rackflow/half_float.hpp"
#include "rackflow/precision.hpp"

namespace rackflow::kernels {

enum class Fp16s : std::uint16_t {};

constexpr float kFp16sScale = 32768.0f;  // 2^15
constexpr float kFp16sUnscale = 1.0f / kFp16sScale;

RF_HD RF_INLINE float load_population(const float* f, Index i) { return f[i]; }
RF_HD RF_INLINE void store_population(float* f, Index i, float v) { f[i] = v; }

RF_HD RF_INLINE float load_population(const Fp16s* f, Index i) {
  return half::to_float(std::uint16_t(f[i])) * kFp16sUnscale;
}
RF_HD RF_INLINE void store_population(Fp16s* f, Index i, float v) {
  f[i] = Fp16s(half::from_float(v * kFp16sScale));
}

template <class P>
constexpr Precision precision_of() {
  return sizeof(P) == sizeof(float) ? Precision::Fp32 : Precision::Fp16;
}

constexpr int population_bytes(Precision p) { return p == Precision::Fp16 ? 2 : 4; }

// Between the device's storage and FP32 (the host state and checkpoints are FP32 whatever
// the storage, so a checkpoint restarts in either precision).
template <class P>
struct PopulationsToFloat {
  const P* from;
  float* to;
  RF_HD void operator()(Index i) const { to[i] = load_population(from, i); }
};

template <class P>
struct PopulationsFromFloat {
  const float* from;
  P* to;
  RF_HD void operator()(Index i) const { store_population(to, i, from[i]); }
};

}  // namespace rackflow::kernels
