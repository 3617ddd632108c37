// Heat conduction in air at rest, against analytic solutions.
//
// 1. Transient conduction into a semi-infinite medium. Fluid at T0 fills a long 1D column
//    (periodic in y and z, one cell thick); at t = 0 the x_min face becomes an isothermal
//    wall at T1. With x measured from the wall (the domain face, half a cell before the
//    first cell centre),
//        T(x, t) = T0 + (T1 - T0) erfc(x / (2 sqrt(alpha t))).
//    The far face is an adiabatic wall, placed where erfc < 1e-7 at the last time compared.
//    Three resolutions at the same physical times (diffusive scaling: alpha_lu = 0.1 at
//    every resolution, so the number of steps grows as N^2); the comparison starts once
//    the front has crossed ~12 cells of the coarsest grid, where the half-cell start-up
//    error of the wall has decayed.
//
// 2. Steady conduction with a uniform volumetric source q = P / V between two isothermal
//    walls at T_w (x = 0 and x = L):  T(x) = T_w + q / (2k) x (L - x).
//    For this profile the finite-volume scheme's interior fluxes are exact and the wall
//    face (2 alpha (T_w - T) over half a cell) gives the discrete solution the analytic one
//    shifted up by q dx^2 / (8k), i.e. 1/N^2 of the peak rise: second order.
//    At steady state the two walls remove exactly P; during the transient the energy
//    balance's residual (in - out - storage) is round-off.
//
// Both cases use a fluid with a large diffusivity (alpha = 1e-4 m^2/s, Pr = 1) so the
// diffusion limit alpha_lu <= 0.1 sets dt and few steps are needed; run.max_velocity is
// set far below anything the Mach limit would bind at.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "simulation.hpp"

namespace rackflow::solver {
namespace {

// ---------------------------------------------------------------- physical setup
constexpr double kAlpha = 1e-4;  // thermal diffusivity [m^2/s]
constexpr double kRho = 1.184, kCp = 1007.0;
constexpr double kConductivity = kAlpha * kRho * kCp;  // [W/(m K)]
// Any speed this small leaves the Mach-limited dt far above the diffusion limit.
constexpr double kNegligibleSpeed = 1e-6;  // [m/s]
// The lattice diffusivity the solver must pick when diffusion limits dt (kMaxAlphaLattice).
constexpr double kExpectedAlphaLu = 0.1;
// alpha0 is stored as float: its round-off.
constexpr double kAlphaLuTol = 1e-6;

// ---------------------------------------------------------------- semi-infinite column
constexpr double kColumn = 0.1;            // length [m]
constexpr double kT0 = 20.0, kT1 = 30.0;   // initial and wall temperature [°C]
// Times compared: sqrt(alpha t) = L/16 and L/8. At the later one erfc at the far wall is
// erfc(4) = 1.5e-8, so the adiabatic end is invisible; at the earlier one the coarsest grid
// (N = 100) has 2 sqrt(alpha t) = 12.5 cells.
constexpr double kDiffusionLengths[2] = {kColumn / 16, kColumn / 8};
constexpr int kColumnCells[3] = {100, 200, 400};
// Acceptance: max |T - T_exact| below 1.5 % of (T1 - T0) at every resolution and time
// (the figure), errors falling with dx, and a fitted order of at least 1.8 (the
// scheme is second order in space; 1.8 leaves room for the float round-off accumulated
// by the 25,000 steps of the finest grid at the later time).
constexpr double kMaxErrorFraction = 0.015;
constexpr double kMinOrder = 1.8;

CaseSpec column(int n) {
  CaseSpec s;
  s.name = "semi-infinite-conduction";
  const double dx = kColumn / n;
  s.domain.size_m = {kColumn, dx, dx};
  s.domain.resolution_m = dx;
  s.domain.periodic = {false, true, true};
  s.fluid.density_kg_m3 = kRho;
  s.fluid.specific_heat_j_kgk = kCp;
  s.fluid.thermal_conductivity_w_mk = kConductivity;
  s.fluid.kinematic_viscosity_m2_s = kAlpha;  // Pr = 1: tau = 0.8, a well-behaved laminar lattice
  s.turbulence.model = TurbulenceModel::None;
  s.gravity_m_s2 = {0, 0, 0};
  s.initial.temperature_c = kT0;
  // Store the undisturbed fluid as theta = 0. With theta = -5 K there (reference 25 °C),
  // the per-step rise of the far tail falls below half a float spacing of theta (2.4e-7 K)
  // and is rounded away: after 25,000 steps that lag floors the error at ~2e-5 of
  // (T1 - T0) (measured), which would mask the discretisation error of the finest grid.
  s.fluid.reference_temperature_c = kT0;
  s.run.end_time_s = 1;
  s.run.max_velocity_m_s = kNegligibleSpeed;
  PatchSpec hot;
  hot.name = "hot";
  hot.kind = PatchKind::Wall;
  hot.face = Face::XMin;
  hot.has_temperature = true;
  hot.temperature_c = kT1;
  s.patches.push_back(hot);  // x_max: plain (adiabatic) domain wall
  return s;
}

struct ProfileError {
  double l2 = 0;   // ||T - T_exact||_2 / ||T_exact - T0||_2 over the cells
  double max = 0;  // max |T - T_exact| / (T1 - T0)
  double time_s = 0;
  long long steps = 0;
};

struct ColumnResult {
  double dx = 0;
  ProfileError at[2];
};

ColumnResult run_column(int n) {
  Simulation sim(column(n), Backend::Cpu);
  const auto& L = sim.lattice();
  EXPECT_NEAR(L.flow.alpha0, kExpectedAlphaLu, kAlphaLuTol) << "diffusion must set dt (N = " << n << ")";
  const double dx = L.units.dx_m, dt = L.units.dt_s;
  // The diffusivity the lattice actually runs with (alpha0 is a float).
  const double alpha = double(L.flow.alpha0) * dx * dx / dt;
  ColumnResult r;
  r.dx = dx;
  for (int t = 0; t < 2; ++t) {
    const double target_s = kDiffusionLengths[t] * kDiffusionLengths[t] / alpha;
    sim.advance(std::llround(target_s / dt) - sim.step());
    const Snapshot s = sim.snapshot();
    const double time = sim.time_s();
    const double front = 2.0 * std::sqrt(alpha * time);
    double e2 = 0, ref2 = 0, emax = 0;
    for (int i = 0; i < n; ++i) {
      const double x = (i + 0.5) * dx;
      const double exact = kT0 + (kT1 - kT0) * std::erfc(x / front);
      const double e = s.temperature_c[i] - exact;  // ny = nz = 1: index i is cell (i, 0, 0)
      e2 += e * e;
      ref2 += (exact - kT0) * (exact - kT0);
      emax = std::max(emax, std::fabs(e));
    }
    r.at[t] = {std::sqrt(e2 / ref2), emax / (kT1 - kT0), time, sim.step()};
  }
  return r;
}

double fitted_order(const std::vector<double>& dx, const std::vector<double>& err) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  const double n = double(dx.size());
  for (std::size_t k = 0; k < dx.size(); ++k) {
    const double x = std::log(dx[k]), y = std::log(err[k]);
    sx += x; sy += y; sxx += x * x; sxy += x * y;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

TEST(Conduction, SemiInfiniteSolidMatchesErfcAtSecondOrder) {
  std::vector<ColumnResult> results;
  for (int n : kColumnCells) {
    results.push_back(run_column(n));
    const ColumnResult& r = results.back();
    for (int t = 0; t < 2; ++t)
      std::printf("semi-infinite: N = %3d, dx = %.3e m, t = %.4f s (%6lld steps): rel. L2 = %.3e, max = %.3e of (T1-T0)\n",
                  n, r.dx, r.at[t].time_s, r.at[t].steps, r.at[t].l2, r.at[t].max);
  }
  for (int t = 0; t < 2; ++t) {
    std::vector<double> dx, l2, mx;
    for (const ColumnResult& r : results) {
      dx.push_back(r.dx);
      l2.push_back(r.at[t].l2);
      mx.push_back(r.at[t].max);
      EXPECT_LT(r.at[t].max, kMaxErrorFraction) << "dx " << r.dx << ", time " << t;
    }
    for (std::size_t k = 1; k < results.size(); ++k) {
      EXPECT_LT(l2[k], l2[k - 1]) << "L2 error must fall with dx, time " << t;
      EXPECT_LT(mx[k], mx[k - 1]) << "max error must fall with dx, time " << t;
    }
    const double order_l2 = fitted_order(dx, l2), order_max = fitted_order(dx, mx);
    std::printf("semi-infinite: t = %.4f s: fitted order L2 = %.3f, max = %.3f\n", results[0].at[t].time_s,
                order_l2, order_max);
    EXPECT_GE(order_l2, kMinOrder);
    EXPECT_GE(order_max, kMinOrder);
  }
}

// ---------------------------------------------------------------- heated slab
constexpr double kSlab = 0.05;   // wall to wall [m]
constexpr double kTw = 20.0;     // both walls [°C] (5 K below the fluid's reference: theta != 0)
constexpr double kPeakRise = 10.0;  // q L^2 / (8 k) [K]
constexpr int kSlabCells[2] = {16, 32};
// Acceptance (the figures): the profile within 0.5 % of the peak rise (the
// discrete error is 1/N^2 of it: 0.39 % at N = 16, 0.1 % at N = 32), second order, and
// at steady state the walls remove P within 1e-4 (storage is then ~0, so what is left is
// the accounting round-off described below).
constexpr double kProfileTolerance = 0.005;
constexpr double kWallBalanceTolerance = 1e-4;
// Steady: no cell changed by more than 1e-6 of the peak rise over N^2 steps (the slowest
// mode decays by e^-1 over that interval; 1e-6 * 10 K is ~20 float ulps of theta).
constexpr double kSteadyChange = 1e-6;
constexpr int kMaxIntervals = 60;
// Accounting: in - out - storage over each window below 1e-4 of P. The flows are summed
// in double from what the update applied; what remains is float round-off of theta: a
// spacing of 4.8e-7 K at |theta| ~ 5 K against a per-step increment of 8 alpha_lu
// rise / N^2 = 7.8e-3 K per cell at N = 32, i.e. up to 6e-5 of the heat added per cell
// and step, mostly cancelling (it grows as 1/N^2: finer slabs need a looser bound).
constexpr double kResidualTolerance = 1e-4;
constexpr long long kTransientWindow = 100;  // steps per energy-balance window early on

CaseSpec slab(int n, double power_w) {
  CaseSpec s;
  s.name = "heated-slab";
  const double dx = kSlab / n;
  s.domain.size_m = {kSlab, dx, dx};
  s.domain.resolution_m = dx;
  s.domain.periodic = {false, true, true};
  s.fluid.density_kg_m3 = kRho;
  s.fluid.specific_heat_j_kgk = kCp;
  s.fluid.thermal_conductivity_w_mk = kConductivity;
  s.fluid.kinematic_viscosity_m2_s = kAlpha;
  s.turbulence.model = TurbulenceModel::None;
  s.gravity_m_s2 = {0, 0, 0};
  s.initial.temperature_c = kTw;
  s.run.end_time_s = 1;
  s.run.max_velocity_m_s = kNegligibleSpeed;
  for (Face f : {Face::XMin, Face::XMax}) {
    PatchSpec w;
    w.name = f == Face::XMin ? "left" : "right";
    w.kind = PatchKind::Wall;
    w.face = f;
    w.has_temperature = true;
    w.temperature_c = kTw;
    s.patches.push_back(w);
  }
  BoxSpec heater;
  heater.name = "heater";
  heater.kind = BoxKind::HeatSource;
  heater.min_m = {0, 0, 0};
  heater.max_m = s.domain.size_m;
  heater.power_w = power_w;
  s.boxes.push_back(heater);
  return s;
}

double group_watts(const EnergyBalance& e, const std::string& name) {
  for (const auto& f : e.flows)
    if (f.name == name) return f.watts;
  ADD_FAILURE() << "no energy group '" << name << "'";
  return 0;
}

struct SlabResult {
  double dx = 0;
  double profile_error = 0;     // max |T - T_exact| / peak rise
  double wall_balance = 0;      // (Q_left + Q_right + P) / P at steady state
  double max_residual = 0;      // max |residual_w| / P over every window, transient and steady
  double source_w = 0;          // what the heat-source group reports
  long long steps = 0;
};

SlabResult run_slab(int n) {
  const double dx = kSlab / n;
  const double volume = kSlab * dx * dx;
  const double q = 8.0 * kConductivity * kPeakRise / (kSlab * kSlab);  // [W/m^3]
  const double power = q * volume;
  Simulation sim(slab(n, power), Backend::Cpu);
  EXPECT_NEAR(sim.lattice().flow.alpha0, kExpectedAlphaLu, kAlphaLuTol);
  SlabResult r;
  r.dx = dx;

  // Transient: accounting checked window by window while the slab heats up (the first N^2
  // steps, a tenth of the diffusion time L^2 / alpha, where storage dominates), then in
  // every interval on the way to steady state.
  const long long interval = (long long)n * n;
  sim.energy_balance();  // start the window at step 0
  while (sim.step() < interval) {
    sim.advance(kTransientWindow);
    const EnergyBalance e = sim.energy_balance();
    r.max_residual = std::max(r.max_residual, std::fabs(e.residual_w) / power);
  }
  Snapshot prev = sim.snapshot();
  double change = 1;
  int k = 0;
  for (; k < kMaxIntervals && change > kSteadyChange; ++k) {
    sim.advance(interval);
    const EnergyBalance e = sim.energy_balance();
    r.max_residual = std::max(r.max_residual, std::fabs(e.residual_w) / power);
    Snapshot now = sim.snapshot();
    double d = 0;
    for (std::size_t m = 0; m < now.size(); ++m)
      d = std::max(d, double(std::fabs(now.temperature_c[m] - prev.temperature_c[m])));
    change = d / kPeakRise;
    prev = std::move(now);
  }
  EXPECT_LE(change, kSteadyChange) << "N " << n << " not steady after " << sim.step() << " steps";

  // One more interval for the steady balance.
  sim.advance(interval);
  const EnergyBalance e = sim.energy_balance();
  r.wall_balance = (group_watts(e, "left (wall)") + group_watts(e, "right (wall)") + power) / power;
  r.source_w = group_watts(e, "heater (heat source)");
  r.max_residual = std::max(r.max_residual, std::fabs(e.residual_w) / power);

  const Snapshot s = sim.snapshot();
  const double k_lattice = double(sim.lattice().flow.alpha0) * dx * dx / sim.lattice().units.dt_s * kRho * kCp;
  double emax = 0;
  for (int i = 0; i < n; ++i) {
    const double x = (i + 0.5) * dx;
    const double exact = kTw + q / (2.0 * k_lattice) * x * (kSlab - x);
    emax = std::max(emax, std::fabs(s.temperature_c[i] - exact));
  }
  r.profile_error = emax / kPeakRise;
  r.steps = sim.step();
  std::printf("heated slab: N = %2d, P = %.4e W (source group %.6e W), %lld steps: profile max error = %.3e of "
              "the peak rise (expected 1/N^2 = %.3e), walls + P = %+.3e P, max |residual| = %.3e P\n",
              n, power, r.source_w, r.steps, r.profile_error, 1.0 / (double(n) * n), r.wall_balance,
              r.max_residual);
  return r;
}

// Both slab tests read the same runs.
const std::vector<SlabResult>& slab_results() {
  static const std::vector<SlabResult> results = [] {
    std::vector<SlabResult> r;
    for (int n : kSlabCells) r.push_back(run_slab(n));
    return r;
  }();
  return results;
}

TEST(Conduction, HeatedSlabSteadyProfileAndWallHeat) {
  std::vector<double> dx, err;
  for (const SlabResult& r : slab_results()) {
    dx.push_back(r.dx);
    err.push_back(r.profile_error);
    EXPECT_LT(r.profile_error, kProfileTolerance) << "dx " << r.dx;
    EXPECT_LT(std::fabs(r.wall_balance), kWallBalanceTolerance) << "dx " << r.dx;
  }
  const double order = fitted_order(dx, err);
  std::printf("heated slab: observed order of the profile error = %.3f\n", order);
  EXPECT_GE(order, kMinOrder);
}

TEST(Conduction, HeatedSlabEnergyIsAccountedDuringTheTransient) {
  for (const SlabResult& r : slab_results()) {
    std::printf("heated slab: dx = %.4e m: max |in - out - storage| over all windows = %.3e P\n", r.dx,
                r.max_residual);
    EXPECT_LT(r.max_residual, kResidualTolerance) << "dx " << r.dx;
  }
}

}  // namespace
}  // namespace rackflow::solver
