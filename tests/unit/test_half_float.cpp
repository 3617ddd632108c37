// The FP16 population storage's conversions (include/rackflow/half_float.hpp,
// kernels/population_storage.hpp), checked against binary16 values built from their
// fields with ldexp, not with the code under test.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/population_storage.hpp"
#include "rackflow/half_float.hpp"

namespace rackflow {
namespace {

// The value of a finite or infinite half from its sign, exponent and mantissa fields.
double half_value(std::uint16_t h) {
  const int sign = h >> 15, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  const double magnitude = exponent == 0    ? std::ldexp(double(mantissa), -24)
                           : exponent == 31 ? std::numeric_limits<double>::infinity()
                                            : std::ldexp(double(1024 + mantissa), exponent - 25);
  return sign ? -magnitude : magnitude;
}

bool is_half_nan(std::uint16_t h) { return (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0; }

TEST(HalfFloat, EveryHalfConvertsToItsValueAndBack) {
  for (std::uint32_t h = 0; h <= 0xffff; ++h) {
    const std::uint16_t bits = std::uint16_t(h);
    const float x = half::to_float(bits);
    if (is_half_nan(bits)) {
      EXPECT_TRUE(std::isnan(x)) << std::hex << h;
      EXPECT_TRUE(is_half_nan(half::from_float(x))) << std::hex << h;  // NaN stays NaN
      continue;
    }
    ASSERT_EQ(double(x), half_value(bits)) << std::hex << h;
    ASSERT_EQ(half::from_float(x), bits) << std::hex << h;
  }
}

// Halfway between two neighbouring halves (exact in float) rounds to the one with the even
// mantissa; one float step either side rounds to the nearer. For every positive finite
// pair, subnormals included, and for the largest half and the overflow threshold.
TEST(HalfFloat, MidpointsRoundToNearestEven) {
  for (std::uint16_t lo = 0; lo < 0x7bff; ++lo) {
    const std::uint16_t hi = std::uint16_t(lo + 1);
    const float mid = float(0.5 * (half_value(lo) + half_value(hi)));
    ASSERT_EQ(double(mid), 0.5 * (half_value(lo) + half_value(hi)));  // exact: a float has 13 more bits
    const std::uint16_t even = (lo & 1) ? hi : lo;
    ASSERT_EQ(half::from_float(mid), even) << std::hex << lo;
    ASSERT_EQ(half::from_float(std::nextafter(mid, 0.0f)), lo) << std::hex << lo;
    ASSERT_EQ(half::from_float(std::nextafter(mid, std::numeric_limits<float>::infinity())), hi) << std::hex << lo;
  }
}

TEST(HalfFloat, ZeroSignsOverflowAndNaN) {
  EXPECT_EQ(half::from_float(0.0f), 0x0000);
  EXPECT_EQ(half::from_float(-0.0f), 0x8000);
  EXPECT_EQ(std::signbit(half::to_float(0x8000)), true);
  for (const float x : {1.0f, 0.333f, 3.0e-6f, 65504.0f, 1.0e-30f})
    EXPECT_EQ(half::from_float(-x), half::from_float(x) | 0x8000) << x;
  // 65504 is the largest half; 65520 is halfway to the next step, 2^16, which is Inf.
  EXPECT_EQ(half::from_float(65504.0f), 0x7bff);
  EXPECT_EQ(half::from_float(std::nextafter(65520.0f, 0.0f)), 0x7bff);
  EXPECT_EQ(half::from_float(65520.0f), 0x7c00);
  EXPECT_EQ(half::from_float(1.0e10f), 0x7c00);
  EXPECT_EQ(half::from_float(-1.0e10f), 0xfc00);
  EXPECT_EQ(half::from_float(std::numeric_limits<float>::infinity()), 0x7c00);
  EXPECT_EQ(half::from_float(-std::numeric_limits<float>::infinity()), 0xfc00);
  EXPECT_TRUE(is_half_nan(half::from_float(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(is_half_nan(half::from_float(-std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(std::isinf(half::to_float(0x7c00)));
  // Below the smallest subnormal (2^-24): half of it is a tie and goes to 0 (even).
  EXPECT_EQ(half::from_float(std::ldexp(1.0f, -25)), 0x0000);
  EXPECT_EQ(half::from_float(std::nextafter(std::ldexp(1.0f, -25), 1.0f)), 0x0001);
  EXPECT_EQ(half::from_float(1.0e-30f), 0x0000);
}

// The shifted storage keeps half's 11 significant bits over the deviations a run has
// (down to 2^-29, where the 2^15 scale puts half's smallest normal) and turns |f - w| >= 2
// into Inf for the health check.
TEST(PopulationStorage, Fp16sKeepsElevenBitsAndOverflowsToInfAtTwo) {
  constexpr double kRelativeStep = 1.0 / 2048;  // half rounds to within half of 2^-10 relative
  kernels::Fp16s cell{};
  for (double x = std::ldexp(1.0, -29); x < 1.999; x *= 1.0137) {  // 65520 / 2^15 = 1.9995 rounds to Inf
    for (const double v : {x, -x}) {
      kernels::store_population(&cell, 0, float(v));
      const double back = kernels::load_population(&cell, 0);
      ASSERT_LE(std::abs(back - v), kRelativeStep * std::abs(v)) << v;
    }
  }
  kernels::store_population(&cell, 0, 2.0f);
  EXPECT_TRUE(std::isinf(kernels::load_population(&cell, 0)));
  kernels::store_population(&cell, 0, -2.5f);
  EXPECT_TRUE(std::isinf(kernels::load_population(&cell, 0)));
}

}  // namespace
}  // namespace rackflow
