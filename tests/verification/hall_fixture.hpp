// Small halls built in code for the object-model tests: a room with a supply wall and an
// open return, racks given by rack-level power, and helpers that read boundary-cell and
// face temperatures from a snapshot independently of the models' own bookkeeping.
#pragma once

#include <string>
#include <vector>

#include "rackflow/case_spec.hpp"
#include "simulation.hpp"

namespace rackflow::test {

constexpr double kRho = 1.184, kCp = 1007.0;  // FluidSpec defaults

// A room lx x ly x lz at dx with a hall section (class A1, one constant full-power profile).
inline CaseSpec hall_room(double lx, double ly, double lz, double dx, double end_time_s) {
  CaseSpec c;
  c.name = "hall-test";
  c.domain.size_m = {lx, ly, lz};
  c.domain.resolution_m = dx;
  c.run.end_time_s = end_time_s;
  c.run.max_velocity_m_s = 2.0;
  c.initial.temperature_c = 20.0;
  c.hall = HallSpec{};
  c.hall->profiles.push_back(PowerProfileSpec{});
  c.hall->profiles.back().name = "full";
  return c;
}

// Supply through the whole x_min wall at t_c, open (pressure) return on the whole x_max wall.
inline void add_through_flow(CaseSpec& c, double speed_m_s, double t_c) {
  PatchSpec in;
  in.name = "supply";
  in.kind = PatchKind::VelocityInlet;
  in.face = Face::XMin;
  in.velocity_m_s = speed_m_s;
  in.temperature_c = t_c;
  PatchSpec out;
  out.name = "return";
  out.kind = PatchKind::PressureOutlet;
  out.face = Face::XMax;
  c.patches = {in, out};
}

// The test rooms' cooling unit: against the x_min wall, supply through its front (+x),
// return through its top.
inline CoolerSpec wall_crah(double airflow_m3_s, double capacity_w, double supply_c) {
  CoolerSpec u;
  u.name = "crah-1";
  u.min_m = {0.0, 1.0, 0.0};
  u.max_m = {0.8, 2.0, 1.8};
  u.front = Face::XMax;
  u.supply = SupplyMode::Front;
  u.return_from = ReturnMode::Top;
  u.airflow_m3_s = airflow_m3_s;
  u.capacity_w = capacity_w;
  u.supply_temperature_c = supply_c;
  return u;
}

// A rack on the floor with one rack-level "server" of the given power and airflow.
inline RackSpec rack_at(const std::string& name, Vec3d min_m, Vec3d max_m, Face front, double power_w,
                        double airflow_m3_s) {
  RackSpec r;
  r.name = name;
  r.min_m = min_m;
  r.max_m = max_m;
  r.front = front;
  r.profile = "full";
  ServerSpec s;
  s.name = name + "/rack";
  s.type = "rack";
  s.u_bottom = 1;
  s.height_u = (max_m[2] - min_m[2]) / r.u_height_m;
  s.max_power_w = power_w;
  s.airflow_m3_s = airflow_m3_s;
  r.servers.push_back(s);
  return r;
}

// Mean snapshot temperature over the boundary cells of every patch whose name contains
// `part` (their temperature is what an inlet port supplies), or over the fluid cells in
// front of them (`in_front`: what an outlet port draws).
inline double patch_temperature_c(const solver::Simulation& sim, const Snapshot& s, const std::string& part,
                                  bool in_front) {
  const auto& patches = sim.spec().patches;
  double sum = 0;
  long count = 0;
  const int nx = s.cells[0], ny = s.cells[1];
  for (int k = 0; k < s.cells[2]; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        const std::size_t m = std::size_t(i) + std::size_t(nx) * (j + std::size_t(ny) * k);
        const int id = s.object_id[m];
        if (id >= 0 || id == kDomainWallId) continue;
        const PatchSpec& p = patches[-id - 1];
        if (p.name.find(part) == std::string::npos) continue;
        int c[3] = {i, j, k};
        if (in_front) c[face_axis(p.face)] += face_sign(p.face);  // box patches: fluid at +sign
        sum += s.temperature_c[std::size_t(c[0]) + std::size_t(nx) * (c[1] + std::size_t(ny) * c[2])];
        ++count;
      }
  return count ? sum / double(count) : 0.0;
}

// Net heat of an energy-accounting group [W], 0 when absent.
inline double group_watts(const EnergyBalance& e, const std::string& name) {
  for (const auto& f : e.flows)
    if (f.name == name) return f.watts;
  return 0.0;
}

}  // namespace rackflow::test
