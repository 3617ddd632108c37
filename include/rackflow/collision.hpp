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
  float rho_m1;  // rho - 1, kept at the precision of the deviations
  float u[3];    // velocity including half the force (Guo)
  float pi[6];   // non-equilibrium second moment: xx, yy, zz, xy, xz, yz
};

// Density, force-corrected velocity and non-equilibrium stress of shifted populations.
RF_HD RF_INLINE CellMoments moments(const float (&f)[q19::Q], const float force[3]) {
  float rho_m1 = 0, jx = 0, jy = 0, jz = 0;
  float sxx = 0, syy = 0, szz = 0, sxy = 0, sxz = 0, syz = 0;
  RF_UNROLL
  for (int i = 0; i < q19::Q; ++i) {
    const float cx = float(q19::cx(i)), cy = float(q19::cy(i)), cz = float(q19::cz(i));
    rho_m1 += f[i];
    jx += cx * f[i]; jy += cy * f[i]; jz += cz * f[i];
    sxx += cx * cx * f[i]; syy += cy * cy * f[i]; szz += cz * cz * f[i];
    sxy += cx * cy * f[i]; sxz += cx * cz * f[i]; syz += cy * cz * f[i];
  }
  CellMoments m;
  m.rho = 1.0f + rho_m1;
  m.rho_m1 = rho_m1;
  const float inv_rho = 1.0f / m.rho;
  m.u[0] = (jx + 0.5f * force[0]) * inv_rho;
  m.u[1] = (jy + 0.5f * force[1]) * inv_rho;
  m.u[2] = (jz + 0.5f * force[2]) * inv_rho;
  // Sum c c f = Sum c c f~ + cs2 I; subtract the equilibrium moment rho cs2 I + rho u u.
  const float iso = rho_m1 * q19::cs2;
  m.pi[0] = sxx - iso - m.rho * m.u[0] * m.u[0];
  m.pi[1] = syy - iso - m.rho * m.u[1] * m.u[1];
  m.pi[2] = szz - iso - m.rho * m.u[2] * m.u[2];
  m.pi[3] = sxy - m.rho * m.u[0] * m.u[1];
  m.pi[4] = sxz - m.rho * m.u[0] * m.u[2];
  m.pi[5] = syz - m.rho * m.u[1] * m.u[2];
  return m;
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
  return 0.5f * (tau0 + sqrtf(tau0 * tau0 + k18sqrt2 * smagorinsky_c2 * norm / m.rho));
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

// Post-collision shifted population i: equilibrium + (1 - 1/tau) regularised f_neq +
// (1 - 1/(2 tau)) Guo source.
//
// The regularised f_neq keeps its first-order Hermite part as well as the second: with
// Guo's half-force velocity, sum c f_neq = j - rho u = -F/2, and dropping it delivers only
// (3 - 1/tau)/2 of the force per step (73 % at tau = 0.65; it showed as a 25 % weak
// flow in the heated cavity). With it, sum c f* = j + F exactly, as in BGK.
RF_HD RF_INLINE float post_collision(int i, const CellMoments& m, const float force[3],
                                     float omega) {
  const float cx = float(q19::cx(i)), cy = float(q19::cy(i)), cz = float(q19::cz(i));
  const float* u = m.u;
  const float cu = cx * u[0] + cy * u[1] + cz * u[2];
  const float uu = u[0] * u[0] + u[1] * u[1] + u[2] * u[2];
  const float wi = q19::w(i);
  // w_i rho (1 + 3 cu + 4.5 cu^2 - 1.5 uu) - w_i, written to keep float precision.
  const float feq_shifted =
      wi * (m.rho_m1 + m.rho * (3.0f * cu + 4.5f * cu * cu - 1.5f * uu));
  // Q_i : Pi with Q_i = c c - cs2 I.
  const float q_pi = cx * cx * m.pi[0] + cy * cy * m.pi[1] + cz * cz * m.pi[2] +
                     2.0f * (cx * cy * m.pi[3] + cx * cz * m.pi[4] + cy * cz * m.pi[5]) -
                     q19::cs2 * (m.pi[0] + m.pi[1] + m.pi[2]);
  const float cf = cx * force[0] + cy * force[1] + cz * force[2];
  const float fneq = wi * (4.5f * q_pi - 1.5f * cf);  // 3 c.(-F/2) + Q:Pi / (2 cs^4)
  const float uf = u[0] * force[0] + u[1] * force[1] + u[2] * force[2];
  const float source = wi * (3.0f * (cf - uf) + 9.0f * cu * cf);
  return feq_shifted + (1.0f - omega) * fneq + (1.0f - 0.5f * omega) * source;
}

// Equilibrium at rest density 1 and velocity u, shifted (initial conditions).
RF_HD RF_INLINE float equilibrium_shifted(int i, float rho, const float u[3]) {
  const float cu = q19::cx(i) * u[0] + q19::cy(i) * u[1] + q19::cz(i) * u[2];
  const float uu = u[0] * u[0] + u[1] * u[1] + u[2] * u[2];
  return q19::w(i) * ((rho - 1.0f) + rho * (3.0f * cu + 4.5f * cu * cu - 1.5f * uu));
}

}  // namespace rackflow::collision
