#include "hall_layout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hall_opening.hpp"
#include "lattice_setup.hpp"
#include "mesh/voxelizer.hpp"

namespace rackflow::solver {

double perforated_plate_loss(double f) {
  const double a = (1.0 - f) + 0.707 * std::pow(1.0 - f, 0.375);
  return a * a / (f * f);
}

namespace {

// Cell layers of a rack's leak path. One layer between the floor and a solid roof is a
// channel whose wall friction at these speeds is many times the leak's own loss (measured:
// 1/20 of the loss model's flow); three bring the flow to 0.72 of it
// (tests/verification/test_rack_airflow_paths.cpp), five to 0.81 at the cost of the rack's
// height.
constexpr int kLeakLayers = 3;

class Builder {
 public:
  explicit Builder(const CaseSpec& spec) : hall_(*spec.hall), dx_(spec.domain.resolution_m) {
    out_.primitives = spec;
    out_.primitives.hall.reset();
  }

  HallLayout run() {
    add_floor();
    add_ceiling();
    add_leaky_panels();
    for (const auto& rack : hall_.racks) add_rack(rack);
    for (const auto& cooler : hall_.coolers) add_cooler(cooler);
    add_grilles();
    set_tile_jet_speed();
    return std::move(out_);
  }

 private:
  CaseSpec& prim() { return out_.primitives; }
  double top_m() const { return out_.primitives.domain.size_m[2]; }

  int add_box(BoxSpec box) {
    prim().boxes.push_back(std::move(box));
    return int(prim().boxes.size()) - 1;
  }

  BoxSpec slab(const std::string& name, double z_lo, double z_hi, const SourceRef& where) const {
    BoxSpec b;
    b.name = name;
    b.min_m = {0, 0, z_lo};
    b.max_m = {out_.primitives.domain.size_m[0], out_.primitives.domain.size_m[1], z_hi};
    b.where = where;
    return b;
  }

  // `jet`: a floor tile whose jet momentum is restored above it (TileSpec::jet_momentum); a
  // ceiling grille draws room air in, so its jet (into the plenum) is left alone.
  int add_porous_tile(const TileSpec& t, double z_lo, double z_hi, bool jet) {
    BoxSpec b;
    b.name = t.name;
    b.kind = BoxKind::Porous;
    b.min_m = {t.min_m[0], t.min_m[1], z_lo};
    b.max_m = {t.max_m[0], t.max_m[1], z_hi};
    b.loss_coefficient = perforated_plate_loss(t.open_fraction);
    b.porous_axis = 2;
    if (jet) b.jet_coefficient = 1.0 / t.open_fraction - 1.0;
    b.where = t.where;
    return add_box(b);
  }

  void add_floor() {
    if (!hall_.raised_floor) return;
    const auto& f = *hall_.raised_floor;
    floor_box_ = add_box(slab("raised-floor", f.height_m - f.thickness_m, f.height_m, hall_.where));
    for (const auto& t : hall_.tiles)
      if (t.kind == TileKind::Perforated)
        out_.tiles.push_back({t.name, t.kind,
                              add_porous_tile(t, f.height_m - f.thickness_m, f.height_m, t.jet_momentum), -1, -1,
                              t.open_fraction});
  }

  void add_ceiling() {
    if (!hall_.ceiling_plenum) return;
    const auto& c = *hall_.ceiling_plenum;
    const double z_hi = top_m() - c.height_m;
    add_box(slab("ceiling", z_hi - c.thickness_m, z_hi, hall_.where));
    for (const auto& g : c.grilles)
      out_.tiles.push_back({g.name, TileKind::Perforated, add_porous_tile(g, z_hi - c.thickness_m, z_hi, false), -1, -1,
                            g.open_fraction});
  }

  // A leaky containment panel is a porous layer: the perforated-plate loss of its open
  // fraction on the velocity through its whole area, as a floor tile's.
  void add_leaky_panels() {
    for (const auto& p : hall_.leaky_panels) {
      BoxSpec b;
      b.name = p.name;
      b.kind = BoxKind::Porous;
      b.min_m = p.min_m;
      b.max_m = p.max_m;
      b.loss_coefficient = perforated_plate_loss(p.open_fraction);
      b.porous_axis = p.axis;
      b.where = p.where;
      add_box(b);
    }
  }

  int new_port() { return out_.ports++; }

  PatchSpec flow_patch(const std::string& name, PatchKind kind, Face face, const std::string& box,
                       double flow_m3_s, int port, const std::string& group, const SourceRef& where) const {
    PatchSpec p;
    p.name = name;
    p.kind = kind;
    p.face = face;
    p.box = box;
    p.flow_m3_s = flow_m3_s;
    p.port = port;
    p.group = group;
    p.temperature_c = out_.primitives.initial.temperature_c;  // until the model sets it
    p.where = where;
    return p;
  }

  int add_patch(PatchSpec p) {
    prim().patches.push_back(std::move(p));
    return int(prim().patches.size()) - 1;
  }

  // The cell rows of an opening that covers rows [first, first + n) of a rack body, and
  // each server's weights over them.
  struct OpeningRows {
    FaceRect rect;
    mesh::CellRange rows;                              // global cell rows
    std::vector<std::vector<LayerShare>> shares;       // per server, index: body row
  };

  // `body`: the rack's cell layers the servers use (above a leak path, if any); the opening
  // is cut to them.
  OpeningRows opening_rows(const RackSpec& rack, const mesh::CellRange& body, Face face,
                           const std::optional<OpeningSpec>& opening, const std::string& side) const {
    OpeningRows o;
    o.rect = opening_rect(rack.min_m, rack.max_m, face, opening);
    o.rect.min_m[1] = std::max(o.rect.min_m[1], body.lo * dx_);
    o.rows = mesh::cells_covering(o.rect.min_m[1], o.rect.max_m[1], dx_);
    const mesh::CellRange across = mesh::cells_covering(o.rect.min_m[0], o.rect.max_m[0], dx_);
    if (o.rows.empty() || across.empty())
      throw CaseError(opening ? opening->where : rack.where,
                      "the " + side + " of rack '" + rack.name + "' (" + std::to_string(o.rect.max_m[0] - o.rect.min_m[0]) +
                          " x " + std::to_string(o.rect.max_m[1] - o.rect.min_m[1]) +
                          " m) covers no cell centre at resolution " + std::to_string(dx_) +
                          " m (allowed: an opening at least one cell wide and high)");
    const int rows = o.rows.hi - o.rows.lo;
    // The end rows reach to +-infinity, so a server whose band misses the opening still
    // lands in its nearest row; a server inside it sends air only through the opening.
    const double inf = std::numeric_limits<double>::infinity();
    o.shares.resize(rack.servers.size());
    for (std::size_t s = 0; s < rack.servers.size(); ++s) {
      const auto& sv = rack.servers[s];
      double lo = rack.min_m[2] + (sv.u_bottom - 1) * rack.u_height_m;
      double hi = lo + sv.height_u * rack.u_height_m;
      if (std::min(hi, o.rect.max_m[1]) > std::max(lo, o.rect.min_m[1]))
        lo = std::max(lo, o.rect.min_m[1]), hi = std::min(hi, o.rect.max_m[1]);
      double total = 0;
      std::vector<double> part(rows, 0.0);
      for (int k = 0; k < rows; ++k) {
        const double l0 = k == 0 ? -inf : (o.rows.lo + k) * dx_;
        const double l1 = k == rows - 1 ? inf : (o.rows.lo + k + 1) * dx_;
        part[k] = std::max(0.0, std::min(hi, l1) - std::max(lo, l0));
        total += part[k];
      }
      for (int k = 0; k < rows; ++k)
        if (part[k] > 0) o.shares[s].push_back({o.rows.lo + k - body.lo, part[k] / total});
    }
    return o;
  }

  // Cell layers the rack's body covers, and each server's share of each, front and back.
  void add_rack(const RackSpec& rack) {
    RackLayout layout;
    layout.group = rack.name + " (rack)";
    mesh::CellRange cells = mesh::cells_covering(rack.min_m[2], rack.max_m[2], dx_);
    if (cells.empty())
      throw CaseError(rack.where, "rack '" + rack.name + "' is lower than one cell (" + std::to_string(dx_) + " m)");
    if (rack.leakage > 0) cells.lo = add_rack_leak(rack, cells);
    const int layers = cells.hi - cells.lo;
    const Face faces[2] = {rack.front, opposite_face(rack.front)};
    const OpeningRows side[2] = {opening_rows(rack, cells, faces[0], rack.intake, "intake"),
                                 opening_rows(rack, cells, faces[1], rack.exhaust, "exhaust")};
    std::vector<double> flow[2] = {std::vector<double>(layers, 0.0), std::vector<double>(layers, 0.0)};
    for (int f = 0; f < 2; ++f)
      for (std::size_t s = 0; s < rack.servers.size(); ++s)
        for (const auto& sh : side[f].shares[s]) flow[f][sh.index] += rack.servers[s].airflow_m3_s * sh.weight;
    auto breathes = [&](int k) { return flow[0][k] > 0 || flow[1][k] > 0; };
    // Body boxes: one per run of layers that stays closed (all of it with blanking).
    std::vector<int> body(layers, -1);
    for (int k = 0; k < layers;) {
      if (!rack.blanking && !breathes(k)) { ++k; continue; }
      int end = k;
      while (end < layers && (rack.blanking || breathes(end))) ++end;
      BoxSpec b;
      b.name = (k == 0 && end == layers) ? rack.name : rack.name + "#" + std::to_string(k);
      b.min_m = rack.min_m;
      b.max_m = rack.max_m;
      if (k > 0) b.min_m[2] = (cells.lo + k) * dx_;
      if (end < layers) b.max_m[2] = (cells.lo + end) * dx_;
      b.where = rack.where;
      const int box = add_box(b);
      for (int j = k; j < end; ++j) body[j] = box;
      k = end;
    }
    // Ports of the layers with airflow, on the part of each face its opening covers.
    std::vector<int> layer_index(layers, -1);
    for (int k = 0; k < layers; ++k) {
      if (!breathes(k)) continue;
      RackLayer layer;
      layer.intake_m3_s = flow[0][k];
      layer.exhaust_m3_s = flow[1][k];
      const std::string& box = prim().boxes[body[k]].name;
      const std::string tag = rack.name + "/layer-" + std::to_string(k);
      for (int f = 0; f < 2; ++f) {
        if (flow[f][k] == 0) continue;
        const bool intake = f == 0;
        const int port = new_port();
        (intake ? layer.intake_port : layer.exhaust_port) = port;
        PatchSpec p = flow_patch(tag + (intake ? "/intake" : "/exhaust"),
                                 intake ? PatchKind::FlowOutlet : PatchKind::VelocityInlet, faces[f], box, flow[f][k],
                                 port, layout.group, rack.where);
        // Across the opening; along z just this layer (the second in-plane axis of a side face).
        p.rect_min_m = std::array<double, 2>{side[f].rect.min_m[0], (cells.lo + k) * dx_};
        p.rect_max_m = std::array<double, 2>{side[f].rect.max_m[0], (cells.lo + k + 1) * dx_};
        layout.patches.push_back(add_patch(p));
      }
      layer_index[k] = int(layout.layers.size());
      layout.layers.push_back(layer);
    }
    layout.servers.resize(rack.servers.size());
    layout.servers_exhaust.resize(rack.servers.size());
    for (std::size_t s = 0; s < rack.servers.size(); ++s) {
      for (const auto& sh : side[0].shares[s]) {
        const int l = layer_index[sh.index];
        layout.servers[s].push_back({l, sh.weight});
        layout.layers[l].intake_servers.push_back({int(s), sh.weight});
      }
      for (const auto& sh : side[1].shares[s]) {
        const int l = layer_index[sh.index];
        layout.servers_exhaust[s].push_back({l, sh.weight});
        layout.layers[l].exhaust_servers.push_back({int(s), sh.weight});
      }
    }
    out_.racks.push_back(std::move(layout));
  }

  // Rack leakage (RackSpec::leakage): the rack's lowest kLeakLayers cell layers become a
  // porous path through its whole depth, from the exhaust side to the intake side, under a
  // solid layer (the rack's base plate); the servers use the layers above. The path must not
  // touch the faces' patch cells: their velocity links would pump it. The rack stands on a
  // solid floor, so the path opens only on its two faces. Idelchik's zeta(f) is on the
  // velocity over the gross front area A; the path's section a = width x kLeakLayers dx
  // carries the same flow faster, so its loss on its own velocity is zeta(f) (a / A)^2, which
  // the voxelizer spreads over the depth's cells (k = zeta / (2 L), well inside the implicit
  // drag's limit). Returns the first cell layer left for the servers.
  int add_rack_leak(const RackSpec& rack, const mesh::CellRange& cells) {
    if (cells.hi - cells.lo < kLeakLayers + 2)
      throw CaseError(rack.where, "rack '" + rack.name + "' with leakage is " + std::to_string(cells.hi - cells.lo) +
                                      " cell layers high (allowed: at least " + std::to_string(kLeakLayers + 2) +
                                      ": " + std::to_string(kLeakLayers) + " for the leak path, one solid, one for " +
                                      "the servers; a finer resolution than " + std::to_string(dx_) + " m)");
    const int axis = face_axis(rack.front);
    const int across = face_plane_axes(rack.front)[0];
    const double width_m = rack.max_m[across] - rack.min_m[across];
    const double ratio = (width_m * kLeakLayers * dx_) / (width_m * (rack.max_m[2] - rack.min_m[2]));
    BoxSpec b;
    b.name = rack.name + "/leak";
    b.kind = BoxKind::Porous;
    b.min_m = rack.min_m;
    b.max_m = rack.max_m;
    b.min_m[2] = cells.lo * dx_;
    b.max_m[2] = (cells.lo + kLeakLayers) * dx_;
    b.loss_coefficient = perforated_plate_loss(rack.leakage) * ratio * ratio;
    b.porous_axis = axis;
    b.where = rack.where;
    add_box(b);
    return cells.lo + kLeakLayers + 1;
  }

  // A cooler's patch over its opening only: the voxelizer sets the speed there so that
  // the opening's cells carry the whole flow.
  static void set_opening(PatchSpec& p, const CoolerSpec& c, Face face, const std::optional<OpeningSpec>& opening) {
    if (!opening) return;
    const FaceRect r = opening_rect(c.min_m, c.max_m, face, opening);
    p.rect_min_m = r.min_m;
    p.rect_max_m = r.max_m;
  }

  void add_cooler(const CoolerSpec& c) {
    CoolerLayout layout;
    layout.group = c.name + " (cooler)";
    BoxSpec b;
    b.name = c.name;
    b.min_m = c.min_m;
    b.max_m = c.max_m;
    b.where = c.where;
    add_box(b);
    layout.return_port = new_port();
    layout.supply_port = new_port();
    const Face ret = c.return_from == ReturnMode::Top ? Face::ZMax : opposite_face(c.front);
    PatchSpec r = flow_patch(c.name + "/return", PatchKind::FlowOutlet, ret, c.name, c.airflow_m3_s,
                             layout.return_port, layout.group, c.where);
    set_opening(r, c, ret, c.return_opening);
    layout.patches.push_back(add_patch(r));
    if (c.supply != SupplyMode::Tiles) {
      const Face sup = c.supply == SupplyMode::Floor ? Face::ZMin : c.front;
      PatchSpec p = flow_patch(c.name + "/supply", PatchKind::VelocityInlet, sup, c.name, c.airflow_m3_s,
                               layout.supply_port, layout.group, c.where);
      set_opening(p, c, sup, c.supply_opening);
      p.temperature_c = c.supply_temperature_c;
      layout.patches.push_back(add_patch(p));
    }
    out_.coolers.push_back(std::move(layout));
  }

  // Fixed-flow grilles: inlets on the floor's top (or on the domain floor without a
  // raised floor) that deliver their cooler's air.
  void add_grilles() {
    for (std::size_t ci = 0; ci < hall_.coolers.size(); ++ci) {
      const auto& c = hall_.coolers[ci];
      if (c.supply != SupplyMode::Tiles) continue;
      double explicit_flow = 0;
      int shared = 0;
      for (const auto& t : hall_.tiles)
        if (t.kind == TileKind::Grille && t.cooler == c.name) {
          explicit_flow += t.flow_m3_s;
          shared += t.flow_m3_s > 0 ? 0 : 1;
        }
      const double share = shared ? (c.airflow_m3_s - explicit_flow) / shared : 0.0;
      for (const auto& t : hall_.tiles) {
        if (t.kind != TileKind::Grille || t.cooler != c.name) continue;
        const bool on_floor = floor_box_ >= 0;
        PatchSpec p = flow_patch(t.name, PatchKind::VelocityInlet, on_floor ? Face::ZMax : Face::ZMin,
                                 on_floor ? prim().boxes[floor_box_].name : "", t.flow_m3_s > 0 ? t.flow_m3_s : share,
                                 out_.coolers[ci].supply_port, out_.coolers[ci].group, t.where);
        p.temperature_c = c.supply_temperature_c;
        p.rect_min_m = t.min_m;
        p.rect_max_m = t.max_m;
        const int patch = add_patch(p);
        out_.coolers[ci].patches.push_back(patch);
        out_.tiles.push_back({t.name, TileKind::Grille, -1, patch, int(ci), 0.0});
      }
    }
  }

  // Perforated tiles fed by down-flow units pass the units' flow over the tiles' area, a
  // speed no patch shows; unless the case sets run.max_velocity, the time step must allow
  // for it, with 1.5x for tiles near the units, which pass more than their share.
  void set_tile_jet_speed() {
    if (prim().run.max_velocity_m_s) return;
    double area_m2 = 0, flow_m3_s = 0;
    for (const auto& t : hall_.tiles)
      if (t.kind == TileKind::Perforated) area_m2 += (t.max_m[0] - t.min_m[0]) * (t.max_m[1] - t.min_m[1]);
    for (const auto& c : hall_.coolers)
      if (c.supply == SupplyMode::Floor) flow_m3_s += c.airflow_m3_s;
    if (area_m2 <= 0 || flow_m3_s <= 0) return;
    prim().run.max_velocity_m_s = std::max(characteristic_velocity(prim()), 1.5 * flow_m3_s / area_m2);
  }

  const HallSpec& hall_;
  double dx_;
  HallLayout out_;
  int floor_box_ = -1;
};

}  // namespace

HallLayout build_hall_layout(const CaseSpec& spec) { return Builder(spec).run(); }

CaseSpec primitive_case(const CaseSpec& spec) { return spec.hall ? build_hall_layout(spec).primitives : spec; }

}  // namespace rackflow::solver
