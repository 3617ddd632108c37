// Unit conversion (include/rackflow/units.hpp) and the lattice choice
// (solver/lattice_setup.hpp): round trips, hand-computed values, and the time-step rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "lattice_setup.hpp"
#include "rackflow/lattice/d3q19.hpp"
#include "rackflow/units.hpp"

namespace rackflow::solver {
namespace {

// Conversions are one multiply and one divide in double: round trips hold to a few ulps.
constexpr double kRoundTrip = 1e-12;
// The solver takes cs from the float constant cs2 (relative rounding 3e-8); the time step
// and everything derived from it inherit that.
constexpr double kFloatCs = 1e-6;
// Hand-computed reference values below are given to 5 significant digits.
constexpr double kHandValue = 1e-4;

UnitConverter example_units() {
  // 5 cm cells, 1 ms steps, air.
  return UnitConverter{0.05, 1e-3, 1.184, 1007.0, 18.0};
}

double rel(double a, double b) { return std::fabs(a - b) / std::fabs(b); }

TEST(UnitConverter, RoundTrips) {
  const UnitConverter u = example_units();
  for (double v : {-3.5, 0.0, 1e-3, 2.0, 40.0}) {
    EXPECT_NEAR(u.velocity_si(u.velocity_lu(v)), v, kRoundTrip * std::max(1.0, std::fabs(v)));
    EXPECT_NEAR(u.pressure_si(u.pressure_lu(v)), v, kRoundTrip * std::max(1.0, std::fabs(v)));
    EXPECT_NEAR(u.watts_from_theta_per_step(u.theta_per_step_from_watts(v)), v,
                kRoundTrip * std::max(1.0, std::fabs(v)));
    EXPECT_NEAR(u.temperature_c(u.theta(v)), v, 1e-5);  // theta is float: ~1e-6 K at 40 °C
  }
  // Lattice to SI and back.
  for (double lu : {-0.1, 0.0, 0.05}) EXPECT_NEAR(u.velocity_lu(u.velocity_si(lu)), lu, kRoundTrip);
}

TEST(UnitConverter, ScalesLikeTheirDimensions) {
  const UnitConverter u = example_units();
  const double dx = u.dx_m, dt = u.dt_s;
  // 2 m/s over 5 cm cells at 1 ms steps: 0.04 cells per step.
  EXPECT_NEAR(u.velocity_lu(2.0), 0.04, kRoundTrip);
  // Diffusivity [m^2/s] -> dt/dx^2: nu of air gives 6.248e-6.
  EXPECT_NEAR(u.diffusivity_lu(1.562e-5), 1.562e-5 * dt / (dx * dx), kRoundTrip);
  EXPECT_NEAR(u.diffusivity_lu(1.562e-5) / 6.248e-6, 1.0, kHandValue);
  // A lattice diffusivity converts back with dx^2/dt.
  const double alpha_lu = u.diffusivity_lu(2.14e-5);
  EXPECT_NEAR(alpha_lu * dx * dx / dt, 2.14e-5, kRoundTrip);
  EXPECT_NEAR(u.acceleration_lu(9.81), 9.81 * dt * dt / dx, kRoundTrip);
  EXPECT_NEAR(u.time_s(1500), 1.5, kRoundTrip);
  // 1 Pa = rho0 (dx/dt)^2 p_lu: (dx/dt)^2 = 2500 m^2/s^2.
  EXPECT_NEAR(u.pressure_lu(1.0), 1.0 / (1.184 * 2500.0), kRoundTrip);
}

TEST(UnitConverter, HeatConversions) {
  // 1 kW into one 10 cm cell of air for a 1 ms step: 1000 * 1e-3 / (1.184 * 1007 * 1e-3).
  const UnitConverter u{0.1, 1e-3, 1.184, 1007.0, 0.0};
  EXPECT_LT(rel(u.theta_per_step_from_watts(1000.0), 0.83871), kHandValue);
  EXPECT_LT(rel(u.joules_per_kelvin_cell(), 1.184 * 1007.0 * 1e-3), kRoundTrip);
  // Flux through one face is that power over one face area dx^2.
  for (double q : {-20.0, 0.0, 350.0}) {
    EXPECT_NEAR(u.theta_per_step_from_flux(q), u.theta_per_step_from_watts(q * 0.01), kRoundTrip);
    EXPECT_NEAR(u.watts_from_theta_per_step(u.theta_per_step_from_flux(q)), q * 0.01, kRoundTrip);
  }
  // Energy bookkeeping: P watts for N steps raise a cell's heat content by P N dt.
  const double theta_rise = 1000 * u.theta_per_step_from_watts(250.0);
  EXPECT_NEAR(theta_rise * u.joules_per_kelvin_cell(), 250.0 * u.time_s(1000), 1e-9);
}

TEST(UnitConverter, TemperatureIsAnOffsetOnly) {
  const UnitConverter u = example_units();  // theta = 0 at 18 °C
  EXPECT_FLOAT_EQ(u.theta(18.0), 0.0f);
  EXPECT_FLOAT_EQ(u.theta(25.5), 7.5f);
  EXPECT_DOUBLE_EQ(u.temperature_c(-3.0), 15.0);
}

// ---------------------------------------------------------------------------------------
// choose_lattice

CaseSpec air_room(double dx, double inlet_m_s) {
  CaseSpec s;
  s.name = "units";
  s.domain.size_m = {2.0, 1.0, 1.0};
  s.domain.resolution_m = dx;
  s.run.end_time_s = 1;
  PatchSpec inlet;
  inlet.name = "supply";
  inlet.kind = PatchKind::VelocityInlet;
  inlet.face = Face::XMin;
  inlet.velocity_m_s = inlet_m_s;
  inlet.temperature_c = 18;
  s.patches.push_back(inlet);
  PatchSpec outlet;
  outlet.name = "return";
  outlet.kind = PatchKind::PressureOutlet;
  outlet.face = Face::XMax;
  s.patches.push_back(outlet);
  return s;
}

TEST(ChooseLattice, AirTimeStepFromMachLimit) {
  const CaseSpec s = air_room(0.05, 2.0);
  const LatticeSetup L = choose_lattice(s);
  const double cs = 1.0 / std::sqrt(3.0);
  const double dt = 0.1 * cs * 0.05 / 2.0;  // max_lattice_mach cs dx / u_max = 1.443e-3 s
  EXPECT_LT(rel(L.units.dt_s, dt), kFloatCs);
  EXPECT_DOUBLE_EQ(L.units.dx_m, 0.05);
  EXPECT_LT(rel(L.report.lattice_mach, 0.1), kFloatCs);
  EXPECT_LT(rel(L.units.velocity_lu(2.0), 0.1 * cs), kFloatCs);
  // Derived parameters follow from that dt.
  const double nu_lu = s.fluid.kinematic_viscosity_m2_s * dt / (0.05 * 0.05);
  EXPECT_LT(rel(L.report.nu_lu, nu_lu), kFloatCs);
  EXPECT_LT(rel(L.flow.tau0, 0.5 + 3.0 * nu_lu), kFloatCs);
  EXPECT_LT(rel(L.flow.alpha0, s.fluid.thermal_diffusivity_m2_s() * dt / (0.05 * 0.05)), kFloatCs);
  EXPECT_LE(L.report.alpha_lu, kMaxAlphaLattice);
  EXPECT_EQ(L.report.cells, (std::array<int, 3>{40, 20, 20}));
  // theta = 0 is the supply temperature; gravity enters as beta g in lattice units.
  EXPECT_DOUBLE_EQ(L.units.theta_zero_c, 18.0);
  EXPECT_LT(rel(L.flow.beta_g[2], s.fluid.thermal_expansion_1_k * -9.81 * dt * dt / 0.05), kFloatCs);
  EXPECT_FLOAT_EQ(L.flow.smagorinsky_c2, float(0.17 * 0.17));
}

TEST(ChooseLattice, MachLimitScalesTheStep) {
  CaseSpec s = air_room(0.05, 2.0);
  const double dt1 = choose_lattice(s).units.dt_s;
  s.run.max_lattice_mach = 0.05;
  EXPECT_LT(rel(choose_lattice(s).units.dt_s, 0.5 * dt1), kFloatCs);
  s.run.max_lattice_mach = 0.1;
  s.patches[0].velocity_m_s = 4.0;
  EXPECT_LT(rel(choose_lattice(s).units.dt_s, 0.5 * dt1), kFloatCs);
}

TEST(ChooseLattice, DiffusiveCaseHonoursAlphaLimit) {
  // 1 cm cells, 1 cm/s flow, and a fluid 50x more diffusive than air: the Mach-limited
  // step (5.8e-2 s) would give alpha_lu = 0.58; the step must shrink to 0.1 dx^2/alpha.
  CaseSpec s = air_room(0.01, 0.01);
  s.gravity_m_s2 = {0, 0, 0};  // no buoyant free-fall speed: the inlet sets u_max
  s.fluid.thermal_conductivity_w_mk = 1e-3 * s.fluid.density_kg_m3 * s.fluid.specific_heat_j_kgk;
  const double alpha = s.fluid.thermal_diffusivity_m2_s();
  ASSERT_NEAR(alpha, 1e-3, 1e-12);
  const double dt_mach = 0.1 * (1.0 / std::sqrt(3.0)) * 0.01 / 0.01;
  const LatticeSetup L = choose_lattice(s);
  EXPECT_LT(L.units.dt_s, dt_mach);
  EXPECT_LT(rel(L.units.dt_s, kMaxAlphaLattice * 0.01 * 0.01 / alpha), kRoundTrip);
  EXPECT_LE(L.report.alpha_lu, kMaxAlphaLattice * (1 + kFloatCs));
  EXPECT_LE(L.flow.alpha0, kMaxAlphaLattice * (1 + kFloatCs));
  EXPECT_LT(L.report.lattice_mach, 0.1);
  EXPECT_LT(rel(L.report.max_velocity_m_s, 0.01), kRoundTrip);
}

TEST(ChooseLattice, RefusesACaseWithNothingDrivingTheFlow) {
  CaseSpec s = air_room(0.05, 2.0);
  s.patches.clear();
  s.gravity_m_s2 = {0, 0, -9.81};  // but no temperature difference
  EXPECT_THROW(choose_lattice(s), CaseError);
  s.run.max_velocity_m_s = 1.0;
  EXPECT_NO_THROW(choose_lattice(s));
}

// ---------------------------------------------------------------------------------------
// characteristic_velocity

TEST(CharacteristicVelocity, FastestInlet) {
  CaseSpec s = air_room(0.05, 1.5);
  PatchSpec second = s.patches[0];
  second.name = "tile";
  second.face = Face::ZMin;
  second.velocity_m_s = 2.5;
  s.patches.push_back(second);
  s.patches[1].pressure_pa = 50;  // an outlet's pressure is no speed
  s.gravity_m_s2 = {0, 0, 0};
  EXPECT_DOUBLE_EQ(characteristic_velocity(s), 2.5);
}

TEST(CharacteristicVelocity, FreeFallSpeedOfTheTemperatureSpread) {
  CaseSpec s;
  s.domain.size_m = {4.0, 3.0, 2.5};
  s.domain.resolution_m = 0.1;
  s.initial.temperature_c = 20;
  BoxSpec hot;
  hot.name = "hot";
  hot.min_m = {1, 1, 0};
  hot.max_m = {2, 2, 1};
  hot.temperature_c = 45;
  s.boxes.push_back(hot);
  PatchSpec cold;
  cold.name = "cold";
  cold.kind = PatchKind::Wall;
  cold.face = Face::XMax;
  cold.has_temperature = true;
  cold.temperature_c = 15;
  s.patches.push_back(cold);
  // sqrt(|g| beta (T_max - T_min) H), H the largest extent: dT = 30 K, H = 4 m.
  const double expected = std::sqrt(9.81 * s.fluid.thermal_expansion_1_k * 30.0 * 4.0);
  EXPECT_NEAR(characteristic_velocity(s), expected, kRoundTrip * expected);
  // |g| counts, not its z component.
  s.gravity_m_s2 = {0, -9.81, 0};
  EXPECT_NEAR(characteristic_velocity(s), expected, kRoundTrip * expected);
  // A slow inlet does not lower it; a fast one wins.
  PatchSpec inlet;
  inlet.name = "supply";
  inlet.kind = PatchKind::VelocityInlet;
  inlet.velocity_m_s = 0.1;
  inlet.temperature_c = 18;
  s.patches.push_back(inlet);
  EXPECT_NEAR(characteristic_velocity(s), expected, kRoundTrip * expected);
  s.patches.back().velocity_m_s = 3.0;
  EXPECT_DOUBLE_EQ(characteristic_velocity(s), 3.0);
  // An inlet colder than everything widens the spread.
  s.patches.back().velocity_m_s = 0.1;
  s.patches.back().temperature_c = 5;
  const double wider = std::sqrt(9.81 * s.fluid.thermal_expansion_1_k * 40.0 * 4.0);
  EXPECT_NEAR(characteristic_velocity(s), wider, kRoundTrip * wider);
}

TEST(CharacteristicVelocity, RunMaxVelocityOverridesTheEstimate) {
  CaseSpec s = air_room(0.05, 2.0);
  s.run.max_velocity_m_s = 0.7;
  EXPECT_DOUBLE_EQ(characteristic_velocity(s), 0.7);
  const LatticeSetup L = choose_lattice(s);
  EXPECT_DOUBLE_EQ(L.report.max_velocity_m_s, 0.7);
  EXPECT_LT(rel(L.units.dt_s, 0.1 * (1.0 / std::sqrt(3.0)) * 0.05 / 0.7), kFloatCs);
}

}  // namespace
}  // namespace rackflow::solver
