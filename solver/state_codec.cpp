#include "state_codec.hpp"

namespace rackflow {
namespace {
template <class S, class T>
using If = std::enable_if_t<std::is_same_v<std::remove_const_t<S>, T>>;
}  // namespace

// Members of public types, beside them in namespace rackflow where lookup finds them.
template <class Io, class S>
auto visit_members(Io& io, S& p) -> If<S, FlowLinkParams> {
  io.field(p.u[0]);
  io.field(p.u[1]);
  io.field(p.u[2]);
  io.field(p.rho);
}
template <class Io, class S>
auto visit_members(Io& io, S& h) -> If<S, InletHistory> {
  io.field(h.racks);
  io.field(h.time_s);
  io.field(h.inlet_max_c);
  io.field(h.inlet_mean_c);
}

namespace solver {
namespace {
// The model's private types, named through its public State so hall_model.hpp stays as it is.
using Dynamic = decltype(HallModel::State::dynamic);
using RackState = decltype(Dynamic::racks)::value_type;
using ServerState = decltype(RackState::servers)::value_type;
using CoolerState = decltype(Dynamic::coolers)::value_type;
using Window = decltype(Dynamic::window);
using InletStatistics = decltype(Dynamic::inlets);

// A member added to any of these must be added below too: the sizes (x86-64, libstdc++)
// change with it, and this stops the build until the codec and its test cover it.
static_assert(sizeof(ServerState) == 32, "HallModel ServerState changed: update visit_members and test_state_codec");
static_assert(sizeof(RackState) == 80, "HallModel RackState changed: update visit_members and test_state_codec");
static_assert(sizeof(CoolerState) == 32, "HallModel CoolerState changed: update visit_members and test_state_codec");
static_assert(sizeof(Window) == 88, "HallModel Window changed: update visit_members and test_state_codec");
static_assert(sizeof(InletStatistics) == 56, "HallModel InletStatistics changed: update visit_members and test_state_codec");
static_assert(sizeof(InletHistory) == 96, "InletHistory changed: update visit_members and test_state_codec");
static_assert(sizeof(FlowLinkParams) == 16, "FlowLinkParams changed: update visit_members and test_state_codec");
static_assert(sizeof(Dynamic) == 536, "HallModel Dynamic changed: update visit_members and test_state_codec");
}  // namespace

template <class Io, class S>
auto visit_members(Io& io, S& s) -> If<S, ServerState> {
  io.field(s.theta_in);
  io.field(s.theta_ex);
  io.field(s.power_w);
  io.field(s.air_w);
}
template <class Io, class S>
auto visit_members(Io& io, S& r) -> If<S, RackState> {
  io.field(r.servers);
  io.field(r.layer_theta_in);
  io.field(r.power_w);
  io.field(r.air_w);
  io.field(r.door_w);
  io.field(r.exhaust_theta);
}
template <class Io, class S>
auto visit_members(Io& io, S& c) -> If<S, CoolerState> {
  io.field(c.theta_ret);
  io.field(c.theta_sup);
  io.field(c.load_w);
  io.field(c.failed);
}
template <class Io, class S>
auto visit_members(Io& io, S& w) -> If<S, Window> {
  io.field(w.steps);
  io.field(w.power_w);
  io.field(w.air_w);
  io.field(w.liquid_w);
  io.field(w.door_w);
  io.field(w.rack_theta_in);
  io.field(w.cooler_theta_ret);
}
template <class Io, class S>
auto visit_members(Io& io, S& s) -> If<S, InletStatistics> {
  io.field(s.steps);
  io.field(s.theta_in_sum);
  io.field(s.peak_theta);
}
template <class Io, class S>
auto visit_members(Io& io, S& d) -> If<S, Dynamic> {
  io.field(d.racks);
  io.field(d.coolers);
  io.field(d.flow_scale);
  io.field(d.fan_factor);
  io.field(d.link_params);
  io.field(d.port_theta);
  io.field(d.flows_changed);
  io.field(d.window);
  io.field(d.closed_window);
  io.field(d.inlets);
  io.field(d.next_sample_s);
  io.field(d.history);
  io.field(d.crossed_at_s);
  io.field(d.crossed_by);
}

std::vector<std::uint8_t> encode_hall_state(const HallModel::State& state) {
  ByteWriter w;
  w.field(state.dynamic);
  return w.bytes();
}

HallModel::State decode_hall_state(const std::vector<std::uint8_t>& bytes) {
  HallModel::State state;
  ByteReader r(bytes);
  r.field(state.dynamic);
  if (r.remaining() != 0)
    throw std::runtime_error("state blob has " + std::to_string(r.remaining()) + " bytes after the hall state: not a state of this build");
  return state;
}

}  // namespace solver
}  // namespace rackflow
