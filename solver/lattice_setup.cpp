#include "lattice_setup.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "mesh/voxelizer.hpp"
#include "rackflow/lattice/d3q19.hpp"

namespace rackflow::solver {

namespace {
std::string fmt(double v, int digits = 4) {
  std::ostringstream s;
  s.precision(digits);
  s << v;
  return s.str();
}
}  // namespace

double patch_area_m2(const CaseSpec& spec, const PatchSpec& p) {
  const int a = face_axis(p.face);
  const int s = a == 0 ? 1 : 0, t = a == 2 ? 1 : 2;  // the in-plane axes, increasing
  if (p.rect_min_m && p.rect_max_m)
    return ((*p.rect_max_m)[0] - (*p.rect_min_m)[0]) * ((*p.rect_max_m)[1] - (*p.rect_min_m)[1]);
  for (const auto& b : spec.boxes)
    if (!p.box.empty() && b.name == p.box) return (b.max_m[s] - b.min_m[s]) * (b.max_m[t] - b.min_m[t]);
  return spec.domain.size_m[s] * spec.domain.size_m[t];
}

double patch_speed_m_s(const CaseSpec& spec, const PatchSpec& p) {
  if (!p.flow_m3_s) return p.velocity_m_s;
  const double area = patch_area_m2(spec, p);
  return area > 0 ? *p.flow_m3_s / area : 0.0;
}

double characteristic_velocity(const CaseSpec& spec) {
  if (spec.run.max_velocity_m_s) return *spec.run.max_velocity_m_s;
  double u = 0;
  double t_min = spec.initial.temperature_c, t_max = spec.initial.temperature_c;
  auto seen = [&](double t) { t_min = std::min(t_min, t); t_max = std::max(t_max, t); };
  for (const auto& p : spec.patches) {
    if (p.kind == PatchKind::VelocityInlet) { u = std::max(u, patch_speed_m_s(spec, p)); seen(p.temperature_c); }
    if (p.kind == PatchKind::FlowOutlet) u = std::max(u, patch_speed_m_s(spec, p));
    if (p.kind == PatchKind::Wall && p.has_temperature) seen(p.temperature_c);
  }
  for (const auto& b : spec.boxes)
    if (b.temperature_c) seen(*b.temperature_c);
  const auto& g = spec.gravity_m_s2;
  const double g_abs = std::sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
  const double height = *std::max_element(spec.domain.size_m.begin(), spec.domain.size_m.end());
  const double free_fall = std::sqrt(g_abs * spec.fluid.thermal_expansion_1_k * (t_max - t_min) * height);
  return std::max(u, free_fall);
}

namespace {

// Refuses step and output counts that would overflow the run loop's counters or flood the
// disk; dt is known only here.
void check_run_counts(const RunSpec& run, double dt) {
  const double steps = run.end_time_s / dt;
  if (steps > kMaxSteps)
    throw CaseError(run.where_end_time,
                    "value " + fmt(run.end_time_s, 6) + " s is " + fmt(steps, 3) + " time steps of dt = " +
                        fmt(dt, 4) + " s (allowed: at most " + fmt(kMaxSteps, 3) +
                        " steps, days of computing even on a tiny grid; run.end_time <= " +
                        fmt(kMaxSteps * dt, 4) + " s at this resolution)");
  if (run.output_interval_s <= 0) return;
  if (run.output_interval_s < dt)
    throw CaseError(run.where_output_interval,
                    "value " + fmt(run.output_interval_s, 6) + " s is shorter than the time step dt = " +
                        fmt(dt, 4) + " s, so a field would be written every step (allowed: 0 for only the "
                        "final field, or an interval >= " + fmt(dt, 4) + " s)");
  // An interval past the end writes only the final state (a shortened `--end-time` does
  // that to a case's interval); one past any countable number of steps is no interval at
  // all ("1e300 s" would overflow the run loop's step count).
  if (run.output_interval_s / dt > kMaxSteps)
    throw CaseError(run.where_output_interval,
                    "value " + fmt(run.output_interval_s, 6) + " s is " + fmt(run.output_interval_s / dt, 3) +
                        " time steps (allowed: 0 for only the final field, or an interval from dt = " + fmt(dt, 4) +
                        " s to " + fmt(kMaxSteps * dt, 4) + " s)");
  const double outputs = run.end_time_s / run.output_interval_s;
  if (outputs > kMaxOutputs)
    throw CaseError(run.where_output_interval,
                    "value " + fmt(run.output_interval_s, 6) + " s writes " + fmt(outputs, 3) +
                        " field files over run.end_time " + fmt(run.end_time_s, 6) + " s (allowed: at most " +
                        fmt(kMaxOutputs, 3) + " files, 100 GB at 1 MB each; an interval >= " +
                        fmt(run.end_time_s / kMaxOutputs, 4) + " s)");
}

// A heat source warms its air until advection at the case's characteristic speed u and
// conduction over the box's longest extent L carry the heat away:
// dT = (P / V) L / (rho c_p u + k / L). Beyond the Boussinesq range the buoyancy is wrong
// and the first steps already leave physical bounds. Without gravity temperature is a
// passive scalar and there is no such limit.
void check_heat_source_rise(const CaseSpec& spec, double u_m_s) {
  const FluidSpec& f = spec.fluid;
  const Vec3d& g = spec.gravity_m_s2;
  if (g[0] == 0 && g[1] == 0 && g[2] == 0) return;
  for (const BoxSpec& b : spec.boxes) {
    if (b.kind != BoxKind::HeatSource || b.power_w <= 0) continue;
    double volume_m3 = 1, length_m = 0;
    for (int a = 0; a < 3; ++a) {
      volume_m3 *= b.max_m[a] - b.min_m[a];
      length_m = std::max(length_m, b.max_m[a] - b.min_m[a]);
    }
    const double carried_w_m2k =
        f.density_kg_m3 * f.specific_heat_j_kgk * u_m_s + f.thermal_conductivity_w_mk / length_m;
    const double rise_k = b.power_w / volume_m3 * length_m / carried_w_m2k;
    const double product = f.thermal_expansion_1_k * rise_k;
    if (product > kMaxBoussinesqProductLocal) {
      SourceRef where = b.where;
      where.key += ".power";
      throw CaseError(where, "heat source " + b.name + " releases " + fmt(b.power_w, 6) + " W in " + fmt(volume_m3) +
                                 " m3: air crossing its " + fmt(length_m) + " m at the case's speed " + fmt(u_m_s) +
                                 " m/s rises by (P / V) L / (rho c_p u + k / L) = " + fmt(rise_k) + " K, beta dT = " +
                                 fmt(product) + " (allowed: beta dT <= " + fmt(kMaxBoussinesqProductLocal) +
                                 ", the Boussinesq range; a larger box, less power, or more airflow)");
    }
  }
}

}  // namespace

LatticeSetup choose_lattice(const CaseSpec& spec) {
  LatticeSetup s;
  const double dx = spec.domain.resolution_m;
  const double nu = spec.fluid.kinematic_viscosity_m2_s;
  const double alpha = spec.fluid.thermal_diffusivity_m2_s();
  const double u_max = characteristic_velocity(spec);
  if (!(u_max > 0))
    throw CaseError(spec.run.where_max_velocity,
                    "cannot choose a time step: nothing drives the flow (no inlet, no temperature "
                    "difference); set run.max_velocity to the highest speed expected (> 0 m/s)");
  check_heat_source_rise(spec, u_max);
  const double cs = std::sqrt(double(lattice::d3q19::cs2));
  double dt = spec.run.max_lattice_mach * cs * dx / u_max;
  // Explicit heat update: keep the molecular lattice diffusivity bounded.
  dt = std::min(dt, kMaxAlphaLattice * dx * dx / alpha);
  // Very viscous cases (tau > 2) lose accuracy at walls; shorten the step instead.
  dt = std::min(dt, 0.5 * dx * dx / nu);

  double theta_zero_c = spec.fluid.reference_temperature_c;
  bool have_inlet = false;
  for (const auto& p : spec.patches)
    if (p.kind == PatchKind::VelocityInlet) {
      theta_zero_c = have_inlet ? std::min(theta_zero_c, p.temperature_c) : p.temperature_c;
      have_inlet = true;
    }
  check_run_counts(spec.run, dt);
  s.units = UnitConverter{dx, dt, spec.fluid.density_kg_m3, spec.fluid.specific_heat_j_kgk, theta_zero_c};
  const double nu_lu = s.units.diffusivity_lu(nu);
  const double tau = 0.5 + 3.0 * nu_lu;
  const bool les = spec.turbulence.model == TurbulenceModel::Smagorinsky;
  if (!les && tau < kMinLaminarTau) {
    // The finest resolution at which laminar collision would be stable at this speed.
    const double dx_needed = 3.0 * nu * spec.run.max_lattice_mach * cs / (u_max * (kMinLaminarTau - 0.5));
    throw CaseError(spec.run.where_max_velocity,
                    "relaxation time tau = " + fmt(tau, 6) + " is below the stable limit " +
                        fmt(kMinLaminarTau) + " for turbulence model 'none' (tau = 0.5 + 3 nu dt/dx^2; "
                        "at tau -> 0.5 the lattice viscosity vanishes and the run diverges). "
                        "Allowed: tau >= " + fmt(kMinLaminarTau) + ". Enable turbulence.model: smagorinsky, "
                        "lower run.max_velocity, or use cells of at most " + fmt(dx_needed) + " m");
  }
  auto& f = s.flow;
  f.tau0 = float(tau);
  f.smagorinsky_c2 = les ? float(spec.turbulence.smagorinsky_constant * spec.turbulence.smagorinsky_constant) : 0.0f;
  f.alpha0 = float(s.units.diffusivity_lu(alpha));
  f.inv_prandtl_t = float(1.0 / spec.turbulence.turbulent_prandtl);
  f.theta_buoyancy = s.units.theta(spec.fluid.reference_temperature_c);
  f.alpha_cap = float(kAlphaCapLattice);
  f.hybrid_sigma = float(kHybridSigma);
  for (int a = 0; a < 3; ++a) {
    f.beta_g[a] = float(spec.fluid.thermal_expansion_1_k * s.units.acceleration_lu(spec.gravity_m_s2[a]));
    f.accel[a] = float(s.units.acceleration_lu(spec.body_acceleration_m_s2[a]));
  }

  auto& r = s.report;
  r.dx_m = dx;
  r.dt_s = dt;
  r.cells = mesh::domain_cells(spec);
  r.tau_flow = tau;
  r.nu_lu = nu_lu;
  r.alpha_lu = f.alpha0;
  r.max_velocity_m_s = u_max;
  r.lattice_mach = s.units.velocity_lu(u_max) / cs;
  return s;
}

}  // namespace rackflow::solver
