// The object models as a function of the port sums, without a backend (issue 8: "a pure
// function from the reduced sums to port temperatures and patch velocities"): port sums
// are made up here, and what the models return is checked against the SI formulas of
// DESIGN.md §6 written out independently of the unit converter's lattice arithmetic.
#include <gtest/gtest.h>

#include <cmath>

#include "../verification/hall_fixture.hpp"
#include "hall_layout.hpp"
#include "hall_model.hpp"
#include "lattice_setup.hpp"
#include "mesh/voxelizer.hpp"

using namespace rackflow;
using namespace rackflow::test;
using rackflow::solver::HallModel;

namespace {

// Port temperatures are floats of theta = T - T_ref, a few kelvin: 1e-4 K is ~100 float
// steps, far below any modelling difference.
constexpr double kToleranceK = 1e-4;

struct Models {
  CaseSpec spec;
  solver::HallLayout layout;
  solver::LatticeSetup setup;
  Scene scene;
  std::unique_ptr<HallModel> model;

  explicit Models(CaseSpec c) : spec(std::move(c)), layout(solver::build_hall_layout(spec)) {
    setup = solver::choose_lattice(layout.primitives);
    scene = mesh::voxelize(layout.primitives, setup.units);
    model = std::make_unique<HallModel>(spec, layout, scene, setup.units, solver::Comm::self());
  }
  // Every port at temperature t_c with mass flow q_m3_s, as Stepper::port_sums gives them.
  std::vector<double> uniform_sums(double t_c, double q_m3_s) const {
    std::vector<double> sums;
    for (int p = 0; p < scene.ports(); ++p) {
      const double mass = setup.units.flow_lu(q_m3_s);
      sums.push_back(mass);
      sums.push_back(mass * setup.units.theta(t_c));
    }
    return sums;
  }
  double port_c(int port) const { return setup.units.temperature_c(model->port_theta()[port]); }
};

CaseSpec one_rack_room(double power_w, double airflow_m3_s) {
  CaseSpec c = hall_room(4.0, 3.0, 2.4, 0.1, 10.0);
  add_through_flow(c, 0.3, 18.0);
  c.hall->racks.push_back(rack_at("r1", {1.6, 1.2, 0.0}, {2.2, 2.4, 2.0}, Face::XMin, power_w, airflow_m3_s));
  return c;
}

}  // namespace

// Exhaust = intake mean + P / (rho c_p Q), on every exhaust layer of the rack.
TEST(HallCoupling, RackExhaustIsIntakePlusPowerOverFlow) {
  const double power_w = 12e3, airflow = 0.9, inlet_c = 24.0;
  Models m(one_rack_room(power_w, airflow));
  m.model->apply_port_sums(m.uniform_sums(inlet_c, airflow), 0.0);
  const double want_c = inlet_c + power_w / (kRho * kCp * airflow);
  const auto& rack = m.layout.racks.at(0);
  ASSERT_FALSE(rack.layers.empty());
  for (const auto& layer : rack.layers) EXPECT_NEAR(m.port_c(layer.exhaust_port), want_c, kToleranceK);
}

// Half the power to a cold plate: the air sees the other half.
TEST(HallCoupling, ColdPlateTakesItsShareBeforeTheAir) {
  const double power_w = 20e3, airflow = 1.0, inlet_c = 22.0;
  CaseSpec c = one_rack_room(power_w, airflow);
  c.hall->racks[0].cold_plate = ColdPlateSpec{};
  c.hall->racks[0].cold_plate->liquid_fraction = 0.5;
  Models m(c);
  m.model->apply_port_sums(m.uniform_sums(inlet_c, airflow), 0.0);
  const double want_c = inlet_c + 0.5 * power_w / (kRho * kCp * airflow);
  for (const auto& layer : m.layout.racks.at(0).layers) EXPECT_NEAR(m.port_c(layer.exhaust_port), want_c, kToleranceK);
}

// A cooling unit at its capacity delivers return - capacity / (rho c_p Q), not the set-point;
// below it, the set-point.
TEST(HallCoupling, CoolerSupplyIsSetPointOrCapacityLimited) {
  const double airflow = 1.5, return_c = 30.0, set_c = 18.0;
  for (const double capacity_w : {10e3, 40e3}) {
    CaseSpec c = hall_room(4.0, 3.0, 2.4, 0.1, 10.0);
    c.hall->coolers.push_back(wall_crah(airflow, capacity_w, set_c));
    Models m(c);
    m.model->apply_port_sums(m.uniform_sums(return_c, airflow), 0.0);
    const double limited_c = return_c - capacity_w / (kRho * kCp * airflow);
    EXPECT_NEAR(m.port_c(m.layout.coolers.at(0).supply_port), std::max(set_c, limited_c), kToleranceK)
        << capacity_w << " W";
  }
}

// A failure is a change of the patch velocities at its time, and only then.
TEST(HallCoupling, FailureStopsTheUnitsPatchesAtItsTime) {
  CaseSpec c = hall_room(4.0, 3.0, 2.4, 0.1, 10.0);
  c.hall->coolers.push_back(wall_crah(1.5, 40e3, 18.0));
  c.hall->coolers[0].fail_at_s = 5.0;
  Models m(c);
  EXPECT_FALSE(m.model->update_flows(4.9));
  auto speed = [&] {
    double s = 0;
    for (int p : m.layout.coolers[0].patches)
      for (float u : m.model->link_params()[m.scene.patch_param[p]].u) s += std::fabs(u);
    return s;
  };
  EXPECT_GT(speed(), 0.0);
  EXPECT_TRUE(m.model->update_flows(5.0));
  EXPECT_EQ(speed(), 0.0);
  EXPECT_FALSE(m.model->update_flows(6.0));  // once
}

// Issue 11: a rack-level power over the whole height still returns the vertical profile of
// its intake, each layer shifted by the same rise (per-layer mixing), and the heat the
// layers add together is P. Intake layer k sees 20 + 0.5 k °C (a 10 K gradient over 2 m).
TEST(HallCoupling, RackExhaustKeepsTheIntakeProfilePlusTheRise) {
  const double power_w = 12e3, airflow = 0.9;
  Models m(one_rack_room(power_w, airflow));
  const auto& rack = m.layout.racks.at(0);
  ASSERT_EQ(rack.layers.size(), 20u);
  std::vector<double> sums = m.uniform_sums(20.0, airflow);
  auto intake_c = [](std::size_t k) { return 20.0 + 0.5 * double(k); };
  for (std::size_t k = 0; k < rack.layers.size(); ++k) {
    const int p = rack.layers[k].intake_port;
    const double mass = m.setup.units.flow_lu(rack.layers[k].intake_m3_s);
    sums[2 * p] = mass;
    sums[2 * p + 1] = mass * m.setup.units.theta(intake_c(k));
  }
  m.model->apply_port_sums(sums, 0.0);
  const double rise_k = power_w / (kRho * kCp * airflow);
  double heat_w = 0;
  for (std::size_t k = 0; k < rack.layers.size(); ++k) {
    const double out_c = m.port_c(rack.layers[k].exhaust_port);
    EXPECT_NEAR(out_c, intake_c(k) + rise_k, kToleranceK) << "layer " << k;
    heat_w += kRho * kCp * rack.layers[k].exhaust_m3_s * (out_c - intake_c(k));
  }
  // Float port temperatures: 1e-4 K of a 11.3 K rise.
  EXPECT_NEAR(heat_w, power_w, 1e-5 * power_w);
}

TEST(HallCoupling, SumsOfAnotherPortCountAreRefused) {
  Models m(one_rack_room(5e3, 0.5));
  EXPECT_THROW(m.model->apply_port_sums(std::vector<double>(3, 1.0), 0.0), std::invalid_argument);
}
