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

// Every face of an interior fluid cell onto an opening, labelled with its patch. Inlets
// and flow outlets pass their prescribed flow (the Ladd link velocity of the face's
// axis-aligned link, as the run ended); a pressure outlet passes the fluid cell's own.
std::vector<kernels::TracerOpeningFace> opening_faces(const Scene& scene, const std::vector<FlowLinkParams>& params,
                                                      const TracerFlow& flow) {
  namespace q19 = lattice::d3q19;
  const Grid& g = scene.grid;
  std::unordered_map<Index, float> prescribed;  // key: 6 cell + face; value: inflow
  for (const FlowLink& l : scene.flow_links) {
    if (l.dir < 1 || l.dir > 6 || (l.kind != kLinkVelocity && l.kind != kLinkVelocityOut)) continue;
    const int axis = (l.dir - 1) / 2;
    const int c = axis == 0 ? q19::cx(l.dir) : axis == 1 ? q19::cy(l.dir) : q19::cz(l.dir);
    // The population comes from the opening at cell - c: the lower face when c = +1.
    const int face = 2 * axis + (c > 0 ? 0 : 1);
    prescribed[6 * l.cell + face] = params[l.param].u[axis] * float(c);
  }
  const std::vector<float>* u[3] = {&flow.ux, &flow.uy, &flow.uz};
  const Index step[3] = {1, g.stride_y(), g.stride_z()};
  std::vector<kernels::TracerOpeningFace> faces;
  for (int k = 0; k < g.nz; ++k)
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        const Index cell = g.index(i, j, k);
        if (!is_fluid(scene.flags[cell])) continue;
        for (int face = 0; face < 6; ++face) {
          const int axis = face / 2;
          const bool upper = face % 2 == 1;
          const Index nb = upper ? cell + step[axis] : cell - step[axis];
          const std::uint8_t type = scene.flags[nb] & kTypeMask;
          if ((scene.flags[nb] & kGhostBit) || (type != kVelocityInlet && type != kFlowOutlet && type != kPressureOutlet))
            continue;
          kernels::TracerOpeningFace f;
          f.cell = cell;
          const auto it = type == kPressureOutlet ? prescribed.end() : prescribed.find(6 * cell + face);
          f.inflow = it != prescribed.end() ? it->second : (upper ? -(*u[axis])[cell] : (*u[axis])[cell]);
          const std::int32_t id = scene.object_id[nb];
          f.opening = id < 0 && id != kDomainWallId ? -id - 1 : -1;
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
  const kernels::TracerSystem system = kernels::build_tracer_system(
      scene.grid, scene.flags, kernels::face_fluxes(scene.grid, scene.flags, flow.ux, flow.uy, flow.uz), flow.alpha,
      opening_faces(scene, link_params, flow));
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
  out.computed = true;
  out.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace rackflow::solver
