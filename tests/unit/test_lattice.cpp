// D3Q19 descriptor identities and the one-cell collision operator (include/rackflow/).
//
// The descriptor tests check the moment identities the Chapman-Enskog expansion relies on
// (isotropy up to fourth order); the collision tests check what each cell update must
// conserve, on random populations near equilibrium.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>

#include "rackflow/collision.hpp"
#include "rackflow/lattice/d3q19.hpp"

namespace rackflow {
namespace {

namespace q19 = lattice::d3q19;
using collision::CellMoments;

// Weights are float constants (1/3, 1/18, 1/36): sums of 19 of them carry float rounding
// (ulp(1) = 1.2e-7), so identities over the weights hold to a few float ulps.
constexpr double kWeightSumTol = 1e-6;
// One collision in float on populations of order 0.1: 19-term sums of float results,
// each rounded to ~1e-8, are exact to well below 1e-6. A missing force or a mass leak
// would show at the 1e-4 level of the perturbations used below.
constexpr double kConservationTol = 2e-6;
// Same for derived quantities (velocity, stress) built from a few such sums.
constexpr double kMomentTol = 2e-6;

int c(int i, int a) { return a == 0 ? q19::cx(i) : (a == 1 ? q19::cy(i) : q19::cz(i)); }
double delta(int a, int b) { return a == b ? 1.0 : 0.0; }

// ---------------------------------------------------------------------------------------
// Descriptor

TEST(D3Q19, WeightsSumToOne) {
  double s = 0;
  for (int i = 0; i < q19::Q; ++i) s += q19::w(i);
  EXPECT_NEAR(s, 1.0, kWeightSumTol);
}

TEST(D3Q19, VelocitySetIsRestSixFacesTwelveEdges) {
  int count[4] = {0, 0, 0, 0};
  for (int i = 0; i < q19::Q; ++i) {
    const int c2 = c(i, 0) * c(i, 0) + c(i, 1) * c(i, 1) + c(i, 2) * c(i, 2);
    ASSERT_LE(c2, 2) << "direction " << i;
    ++count[c2];
    // Weight by speed class: 1/3 rest, 1/18 faces, 1/36 edges.
    const double expected_w = c2 == 0 ? 1.0 / 3.0 : (c2 == 1 ? 1.0 / 18.0 : 1.0 / 36.0);
    EXPECT_NEAR(q19::w(i), expected_w, kWeightSumTol) << "direction " << i;
    for (int j = 0; j < i; ++j)
      EXPECT_FALSE(c(i, 0) == c(j, 0) && c(i, 1) == c(j, 1) && c(i, 2) == c(j, 2))
          << "directions " << i << " and " << j << " coincide";
  }
  EXPECT_EQ(count[0], 1);
  EXPECT_EQ(count[1], 6);
  EXPECT_EQ(count[2], 12);
  EXPECT_EQ(count[0] + count[1] + count[2], q19::Q);
}

TEST(D3Q19, FirstMomentOfWeightsVanishes) {
  for (int a = 0; a < 3; ++a) {
    double s = 0;
    for (int i = 0; i < q19::Q; ++i) s += q19::w(i) * c(i, a);
    EXPECT_NEAR(s, 0.0, kWeightSumTol) << "axis " << a;
  }
}

TEST(D3Q19, SecondMomentIsIsotropic) {
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      double s = 0;
      for (int i = 0; i < q19::Q; ++i) s += q19::w(i) * c(i, a) * c(i, b);
      EXPECT_NEAR(s, q19::cs2 * delta(a, b), kWeightSumTol) << "a=" << a << " b=" << b;
    }
}

TEST(D3Q19, ThirdMomentVanishes) {
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int g = 0; g < 3; ++g) {
        double s = 0;
        for (int i = 0; i < q19::Q; ++i) s += q19::w(i) * c(i, a) * c(i, b) * c(i, g);
        EXPECT_NEAR(s, 0.0, kWeightSumTol) << a << b << g;
      }
}

TEST(D3Q19, FourthMomentIsIsotropic) {
  const double cs4 = double(q19::cs2) * double(q19::cs2);
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int g = 0; g < 3; ++g)
        for (int d = 0; d < 3; ++d) {
          double s = 0;
          for (int i = 0; i < q19::Q; ++i) s += q19::w(i) * c(i, a) * c(i, b) * c(i, g) * c(i, d);
          const double expected =
              cs4 * (delta(a, b) * delta(g, d) + delta(a, g) * delta(b, d) + delta(a, d) * delta(b, g));
          EXPECT_NEAR(s, expected, kWeightSumTol) << a << b << g << d;
        }
}

TEST(D3Q19, SpeedOfSoundSquaredIsOneThird) {
  EXPECT_NEAR(q19::cs2, 1.0 / 3.0, kWeightSumTol);
}

TEST(D3Q19, OppositeIsAnInvolutionWithReversedVelocity) {
  EXPECT_EQ(q19::opposite(0), 0);
  for (int i = 0; i < q19::Q; ++i) {
    const int o = q19::opposite(i);
    ASSERT_GE(o, 0);
    ASSERT_LT(o, q19::Q);
    EXPECT_EQ(q19::opposite(o), i) << "direction " << i;
    if (i != 0) {
      EXPECT_NE(o, i) << "direction " << i;
    }
    for (int a = 0; a < 3; ++a) EXPECT_EQ(c(o, a), -c(i, a)) << "direction " << i << " axis " << a;
    EXPECT_EQ(q19::w(o), q19::w(i)) << "direction " << i;
  }
}

// ---------------------------------------------------------------------------------------
// Collision

using Pops = float[q19::Q];

struct Sums {
  double rho_m1 = 0;  // sum of shifted populations = rho - 1
  std::array<double, 3> j{0, 0, 0};
  std::array<std::array<double, 3>, 3> m2{};  // sum c_a c_b f (shifted)
};

Sums sums(const Pops& f) {
  Sums s;
  for (int i = 0; i < q19::Q; ++i) {
    s.rho_m1 += f[i];
    for (int a = 0; a < 3; ++a) {
      s.j[a] += c(i, a) * double(f[i]);
      for (int b = 0; b < 3; ++b) s.m2[a][b] += c(i, a) * c(i, b) * double(f[i]);
    }
  }
  return s;
}

// Random shifted populations: equilibrium at a random (rho, u) plus a random
// non-equilibrium part of relative size `noise`.
void random_near_equilibrium(std::mt19937& rng, float noise, Pops& f, float& rho, float u[3]) {
  std::uniform_real_distribution<float> r(-1.0f, 1.0f);
  rho = 1.0f + 0.02f * r(rng);
  for (int a = 0; a < 3; ++a) u[a] = 0.05f * r(rng);
  for (int i = 0; i < q19::Q; ++i)
    f[i] = collision::equilibrium_shifted(i, rho, u) + noise * q19::w(i) * r(rng);
}

TEST(Collision, EquilibriumHasPrescribedMoments) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    Pops f;
    float rho, u[3];
    random_near_equilibrium(rng, 0.0f, f, rho, u);
    const Sums s = sums(f);
    EXPECT_NEAR(s.rho_m1, rho - 1.0, kMomentTol);
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(s.j[a], rho * u[a], kMomentTol) << "axis " << a;
    // Shifted second moment: rho cs2 delta + rho u u - cs2 delta (the -w_i shift).
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b)
        EXPECT_NEAR(s.m2[a][b], (rho - 1.0) * q19::cs2 * delta(a, b) + rho * u[a] * u[b], kMomentTol)
            << "a=" << a << " b=" << b;
  }
}

TEST(Collision, MomentsIncludeHalfTheForce) {
  std::mt19937 rng(11);
  const float force[3] = {1e-3f, -2e-3f, 5e-4f};
  for (int trial = 0; trial < 20; ++trial) {
    Pops f;
    float rho, u[3];
    random_near_equilibrium(rng, 1e-2f, f, rho, u);
    const Sums s = sums(f);
    const CellMoments m = collision::moments(f, force);
    EXPECT_NEAR(m.rho, 1.0 + s.rho_m1, kMomentTol);
    for (int a = 0; a < 3; ++a)
      EXPECT_NEAR(m.u[a], (s.j[a] + 0.5 * force[a]) / m.rho, kMomentTol) << "axis " << a;
  }
}

// Mass exactly, momentum gains exactly the force: sum c f* = j + F.
TEST(Collision, PostCollisionConservesMassAndAddsTheForce) {
  std::mt19937 rng(3);
  const float forces[3][3] = {{0, 0, 0}, {1e-3f, 0, 0}, {2e-4f, -1e-3f, 7e-4f}};
  const float taus[3] = {0.51f, 0.8f, 1.7f};
  for (const auto& force : forces)
    for (float tau : taus)
      for (int trial = 0; trial < 20; ++trial) {
        Pops f, post;
        float rho, u[3];
        random_near_equilibrium(rng, 2e-2f, f, rho, u);
        const Sums before = sums(f);
        const CellMoments m = collision::moments(f, force);
        const collision::PostCollision out = collision::post_collision(m, force, 1.0f / tau);
        for (int i = 0; i < q19::Q; ++i) post[i] = out(i);
        const Sums after = sums(post);
        EXPECT_NEAR(after.rho_m1, before.rho_m1, kConservationTol) << "tau " << tau;
        for (int a = 0; a < 3; ++a)
          EXPECT_NEAR(after.j[a], before.j[a] + force[a], kConservationTol)
              << "tau " << tau << " axis " << a << " force " << force[a];
      }
}

// The regularised operator relaxes the deviatoric second moment as BGK does:
// Pi*_neq = (1 - omega) Pi_neq (no force).
TEST(Collision, PostCollisionRelaxesStressLikeBGK) {
  std::mt19937 rng(5);
  const float no_force[3] = {0, 0, 0};
  for (float tau : {0.55f, 0.8f, 1.3f})
    for (int trial = 0; trial < 20; ++trial) {
      Pops f, post, feq;
      float rho, u[3];
      random_near_equilibrium(rng, 2e-2f, f, rho, u);
      const CellMoments m = collision::moments(f, no_force);
      const float omega = 1.0f / tau;
      const collision::PostCollision out = collision::post_collision(m, no_force, omega);
      for (int i = 0; i < q19::Q; ++i) {
        post[i] = out(i);
        feq[i] = collision::equilibrium_shifted(i, m.rho, m.u);
      }
      const Sums s_pre = sums(f), s_post = sums(post), s_eq = sums(feq);
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) {
          const double pi_pre = s_pre.m2[a][b] - s_eq.m2[a][b];
          const double pi_post = s_post.m2[a][b] - s_eq.m2[a][b];
          EXPECT_NEAR(pi_post, (1.0 - omega) * pi_pre, kMomentTol) << "tau " << tau << " a=" << a << " b=" << b;
        }
    }
}

// Populations of a cell in simple shear: equilibrium at rest plus the Hermite
// non-equilibrium part of a stress Pi_xz = pi_xz.
void sheared(float pi_xz, Pops& f) {
  for (int i = 0; i < q19::Q; ++i) f[i] = 4.5f * q19::w(i) * 2.0f * c(i, 0) * c(i, 2) * pi_xz;
}

TEST(Collision, LesTauIsTau0WithoutSmagorinsky) {
  const float no_force[3] = {0, 0, 0};
  for (float pi : {0.0f, 1e-4f, 1e-2f}) {
    Pops f;
    sheared(pi, f);
    const CellMoments m = collision::moments(f, no_force);
    for (float tau0 : {0.5001f, 0.8f, 1.5f}) EXPECT_FLOAT_EQ(collision::les_tau(m, no_force, tau0, 0.0f), tau0);
  }
}

// With C_s > 0 tau grows with the strain rate, and satisfies the Smagorinsky relation it
// is solved from: (tau - tau0)/3 = nu_t = C_s^2 |S| with |S| = sqrt(2 S:S) and
// S = -Pi_neq / (2 rho cs2 tau).
TEST(Collision, LesTauGrowsWithStrainAndMatchesSmagorinsky) {
  const float no_force[3] = {0, 0, 0};
  const float tau0 = 0.5001f;
  const float c2 = 0.17f * 0.17f;
  // tau is a float near 0.5 (ulp 6e-8) solved from a float quadratic: allow a few ulps on
  // tau, i.e. on 3 nu_t; the smallest strain below gives tau - tau0 ~ 5e-7, the largest ~5e-4.
  constexpr int kTauUlps = 4;
  float previous = tau0;
  for (float pi : {1e-6f, 1e-5f, 1e-4f, 1e-3f}) {
    Pops f;
    sheared(pi, f);
    const CellMoments m = collision::moments(f, no_force);
    EXPECT_NEAR(m.pi[4], pi, kMomentTol);  // the stress the populations carry
    const float tau = collision::les_tau(m, no_force, tau0, c2);
    EXPECT_GT(tau, previous) << "pi_xz " << pi;
    previous = tau;
    const double norm = std::sqrt(2.0) * pi;  // |Pi| = sqrt(Pi:Pi), Pi_xz = Pi_zx
    const double strain = std::sqrt(2.0) * norm / (2.0 * m.rho * q19::cs2 * tau);
    const double tau_ulp = double(std::nextafter(tau, 1.0f) - tau);
    EXPECT_NEAR(double(tau) - tau0, 3.0 * c2 * strain, kTauUlps * tau_ulp) << "pi_xz " << pi;
  }
  // Noticeably above tau0 at a strong strain (not a rounding-level effect).
  EXPECT_GT(previous - tau0, 1e-4f);
}

}  // namespace
}  // namespace rackflow
