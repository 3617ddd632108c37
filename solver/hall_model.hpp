// Hall model: the black-box object models of DESIGN.md §6, driven once per time step
// through the coupling ports the hall layout created.
//
// Before each step it reads every port (mass per step M and the mass-weighted fluid
// temperature; kernels/coupling_kernels.hpp) and sets the temperatures the exhausts and
// supplies deliver:
//   server:    T_ex = T_in,mean + P_air / (rho c_p Q), P_air = (1 - liquid fraction) P(t), or
//              with thermal mass P_air lagging it by tau (hall_thermal_lag.hpp);
//   rear door: T_out = T_ex - eps (T_ex - T_water), the removal capped at the capacity;
//   cooler:    T_sup = max(set-point, T_ret - capacity / (rho c_p Q)), never above T_ret;
//              at fail_at its fan and coil stop (its patches' speeds go to zero).
// All in lattice heat units, with the measured M, so the heat the air receives at a rack
// is P_air minus the door's removal to round-off, whatever the grid does to the faces.
//
// Racks with a fan curve (RackSpec::fan_curve) move their airflow towards the curve's flow
// at the measured static-pressure rise at each monitor sample (update_fans).
//
// Every monitor interval it samples server inlet temperatures (mean over the ports, max
// over the cells directly in front of the intake face) for the histories and the
// ride-through time. Over an averaging window it keeps each server's time-mean inlet and
// its peak instantaneous cell; the max of the time-mean field comes from the caller.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "comm.hpp"
#include "hall_layout.hpp"
#include "kernels/stepper.hpp"
#include "rackflow/hall_results.hpp"
#include "rackflow/scene.hpp"
#include "rackflow/snapshot.hpp"
#include "rackflow/units.hpp"

namespace rackflow::solver {

class HallModel {
 public:
  // `scene` is this rank's block; the models themselves are the same on every rank, fed
  // with port sums and inlet maxima reduced over `comm`.
  HallModel(const CaseSpec& spec, HallLayout layout, const Scene& scene, const UnitConverter& units,
            const Comm& comm = Comm::world());

  // Before the step that starts at time t: the flows of the step (update_flows), the port
  // sums of the state it starts from, reduced over the ranks, the models on them
  // (apply_port_sums), and the temperatures the inlet ports supply.
  void couple(kernels::Stepper& stepper, double t_s);

  // The models without a backend, as couple() drives them; identical on every rank.
  //  - update_flows: the scheduled changes of time t (cooler failures) and headroom's
  //    scaling applied to the link parameters; true when they changed (link_params()).
  //  - apply_port_sums: from the port sums of the whole domain (2 per port: mass per step
  //    and mass-weighted fluid temperature, Stepper::port_sums), every server's, door's and
  //    cooler's state, and port_theta(): the temperature each inlet port supplies.
  bool update_flows(double t_s);
  void apply_port_sums(const std::vector<double>& sums, double t_s);
  const std::vector<float>& port_theta() const { return dyn_.port_theta; }
  const std::vector<FlowLinkParams>& link_params() const { return dyn_.link_params; }

  // Inlet sampling every HallSpec::monitor_interval_s, after couple() at the same time;
  // `theta` is the padded grid.
  bool sample_due(double t_s) const { return t_s + 1e-12 >= dyn_.next_sample_s; }
  void sample(const std::vector<float>& theta, double t_s);

  // Racks on a fan curve: at each sample, the rise exhaust - intake is the mean pressure
  // p = (rho - 1) c_s^2 of the fluid cells directly in front of the exhaust faces less that
  // in front of the intake faces (`rho`: the padded grid, lattice units; collective), and
  // the rack's flow follows the curve's flow at that rise with the lag kFanTimeConstantS
  // (hall_fan_curve.hpp). Takes effect at the next step.
  bool has_fan_curves() const;
  void update_fans(const std::vector<float>& rho);
  // The rack's airflow now [m3/s]: its servers' design airflow times headroom's scale and
  // its fan factor.
  double rack_airflow_m3_s(int rack) const;

  // Everything the report needs: per object results at the last coupled step; inlet maxima
  // of `theta_mean` (the time-mean field, when averaging) or `theta`; the hall balance from
  // the air-side balance `air` (whose window the model's own averages are taken over);
  // tile flows from `fields`. Both grids are padded, lattice units.
  HallResults results(const std::vector<float>& theta, const std::vector<float>* theta_mean,
                      const AveragingWindow& averaging, const EnergyBalance& air, const Snapshot& fields);

  // Hottest intake cell of a rack [°C]; `theta` is the padded grid.
  double rack_inlet_max_c(std::size_t rack, const std::vector<float>& theta) const;

  // Racks' heat into the air (power less cold plates; rear doors come after), mean over the
  // open window [W].
  double window_air_power_w() const { return dyn_.window.steps > 0 ? dyn_.window.air_w / dyn_.window.steps : 0.0; }

  // Closes the model-side averaging window (with Simulation::energy_balance's window);
  // results() reports the last closed one.
  void close_window();

  // What the steady-state test watches: every rack's flow-weighted inlet mean and every
  // running cooler's return temperature, each a time mean over the last closed window [°C].
  std::vector<std::pair<std::string, double>> window_probes_c() const;

  // Starts the time-mean inlets and peaks afresh (with the field statistics).
  void start_averaging();

  // The model's whole changing state, so that a saved simulation resumes exactly.
  struct State;
  State save_state() const;
  void load_state(const State& state);
  // CaseError unless `state` (from `source`, a checkpoint) has this hall's racks, servers,
  // coolers and ports: its loads and set-points may differ, its objects may not.
  void check_state(const State& state, const std::string& source) const;

  // For rackflow headroom: extra power on one rack, spread over its servers in proportion
  // to their maximum power, with airflow in the rack's own proportion (more load, more fan
  // flow: the rack keeps its design temperature rise). Takes effect at the next step.
  void set_extra_power(int rack, double watts);
  // Fastest design speed of the rack's intake and exhaust patches [lattice units].
  double rack_patch_speed_lu(int rack) const;

  const HallLayout& layout() const { return layout_; }
  const HallSpec& hall() const { return hall_; }

 private:
  struct ServerState { double theta_in = 0, theta_ex = 0, power_w = 0, air_w = 0; };
  struct RackState {
    std::vector<ServerState> servers;
    std::vector<double> layer_theta_in;   // per layer, from the intake ports
    double power_w = 0, air_w = 0, door_w = 0, exhaust_theta = 0;
  };
  struct CoolerState { double theta_ret = 0, theta_sup = 0, load_w = 0; bool failed = false; };
  struct Window {
    double steps = 0, power_w = 0, air_w = 0, liquid_w = 0, door_w = 0;
    std::vector<double> rack_theta_in, cooler_theta_ret;  // sums over the window's steps
  };
  // Time-mean inlets over the averaging window: per rack, per server.
  struct InletStatistics {
    double steps = 0;
    std::vector<std::vector<double>> theta_in_sum;
    std::vector<std::vector<float>> peak_theta;
  };
  // Everything that changes as the run goes on.
  struct Dynamic {
    std::vector<RackState> racks;
    std::vector<CoolerState> coolers;
    // Per rack: airflow / design airflow, 1 + headroom's extra power / the rack's maximum
    // power (both grow together, set_extra_power).
    std::vector<double> flow_scale;
    // Per rack: airflow on its fan curve / the servers' design airflow (1: no curve). Apart
    // from flow_scale: the curve sets the flow at full speed, headroom's extra load speeds
    // the fans up in proportion on top (fan affinity), and the rack's power stays.
    std::vector<double> fan_factor;
    std::vector<FlowLinkParams> link_params;  // as now (failures, scaling)
    std::vector<float> port_theta;            // what each inlet port supplies
    bool flows_changed = false;
    Window window, closed_window;
    InletStatistics inlets;
    double next_sample_s = 0;
    InletHistory history;
    std::optional<double> crossed_at_s;
    std::string crossed_by;
  };

  void couple_rack(std::size_t r, const std::vector<double>& sums, double t_s, std::vector<float>& port_theta);
  void couple_cooler(std::size_t c, const std::vector<double>& sums, std::vector<float>& port_theta);
  void fail_coolers(double t_s);
  const PowerProfileSpec& profile(const RackSpec& rack) const;
  static double liquid_fraction(const RackSpec& rack);
  void start_thermal_lag();
  void tile_results(HallResults& out, const Snapshot& fields) const;
  void build_intake_cells(const Scene& scene);
  // The fluid cells directly in front of `face` reached by the links of `port`.
  static std::vector<Index> cells_in_front(const Scene& scene, int port, Face face);
  double flow_factor(std::size_t r) const { return dyn_.flow_scale[r] * dyn_.fan_factor[r]; }
  double design_airflow_m3_s(std::size_t r) const;
  // Hottest intake cell of a server in this block: temperature and local cell (-1: none).
  std::pair<float, Index> server_max(std::size_t r, std::size_t s, const std::vector<float>& theta) const;
  // Hottest intake cell of every server over all ranks ([rack][server]): theta and the
  // global cell (Grid::global_index). Collective.
  struct CellMax {
    float theta = -1e30f;
    Index global_cell = -1;
  };
  std::vector<std::vector<CellMax>> server_maxima(const std::vector<float>& theta) const;
  Vec3d global_place(Index global_cell) const;
  double rack_theta_in(std::size_t r) const;  // flow-weighted over its servers

  HallSpec hall_;
  HallLayout layout_;
  UnitConverter units_;
  const Comm& comm_;
  Grid grid_;
  std::vector<FlowLinkParams> base_link_params_;  // as built
  std::vector<int> patch_param_;
  // intake_cells_[r][layer]: the fluid cells directly in front of the layer's intake face.
  std::vector<std::vector<std::vector<Index>>> intake_cells_;
  // fan_cells_[r]: for a rack on a fan curve, the fluid cells in front of its intake faces
  // and in front of its exhaust faces (all layers); empty otherwise.
  std::vector<std::array<std::vector<Index>, 2>> fan_cells_;
  // per_layer_[r][s]: server s breathes out through the same layers, by the same weights,
  // as it breathes in, so each exhaust layer is its own intake plus the rise (the default);
  // otherwise every exhaust layer gets the server's mixed intake plus the rise.
  std::vector<std::vector<bool>> per_layer_;
  std::vector<double> port_sums_;
  std::vector<double> lag_step_;  // per rack: thermal_lag_step of its time constant (1: no lag)
  Dynamic dyn_;
};

struct HallModel::State {
  Dynamic dynamic;
};

}  // namespace rackflow::solver
