// One cell's collision: regularised BGK on D3Q19 with Smagorinsky LES and Guo forcing.
//
// Why regularised: at data-centre scale (nu = 1.5e-5 m^2/s, dx = 5 cm) the molecular
// relaxation time is 0.50003. Plain BGK and TRT carry the non-hydrodynamic (ghost) part
// of f_neq with a factor (1 - 1/tau) ~ -1, which is what blows up under-resolved shear
// layers; projecting f_neq onto its second-order Hermite part (Latt & Chopard 2006)
// removes those modes and, with the eddy viscosity, keeps such rooms stable
// (tests/verification/test_stability.cpp). The deviatoric physics is unchanged: the
// second moment after collision equals BGK's.
//
// Populations are stored shifted, f~_i = f_i - w_i, so that float keeps its precision on
// the small deviations from rest that carry the flow.
#pragma once

#include <cmath>

#include "rackflow/config.hpp"
#include "rackflow/lattice/d3q19.hpp"
#include "rackflow/lattice_params.hpp"
#include "rackflow/unroll.hpp"

namespace rackflow::collision {

namespace q19 = lattice::d3q19;

struct CellMoments {
  float rho;
  float rho_m1;   // rho - 1, kept at the precision of the deviations
  float inv_rho;  // 1 / rho, once per cell: the velocity, the eddy viscosity and the heat update divide by rho
  float u[3];     // velocity including half the force (Guo)
  float pi[6];    // non-equilibrium second moment: xx, yy, zz, xy, xz, yz
};

// Running sums over shifted populations: mass, momentum and the second moment. Added to
// one population at a time, so a sweep can fold each population in as it loads it and
// keep 10 sums live instead of 19 populations.
struct MomentSums {
  float rho_m1 = 0, j[3] = {0, 0, 0}, s[6] = {0, 0, 0, 0, 0, 0};  // s: xx, yy, zz, xy, xz, yz

  RF_HD RF_INLINE void add(int i, float fi) {
    const float cx = float(q19::cx(i)), cy = float(q19::cy(i)), cz = float(q19::cz(i));
    rho_m1 += fi;
    j[0] += cx * fi; j[1] += cy * fi; j[2] += cz * fi;
    s[0] += cx * cx * fi; s[1] += cy * cy * fi; s[2] += cz * cz * fi;
    s[3] += cx * cy * fi; s[4] += cx * cz * fi; s[5] += cy * cz * fi;
  }
};

// Density, force-corrected velocity and non-equilibrium stress from the sums.
RF_HD RF_INLINE CellMoments moments(const MomentSums& t, const float force[3]) {
  CellMoments m;
  m.rho = 1.0f + t.rho_m1;
  m.rho_m1 = t.rho_m1;
  m.inv_rho = 1.0f / m.rho;
  m.u[0] = (t.j[0] + 0.5f * force[0]) * m.inv_rho;
  m.u[1] = (t.j[1] + 0.5f * force[1]) * m.inv_rho;
  m.u[2] = (t.j[2] + 0.5f * force[2]) * m.inv_rho;
  // Sum c c f = Sum c c f~ + cs2 I; subtract the equilibrium moment rho cs2 I + rho u u.
  const float iso = t.rho_m1 * q19::cs2;
  m.pi[0] = t.s[0] - iso - m.rho * m.u[0] * m.u[0];
  m.pi[1] = t.s[1] - iso - m.rho * m.u[1] * m.u[1];
  m.pi[2] = t.s[2] - iso - m.rho * m.u[2] * m.u[2];
  m.pi[3] = t.s[3] - m.rho * m.u[0] * m.u[1];
  m.pi[4] = t.s[4] - m.rho * m.u[0] * m.u[2];
  m.pi[5] = t.s[5] - m.rho * m.u[1] * m.u[2];
  return m;
}

// The same from all 19 populations of a cell at once.
RF_HD RF_INLINE CellMoments moments(const float (&f)[q19::Q], const float force[3]) {
  MomentSums t;
  RF_UNROLL
  for (int i = 0; i < q19::Q; ++i) t.add(i, f[i]);
  return moments(t, force);
}

// Effective relaxation time with the Smagorinsky eddy viscosity, nu_t = (C_s dx)^2 |S|,
// solved in closed form from the local non-equilibrium stress (Hou et al. 1996):
// tau = (tau0 + sqrt(tau0^2 + 18 sqrt(2) C_s^2 |Pi| / rho)) / 2. Guo's scheme shifts the
// measured stress by -(uF + Fu)/2, which is added back before taking the norm.
RF_HD RF_INLINE float les_tau(const CellMoments& m, const float force[3], float tau0,
                              float smagorinsky_c2) {
  const float* u = m.u;
  const float pxx = m.pi[0] + u[0] * force[0];
  const float pyy = m.pi[1] + u[1] * force[1];
  const float pzz = m.pi[2] + u[2] * force[2];
  const float pxy = m.pi[3] + 0.5f * (u[0] * force[1] + u[1] * force[0]);
  const float pxz = m.pi[4] + 0.5f * (u[0] * force[2] + u[2] * force[0]);
  const float pyz = m.pi[5] + 0.5f * (u[1] * force[2] + u[2] * force[1]);
  const float norm = sqrtf(pxx * pxx + pyy * pyy + pzz * pzz +
                           2.0f * (pxy * pxy + pxz * pxz + pyz * pyz));
  constexpr float k18sqrt2 = 25.455844f;
  return 0.5f * (tau0 + sqrtf(tau0 * tau0 + k18sqrt2 * smagorinsky_c2 * norm * m.inv_rho));
}

// Hybrid recursive regularisation's stress blend (Jacob, Malaspinas & Sagaut 2018):
//   Pi_neq <- sigma Pi_neq(f) + (1 - sigma) Pi_neq(FD),  Pi_neq(FD) = -2 rho cs2 tau S,
// with S from central differences of the last step's velocities (grad[a][b] = d u_b / d x_a).
// Why: next to no-slip walls under strong shear, at tau ~ 0.5, the population stress carries
// an odd-even (sawtooth) mode that the projection keeps and the eddy viscosity does not see;
// in a raised-floor plenum it showed as +-1.2 m/s alternating cell to cell on a 6 m/s wall
// jet. A central difference over two cells is blind to that mode, so each collision scales
// it by sigma while smooth flows, where both stresses agree, are unchanged to second order.
// The measured stress carries Guo's shift -(uF + Fu)/2; the FD stress gets it too.
RF_HD RF_INLINE void blend_stress(CellMoments& m, const float (&grad)[3][3], const float force[3], float tau,
                                  float sigma) {
  const float k = -m.rho * q19::cs2 * tau;  // Pi = k (d_a u_b + d_b u_a)
  const float* u = m.u;
  const float fd[6] = {
      2.0f * k * grad[0][0] - u[0] * force[0],
      2.0f * k * grad[1][1] - u[1] * force[1],
      2.0f * k * grad[2][2] - u[2] * force[2],
      k * (grad[0][1] + grad[1][0]) - 0.5f * (u[0] * force[1] + u[1] * force[0]),
      k * (grad[0][2] + grad[2][0]) - 0.5f * (u[0] * force[2] + u[2] * force[0]),
      k * (grad[1][2] + grad[2][1]) - 0.5f * (u[1] * force[2] + u[2] * force[1]),
  };
  RF_UNROLL
  for (int a = 0; a < 6; ++a) m.pi[a] = sigma * m.pi[a] + (1.0f - sigma) * fd[a];
}

// Post-collision shifted populations: equilibrium + (1 - 1/tau) regularised f_neq +
// (1 - 1/(2 tau)) Guo source.
//
// The regularised f_neq keeps its first-order Hermite part as well as the second: with
// Guo's half-force velocity, sum c f_neq = j - rho u = -F/2, and dropping it delivers only
// (3 - 1/tau)/2 of the force per step (73 % at tau = 0.65; it showed as a 25 % weak
// flow in the heated cavity). With it, sum c f* = j + F exactly, as in BGK.
//
// All three parts are polynomials of degree two in the lattice velocity c_i, so the cell's
// 19 outputs come from 10 coefficients, f*_i = w_i (a0 + a . c_i + c_i . B . c_i), formed
// once per cell:
//   equilibrium  w (rho_m1 + rho (3 c.u + 4.5 (c.u)^2 - 1.5 u.u)),
//   f_neq        w (4.5 (c c - cs2 I) : Pi - 1.5 c.F)    (3 c.(-F/2) + Q:Pi / (2 cs^4)),
//   source       w (3 (c.F - u.F) + 9 (c.u)(c.F)).
// Ten live values instead of the moments, force and relaxation rate keep the SIMD cell loop
// within the CPU's vector registers, and each output costs a handful of adds.
struct PostCollision {
  float a0;
  float a[3];
  float b[6];  // xx, yy, zz, xy, xz, yz

  RF_HD RF_INLINE float operator()(int i) const {
    const float cx = float(q19::cx(i)), cy = float(q19::cy(i)), cz = float(q19::cz(i));
    const float quadratic = cx * cx * b[0] + cy * cy * b[1] + cz * cz * b[2] +
                            2.0f * (cx * cy * b[3] + cx * cz * b[4] + cy * cz * b[5]);
    return q19::w(i) * (a0 + cx * a[0] + cy * a[1] + cz * a[2] + quadratic);
  }
};

RF_HD RF_INLINE PostCollision post_collision(const CellMoments& m, const float force[3], float omega) {
  const float* u = m.u;
  const float keep = 1.0f - omega, source = 1.0f - 0.5f * omega;
  const float uu = u[0] * u[0] + u[1] * u[1] + u[2] * u[2];
  const float uf = u[0] * force[0] + u[1] * force[1] + u[2] * force[2];
  const float trace_pi = m.pi[0] + m.pi[1] + m.pi[2];
  PostCollision p;
  p.a0 = m.rho_m1 - 1.5f * m.rho * uu - keep * (4.5f * q19::cs2) * trace_pi - source * 3.0f * uf;
  RF_UNROLL
  for (int d = 0; d < 3; ++d) p.a[d] = 3.0f * m.rho * u[d] + (3.0f * source - 1.5f * keep) * force[d];
  constexpr int row[6] = {0, 1, 2, 0, 0, 1}, col[6] = {0, 1, 2, 1, 2, 2};
  RF_UNROLL
  for (int k = 0; k < 6; ++k) {
    const int x = row[k], y = col[k];
    p.b[k] = 4.5f * m.rho * u[x] * u[y] + 4.5f * keep * m.pi[k] + 4.5f * source * (u[x] * force[y] + u[y] * force[x]);
  }
  return p;
}

// Equilibrium at rest density 1 and velocity u, shifted (initial conditions).
RF_HD RF_INLINE float equilibrium_shifted(int i, float rho, const float u[3]) {
  const float cu = q19::cx(i) * u[0] + q19::cy(i) * u[1] + q19::cz(i) * u[2];
  const float uu = u[0] * u[0] + u[1] * u[1] + u[2] * u[2];
  return q19::w(i) * ((rho - 1.0f) + rho * (3.0f * cu + 4.5f * cu * cu - 1.5f * uu));
}

}  // namespace rackflow::collision
