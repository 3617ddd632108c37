// SI <-> lattice units. The only place where dx, dt and the reference density turn
// physical numbers into lattice numbers and back. Temperatures need no scaling, only an
// offset: the kernels carry theta = T - theta_zero_c in kelvin.
#pragma once

namespace rackflow {

struct UnitConverter {
  double dx_m = 1;              // cell edge
  double dt_s = 1;              // time step
  double density_kg_m3 = 1;     // reference density (lattice density 1)
  double specific_heat_j_kgk = 1;
  // The temperature stored as theta = 0. The solver picks the coldest supply: heat flows
  // are then reported relative to the supply air, and float precision sits where the
  // room's temperatures are.
  double theta_zero_c = 0;

  float theta(double t_c) const { return float(t_c - theta_zero_c); }
  double temperature_c(double theta) const { return theta + theta_zero_c; }

  double velocity_lu(double m_s) const { return m_s * dt_s / dx_m; }
  double velocity_si(double lu) const { return lu * dx_m / dt_s; }
  double diffusivity_lu(double m2_s) const { return m2_s * dt_s / (dx_m * dx_m); }
  double acceleration_lu(double m_s2) const { return m_s2 * dt_s * dt_s / dx_m; }
  // Lattice pressure p_lu = (rho_lu - 1) cs^2, scaled by rho0 (dx/dt)^2.
  double pressure_lu(double pa) const { return pa / (density_kg_m3 * (dx_m / dt_s) * (dx_m / dt_s)); }
  double pressure_si(double lu) const { return lu * density_kg_m3 * (dx_m / dt_s) * (dx_m / dt_s); }
  double time_s(double steps) const { return steps * dt_s; }
  // Volumetric flow as cell volumes per step: the lattice mass a patch moves per step.
  double flow_lu(double m3_s) const { return m3_s * dt_s / (dx_m * dx_m * dx_m); }
  double flow_si(double lu) const { return lu * dx_m * dx_m * dx_m / dt_s; }

  // Heat released into one cell's air [W] as the temperature rise per step.
  double theta_per_step_from_watts(double watts) const {
    return watts * dt_s / (density_kg_m3 * specific_heat_j_kgk * dx_m * dx_m * dx_m);
  }
  double watts_from_theta_per_step(double theta) const {
    return theta * density_kg_m3 * specific_heat_j_kgk * dx_m * dx_m * dx_m / dt_s;
  }
  // Heat flux [W/m^2] through one cell face as the temperature rise per step of that cell.
  double theta_per_step_from_flux(double w_m2) const {
    return theta_per_step_from_watts(w_m2 * dx_m * dx_m);
  }
  // Heat content of one cell's air per kelvin [J/K].
  double joules_per_kelvin_cell() const {
    return density_kg_m3 * specific_heat_j_kgk * dx_m * dx_m * dx_m;
  }
};

}  // namespace rackflow
