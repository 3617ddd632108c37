#include "hall_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "mesh/voxelizer.hpp"
#include "hall_fan_curve.hpp"
#include "hall_thermal_lag.hpp"
#include "power_profile.hpp"

namespace rackflow::solver {

namespace {

const char* cooler_kind_name(CoolerKind k) {
  switch (k) {
    case CoolerKind::Crah: return "crah";
    case CoolerKind::Crac: return "crac";
    case CoolerKind::InRow: return "in_row";
  }
  return "";
}

}  // namespace

HallModel::HallModel(const CaseSpec& spec, HallLayout layout, const Scene& scene, const UnitConverter& units,
                     const Comm& comm)
    : hall_(*spec.hall), layout_(std::move(layout)), units_(units), comm_(comm), grid_(scene.grid),
      base_link_params_(scene.flow_link_params), patch_param_(scene.patch_param) {
  dyn_.link_params = scene.flow_link_params;
  dyn_.racks.resize(hall_.racks.size());
  for (std::size_t r = 0; r < dyn_.racks.size(); ++r) {
    dyn_.racks[r].servers.resize(hall_.racks[r].servers.size());
    dyn_.racks[r].layer_theta_in.assign(layout_.racks[r].layers.size(), scene.initial_theta);
    for (auto& sv : dyn_.racks[r].servers) sv.theta_in = sv.theta_ex = scene.initial_theta;
  }
  dyn_.coolers.resize(hall_.coolers.size());
  for (std::size_t c = 0; c < dyn_.coolers.size(); ++c)
    dyn_.coolers[c].theta_ret = dyn_.coolers[c].theta_sup = units_.theta(hall_.coolers[c].supply_temperature_c);
  dyn_.flow_scale.assign(hall_.racks.size(), 1.0);
  // A rack on a fan curve starts at rest, at the curve's flow for no pressure rise.
  dyn_.fan_factor.assign(hall_.racks.size(), 1.0);
  for (std::size_t r = 0; r < hall_.racks.size(); ++r)
    if (hall_.racks[r].fan_curve) {
      dyn_.fan_factor[r] = fan_curve_flow_m3_s(*hall_.racks[r].fan_curve, 0.0) / design_airflow_m3_s(r);
      dyn_.flows_changed = true;
    }
  dyn_.port_theta.assign(std::size_t(scene.ports()), scene.initial_theta);
  for (const auto& r : hall_.racks) dyn_.history.racks.push_back(r.name);
  start_thermal_lag();
  build_intake_cells(scene);
  per_layer_.resize(layout_.racks.size());
  for (const auto& rack : layout_.racks)
    for (std::size_t s = 0; s < rack.servers.size(); ++s) {
      const auto& in = rack.servers[s];
      const auto& ex = rack.servers_exhaust[s];
      bool same = in.size() == ex.size();
      for (std::size_t k = 0; same && k < in.size(); ++k) same = in[k].index == ex[k].index && in[k].weight == ex[k].weight;
      per_layer_[&rack - layout_.racks.data()].push_back(same);
    }
}

// A port's links include diagonal ones, whose fluid cells lie beside or above the face
// (in front of a neighbouring rack, or over the rack's top): only the links along the
// face's outward normal end in the cells directly in front of it.
std::vector<Index> HallModel::cells_in_front(const Scene& scene, int port, Face face) {
  namespace q19 = lattice::d3q19;
  if (port < 0) return {};  // the layer has no such opening
  int normal[3] = {0, 0, 0};
  normal[face_axis(face)] = face_sign(face);
  std::vector<Index> cells;
  for (Index q = scene.port_link_start[port]; q < scene.port_link_start[port + 1]; ++q) {
    const FlowLink& link = scene.flow_links[scene.port_links[q]];
    if (q19::cx(link.dir) == normal[0] && q19::cy(link.dir) == normal[1] && q19::cz(link.dir) == normal[2])
      cells.push_back(link.cell);
  }
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  return cells;
}

void HallModel::build_intake_cells(const Scene& scene) {
  intake_cells_.resize(layout_.racks.size());
  fan_cells_.resize(layout_.racks.size());
  for (std::size_t r = 0; r < layout_.racks.size(); ++r) {
    const Face front = hall_.racks[r].front;
    for (const auto& layer : layout_.racks[r].layers) {
      intake_cells_[r].push_back(cells_in_front(scene, layer.intake_port, front));
      if (!hall_.racks[r].fan_curve) continue;
      const auto& in = intake_cells_[r].back();
      const auto out = cells_in_front(scene, layer.exhaust_port, opposite_face(front));
      fan_cells_[r][0].insert(fan_cells_[r][0].end(), in.begin(), in.end());
      fan_cells_[r][1].insert(fan_cells_[r][1].end(), out.begin(), out.end());
    }
  }
}

double HallModel::design_airflow_m3_s(std::size_t r) const {
  double q = 0;
  for (const auto& sv : hall_.racks[r].servers) q += sv.airflow_m3_s;
  return q;
}

bool HallModel::has_fan_curves() const {
  return std::any_of(hall_.racks.begin(), hall_.racks.end(), [](const RackSpec& r) { return bool(r.fan_curve); });
}

double HallModel::rack_airflow_m3_s(int rack) const { return design_airflow_m3_s(rack) * flow_factor(rack); }

void HallModel::update_fans(const std::vector<float>& rho) {
  // Per rack: sums of rho - 1 and cell counts in front of the intakes, then the exhausts.
  std::vector<double> sums(4 * hall_.racks.size(), 0.0);
  for (std::size_t r = 0; r < hall_.racks.size(); ++r)
    for (int side = 0; side < 2; ++side)
      for (Index c : fan_cells_[r][side]) {
        sums[4 * r + 2 * side] += double(rho[c]) - 1.0;
        sums[4 * r + 2 * side + 1] += 1.0;
      }
  comm_.sum(sums);
  for (std::size_t r = 0; r < hall_.racks.size(); ++r) {
    const RackSpec& rack = hall_.racks[r];
    if (!rack.fan_curve || sums[4 * r + 1] <= 0 || sums[4 * r + 3] <= 0) continue;
    const double rise_lu = (sums[4 * r + 2] / sums[4 * r + 3] - sums[4 * r] / sums[4 * r + 1]) / 3.0;
    const double target = fan_curve_flow_m3_s(*rack.fan_curve, units_.pressure_si(rise_lu)) / design_airflow_m3_s(r);
    dyn_.fan_factor[r] += fan_step(hall_.monitor_interval_s) * (target - dyn_.fan_factor[r]);
    dyn_.flows_changed = true;
  }
}

// Servers with thermal mass start in equilibrium with their power at t = 0; the lagged heat
// to air is ServerState::air_w, part of the model's state (and so of every checkpoint).
void HallModel::start_thermal_lag() {
  lag_step_.assign(hall_.racks.size(), 1.0);
  for (std::size_t r = 0; r < hall_.racks.size(); ++r) {
    const RackSpec& rack = hall_.racks[r];
    if (rack.thermal_time_constant_s <= 0) continue;
    lag_step_[r] = thermal_lag_step(units_.dt_s, rack.thermal_time_constant_s);
    const double to_air = 1.0 - liquid_fraction(rack);
    for (std::size_t s = 0; s < rack.servers.size(); ++s)
      dyn_.racks[r].servers[s].air_w = to_air * server_power_w(rack.servers[s], profile(rack), 0.0);
  }
}

double HallModel::liquid_fraction(const RackSpec& rack) { return rack.cold_plate ? rack.cold_plate->liquid_fraction : 0.0; }

const PowerProfileSpec& HallModel::profile(const RackSpec& rack) const {
  for (const auto& p : hall_.profiles)
    if (p.name == rack.profile) return p;
  static const PowerProfileSpec full{};  // the parser names one for every rack; full power otherwise
  return full;
}

void HallModel::couple(kernels::Stepper& stepper, double t_s) {
  if (update_flows(t_s)) stepper.set_link_params(dyn_.link_params);
  stepper.port_sums(port_sums_);
  // Every rank holds part of a port's links: the models see the sums over all of them, so
  // every rank computes the same temperatures.
  comm_.sum(port_sums_);
  apply_port_sums(port_sums_, t_s);
  stepper.set_port_theta(dyn_.port_theta);
}

bool HallModel::update_flows(double t_s) {
  fail_coolers(t_s);
  if (!dyn_.flows_changed) return false;
  // Rack patches at their design speed times the rack's scale and fan factor; cooler
  // failures stay applied.
  for (std::size_t r = 0; r < layout_.racks.size(); ++r)
    for (int p : layout_.racks[r].patches) {
      const int prm = patch_param_[p];
      for (int a = 0; a < 3; ++a) dyn_.link_params[prm].u[a] = float(base_link_params_[prm].u[a] * flow_factor(r));
    }
  dyn_.flows_changed = false;
  return true;
}

void HallModel::apply_port_sums(const std::vector<double>& sums, double t_s) {
  if (sums.size() != 2 * dyn_.port_theta.size())
    throw std::invalid_argument("apply_port_sums: " + std::to_string(sums.size()) + " sums for " +
                                std::to_string(dyn_.port_theta.size()) + " ports (2 each)");
  for (std::size_t r = 0; r < dyn_.racks.size(); ++r) couple_rack(r, sums, t_s, dyn_.port_theta);
  for (std::size_t c = 0; c < dyn_.coolers.size(); ++c) couple_cooler(c, sums, dyn_.port_theta);
  Window& w = dyn_.window;
  w.steps += 1;
  w.rack_theta_in.resize(dyn_.racks.size(), 0.0);
  w.cooler_theta_ret.resize(dyn_.coolers.size(), 0.0);
  for (std::size_t r = 0; r < dyn_.racks.size(); ++r) {
    const RackState& st = dyn_.racks[r];
    w.power_w += st.power_w;
    w.air_w += st.air_w;
    w.liquid_w += liquid_fraction(hall_.racks[r]) * st.power_w;
    w.door_w += st.door_w;
    w.rack_theta_in[r] += rack_theta_in(r);
  }
  for (std::size_t c = 0; c < dyn_.coolers.size(); ++c) w.cooler_theta_ret[c] += dyn_.coolers[c].theta_ret;
  InletStatistics& in = dyn_.inlets;
  if (!in.theta_in_sum.empty()) {
    in.steps += 1;
    for (std::size_t r = 0; r < dyn_.racks.size(); ++r)
      for (std::size_t sv = 0; sv < dyn_.racks[r].servers.size(); ++sv)
        in.theta_in_sum[r][sv] += dyn_.racks[r].servers[sv].theta_in;
  }
}

void HallModel::couple_rack(std::size_t r, const std::vector<double>& sums, double t_s, std::vector<float>& port_theta) {
  const RackSpec& rack = hall_.racks[r];
  const RackLayout& lay = layout_.racks[r];
  RackState& st = dyn_.racks[r];
  const PowerProfileSpec& prof = profile(rack);
  const double to_liquid = liquid_fraction(rack);

  for (std::size_t k = 0; k < lay.layers.size(); ++k) {
    const int p = lay.layers[k].intake_port;
    if (p >= 0 && sums[2 * p] > 0) st.layer_theta_in[k] = sums[2 * p + 1] / sums[2 * p];
  }
  st.power_w = st.air_w = 0;
  for (std::size_t s = 0; s < rack.servers.size(); ++s) {
    const ServerSpec& sv = rack.servers[s];
    ServerState& ss = st.servers[s];
    // Headroom's added load: each server's share in proportion to its maximum power.
    ss.power_w = server_power_w(sv, prof, t_s) + (dyn_.flow_scale[r] - 1.0) * sv.max_power_w;
    ss.air_w = thermal_lag(ss.air_w, (1.0 - to_liquid) * ss.power_w, lag_step_[r]);
    ss.theta_in = 0;
    for (const auto& sh : lay.servers[s]) ss.theta_in += sh.weight * st.layer_theta_in[sh.index];
    ss.theta_ex = ss.theta_in + units_.theta_per_step_from_watts(ss.air_w) /
                                    units_.flow_lu(sv.airflow_m3_s * flow_factor(r));
    st.power_w += ss.power_w;
    st.air_w += ss.air_w;
  }
  // Each layer's exhaust mixes the servers that blow through it, each at the layer's own
  // intake plus the server's rise (per-layer mixing: air crosses a server horizontally, so
  // a rack-level server keeps the vertical profile of its intake); then the door. The heat
  // added is still sum_s m_s rise_s = P_air: a server's exhaust weights equal its intake
  // weights wherever the layer's own intake is used.
  std::vector<double> mass(lay.layers.size(), 0.0), theta_ex(lay.layers.size(), 0.0), removed(lay.layers.size(), 0.0);
  double removed_total = 0;
  for (std::size_t k = 0; k < lay.layers.size(); ++k) {
    if (lay.layers[k].exhaust_port < 0) continue;
    for (const auto& sh : lay.layers[k].exhaust_servers) {
      const ServerState& ss = st.servers[sh.index];
      const double m = sh.weight * units_.flow_lu(rack.servers[sh.index].airflow_m3_s * flow_factor(r));
      const double theta_in = per_layer_[r][sh.index] ? st.layer_theta_in[k] : ss.theta_in;
      mass[k] += m;
      theta_ex[k] += m * (theta_in + ss.theta_ex - ss.theta_in);
    }
    theta_ex[k] /= mass[k];
    if (rack.rear_door) {
      const double t_water = units_.theta(rack.rear_door->water_temperature_c);
      removed[k] = rack.rear_door->effectiveness * std::max(0.0, theta_ex[k] - t_water) * mass[k];
      removed_total += removed[k];
    }
  }
  double scale = 1.0;
  if (rack.rear_door) {
    const double cap = units_.theta_per_step_from_watts(rack.rear_door->capacity_w);
    if (removed_total > cap) scale = cap / removed_total;
  }
  double mass_total = 0, heat_out = 0;
  for (std::size_t k = 0; k < lay.layers.size(); ++k) {
    if (lay.layers[k].exhaust_port < 0) continue;
    const double t_out = theta_ex[k] - scale * removed[k] / mass[k];
    port_theta[lay.layers[k].exhaust_port] = float(t_out);
    mass_total += mass[k];
    heat_out += mass[k] * t_out;
  }
  st.door_w = units_.watts_from_theta_per_step(scale * removed_total);
  st.exhaust_theta = mass_total > 0 ? heat_out / mass_total : 0.0;
}

void HallModel::couple_cooler(std::size_t c, const std::vector<double>& sums, std::vector<float>& port_theta) {
  const CoolerSpec& spec = hall_.coolers[c];
  const CoolerLayout& lay = layout_.coolers[c];
  CoolerState& st = dyn_.coolers[c];
  const double mass = sums[2 * lay.return_port];
  if (st.failed || mass <= 0) {
    st.load_w = 0;
    return;
  }
  st.theta_ret = sums[2 * lay.return_port + 1] / mass;
  const double set = units_.theta(spec.supply_temperature_c);
  const double cap = units_.theta_per_step_from_watts(spec.capacity_w);
  // The coil cools to the set-point if it can, else by its capacity; it never heats.
  st.theta_sup = std::min(st.theta_ret, std::max(set, st.theta_ret - cap / mass));
  st.load_w = units_.watts_from_theta_per_step((st.theta_ret - st.theta_sup) * mass);
  port_theta[lay.supply_port] = float(st.theta_sup);
}

void HallModel::fail_coolers(double t_s) {
  for (std::size_t c = 0; c < dyn_.coolers.size(); ++c) {
    const auto& fail_at = hall_.coolers[c].fail_at_s;
    if (dyn_.coolers[c].failed || !fail_at || t_s < *fail_at) continue;
    dyn_.coolers[c].failed = true;
    dyn_.coolers[c].load_w = 0;
    for (int p : layout_.coolers[c].patches) {
      auto& u = dyn_.link_params[patch_param_[p]].u;
      u[0] = u[1] = u[2] = 0.0f;
    }
    dyn_.flows_changed = true;
  }
}

std::pair<float, Index> HallModel::server_max(std::size_t r, std::size_t s, const std::vector<float>& theta) const {
  float best = -1e30f;
  Index at = -1;
  for (const auto& sh : layout_.racks[r].servers[s])
    for (Index c : intake_cells_[r][sh.index])
      if (theta[c] > best) { best = theta[c]; at = c; }
  return {best, at};
}

std::vector<std::vector<HallModel::CellMax>> HallModel::server_maxima(const std::vector<float>& theta) const {
  std::vector<double> values;
  std::vector<long long> where;
  for (std::size_t r = 0; r < dyn_.racks.size(); ++r)
    for (std::size_t s = 0; s < dyn_.racks[r].servers.size(); ++s) {
      const auto [t, at] = server_max(r, s, theta);
      values.push_back(t);
      long long global = -1;
      if (at >= 0) {
        const auto ijk = grid_.coords(at);
        global = grid_.global_index(ijk[0], ijk[1], ijk[2]);
      }
      where.push_back(global);
    }
  const auto best = comm_.max_at(values, where);
  std::vector<std::vector<CellMax>> out(dyn_.racks.size());
  std::size_t k = 0;
  for (std::size_t r = 0; r < dyn_.racks.size(); ++r)
    for (std::size_t s = 0; s < dyn_.racks[r].servers.size(); ++s, ++k)
      out[r].push_back({float(best[k].value), Index(best[k].where)});
  return out;
}

Vec3d HallModel::global_place(Index c) const {
  if (c < 0) return Vec3d{0, 0, 0};
  const Index gx = grid_.global[0], gy = grid_.global[1];
  const double i = double(c % gx), j = double((c / gx) % gy), k = double(c / (gx * gy));
  return Vec3d{(i + 0.5) * units_.dx_m, (j + 0.5) * units_.dx_m, (k + 0.5) * units_.dx_m};
}

void HallModel::sample(const std::vector<float>& theta, double t_s) {
  const double limit = inlet_limits(hall_.ashrae_class).max_c;
  const auto hottest = server_maxima(theta);
  std::vector<float> maxima, means;
  for (std::size_t r = 0; r < dyn_.racks.size(); ++r) {
    double rack_max = -1e30, mass = 0, heat = 0;
    for (std::size_t s = 0; s < dyn_.racks[r].servers.size(); ++s) {
      const float theta_max = hottest[r][s].theta;
      if (!dyn_.inlets.peak_theta.empty())
        dyn_.inlets.peak_theta[r][s] = std::max(dyn_.inlets.peak_theta[r][s], theta_max);
      const double t_max = units_.temperature_c(theta_max);
      rack_max = std::max(rack_max, t_max);
      const double m = hall_.racks[r].servers[s].airflow_m3_s * flow_factor(r);
      mass += m;
      heat += m * units_.temperature_c(dyn_.racks[r].servers[s].theta_in);
      if (t_max > limit && !dyn_.crossed_at_s) {
        dyn_.crossed_at_s = t_s;
        dyn_.crossed_by = hall_.racks[r].servers[s].name;
      }
    }
    maxima.push_back(float(rack_max));
    means.push_back(float(mass > 0 ? heat / mass : 0.0));
  }
  dyn_.history.time_s.push_back(t_s);
  dyn_.history.inlet_max_c.push_back(maxima);
  dyn_.history.inlet_mean_c.push_back(means);
  while (dyn_.next_sample_s <= t_s + 1e-12) dyn_.next_sample_s += hall_.monitor_interval_s;
}

double HallModel::rack_inlet_max_c(std::size_t r, const std::vector<float>& theta) const {
  float best = -1e30f;
  const auto maxima = server_maxima(theta);  // a named vector: [r] of a temporary would dangle
  for (const CellMax& m : maxima[r]) best = std::max(best, m.theta);
  return units_.temperature_c(best);
}

void HallModel::close_window() {
  dyn_.closed_window = dyn_.window;
  dyn_.window = Window{};
}

double HallModel::rack_theta_in(std::size_t r) const {
  double mass = 0, heat = 0;
  for (std::size_t s = 0; s < dyn_.racks[r].servers.size(); ++s) {
    const double m = hall_.racks[r].servers[s].airflow_m3_s;
    mass += m;
    heat += m * dyn_.racks[r].servers[s].theta_in;
  }
  return mass > 0 ? heat / mass : 0.0;
}

std::vector<std::pair<std::string, double>> HallModel::window_probes_c() const {
  const Window& w = dyn_.closed_window;
  std::vector<std::pair<std::string, double>> out;
  if (w.steps <= 0) return out;
  for (std::size_t r = 0; r < w.rack_theta_in.size(); ++r)
    out.emplace_back("rack " + hall_.racks[r].name + " inlet mean", units_.temperature_c(w.rack_theta_in[r] / w.steps));
  for (std::size_t c = 0; c < w.cooler_theta_ret.size(); ++c)
    if (!dyn_.coolers[c].failed)
      out.emplace_back("cooler " + hall_.coolers[c].name + " return",
                       units_.temperature_c(w.cooler_theta_ret[c] / w.steps));
  return out;
}

void HallModel::start_averaging() {
  InletStatistics& in = dyn_.inlets;
  in.steps = 0;
  in.theta_in_sum.assign(dyn_.racks.size(), {});
  in.peak_theta.assign(dyn_.racks.size(), {});
  for (std::size_t r = 0; r < dyn_.racks.size(); ++r) {
    in.theta_in_sum[r].assign(dyn_.racks[r].servers.size(), 0.0);
    in.peak_theta[r].assign(dyn_.racks[r].servers.size(), -3.0e38f);
  }
}

HallModel::State HallModel::save_state() const { return State{dyn_}; }

void HallModel::check_state(const State& state, const std::string& source) const {
  const Dynamic& d = state.dynamic;
  bool same = d.racks.size() == dyn_.racks.size() && d.coolers.size() == dyn_.coolers.size() &&
              d.port_theta.size() == dyn_.port_theta.size() && d.link_params.size() == dyn_.link_params.size();
  for (std::size_t r = 0; same && r < d.racks.size(); ++r)
    same = d.racks[r].servers.size() == dyn_.racks[r].servers.size();
  if (!same)
    throw CaseError(hall_.where,
                    source + " holds a hall of " + std::to_string(d.racks.size()) + " racks and " +
                        std::to_string(d.coolers.size()) + " cooling units, this case has " +
                        std::to_string(dyn_.racks.size()) + " and " + std::to_string(dyn_.coolers.size()) +
                        " (allowed: the same objects; loads, set-points and failures may change)");
}

void HallModel::load_state(const State& state) {
  dyn_ = state.dynamic;
  dyn_.flows_changed = true;  // the stepper's link parameters follow the loaded ones
}

void HallModel::set_extra_power(int rack, double watts) {
  double max_w = 0;
  for (const auto& s : hall_.racks.at(rack).servers) max_w += s.max_power_w;
  dyn_.flow_scale.at(rack) = max_w > 0 ? 1.0 + watts / max_w : 1.0;
  dyn_.flows_changed = true;
}

double HallModel::rack_patch_speed_lu(int rack) const {
  double fastest = 0;
  for (int p : layout_.racks.at(rack).patches) {
    const auto& u = base_link_params_[patch_param_[p]].u;
    fastest = std::max(fastest, std::sqrt(double(u[0]) * u[0] + double(u[1]) * u[1] + double(u[2]) * u[2]));
  }
  return fastest;
}

// Perforated tiles: the flow through the top cell layer of the porous box, from the
// velocity field; grilles: their fixed flow while their cooler runs.
void HallModel::tile_results(HallResults& out, const Snapshot& fields) const {
  const double dx = units_.dx_m;
  for (const auto& t : layout_.tiles) {
    TileResult tr;
    tr.name = t.name;
    tr.open_fraction = t.open_fraction;
    if (t.kind == TileKind::Grille) {
      const CoolerState& cooler = dyn_.coolers[t.cooler];
      for (const TileSpec& spec : hall_.tiles)
        if (spec.name == t.name) tr.min_m = spec.min_m, tr.max_m = spec.max_m;
      tr.kind = "grille";
      tr.flow_m3_s = cooler.failed ? 0.0 : *layout_.primitives.patches[t.patch].flow_m3_s;
      tr.mean_c = units_.temperature_c(cooler.theta_sup);
    } else {
      const BoxSpec& b = layout_.primitives.boxes[t.box];
      tr.min_m = {b.min_m[0], b.min_m[1]};
      tr.max_m = {b.max_m[0], b.max_m[1]};
      tr.in_ceiling = !hall_.raised_floor || b.min_m[2] > hall_.raised_floor->height_m;
      const auto x = mesh::cells_covering(b.min_m[0], b.max_m[0], dx);
      const auto y = mesh::cells_covering(b.min_m[1], b.max_m[1], dx);
      // Global cells of the top layer, as this block's local cells (fields is its piece).
      const int k = mesh::cells_covering(b.min_m[2], b.max_m[2], dx).hi - 1 - int(grid_.origin[2]);
      double sums[2] = {0, 0};  // flow, flow-weighted temperature
      if (k >= 0 && k < grid_.nz)
        for (int j = std::max(y.lo - int(grid_.origin[1]), 0); j < std::min(y.hi - int(grid_.origin[1]), grid_.ny); ++j)
          for (int i = std::max(x.lo - int(grid_.origin[0]), 0); i < std::min(x.hi - int(grid_.origin[0]), grid_.nx);
               ++i) {
            const std::size_t m = std::size_t(i) + std::size_t(fields.cells[0]) * (j + std::size_t(fields.cells[1]) * k);
            const double q = fields.velocity_m_s[3 * m + 2] * dx * dx;
            sums[0] += q;
            sums[1] += q * fields.temperature_c[m];
          }
      comm_.sum(sums, 2);
      const double flow = sums[0], heat = sums[1];
      tr.kind = "perforated";
      tr.flow_m3_s = flow;
      tr.mean_c = flow != 0 ? heat / flow : 0.0;
    }
    out.tiles.push_back(tr);
  }
}

HallResults HallModel::results(const std::vector<float>& theta, const std::vector<float>* theta_mean,
                               const AveragingWindow& averaging, const EnergyBalance& air, const Snapshot& fields) {
  HallResults out;
  out.ashrae_class = hall_.ashrae_class;
  out.limits = inlet_limits(hall_.ashrae_class);
  out.time_s = fields.time_s;
  const InletStatistics& in = dyn_.inlets;
  const bool averaged = averaging.active() && theta_mean && in.steps > 0;
  if (averaged) out.averaging = averaging;
  const std::vector<float>& theta_for_max = averaged ? *theta_mean : theta;
  const auto hottest = server_maxima(theta_for_max);
  const auto hottest_now = averaged ? server_maxima(theta) : hottest;
  for (std::size_t r = 0; r < dyn_.racks.size(); ++r) {
    const RackSpec& spec = hall_.racks[r];
    const RackState& st = dyn_.racks[r];
    RackResult rr;
    rr.name = spec.name;
    rr.row = spec.row;
    rr.min_m = spec.min_m;
    rr.max_m = spec.max_m;
    rr.front = spec.front;
    rr.power_w = st.power_w;
    rr.air_power_w = st.air_w;
    rr.liquid_power_w = liquid_fraction(spec) * st.power_w;
    rr.inlet_max_c = rr.inlet_peak_c = -1e30;
    double heat = 0;
    for (std::size_t s = 0; s < spec.servers.size(); ++s) {
      const ServerSpec& sv = spec.servers[s];
      ServerResult sr;
      sr.name = sv.name;
      sr.type = sv.type;
      sr.u_bottom = sv.u_bottom;
      sr.height_u = sv.height_u;
      sr.power_w = st.servers[s].power_w;
      sr.air_power_w = st.servers[s].air_w;
      sr.airflow_m3_s = sv.airflow_m3_s * flow_factor(r);
      sr.inlet_mean_c = units_.temperature_c(averaged ? in.theta_in_sum[r][s] / in.steps : st.servers[s].theta_in);
      sr.inlet_max_c = units_.temperature_c(hottest[r][s].theta);
      sr.inlet_max_at_m = global_place(hottest[r][s].global_cell);
      // The final state is one more instantaneous sample of the window.
      const float now_max = hottest_now[r][s].theta;
      sr.inlet_peak_c = units_.temperature_c(averaged ? std::max(in.peak_theta[r][s], now_max) : now_max);
      rr.inlet_peak_c = std::max(rr.inlet_peak_c, sr.inlet_peak_c);
      sr.exhaust_c = units_.temperature_c(st.servers[s].theta_ex);
      rr.airflow_m3_s += sr.airflow_m3_s;
      heat += sr.airflow_m3_s * sr.inlet_mean_c;
      if (sr.inlet_max_c > rr.inlet_max_c) {
        rr.inlet_max_c = sr.inlet_max_c;
        rr.inlet_max_at_m = sr.inlet_max_at_m;
      }
      out.hotspots.push_back({spec.name, sv.name, sr.inlet_max_at_m, sr.inlet_max_c});
      rr.servers.push_back(sr);
    }
    rr.inlet_mean_c = rr.airflow_m3_s > 0 ? heat / rr.airflow_m3_s : 0.0;
    rr.exhaust_mean_c = units_.temperature_c(st.exhaust_theta);
    if (spec.rear_door) {
      rr.has_rear_door = true;
      rr.door_removed_w = st.door_w;
      rr.door_capacity_w = spec.rear_door->capacity_w;
    }
    if (spec.cold_plate) rr.cdu = spec.cold_plate->cdu;
    rr.margin_k = out.limits.max_c - rr.inlet_max_c;
    out.racks.push_back(rr);
  }
  std::sort(out.hotspots.begin(), out.hotspots.end(),
            [](const Hotspot& a, const Hotspot& b) { return a.temperature_c > b.temperature_c; });
  if (out.hotspots.size() > 10) out.hotspots.resize(10);

  double coolers_w = 0;
  for (std::size_t c = 0; c < dyn_.coolers.size(); ++c) {
    const CoolerSpec& spec = hall_.coolers[c];
    const CoolerState& st = dyn_.coolers[c];
    CoolerResult cr;
    cr.name = spec.name;
    cr.kind = cooler_kind_name(spec.kind);
    cr.min_m = spec.min_m;
    cr.max_m = spec.max_m;
    cr.failed = st.failed;
    cr.fail_at_s = spec.fail_at_s;
    cr.airflow_m3_s = st.failed ? 0.0 : spec.airflow_m3_s;
    cr.capacity_w = spec.capacity_w;
    cr.load_w = st.load_w;
    cr.utilisation = spec.capacity_w > 0 ? st.load_w / spec.capacity_w : 0.0;
    cr.return_c = units_.temperature_c(st.theta_ret);
    cr.supply_c = units_.temperature_c(st.theta_sup);
    cr.setpoint_c = spec.supply_temperature_c;
    if (!st.failed) out.spare_cooling_w += std::max(0.0, spec.capacity_w - st.load_w);
    out.coolers.push_back(cr);
  }
  for (const auto& cdu : hall_.cdus) {
    CduResult d{cdu.name, cdu.capacity_w, 0.0, 0.0};
    for (const auto& rr : out.racks)
      if (rr.cdu == cdu.name) d.load_w += rr.liquid_power_w;
    d.utilisation = d.capacity_w > 0 ? d.load_w / d.capacity_w : 0.0;
    out.cdus.push_back(d);
  }
  tile_results(out, fields);
  if (hall_.raised_floor)
    out.raised_floor = PlenumResult{0.0, hall_.raised_floor->height_m - hall_.raised_floor->thickness_m};

  // The hall balance over the air-side window.
  double other_w = 0;
  for (const auto& f : air.flows) {
    bool object = false;
    for (const auto& r : layout_.racks) object = object || f.name == r.group;
    if (object) continue;  // the rack's net heat is measured by its ports; the model gives P_air
    for (const auto& c : layout_.coolers) object = object || f.name == c.group;
    if (object) { coolers_w -= f.watts; continue; }
    other_w -= f.watts;
  }
  HallEnergyBalance& e = out.energy;
  const Window& w = dyn_.closed_window;
  const double n = std::max(1.0, w.steps);
  e.rack_power_w = w.power_w / n;
  e.rack_air_w = w.air_w / n;
  e.liquid_w = w.liquid_w / n;
  e.doors_w = w.door_w / n;
  e.coolers_w = coolers_w;
  e.boundaries_w = other_w;
  e.storage_w = air.storage_w;
  e.window_s = air.window_s;
  e.server_storage_w = e.rack_power_w - e.liquid_w - e.rack_air_w;
  e.residual_w =
      e.rack_power_w - e.liquid_w - e.server_storage_w - e.doors_w - e.coolers_w - e.boundaries_w - e.storage_w;

  out.history = dyn_.history;
  out.limit_crossed_at_s = dyn_.crossed_at_s;
  out.limit_crossed_by = dyn_.crossed_by;
  return out;
}

}  // namespace rackflow::solver
