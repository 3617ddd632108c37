// A hall with every kind of object a user runs, one body per backend (backends.hpp):
// cases/crah-failure.yaml (racks as coupling ports, a raised floor with porous perforated
// tiles, a relief-vent pressure outlet, two CRAHs) with crah-2 failing after a fraction of a
// second instead of at 60 s, so that the scheduled event falls inside a run of seconds.
//
//   failure      after fail_at, crah-2 reports failed with no airflow and no coil load,
//                while crah-1 keeps cooling
//   tiles        the plenum feeds the room upward through the perforated tiles
//   ports        the coolers' return and the racks' intake temperatures, from the port
//                sums, are the ones the field has in front of those faces
//   energy       rack heat = coils + open boundaries + storage, per monitor window
//   save/load    a run saved before the failure and continued by a fresh Simulation equals,
//                to the bit, the run straight through on the same backend: fields, the
//                coolers' figures and the hall model's inlet history
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "../verification/hall_fixture.hpp"
#include "backends.hpp"
#include "case_parser.hpp"

namespace rackflow::test {
namespace {

using solver::Simulation;

constexpr double kFailAtS = 0.5;
constexpr long long kSaveStep = 150;   // before the failure (dt is 2.8 ms at 0.2 m)
constexpr long long kEndStep = 300;    // well after it
constexpr long long kEnergyWindow = 50;
constexpr double kInitialC = 24.0;
// A running coil on 24 °C return air: 9 m3/s x 1.184 kg/m3 x 1007 J/(kg K) x 6 K = 64 kW.
// Well over a tenth of that shows it is cooling.
constexpr double kRunningCoilMinW = 6.4e3;

CaseSpec failing_hall() {
  CaseSpec spec = parse_case_file(std::string(RACKFLOW_SOURCE_DIR) + "/cases/crah-failure.yaml");
  spec.hall->coolers.at(1).fail_at_s = kFailAtS;
  spec.hall->monitor_interval_s = 0.1;
  // Air warmer than the 18 °C set-point, so that both coils carry a load from the start
  // (in the case as written they see their own supply until the racks' exhaust arrives).
  spec.initial.temperature_c = kInitialC;
  return spec;
}

// Bitwise equality of two float arrays: a reloaded run must redo the same arithmetic.
bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// Plain mean over a rack's layers of the field in front of each layer's intake face: what
// its intake ports measure through the port sums, measured here from the snapshot alone.
double rack_intake_field_c(const Simulation& sim, const Snapshot& fields, const std::string& rack) {
  double sum = 0;
  int layers = 0;
  for (int k = 0; k < 64; ++k) {
    const double t = patch_temperature_c(sim, fields, rack + "/layer-" + std::to_string(k) + "/intake", true);
    if (t == 0.0) continue;  // no such layer (0 °C: no cells found)
    sum += t;
    ++layers;
  }
  return layers ? sum / layers : 0.0;
}

class Hall : public PerBackend {};

// The hall balance's residual against rack power in a window of 50 steps of a strong
// transient (storage 35-70 % of rack power): the accounting is exact in double sums, so what
// is left is the float round-off of ~4e4 cell temperatures in the storage term (measured
// <= 1e-6). A missing flow is 0.3 % (the vent) to 32 % (a coil). 1e-4.
constexpr double kResidualTolerance = 1e-4;
// The tiles must carry a real share of the supply: 18 m3/s leave the coils into the plenum
// before the failure; with the vent and the open aisles, well over a third of it rises
// through the tiles once the plenum has pressurised (acoustic time ~0.05 s).
constexpr double kTileShareMin = 0.3;
// A port's temperature is the mass-weighted mean over its links, the fixture's the plain
// mean of the cells in front of the face, and the snapshot is one step later than the
// coupling: 0.1 K, as tests/verification/test_hall_models.cpp allows. A port sum that
// dropped or scaled a term is kelvins off.
constexpr double kPortToleranceK = 0.1;

TEST_P(Hall, CoolerFailureTilesPortsEnergyAndSaveLoad) {
  const CaseSpec spec = failing_hall();
  Simulation straight(spec, GetParam());
  const double dt_s = straight.lattice().units.dt_s;
  std::printf("%s: dt %.3e s, theta = 0 at %.2f °C, %d coupling ports\n", straight.backend_name().c_str(), dt_s,
              straight.lattice().units.theta_zero_c, straight.scene().ports());
  ASSERT_LT(kSaveStep * dt_s, kFailAtS) << "the save must fall before the failure";
  ASSERT_GT(kEndStep * dt_s, kFailAtS + 0.1) << "the run must go on past the failure";

  straight.energy_balance();
  Simulation::State saved;
  double worst_residual = 0, worst_return_k = 0, worst_intake_k = 0;
  HallResults before_failure, after_failure;
  while (straight.step() < kEndStep) {
    straight.advance(kEnergyWindow);
    if (straight.step() == kSaveStep) saved = straight.save_state();
    const EnergyBalance air = straight.energy_balance();
    const Snapshot fields = straight.snapshot();
    const HallResults r = straight.hall_results(air, fields);
    for (const auto& c : r.coolers)
      if (!c.failed)
        worst_return_k = std::max(worst_return_k,
                                  std::fabs(c.return_c - patch_temperature_c(straight, fields, c.name + "/return", true)));
    for (const auto& rack : r.racks)
      worst_intake_k = std::max(worst_intake_k,
                                std::fabs(rack.inlet_mean_c - rack_intake_field_c(straight, fields, rack.name)));
    const HallEnergyBalance& e = r.energy;
    std::printf("%s: t %.3f s: racks %.1f kW (air %.1f), coils %.1f + %.1f kW, boundaries %.2f kW, storage %.1f kW, "
                "residual %.4f %%\n",
                straight.backend_name().c_str(), straight.time_s(), e.rack_power_w / 1e3, e.rack_air_w / 1e3,
                r.coolers[0].load_w / 1e3, r.coolers[1].load_w / 1e3, e.boundaries_w / 1e3, e.storage_w / 1e3,
                100 * e.relative_residual());
    worst_residual = std::max(worst_residual, std::fabs(e.relative_residual()));
    (straight.time_s() < kFailAtS ? before_failure : after_failure) = r;
  }
  ASSERT_EQ(straight.health().nonfinite, 0);

  // The failure, on schedule.
  ASSERT_EQ(before_failure.coolers.size(), 2u);
  EXPECT_FALSE(before_failure.coolers[1].failed);
  EXPECT_GT(before_failure.coolers[0].load_w, kRunningCoilMinW);
  EXPECT_GT(before_failure.coolers[1].load_w, kRunningCoilMinW);
  EXPECT_TRUE(after_failure.coolers[1].failed);
  EXPECT_EQ(after_failure.coolers[1].airflow_m3_s, 0.0);
  EXPECT_EQ(after_failure.coolers[1].load_w, 0.0);
  EXPECT_FALSE(after_failure.coolers[0].failed);
  EXPECT_GT(after_failure.coolers[0].load_w, kRunningCoilMinW);

  // Tiles, before the failure.
  double tile_flow = 0;
  for (const auto& t : before_failure.tiles) tile_flow += t.flow_m3_s;
  const double supply = before_failure.coolers[0].airflow_m3_s + before_failure.coolers[1].airflow_m3_s;
  std::printf("tiles carry %.2f of %.2f m3/s supplied (%zu tiles)\n", tile_flow, supply, before_failure.tiles.size());
  EXPECT_GT(tile_flow, kTileShareMin * supply);
  EXPECT_LT(worst_residual, kResidualTolerance);
  std::printf("port sums against the field: coolers' returns within %.2e K, racks' intakes within %.2e K\n",
              worst_return_k, worst_intake_k);
  EXPECT_LT(worst_return_k, kPortToleranceK);
  EXPECT_LT(worst_intake_k, kPortToleranceK);
  EXPECT_GT(after_failure.coolers[0].return_c, 18.5) << "the return should draw the warm room air, not the supply";

  // Save before the failure, load into a fresh Simulation, continue: the same bits.
  Simulation resumed(spec, GetParam());
  resumed.load_state(saved);
  ASSERT_EQ(resumed.step(), kSaveStep);
  resumed.advance(kEndStep - kSaveStep);
  const Snapshot a = straight.snapshot(), b = resumed.snapshot();
  EXPECT_TRUE(same_bits(a.temperature_c, b.temperature_c)) << "temperature differs after reload";
  EXPECT_TRUE(same_bits(a.velocity_m_s, b.velocity_m_s)) << "velocity differs after reload";
  EXPECT_TRUE(same_bits(a.pressure_pa, b.pressure_pa)) << "pressure differs after reload";
  // The coolers' figures are the hall model's own state (the air window is not compared:
  // the straight run's last one has just been taken).
  const HallResults ra = straight.hall_results(EnergyBalance{}, a);
  const HallResults rb = resumed.hall_results(EnergyBalance{}, b);
  EXPECT_TRUE(rb.coolers[1].failed);
  EXPECT_EQ(ra.coolers[0].load_w, rb.coolers[0].load_w);
  EXPECT_EQ(ra.coolers[0].return_c, rb.coolers[0].return_c);
  EXPECT_EQ(ra.history.time_s, rb.history.time_s) << "the inlet history restarted after reload";
  EXPECT_EQ(ra.history.inlet_max_c, rb.history.inlet_max_c);
}

INSTANTIATE_TEST_SUITE_P(Backends, Hall, testing::ValuesIn(built_backends()), BackendName());

}  // namespace
}  // namespace rackflow::test
