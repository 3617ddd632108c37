// The hall model's state survives encode/decode exactly, member by member, and a damaged
// blob is refused rather than read as a different state (solver/state_codec.hpp).
#include <gtest/gtest.h>

#include "solver/state_codec.hpp"

using namespace rackflow;
using namespace rackflow::solver;

namespace {

// Every number different, so that two members swapped or one dropped cannot compare equal.
HallModel::State distinct_state() {
  HallModel::State state;
  auto& d = state.dynamic;
  double next = 1.0;
  auto v = [&next] { return next += 0.125; };
  d.racks.resize(2);
  for (auto& r : d.racks) {
    r.servers.resize(3);
    for (auto& s : r.servers) s.theta_in = v(), s.theta_ex = v(), s.power_w = v(), s.air_w = v();
    r.layer_theta_in = {v(), v(), v(), v()};
    r.power_w = v(), r.air_w = v(), r.door_w = v(), r.exhaust_theta = v();
  }
  d.coolers.resize(2);
  for (auto& c : d.coolers) c.theta_ret = v(), c.theta_sup = v(), c.load_w = v();
  d.coolers[1].failed = true;
  d.flow_scale = {v(), v()};
  d.fan_factor = {v(), v()};
  d.link_params.resize(3);
  for (auto& p : d.link_params) p.u[0] = float(v()), p.u[1] = float(v()), p.u[2] = float(v()), p.rho = float(v());
  d.port_theta = {float(v()), float(v()), float(v())};
  d.flows_changed = true;
  for (auto* w : {&d.window, &d.closed_window}) {
    w->steps = v(), w->power_w = v(), w->air_w = v(), w->liquid_w = v(), w->door_w = v();
    w->rack_theta_in = {v(), v()};
    w->cooler_theta_ret = {v(), v(), v()};
  }
  d.inlets.steps = v();
  d.inlets.theta_in_sum = {{v(), v()}, {v()}};
  d.inlets.peak_theta = {{float(v())}, {float(v()), float(v())}};
  d.next_sample_s = v();
  d.history.racks = {"row-a/r01", "row-b/r17"};
  d.history.time_s = {v(), v()};
  d.history.inlet_max_c = {{float(v()), float(v())}, {float(v()), float(v())}};
  d.history.inlet_mean_c = {{float(v()), float(v())}, {float(v()), float(v())}};
  d.crossed_at_s = v();
  d.crossed_by = "row-b/r17 server 3";
  return state;
}

}  // namespace

TEST(StateCodec, HallStateRoundTripsExactly) {
  const HallModel::State in = distinct_state();
  const HallModel::State out = decode_hall_state(encode_hall_state(in));
  const auto &a = in.dynamic, &b = out.dynamic;
  ASSERT_EQ(b.racks.size(), a.racks.size());
  for (std::size_t r = 0; r < a.racks.size(); ++r) {
    ASSERT_EQ(b.racks[r].servers.size(), a.racks[r].servers.size());
    for (std::size_t s = 0; s < a.racks[r].servers.size(); ++s) {
      EXPECT_EQ(b.racks[r].servers[s].theta_in, a.racks[r].servers[s].theta_in);
      EXPECT_EQ(b.racks[r].servers[s].theta_ex, a.racks[r].servers[s].theta_ex);
      EXPECT_EQ(b.racks[r].servers[s].power_w, a.racks[r].servers[s].power_w);
      EXPECT_EQ(b.racks[r].servers[s].air_w, a.racks[r].servers[s].air_w);
    }
    EXPECT_EQ(b.racks[r].layer_theta_in, a.racks[r].layer_theta_in);
    EXPECT_EQ(b.racks[r].power_w, a.racks[r].power_w);
    EXPECT_EQ(b.racks[r].air_w, a.racks[r].air_w);
    EXPECT_EQ(b.racks[r].door_w, a.racks[r].door_w);
    EXPECT_EQ(b.racks[r].exhaust_theta, a.racks[r].exhaust_theta);
  }
  ASSERT_EQ(b.coolers.size(), a.coolers.size());
  for (std::size_t c = 0; c < a.coolers.size(); ++c) {
    EXPECT_EQ(b.coolers[c].theta_ret, a.coolers[c].theta_ret);
    EXPECT_EQ(b.coolers[c].theta_sup, a.coolers[c].theta_sup);
    EXPECT_EQ(b.coolers[c].load_w, a.coolers[c].load_w);
    EXPECT_EQ(b.coolers[c].failed, a.coolers[c].failed);
  }
  EXPECT_EQ(b.flow_scale, a.flow_scale);
  EXPECT_EQ(b.fan_factor, a.fan_factor);
  ASSERT_EQ(b.link_params.size(), a.link_params.size());
  for (std::size_t p = 0; p < a.link_params.size(); ++p) {
    for (int k = 0; k < 3; ++k) EXPECT_EQ(b.link_params[p].u[k], a.link_params[p].u[k]);
    EXPECT_EQ(b.link_params[p].rho, a.link_params[p].rho);
  }
  EXPECT_EQ(b.port_theta, a.port_theta);
  EXPECT_EQ(b.flows_changed, a.flows_changed);
  auto expect_same_window = [](const auto& wa, const auto& wb) {
    EXPECT_EQ(wb.steps, wa.steps);
    EXPECT_EQ(wb.power_w, wa.power_w);
    EXPECT_EQ(wb.air_w, wa.air_w);
    EXPECT_EQ(wb.liquid_w, wa.liquid_w);
    EXPECT_EQ(wb.door_w, wa.door_w);
    EXPECT_EQ(wb.rack_theta_in, wa.rack_theta_in);
    EXPECT_EQ(wb.cooler_theta_ret, wa.cooler_theta_ret);
  };
  expect_same_window(a.window, b.window);
  expect_same_window(a.closed_window, b.closed_window);
  EXPECT_EQ(b.inlets.steps, a.inlets.steps);
  EXPECT_EQ(b.inlets.theta_in_sum, a.inlets.theta_in_sum);
  EXPECT_EQ(b.inlets.peak_theta, a.inlets.peak_theta);
  EXPECT_EQ(b.next_sample_s, a.next_sample_s);
  EXPECT_EQ(b.history.racks, a.history.racks);
  EXPECT_EQ(b.history.time_s, a.history.time_s);
  EXPECT_EQ(b.history.inlet_max_c, a.history.inlet_max_c);
  EXPECT_EQ(b.history.inlet_mean_c, a.history.inlet_mean_c);
  EXPECT_EQ(b.crossed_at_s, a.crossed_at_s);
  EXPECT_EQ(b.crossed_by, a.crossed_by);
}

TEST(StateCodec, AnAbsentOptionalStaysAbsent) {
  HallModel::State in = distinct_state();
  in.dynamic.crossed_at_s.reset();
  EXPECT_FALSE(decode_hall_state(encode_hall_state(in)).dynamic.crossed_at_s.has_value());
}

TEST(StateCodec, BytesAreLittleEndian) {
  ByteWriter w;
  w.field(std::uint32_t(0x01020304u));
  w.field(1.0);  // IEEE 754: 0x3ff0000000000000
  const std::vector<std::uint8_t> expected{4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f};
  EXPECT_EQ(w.bytes(), expected);
}

TEST(StateCodec, TruncatedOrPaddedBlobIsRefused) {
  const std::vector<std::uint8_t> whole = encode_hall_state(distinct_state());
  // Every cut, not one: a cut inside a count, a string or a number must each be caught.
  for (std::size_t keep = 0; keep < whole.size(); ++keep) {
    const std::vector<std::uint8_t> cut(whole.begin(), whole.begin() + std::ptrdiff_t(keep));
    EXPECT_THROW(decode_hall_state(cut), std::runtime_error) << "cut to " << keep << " of " << whole.size() << " bytes";
  }
  std::vector<std::uint8_t> longer = whole;
  longer.push_back(0);
  EXPECT_THROW(decode_hall_state(longer), std::runtime_error);
}
