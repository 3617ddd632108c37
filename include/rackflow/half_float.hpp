// IEEE binary16 ("half") from and to float, branch-free, bit-exact on every backend.
//
// Why not the hardware's: F16C and CUDA's __half round the same way, but x86 without F16C,
// Kokkos' Serial build and SYCL have nothing common to call, and a branch in the CPU cell
// loop keeps it from vectorising. These are F. Giesen's magic-number conversions
// (float_to_half_fast3_rtne, half_to_float_fast4) with every `if` written as a select, so
// the compiler makes blends of them. Rounding is to nearest, ties to even; overflow is
// +-Inf; NaN stays NaN (made quiet); float values below half's subnormal range round to
// +-0 or the smallest subnormal, as IEEE does.
#pragma once

#include <cstdint>
#include <cstring>

#include "config.hpp"

namespace rackflow::half {

RF_HD RF_INLINE std::uint32_t bits_of(float x) {
#if defined(__CUDA_ARCH__)
  return __float_as_uint(x);
#else
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
#endif
}

RF_HD RF_INLINE float float_of(std::uint32_t u) {
#if defined(__CUDA_ARCH__)
  return __uint_as_float(u);
#else
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
#endif
}

// Comparisons are on int32 (the sign bit is cleared first), which SSE/AVX compare directly.
RF_HD RF_INLINE std::uint16_t from_float(float x) {
  const std::uint32_t u = bits_of(x);
  const std::uint32_t sign = u & 0x80000000u;
  const std::int32_t a = std::int32_t(u ^ sign);  // |x| as bits
  constexpr std::int32_t kFloatInf = 255 << 23;
  constexpr std::int32_t kHalfOverflow = (127 + 16) << 23;   // 65536: rounds to Inf at least
  constexpr std::int32_t kHalfNormalMin = 113 << 23;         // 2^-14
  constexpr std::uint32_t kDenormMagic = ((127 - 15) + (23 - 10) + 1) << 23;  // 0.5f
  // Inf or NaN: all exponent bits, NaN with the quiet bit.
  const std::uint32_t special = a > kFloatInf ? 0x7e00u : 0x7c00u;
  // Subnormal or zero: adding 0.5 aligns the 10 kept bits at the bottom of the float's
  // mantissa, and the float adder rounds them to nearest even.
  const std::uint32_t subnormal = bits_of(float_of(std::uint32_t(a)) + float_of(kDenormMagic)) - kDenormMagic;
  // Normal: rebias the exponent and round to nearest even by adding 0xfff plus the kept
  // mantissa's lowest bit before dropping 13 bits.
  const std::uint32_t odd = (std::uint32_t(a) >> 13) & 1u;
  const std::uint32_t normal = (std::uint32_t(a) + (std::uint32_t(15 - 127) << 23) + 0xfffu + odd) >> 13;
  const std::uint32_t magnitude = a >= kHalfOverflow ? special : a < kHalfNormalMin ? subnormal : normal;
  return std::uint16_t(magnitude | (sign >> 16));
}

RF_HD RF_INLINE float to_float(std::uint16_t h) {
  constexpr std::uint32_t kShiftedExp = 0x7c00u << 13;  // half's exponent field, moved into float's
  const std::uint32_t bits = (std::uint32_t(h) & 0x7fffu) << 13;
  const std::uint32_t exp = bits & kShiftedExp;
  const std::uint32_t rebiased = bits + (std::uint32_t(127 - 15) << 23);
  // Inf/NaN: the exponent goes to all ones. Subnormal/zero: one more exponent step and
  // subtracting 2^-14 renormalises the mantissa in the float unit (exactly).
  const std::uint32_t inf_nan = rebiased + (std::uint32_t(128 - 16) << 23);
  const std::uint32_t subnormal = bits_of(float_of(rebiased + (1u << 23)) - float_of(113u << 23));
  const std::uint32_t magnitude = exp == kShiftedExp ? inf_nan : exp == 0 ? subnormal : rebiased;
  return float_of(magnitude | ((std::uint32_t(h) & 0x8000u) << 16));
}

}  // namespace rackflow::half
