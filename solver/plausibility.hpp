// Physical plausibility limits on case input. Each bound is far outside what a data-centre
// or validation case uses, yet tight enough that no accepted value makes the lattice step
// vanish or the run diverge in its first steps (tests/unit/test_case_limits.cpp runs cases
// at these limits). The reasons are part of the messages; docs/case-format.md ("Limits")
// lists them. Internal to the rackflow_case library.
#pragma once

#include <string>

#include "rackflow/case_spec.hpp"
#include "yaml_reader.hpp"

namespace rackflow::detail {

// Fluid properties: from rarefied air to liquid metals, so that air-like and water-like
// fluids (and mercury, oils, helium) all pass while 1e-30 kg/m3 does not.
Range density_range();               // 0.01 to 20 000 kg/m3
Range kinematic_viscosity_range();   // 1e-8 to 1 m2/s
Range specific_heat_range();         // 100 to 20 000 J/(kg K)
Range thermal_conductivity_range();  // 1e-3 to 1000 W/(m K)
Range thermal_expansion_range();     // > 0 and <= 0.02 1/K

// |gravity| and |body_acceleration|, per component and in magnitude.
Range acceleration_range();  // -100 to 100 m/s2
void check_acceleration(const Vec3d& a_m_s2, const SourceRef& where, const std::string& key);

// One rack's power and airflow; a cooler's airflow.
Range rack_power_range();    // 0 to 1 MW
Range rack_airflow_range();  // > 0 and <= 20 m3/s
Range cooler_airflow_range();  // > 0 and <= 100 m3/s
// The speed the rack's airflow would need through its front face [m/s].
inline constexpr double kMaxFaceSpeedMS = 15;
void check_face_speed(const Number& airflow, double face_area_m2, const std::string& what);

// Heat released per volume of a heat_source box.
inline constexpr double kMaxPowerDensityWM3 = 1e6;
void check_power_density(const Number& power, double volume_m3, const std::string& what);

// A wall's heat flux, either sign; also the power of a solid box over its surface.
Range heat_flux_range();  // -1e5 to 1e5 W/m2
void check_surface_flux(const Number& power, double area_m2, const std::string& what);

// The Boussinesq approximation (density varying only in the buoyancy term) holds for
// beta dT << 1; beyond this the buoyant acceleration is wrong and quickly unstable.
inline constexpr double kMaxBoussinesqProduct = 0.2;
// Fails at `where` when beta * delta_t_k exceeds kMaxBoussinesqProduct; `how` says where
// the temperature difference comes from ("P_air / (rho c_p Q) = 40 K").
void check_boussinesq(double delta_t_k, const FluidSpec& fluid, const SourceRef& where, const std::string& how);

}  // namespace rackflow::detail
