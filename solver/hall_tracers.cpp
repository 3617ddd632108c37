#include "hall_tracers.hpp"

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "rackflow/cell_flags.hpp"
#include "rackflow/lattice/d3q19.hpp"

namespace rackflow::solver {

namespace {

// What each patch of the layout is to the tracers, with the rack or unit it belongs to.
enum class Role { None, RackIntake, RackExhaust, UnitSupply, UnitReturn };
struct PatchRole {
  Role role = Role::None;
  int owner = -1;
};

std::vector<PatchRole> patch_roles(const HallLayout& layout) {
  const auto& patches = layout.primitives.patches;
  std::vector<PatchRole> roles(patches.size());
  for (std::size_t r = 0; r < layout.racks.size(); ++r)
    for (int p : layout.racks[r].patches)
      roles[p] = {patches[p].kind == PatchKind::FlowOutlet ? Role::RackIntake : Role::RackExhaust, int(r)};
  for (std::size_t c = 0; c < layout.coolers.size(); ++c)
    for (int p : layout.coolers[c].patches)
      roles[p] = {patches[p].kind == PatchKind::FlowOutlet ? Role::UnitReturn : Role::UnitSupply, int(c)};
  return roles;
}

// The openings as the fluid cells see them. An inlet or flow outlet moves 6 w_i (c_i . u)
// per step along each of its links (Ladd; the voxelizer sets u so that the links carry
// exactly the patch's flow): each fluid cell gets one entry per patch with the sum of its
// links, so the openings pass the lattice's own flows, as the run ended. A pressure
// outlet passes the fluid cell's normal velocity through each face onto it, and takes up
// the correction that makes the flux field divergence-free.
std::vector<kernels::TracerOpeningFace> opening_faces(const Scene& scene, const std::vector<FlowLinkParams>& params,
                                                      const TracerFlow& flow) {
  namespace q19 = lattice::d3q19;
  const Grid& g = scene.grid;
  auto patch_of = [&](Index boundary_cell) {
    const std::int32_t id = scene.object_id[boundary_cell];
    return id < 0 && id != kDomainWallId ? int(-id - 1) : -1;
  };
  std::vector<kernels::TracerOpeningFace> faces;
  std::unordered_map<Index, std::size_t> entry;  // key: cell * patches + patch
  const Index patches = Index(scene.patch_param.size()) + 1;
  for (const FlowLink& l : scene.flow_links) {
    if (l.kind != kLinkVelocity && l.kind != kLinkVelocityOut) continue;
    const int c[3] = {q19::cx(l.dir), q19::cy(l.dir), q19::cz(l.dir)};
    const Index boundary = l.cell - g.offset(c[0], c[1], c[2]);
    if (scene.flags[l.cell] & kGhostBit) continue;
    const float* u = params[l.param].u;
    const float inflow = 6.0f * q19::w(l.dir) * (c[0] * u[0] + c[1] * u[1] + c[2] * u[2]);
    const int patch = patch_of(boundary);
    const Index key = l.cell * patches + (patch + 1);
    const auto it = entry.find(key);
    if (it != entry.end()) {
      faces[it->second].inflow += inflow;
      continue;
    }
    entry.emplace(key, faces.size());
    kernels::TracerOpeningFace f;
    f.cell = l.cell;
    f.inflow = inflow;
    f.opening = patch;
    faces.push_back(f);
  }
  const std::vector<float>* v[3] = {&flow.ux, &flow.uy, &flow.uz};
  const Index step[3] = {1, g.stride_y(), g.stride_z()};
  for (int k = 0; k < g.nz; ++k)
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        const Index cell = g.index(i, j, k);
        if (!is_fluid(scene.flags[cell])) continue;
        for (int face = 0; face < 6; ++face) {
          const int axis = face / 2;
          const bool upper = face % 2 == 1;
          const Index nb = upper ? cell + step[axis] : cell - step[axis];
          if ((scene.flags[nb] & kGhostBit) || (scene.flags[nb] & kTypeMask) != kPressureOutlet) continue;
          kernels::TracerOpeningFace f;
          f.cell = cell;
          f.inflow = upper ? -(*v[axis])[cell] : (*v[axis])[cell];
          f.opening = patch_of(nb);
          f.open = true;
          faces.push_back(f);
        }
      }
  return faces;
}

}  // namespace

TracerResults solve_hall_tracers(const Scene& scene, const HallLayout& layout,
                                 const std::vector<FlowLinkParams>& link_params,
                                 const std::vector<CoolerResult>& coolers, const TracerFlow& flow,
                                 const kernels::TracerControl& control) {
  TracerResults out;
  std::vector<int> units;  // running units, in supply tracer order
  for (std::size_t c = 0; c < layout.coolers.size(); ++c)
    if (!coolers.at(c).failed) units.push_back(int(c));
  const int racks = int(layout.racks.size());
  if (racks == 0 || units.empty()) return out;
  const auto start = std::chrono::steady_clock::now();

  const std::vector<PatchRole> roles = patch_roles(layout);
  const int labels = int(roles.size());
  std::vector<float> flux = kernels::face_fluxes(scene.grid, scene.flags, flow.ux, flow.uy, flow.uz);
  std::vector<kernels::TracerOpeningFace> openings = opening_faces(scene, link_params, flow);
  const kernels::Projection projection = kernels::make_divergence_free(scene.grid, scene.flags, flux, openings);
  const kernels::TracerSystem system =
      kernels::build_tracer_system(scene.grid, scene.flags, flux, flow.alpha, std::move(openings));
  // Flow out through each patch, the denominators of the intake shares.
  std::vector<double> patch_outflow(std::size_t(labels), 0.0);
  for (const auto& f : system.openings)
    if (f.inflow < 0 && f.opening >= 0) patch_outflow[std::size_t(f.opening)] -= f.inflow;
  std::vector<double> rack_intake(std::size_t(racks), 0.0);
  for (int p = 0; p < labels; ++p)
    if (roles[p].role == Role::RackIntake) rack_intake[std::size_t(roles[p].owner)] += patch_outflow[std::size_t(p)];

  const int supplies = int(units.size());
  for (int c : units) out.coolers.push_back(coolers[std::size_t(c)].name);
  out.rack_intake_from_cooler.assign(std::size_t(racks), std::vector<double>(std::size_t(supplies), 0.0));
  out.rack_exhaust_captured.assign(std::size_t(racks), 0.0);
  std::vector<kernels::TracerSweeps> sweeps(std::size_t(supplies + racks));

  // Tracer t < supplies: unit units[t]'s supply; else rack t - supplies's exhaust.
  auto emits = [&](int t, int opening) {
    if (opening < 0) return false;
    const PatchRole& r = roles[std::size_t(opening)];
    return t < supplies ? r.role == Role::UnitSupply && r.owner == units[std::size_t(t)]
                        : r.role == Role::RackExhaust && r.owner == t - supplies;
  };
  auto source = [&](int t) { return kernels::tracer_source(system, [&](int opening) { return emits(t, opening); }); };
  auto done = [&](int t, const std::vector<float>& c, const kernels::TracerSweeps& s) {
    sweeps[std::size_t(t)] = s;
    const std::vector<double> leaving = kernels::tracer_outflow(system, c, labels);
    if (t < supplies) {
      std::vector<double> from(std::size_t(racks), 0.0);
      for (int p = 0; p < labels; ++p)
        if (roles[p].role == Role::RackIntake) from[std::size_t(roles[p].owner)] += leaving[std::size_t(p)];
      for (int r = 0; r < racks; ++r)
        out.rack_intake_from_cooler[std::size_t(r)][std::size_t(t)] =
            rack_intake[std::size_t(r)] > 0 ? from[std::size_t(r)] / rack_intake[std::size_t(r)] : 0.0;
      return;
    }
    double emitted = 0, captured = 0;
    for (const auto& f : system.openings)
      if (f.inflow > 0 && emits(t, f.opening)) emitted += f.inflow;
    for (int p = 0; p < labels; ++p)
      if (roles[p].role == Role::UnitReturn) captured += leaving[std::size_t(p)];
    out.rack_exhaust_captured[std::size_t(t - supplies)] = emitted > 0 ? captured / emitted : 0.0;
  };
  kernels::solve_tracers(system, supplies + racks, source, done, control);

  for (const auto& s : sweeps) {
    out.worst_residual = std::max(out.worst_residual, s.residual);
    out.sweeps = std::max(out.sweeps, s.sweeps);
  }
  double through = 0;
  for (const auto& f : system.openings) through += std::max(f.inflow, 0.0f);
  out.flow_divergence = through > 0 ? projection.divergence_before / through : 0.0;
  out.computed = true;
  out.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace rackflow::solver
