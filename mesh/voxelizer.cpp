#include "voxelizer.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "rackflow/cell_flags.hpp"
#include "rackflow/lattice/d3q19.hpp"

namespace rackflow::mesh {

CellRange cells_covering(double min_m, double max_m, double dx) {
  const double eps = 1e-9;
  return {int(std::ceil(min_m / dx - 0.5 - eps)), int(std::ceil(max_m / dx - 0.5 - eps))};
}

namespace {

namespace q19 = lattice::d3q19;


// The two in-plane axes of a face, in increasing order.
std::array<int, 2> plane_axes(Face f) {
  const int a = face_axis(f);
  return a == 0 ? std::array<int, 2>{1, 2} : (a == 1 ? std::array<int, 2>{0, 2} : std::array<int, 2>{0, 1});
}

std::string fmt(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

class Voxelizer {
 public:
  Voxelizer(const CaseSpec& spec, const UnitConverter& units, const Grid& block, const Collectives& ranks)
      : spec_(spec), units_(units), ranks_(ranks) {
    scene_.grid = block;
    scene_.periodic = spec.domain.periodic;
    const Index cells = scene_.grid.cells_padded();
    scene_.flags.assign(cells, kFluid);
    scene_.object_id.assign(cells, 0);
    scene_.initial_theta = units.theta(spec.initial.temperature_c);
    for (int a = 0; a < 3; ++a) scene_.initial_u[a] = float(units.velocity_lu(spec.initial.velocity_m_s[a]));
  }

  Scene run() {
    make_groups();
    mark_halo();
    mark_boxes();
    mark_box_patches();
    check_domain_patches();
    settle_errors();
    mark_jet_cells();
    build_flow_links();
    build_panel_links();
    build_heat_faces();
    build_sources();
    warn_about_domain_shift();
    warn_about_snapping();
    return std::move(scene_);
  }

 private:
  const Grid& g() const { return scene_.grid; }
  // The domain's interior cells along each axis.
  std::array<int, 3> domain() const { return {int(g().global[0]), int(g().global[1]), int(g().global[2])}; }
  std::array<CellRange, 3> domain_extent() const {
    const auto n = domain();
    return {CellRange{0, n[0]}, CellRange{0, n[1]}, CellRange{0, n[2]}};
  }
  int extent(int a) const { return a == 0 ? g().nx : a == 1 ? g().ny : g().nz; }
  bool interior_global(const int c[3]) const {
    for (int a = 0; a < 3; ++a)
      if (c[a] < g().origin[a] || c[a] >= g().origin[a] + extent(a)) return false;
    return true;
  }
  int local(int a, int global_cell) const { return int(global_cell - g().origin[a]); }

  // The local coordinates (interior and halo) of the domain cells [r.lo, r.hi) along axis
  // a, periodic images included: disjoint intervals of the window.
  std::vector<CellRange> window_spans(int a, CellRange r) const {
    std::vector<CellRange> out;
    const long n_domain = long(g().global[a]);
    const int reach = spec_.domain.periodic[a] ? 2 : 0;  // images this far away can reach a halo
    for (int s = -reach; s <= reach; ++s) {
      const long lo = std::max(long(std::max(r.lo, 0)) + s * n_domain - long(g().origin[a]), long(-kHalo));
      const long hi = std::min(long(std::min(long(r.hi), n_domain)) + s * n_domain - long(g().origin[a]),
                               long(extent(a) + kHalo));
      if (lo < hi) out.push_back({int(lo), int(hi)});
    }
    return out;
  }
  // f(i, j, k) for every window cell of the domain cells in r.
  template <class F>
  void for_each_in_window(const std::array<CellRange, 3>& r, F&& f) {
    for (const CellRange z : window_spans(2, r[2]))
      for (const CellRange y : window_spans(1, r[1]))
        for (const CellRange x : window_spans(0, r[0]))
          for (int k = z.lo; k < z.hi; ++k)
            for (int j = y.lo; j < y.hi; ++j)
              for (int i = x.lo; i < x.hi; ++i) f(i, j, k);
  }

  // A check that depends on which cells this block holds: the first failure is kept and
  // every rank learns of it at the next settle_errors(), so all throw together.
  void defer_error(const SourceRef& where, const std::string& message) {
    if (!pending_error_) pending_error_ = CaseError(where, message);
  }
  void settle_errors() {
    if (pending_error_) ranks_.first_error(*pending_error_);
    else ranks_.first_error(std::nullopt);
  }

  std::uint8_t& flag(int i, int j, int k) { return scene_.flags[g().index(i, j, k)]; }
  std::int32_t& id(int i, int j, int k) { return scene_.object_id[g().index(i, j, k)]; }

  std::array<CellRange, 3> box_cells(const BoxSpec& b) const {
    std::array<CellRange, 3> r;
    for (int a = 0; a < 3; ++a) r[a] = cells_covering(b.min_m[a], b.max_m[a], units_.dx_m);
    return r;
  }

  // In-plane cell ranges a patch covers (whole face when no rectangle is given).
  std::array<CellRange, 2> patch_cells(const PatchSpec& p, const std::array<CellRange, 3>& face_extent) const {
    const auto axes = plane_axes(p.face);
    std::array<CellRange, 2> r{face_extent[axes[0]], face_extent[axes[1]]};
    if (p.rect_min_m && p.rect_max_m)
      for (int t = 0; t < 2; ++t) {
        const CellRange c = cells_covering((*p.rect_min_m)[t], (*p.rect_max_m)[t], units_.dx_m);
        r[t] = {std::max(c.lo, r[t].lo), std::min(c.hi, r[t].hi)};
      }
    for (int t = 0; t < 2; ++t)
      if (r[t].empty())
        throw CaseError(p.where, "patch '" + p.name + "' covers no cell centre at resolution " +
                                     fmt(units_.dx_m) + " m (allowed: a rectangle at least one cell, " +
                                     fmt(units_.dx_m) + " m, wide on each side)");
    return r;
  }

  static const char* kind_name(PatchKind k) {
    switch (k) {
      case PatchKind::VelocityInlet: return "velocity inlet";
      case PatchKind::PressureOutlet: return "pressure outlet";
      case PatchKind::FlowOutlet: return "flow outlet";
      case PatchKind::Wall: return "wall";
    }
    return "";
  }

  // Patches of one object (a rack's intake and exhaust layers) share their group.
  int group_named(const std::string& name) {
    for (std::size_t g = 0; g < scene_.groups.size(); ++g)
      if (scene_.groups[g] == name) return int(g);
    scene_.groups.push_back(name);
    return int(scene_.groups.size() - 1);
  }

  void make_groups() {
    for (const auto& ps : spec_.patches)
      patch_group_.push_back(group_named(ps.group.empty() ? ps.name + " (" + kind_name(ps.kind) + ")" : ps.group));
    for (const auto& b : spec_.boxes) {
      const bool heat = b.power_w > 0 || b.temperature_c.has_value();
      box_group_.push_back(heat ? int(scene_.groups.size()) : -1);
      if (heat) scene_.groups.push_back(b.name + (b.kind == BoxKind::HeatSource ? " (heat source)" : " (solid)"));
    }
  }

  // Halo cells: the domain's cells beyond the block's faces (a neighbouring block's, or
  // a periodic image; their types come with the boxes), domain-face patches, or walls.
  void mark_halo() {
    const auto& per = spec_.domain.periodic;
    const auto n = domain();
    for (int k = -kHalo; k < g().nz + kHalo; ++k)
      for (int j = -kHalo; j < g().ny + kHalo; ++j)
        for (int i = -kHalo; i < g().nx + kHalo; ++i) {
          if (g().inside(i, j, k)) continue;
          const auto global = g().global_coords(i, j, k);
          int w[3];
          for (int a = 0; a < 3; ++a) {
            w[a] = int(global[a]);
            if (per[a]) w[a] = ((w[a] % n[a]) + n[a]) % n[a];
          }
          int outside_axis = -1;
          for (int a = 0; a < 3 && outside_axis < 0; ++a)
            if (w[a] < 0 || w[a] >= n[a]) outside_axis = a;
          if (outside_axis < 0) {  // a domain cell: copied from its owner, never updated here
            ghosts_.push_back(g().index(i, j, k));
            continue;
          }
          const Face face = Face(2 * outside_axis + (w[outside_axis] < 0 ? 0 : 1));
          flag(i, j, k) = kWall;
          id(i, j, k) = kDomainWallId;
          for (std::size_t p = 0; p < spec_.patches.size(); ++p) {
            const auto& ps = spec_.patches[p];
            if (!ps.box.empty() || ps.face != face) continue;
            const auto axes = plane_axes(face);
            const auto r = patch_cells(ps, domain_extent());
            if (w[axes[0]] >= r[0].lo && w[axes[0]] < r[0].hi && w[axes[1]] >= r[1].lo && w[axes[1]] < r[1].hi) {
              flag(i, j, k) = patch_type(ps);
              id(i, j, k) = -(int(p) + 1);
              mark_patch_cell(p, g().index(i, j, k));
            }
          }
        }
  }

  // Inlet cells hold the supply temperature the inflow links carry in; isothermal wall
  // cells hold theirs for the output.
  static bool holds_temperature(const PatchSpec& p) {
    return p.kind == PatchKind::VelocityInlet || (p.kind == PatchKind::Wall && p.has_temperature);
  }

  // Temperature and port bookkeeping of a cell that just became patch p's boundary cell.
  void mark_patch_cell(std::size_t p, Index cell) {
    const auto& ps = spec_.patches[p];
    if (holds_temperature(ps)) scene_.fixed_theta_cells.push_back({cell, theta(ps.temperature_c)});
    if (ps.port >= 0 && ps.kind == PatchKind::VelocityInlet) port_cells(ps.port).push_back(cell);
  }

  std::vector<Index>& port_cells(int port) {
    if (port_cells_.size() <= std::size_t(port)) port_cells_.resize(port + 1);
    return port_cells_[port];
  }

  static std::uint8_t patch_type(const PatchSpec& p) {
    switch (p.kind) {
      case PatchKind::VelocityInlet: return kVelocityInlet;
      case PatchKind::PressureOutlet: return kPressureOutlet;
      case PatchKind::FlowOutlet: return kFlowOutlet;
      case PatchKind::Wall: return kWall;
    }
    return kWall;
  }
  float theta(double t_c) const { return units_.theta(t_c); }

  void mark_boxes() {
    for (std::size_t b = 0; b < spec_.boxes.size(); ++b) {
      const auto& box = spec_.boxes[b];
      if (box.kind == BoxKind::Panel) {
        const PanelPlane p = panel_plane(box);
        // On the domain's boundary the wall is there already (a door at the hall's wall).
        if (p.face > 0 && p.face < domain()[p.axis]) panels_.push_back(p);
        continue;
      }
      const auto r = box_cells(box);
      for (int a = 0; a < 3; ++a)
        if (r[a].empty())
          throw CaseError(box.where, "box '" + box.name + "' is " + fmt(box.max_m[a] - box.min_m[a]) +
                                         " m thick along " + std::string(1, "xyz"[a]) +
                                         ", thinner than one cell: it covers no cell centre at resolution " + fmt(units_.dx_m) +
                                         " m (allowed: at least one cell, " + fmt(units_.dx_m) + " m)");
      if (box.kind != BoxKind::Solid) continue;
      for_each_in_window(r, [&](int i, int j, int k) {
        flag(i, j, k) = kWall;
        id(i, j, k) = int(b) + 1;
        if (box.temperature_c) scene_.fixed_theta_cells.push_back({g().index(i, j, k), theta(*box.temperature_c)});
      });
    }
    carve_porous_boxes();
  }

  // A thin panel: the grid face nearest its mid-plane along its thinnest axis, over the
  // cells its other two sides cover.
  struct PanelPlane {
    int axis;
    int face;                    // between global cells face - 1 and face along axis
    std::array<CellRange, 3> r;  // in-plane extents (r[axis] unused)
  };
  PanelPlane panel_plane(const BoxSpec& box) const {
    PanelPlane p{0, 0, box_cells(box)};
    for (int a = 1; a < 3; ++a)
      if (box.max_m[a] - box.min_m[a] < box.max_m[p.axis] - box.min_m[p.axis]) p.axis = a;
    // The face a box face there would snap to (cells_covering), so a panel on a rack's top
    // meets the rack's cells.
    const double mid_m = 0.5 * (box.min_m[p.axis] + box.max_m[p.axis]);
    p.face = cells_covering(mid_m, mid_m, units_.dx_m).lo;
    for (int a = 0; a < 3; ++a)
      if (a != p.axis && p.r[a].empty())
        throw CaseError(box.where, "panel '" + box.name + "' is " + fmt(box.max_m[a] - box.min_m[a]) + " m wide along " +
                                       std::string(1, "xyz"[a]) + ": it covers no cell centre at resolution " +
                                       fmt(units_.dx_m) + " m (allowed: at least one cell, " + fmt(units_.dx_m) + " m)");
    return p;
  }

  // Whether the link between global cells a and b crosses panel p: it joins the two
  // cells beside the panel's face, and it passes inside the panel's extent (at its edge a
  // diagonal link crosses the plane on the edge line, and is blocked).
  static bool crosses(const PanelPlane& p, const std::array<Index, 3>& a, const std::array<Index, 3>& b) {
    if (a[p.axis] == b[p.axis] || std::max(a[p.axis], b[p.axis]) != p.face) return false;
    for (int t = 0; t < 3; ++t) {
      if (t == p.axis) continue;
      const auto in = [&](Index v) { return v >= p.r[t].lo && v < p.r[t].hi; };
      if (!in(a[t]) && !in(b[t])) return false;
    }
    return true;
  }

  // Links across thin panels: one kLinkPanel entry per pair of fluid cells (on the block
  // that holds the cell beyond the face; on both blocks where the pair straddles two), and
  // every fluid cell beside a panel with its crossing directions, for PanelHeat.
  void build_panel_links() {
    if (panels_.empty()) return;
    for (int k = 0; k < g().nz; ++k)
      for (int j = 0; j < g().ny; ++j)
        for (int i = 0; i < g().nx; ++i) {
          const Index c = g().index(i, j, k);
          if (!is_fluid(scene_.flags[c])) continue;
          const auto gc = g().global_coords(i, j, k);
          std::uint32_t dirs = 0;
          for (int d = 1; d < q19::Q; ++d) {
            const int cd[3] = {q19::cx(d), q19::cy(d), q19::cz(d)};
            if (!is_fluid(scene_.flags[c - g().offset(cd[0], cd[1], cd[2])])) continue;
            const std::array<Index, 3> gu{gc[0] - cd[0], gc[1] - cd[1], gc[2] - cd[2]};
            for (const PanelPlane& p : panels_) {
              if (!crosses(p, gc, gu)) continue;
              dirs |= 1u << d;
              const bool high_side = gc[p.axis] == p.face;
              const int up_local[3] = {i - cd[0], j - cd[1], k - cd[2]};
              if (high_side || !g().inside(up_local[0], up_local[1], up_local[2]))
                scene_.flow_links.push_back(FlowLink{c, std::uint8_t(d), kLinkPanel, 0});
              break;
            }
          }
          if (dirs) scene_.panel_cells.push_back(PanelCell{c, dirs});
        }
  }

  // Porous boxes are fluid with a loss, even where a solid (the floor slab) was painted
  // first: a perforated tile is a hole in the floor that resists the flow.
  void carve_porous_boxes() {
    for (const auto& box : spec_.boxes) {
      if (box.kind != BoxKind::Porous) continue;
      const auto r = box_cells(box);
      const int thickness = r[box.porous_axis].hi - r[box.porous_axis].lo;
      const float k = float(box.loss_coefficient / (2.0 * thickness));
      for_each_in_window(r, [&](int i, int j, int kk) {
        flag(i, j, kk) = kFluid;
        id(i, j, kk) = 0;
        if (g().inside(i, j, kk)) scene_.porous_cells.push_back({g().index(i, j, kk), k});
      });
    }
  }

  // The fluid layer just beyond a jet-corrected porous box's max face along its axis (the
  // room side of a floor tile): interior fluid cells only, once every box and patch has
  // painted the grid, so a cell under a panel standing on the tile gets no push.
  void mark_jet_cells() {
    for (const auto& box : spec_.boxes) {
      if (box.kind != BoxKind::Porous || box.jet_coefficient <= 0) continue;
      auto r = box_cells(box);
      const int a = box.porous_axis;
      r[a] = CellRange{r[a].hi, r[a].hi + 1};
      for_each_in_window(r, [&](int i, int j, int k) {
        if (g().inside(i, j, k) && flag(i, j, k) == kFluid)
          scene_.jet_cells.push_back({g().index(i, j, k), float(box.jet_coefficient)});
      });
    }
  }

  // Halo cells inside the domain carry the ghost bit on top of their type, once every
  // box and box patch has painted them.
  void mark_ghosts() {
    for (Index c : ghosts_) scene_.flags[c] |= kGhostBit;
  }

  // A patch on a box face turns the box's outer layer of cells on that face into
  // boundary cells of the patch's kind; the cells in front of it must be fluid.
  void mark_box_patches() {
    for (std::size_t p = 0; p < spec_.patches.size(); ++p) {
      const auto& ps = spec_.patches[p];
      if (ps.box.empty()) continue;
      const BoxSpec* box = nullptr;
      for (const auto& b : spec_.boxes)
        if (b.name == ps.box) box = &b;
      if (!box) throw CaseError(ps.where, "patch '" + ps.name + "' names unknown box '" + ps.box + "'");
      const auto r = box_cells(*box);
      const int a = face_axis(ps.face);
      const int layer = face_sign(ps.face) < 0 ? r[a].lo : r[a].hi - 1;
      const int front = layer + face_sign(ps.face);
      const auto axes = plane_axes(ps.face);
      const auto pr = patch_cells(ps, r);
      const std::string blocked = "patch '" + ps.name + "' is on the " + face_name(ps.face) + " face of box '" +
                                  ps.box +
                                  "', which is not open to the fluid there: a solid or the domain boundary is in "
                                  "front of it (allowed: a box face with fluid in front of every patch cell)";
      const int n_front = domain()[a];
      if (front < 0 || front >= n_front) throw CaseError(ps.where, blocked);
      // The cell in front is some block's interior cell, and that block holds the patch
      // cell in its halo: the block that owns the front checks it.
      for (int s = pr[0].lo; s < pr[0].hi; ++s)
        for (int t = pr[1].lo; t < pr[1].hi; ++t) {
          int fr[3];
          fr[a] = front; fr[axes[0]] = s; fr[axes[1]] = t;
          if (interior_global(fr) && !is_fluid(flag(local(0, fr[0]), local(1, fr[1]), local(2, fr[2]))))
            defer_error(ps.where, blocked);
        }
      std::array<CellRange, 3> cells;
      cells[a] = {layer, layer + 1};
      cells[axes[0]] = pr[0];
      cells[axes[1]] = pr[1];
      for_each_in_window(cells, [&](int i, int j, int k) {
        flag(i, j, k) = patch_type(ps);
        id(i, j, k) = -(int(p) + 1);
        mark_patch_cell(p, g().index(i, j, k));
      });
    }
    mark_ghosts();
  }

  void check_domain_patches() {
    const auto n = domain();
    for (const auto& ps : spec_.patches) {
      if (!ps.box.empty()) continue;
      const int a = face_axis(ps.face);
      const int layer = face_sign(ps.face) < 0 ? 0 : n[a] - 1;
      const auto axes = plane_axes(ps.face);
      const auto pr = patch_cells(ps, domain_extent());
      for (int s = pr[0].lo; s < pr[0].hi; ++s)
        for (int t = pr[1].lo; t < pr[1].hi; ++t) {
          int c[3];
          c[a] = layer; c[axes[0]] = s; c[axes[1]] = t;
          if (!interior_global(c)) continue;  // its own block checks it
          if (!is_fluid(flag(local(0, c[0]), local(1, c[1]), local(2, c[2]))) && ps.kind != PatchKind::Wall)
            defer_error(ps.where, "patch '" + ps.name + "' on domain face " + face_name(ps.face) +
                                          " is covered by a solid box at cell (" + std::to_string(c[0]) +
                                          ", " + std::to_string(c[1]) + ", " + std::to_string(c[2]) +
                                          ") (allowed: inlets and outlets on faces open to the fluid; move the patch or the box)");
        }
    }
  }

  // A link from a patch cell into the fluid feeds or drains the flow only if it crosses
  // the patch's own face. A box-face patch cell also touches fluid sideways at the
  // patch's edges; those links are the box's side wall. (Domain-face patch cells live in
  // the halo, where every link into the interior crosses the face.)
  static bool crosses_patch_face(const PatchSpec& p, int dir) {
    if (p.box.empty()) return true;
    const int c[3] = {q19::cx(dir), q19::cy(dir), q19::cz(dir)};
    return c[face_axis(p.face)] == face_sign(p.face);
  }

  // Unit normal of a flowing patch along which its velocity parameter points: into the
  // fluid for an inlet, out of it for a flow outlet.
  static int flow_sign(const PatchSpec& ps) {
    // Domain face: the fluid lies at -sign; box face: at +sign.
    const int into_fluid = ps.box.empty() ? -face_sign(ps.face) : face_sign(ps.face);
    return ps.kind == PatchKind::FlowOutlet ? -into_fluid : into_fluid;
  }

  static std::uint8_t link_kind(std::uint8_t cell_type) {
    return cell_type == kVelocityInlet ? kLinkVelocity
           : cell_type == kFlowOutlet  ? kLinkVelocityOut
                                       : kLinkPressure;
  }

  void build_flow_links() {
    auto& params = scene_.flow_link_params;
    params.push_back(FlowLinkParams{});  // 0: no-slip wall
    scene_.flow_link_param_group.push_back(-1);
    scene_.patch_param.assign(spec_.patches.size(), 0);
    for (std::size_t p = 0; p < spec_.patches.size(); ++p) {
      const auto& ps = spec_.patches[p];
      if (ps.kind == PatchKind::Wall) continue;
      FlowLinkParams prm;
      if (ps.kind == PatchKind::PressureOutlet)
        prm.rho = float(1.0 + 3.0 * units_.pressure_lu(ps.pressure_pa));
      else
        prm.u[face_axis(ps.face)] = float(flow_sign(ps) * units_.velocity_lu(ps.velocity_m_s));
      scene_.patch_param[p] = int(params.size());
      params.push_back(prm);
      scene_.flow_link_param_group.push_back(patch_group_[p]);
    }
    std::vector<int> link_patch;  // the patch each link drains or feeds, -1 for walls
    for (int k = 0; k < g().nz; ++k)
      for (int j = 0; j < g().ny; ++j)
        for (int i = 0; i < g().nx; ++i) {
          const Index c = g().index(i, j, k);
          if (!is_fluid(scene_.flags[c])) continue;
          for (int d = 1; d < q19::Q; ++d) {
            const Index up = c - g().offset(q19::cx(d), q19::cy(d), q19::cz(d));
            const std::uint8_t t = scene_.flags[up] & kTypeMask;
            if (t == kFluid) continue;
            FlowLink link{c, std::uint8_t(d), kLinkBounceBack, 0};
            const std::int32_t oid = scene_.object_id[up];
            int patch = -1;
            if (t != kWall && oid < 0 && oid != kDomainWallId && crosses_patch_face(spec_.patches[-oid - 1], d)) {
              patch = -oid - 1;
              link.kind = link_kind(t);
              link.param = std::uint32_t(scene_.patch_param[patch]);
            }
            scene_.flow_links.push_back(link);
            link_patch.push_back(patch);
          }
        }
    for (const auto& l : scene_.flow_links)
      if (l.kind == kLinkVelocityOut) scene_.flow_outlet_cells.push_back(l.cell);
    auto& cells = scene_.flow_outlet_cells;
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    set_flow_patch_speeds(link_patch);
    build_ports(link_patch);
  }

  // A patch given by its flow gets the speed at which its links move exactly that flow:
  // a link along c_i carries 6 w_i (c_i . u) per step (Ladd), so the speed is the flow in
  // cell volumes per step over sum 6 w_i |c_i . n|. Edge cells, whose sideways links are
  // walls, then cannot make two patches of equal flow move unequal masses.
  void set_flow_patch_speeds(const std::vector<int>& link_patch) {
    std::vector<double> weight(spec_.patches.size(), 0.0);
    for (std::size_t l = 0; l < link_patch.size(); ++l) {
      if (link_patch[l] < 0) continue;
      const int d = scene_.flow_links[l].dir;
      const int c[3] = {q19::cx(d), q19::cy(d), q19::cz(d)};
      // In sixths (6 w_i is 2/6 along an axis, 1/6 on a diagonal): whole numbers, so the
      // sum over the ranks is exact and the speed the same however the domain is split.
      weight[link_patch[l]] += std::lround(36.0 * q19::w(d)) * std::abs(c[face_axis(spec_.patches[link_patch[l]].face)]);
    }
    ranks_.sum(weight);
    for (double& w : weight) w /= 6.0;
    for (std::size_t p = 0; p < spec_.patches.size(); ++p) {
      const auto& ps = spec_.patches[p];
      if (!ps.flow_m3_s || ps.kind == PatchKind::Wall || ps.kind == PatchKind::PressureOutlet) continue;
      if (weight[p] == 0)
        throw CaseError(ps.where, "patch '" + ps.name + "' has no link into the fluid at resolution " +
                                      fmt(units_.dx_m) + " m (allowed: a patch with fluid in front of it)");
      scene_.flow_link_params[scene_.patch_param[p]].u[face_axis(ps.face)] =
          float(flow_sign(ps) * units_.flow_lu(*ps.flow_m3_s) / weight[p]);
    }
  }

  void build_ports(const std::vector<int>& link_patch) {
    int ports = int(port_cells_.size());
    for (const auto& ps : spec_.patches) ports = std::max(ports, ps.port + 1);
    std::vector<std::vector<Index>> links(ports);
    for (std::size_t l = 0; l < link_patch.size(); ++l)
      if (link_patch[l] >= 0 && spec_.patches[link_patch[l]].port >= 0)
        links[spec_.patches[link_patch[l]].port].push_back(Index(l));
    port_cells_.resize(ports);
    compress(links, scene_.port_link_start, scene_.port_links);
    compress(port_cells_, scene_.port_cell_start, scene_.port_cells);
  }

  static void compress(const std::vector<std::vector<Index>>& rows, std::vector<Index>& start,
                       std::vector<Index>& values) {
    start.assign(1, 0);
    for (const auto& row : rows) {
      values.insert(values.end(), row.begin(), row.end());
      start.push_back(Index(values.size()));
    }
  }

  // Heat entering through faces that are not adiabatic walls.
  void build_heat_faces() {
    auto& faces = scene_.heat_faces;
    std::vector<int> patch_face(spec_.patches.size(), -1), box_face(spec_.boxes.size(), -1);
    auto add = [&](HeatFace hf, int group) {
      faces.push_back(hf);
      scene_.heat_face_group.push_back(group);
      return int(faces.size() - 1);
    };
    for (std::size_t p = 0; p < spec_.patches.size(); ++p) {
      const auto& ps = spec_.patches[p];
      HeatFace hf;
      // Inlets and outlets exchange heat along their flow links (HeatSweep), not here.
      if (ps.kind != PatchKind::Wall) continue;
      if (ps.has_temperature) {
        hf = {kHeatFixedTemperature, theta(ps.temperature_c)};
      } else if (ps.heat_flux_w_m2 != 0) {
        hf = {kHeatFixedFlux, float(units_.theta_per_step_from_flux(ps.heat_flux_w_m2))};
      } else {
        continue;
      }
      patch_face[p] = add(hf, patch_group_[p]);
    }
    // Solid boxes that release power spread it evenly over their faces open to fluid.
    std::vector<long> open_faces(spec_.boxes.size(), 0);
    for_each_boundary_face([&](Index, int, Index nb) {
      const int oid = scene_.object_id[nb];
      if (oid > 0) ++open_faces[oid - 1];
    });
    {
      std::vector<double> all(open_faces.begin(), open_faces.end());
      ranks_.sum(all);
      for (std::size_t b = 0; b < all.size(); ++b) open_faces[b] = long(all[b]);
    }
    for (std::size_t b = 0; b < spec_.boxes.size(); ++b) {
      const auto& box = spec_.boxes[b];
      if (box.kind != BoxKind::Solid) continue;
      if (box.temperature_c) {
        box_face[b] = add({kHeatFixedTemperature, theta(*box.temperature_c)}, box_group_[b]);
      } else if (box.power_w > 0) {
        if (open_faces[b] == 0)
          throw CaseError(box.where, "box '" + box.name + "' releases " + fmt(box.power_w) +
                                         " W but no face of it touches the fluid");
        box_face[b] = add({kHeatFixedFlux, float(units_.theta_per_step_from_watts(box.power_w / double(open_faces[b])))},
                          box_group_[b]);
      }
    }
    std::vector<Index> entry_of(g().cells_padded(), -1);
    for_each_boundary_face([&](Index c, int face, Index nb) {
      const int oid = scene_.object_id[nb];
      int param = -1;
      if (oid > 0) param = box_face[oid - 1];
      else if (oid < 0 && oid != kDomainWallId) param = patch_face[-oid - 1];
      if (param < 0) return;
      if (entry_of[c] < 0) {
        entry_of[c] = Index(scene_.heat_cells.size());
        HeatBoundaryCell e{c, {kNoHeatFace, kNoHeatFace, kNoHeatFace, kNoHeatFace, kNoHeatFace, kNoHeatFace}};
        scene_.heat_cells.push_back(e);
      }
      scene_.heat_cells[entry_of[c]].face[face] = std::uint32_t(param);
    });
  }

  template <class F>
  void for_each_boundary_face(F&& f) {
    const Index step[3] = {1, g().stride_y(), g().stride_z()};
    for (int k = 0; k < g().nz; ++k)
      for (int j = 0; j < g().ny; ++j)
        for (int i = 0; i < g().nx; ++i) {
          const Index c = g().index(i, j, k);
          if (!is_fluid(scene_.flags[c])) continue;
          for (int face = 0; face < 6; ++face) {
            const Index nb = c + (face % 2 ? 1 : -1) * step[face / 2];
            if (!is_fluid(scene_.flags[nb])) f(c, face, nb);
          }
        }
  }

  // A source's power is spread over its fluid cells in the whole domain: each block counts
  // its own, and the sum sets the power per cell.
  void build_sources() {
    std::vector<std::vector<Index>> cells(spec_.boxes.size());
    std::vector<double> count(spec_.boxes.size(), 0.0);
    for (std::size_t b = 0; b < spec_.boxes.size(); ++b) {
      const auto& box = spec_.boxes[b];
      if (box.kind != BoxKind::HeatSource || box.power_w <= 0) continue;
      auto r = box_cells(box);
      for (int a = 0; a < 3; ++a) r[a] = {std::max(r[a].lo, int(g().origin[a])), std::min(r[a].hi, int(g().origin[a]) + extent(a))};
      for (int k = r[2].lo; k < r[2].hi; ++k)
        for (int j = r[1].lo; j < r[1].hi; ++j)
          for (int i = r[0].lo; i < r[0].hi; ++i)
            if (is_fluid(flag(local(0, i), local(1, j), local(2, k))))
              cells[b].push_back(g().index(local(0, i), local(1, j), local(2, k)));
      count[b] = double(cells[b].size());
    }
    ranks_.sum(count);
    for (std::size_t b = 0; b < spec_.boxes.size(); ++b) {
      const auto& box = spec_.boxes[b];
      if (box.kind != BoxKind::HeatSource || box.power_w <= 0) continue;
      if (count[b] == 0)
        throw CaseError(box.where, "heat source '" + box.name + "' lies entirely inside solid boxes");
      const float q = float(units_.theta_per_step_from_watts(box.power_w / count[b]));
      for (Index c : cells[b]) {
        scene_.heat_sources.push_back({c, q});
        scene_.heat_source_group.push_back(box_group_[b]);
      }
    }
    merge_source_cells();
  }

  // One kernel entry per cell: the shares of overlapping boxes summed (in box order, so
  // the sum is the same on every run). Sorting the shares costs memory in proportion to
  // the sources, not to the grid.
  void merge_source_cells() {
    auto cells = scene_.heat_sources;
    std::stable_sort(cells.begin(), cells.end(),
                     [](const HeatSourceCell& a, const HeatSourceCell& b) { return a.cell < b.cell; });
    auto& merged = scene_.heat_source_cells;
    for (const HeatSourceCell& h : cells)
      if (!merged.empty() && merged.back().cell == h.cell) merged.back().theta_per_step += h.theta_per_step;
      else merged.push_back(h);
  }

  // A domain side that is not a whole number of cells has round(size / dx) cells, so its
  // far wall (and any patch on it) sits on the grid, moved by size - cells dx: at most
  // half a cell. The near wall stays at 0, so objects keep their coordinates.
  void warn_about_domain_shift() {
    const double dx = units_.dx_m;
    const auto n = domain();
    for (int a = 0; a < 3; ++a) {
      const double size_m = spec_.domain.size_m[a], wall_m = n[a] * dx;
      if (std::fabs(wall_m - size_m) > kSnapTolerance * dx)
        warn(std::string("domain size along ") + "xyz"[a] + " (" + fmt(size_m) + " m) is not a whole number of cells (cell size " +
             fmt(dx) + " m): the " + "xyz"[a] + "_max wall and its patches sit at " + fmt(wall_m) + " m, " +
             (wall_m > size_m ? "out" : "in") + " by " + fmt(std::fabs(wall_m - size_m)) + " m (" +
             fmt(std::fabs(wall_m - size_m) / dx) + " cell)");
    }
  }

  // Geometry the grid changes without failing: boxes and patch rectangles thinner than a
  // cell (kept as one whole cell, since they cover one cell centre), and patch edges moved
  // by more than half a cell (a rectangle reaching past its face is cut at the face's
  // edge). Box faces snap to the nearest cell face, so they never move by more than half a
  // cell; a box covering no cell centre is an error (mark_boxes).
  void warn_about_snapping() {
    const double dx = units_.dx_m;
    const std::string cell = " (cell size " + fmt(dx) + " m)";
    for (const auto& b : spec_.boxes) {
      if (b.kind == BoxKind::Panel) continue;  // thin by design: a link wall, not cells
      const auto r = box_cells(b);
      for (int a = 0; a < 3; ++a) {
        const double size_m = b.max_m[a] - b.min_m[a];
        if (size_m < (1.0 - kSnapTolerance) * dx)
          warn("box '" + b.name + "' is " + fmt(size_m) + " m thick along " + "xyz"[a] +
               ", less than one cell" + cell + ": it is voxelised as " + std::to_string(r[a].hi - r[a].lo) +
               " cell(s), " + fmt((r[a].hi - r[a].lo) * dx) + " m");
      }
    }
    const auto n = domain();
    std::unordered_map<std::string, const BoxSpec*> box_named;  // linear in the boxes, for large halls
    for (const auto& b : spec_.boxes) box_named.emplace(b.name, &b);
    for (const auto& ps : spec_.patches) {
      if (!ps.rect_min_m || !ps.rect_max_m) continue;
      std::array<CellRange, 3> extent{CellRange{0, n[0]}, CellRange{0, n[1]}, CellRange{0, n[2]}};
      if (!ps.box.empty()) extent = box_cells(*box_named.at(ps.box));
      const auto axes = plane_axes(ps.face);
      const auto r = patch_cells(ps, extent);
      for (int t = 0; t < 2; ++t) {
        const char axis = "xyz"[axes[t]];
        const double lo_m = (*ps.rect_min_m)[t], hi_m = (*ps.rect_max_m)[t];
        if (hi_m - lo_m < (1.0 - kSnapTolerance) * dx)
          warn("patch '" + ps.name + "' is " + fmt(hi_m - lo_m) + " m wide along " + axis + ", less than one cell" +
               cell + ": it is voxelised as " + std::to_string(r[t].hi - r[t].lo) + " cell(s), " +
               fmt((r[t].hi - r[t].lo) * dx) + " m");
        const double moved_m[2] = {r[t].lo * dx - lo_m, r[t].hi * dx - hi_m};
        for (int side = 0; side < 2; ++side)
          if (std::fabs(moved_m[side]) > (0.5 + kSnapTolerance) * dx)
            warn("patch '" + ps.name + "': its " + (side ? "upper" : "lower") + " edge along " + axis + " at " +
                 fmt(side ? hi_m : lo_m) + " m moves to " + fmt((side ? r[t].hi : r[t].lo) * dx) +
                 " m, by more than half a cell" + cell + ", because the " +
                 (ps.box.empty() ? "domain face" : "face of box '" + ps.box + "'") + " ends there");
      }
    }
  }

  // Sizes and moves within this fraction of a cell of the limit are the rounding of
  // coordinates given in decimal (0.2 m is not a binary fraction), not geometry.
  static constexpr double kSnapTolerance = 1e-6;

  void warn(std::string text) { scene_.warnings.push_back(std::move(text)); }

  const CaseSpec& spec_;
  const UnitConverter& units_;
  const Collectives& ranks_;
  Scene scene_;
  std::vector<Index> ghosts_;  // halo cells inside the domain
  std::vector<PanelPlane> panels_;
  std::optional<CaseError> pending_error_;
  std::vector<int> patch_group_, box_group_;
  std::vector<std::vector<Index>> port_cells_;  // boundary cells of each inlet port
};

}  // namespace

// Decimal sizes are off a binary fraction by ~1e-16 relative; 1e-9 cell is far above that
// and far below any size a case means.
constexpr double kHalfCellSlack = 1e-9;

std::array<int, 3> domain_cells(const CaseSpec& spec) {
  std::array<int, 3> n{};
  const double dx = spec.domain.resolution_m;
  for (int a = 0; a < 3; ++a) {
    // A half rounds up, also where the decimals make it 20.499999999999996 (2.05 m / 0.1 m).
    const double cells = spec.domain.size_m[a] / dx;
    n[a] = int(std::floor(cells + 0.5 + kHalfCellSlack));
    if (n[a] < 1)
      throw CaseError(spec.domain.where_size,
                      std::string("domain size along ") + "xyz"[a] + " (" + fmt(spec.domain.size_m[a]) +
                          " m) is less than half a cell of " + fmt(dx) + " m (allowed: at least half a cell)");
  }
  return n;
}

Scene voxelize(const CaseSpec& spec, const UnitConverter& units, const Grid& block, const Collectives& ranks) {
  return Voxelizer(spec, units, block, ranks).run();
}

Scene voxelize(const CaseSpec& spec, const UnitConverter& units) {
  const auto n = domain_cells(spec);
  return voxelize(spec, units, Grid::whole(n[0], n[1], n[2]));
}

}  // namespace rackflow::mesh
