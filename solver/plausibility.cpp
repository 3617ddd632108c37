#include "plausibility.hpp"

#include <cmath>

namespace rackflow::detail {

Range density_range() {
  return at_least(0.01).up_to(2e4).because("from air at 30 km altitude to liquid metals (mercury is 13 500)");
}

Range kinematic_viscosity_range() {
  return at_least(1e-8).up_to(1).because("from liquid metals (1e-7) to heavy oils; air is 1.5e-5, water 1e-6");
}

Range specific_heat_range() {
  return at_least(100).up_to(2e4).because("from mercury (140) to hydrogen (14 300); air is 1007, water 4180");
}

Range thermal_conductivity_range() {
  return at_least(1e-3).up_to(1000).because("from the best insulating gases (0.005) to copper (400)");
}

Range thermal_expansion_range() {
  return greater_than(0).up_to(0.02).because("an ideal gas at 50 K; air at 25 °C is 0.0034, water 0.0002");
}

Range acceleration_range() {
  return at_least(-100).up_to(100).because(
      "about 10 g; Earth's is 9.81, and a larger value is a unit mistake that would shrink the time step "
      "through the buoyant speed");
}

void check_acceleration(const Vec3d& a_m_s2, const SourceRef& where, const std::string& key) {
  const double magnitude = std::sqrt(a_m_s2[0] * a_m_s2[0] + a_m_s2[1] * a_m_s2[1] + a_m_s2[2] * a_m_s2[2]);
  const Range r = acceleration_range();
  if (magnitude > r.hi)
    fail(where, "|" + key + "| = " + format_quantity(magnitude, Dimension::Acceleration) +
                    " (allowed: <= " + format_quantity(r.hi, Dimension::Acceleration) + ", " + r.note + ")");
}

Range rack_power_range() {
  return at_least(0).up_to(1e6).because("1 MW per rack; the densest liquid-cooled racks draw 130-200 kW");
}

Range rack_airflow_range() {
  return greater_than(0).up_to(20).because(
      "20 m3/s per rack; a 200 kW air-cooled rack at a 10 K rise moves 17 m3/s, and the air must carry the "
      "heat away");
}

Range cooler_airflow_range() {
  return greater_than(0).up_to(100).because("100 m3/s per unit; the largest fan walls move 20-40 m3/s");
}

void check_face_speed(const Number& airflow, double face_area_m2, const std::string& what) {
  const double speed = airflow.value / face_area_m2;
  if (speed > kMaxFaceSpeedMS)
    fail(airflow.where, "value " + airflow.shown + " through " + what + " of " + format_number(face_area_m2) +
                            " m2 is " + format_quantity(speed, Dimension::Velocity) +
                            " (allowed: <= " + format_quantity(kMaxFaceSpeedMS * face_area_m2, Dimension::VolumeFlow) +
                            ", a face speed of " + format_quantity(kMaxFaceSpeedMS, Dimension::Velocity) +
                            "; server fans draw 1-3 m/s through a rack face)");
}

void check_power_density(const Number& power, double volume_m3, const std::string& what) {
  const double density = power.value / volume_m3;
  if (density > kMaxPowerDensityWM3)
    fail(power.where, "value " + power.shown + " in " + what + " of " + format_number(volume_m3) + " m3 is " +
                          format_number(density) + " W/m3 (allowed: <= " +
                          format_quantity(kMaxPowerDensityWM3 * volume_m3, Dimension::Power) + ", " +
                          format_number(kMaxPowerDensityWM3) +
                          " W/m3, three times the densest GPU servers (about 3e5 W/m3, 10 kW in 2U))");
}

Range heat_flux_range() {
  return at_least(-1e5).up_to(1e5).because("100 kW/m2, a hundred times full sunlight on a roof");
}

void check_surface_flux(const Number& power, double area_m2, const std::string& what) {
  const Range r = heat_flux_range();
  const double flux = power.value / area_m2;
  if (flux > r.hi)
    fail(power.where, "value " + power.shown + " over the " + format_number(area_m2) + " m2 surface of " + what +
                          " is " + format_quantity(flux, Dimension::HeatFlux) + " (allowed: <= " +
                          format_quantity(r.hi * area_m2, Dimension::Power) + ", " +
                          format_quantity(r.hi, Dimension::HeatFlux) + ", " + r.note + ")");
}

void check_boussinesq(double delta_t_k, const FluidSpec& fluid, const SourceRef& where, const std::string& how) {
  const double product = fluid.thermal_expansion_1_k * std::abs(delta_t_k);
  if (product > kMaxBoussinesqProduct)
    fail(where, "the temperature difference " + how + " gives beta dT = " + format_number(product) +
                    " with beta = " + format_number(fluid.thermal_expansion_1_k) + " 1/K (allowed: beta dT <= " +
                    format_number(kMaxBoussinesqProduct) + ", a difference <= " +
                    format_number(kMaxBoussinesqProduct / fluid.thermal_expansion_1_k) +
                    " K: the Boussinesq approximation needs beta dT << 1)");
}

}  // namespace rackflow::detail
