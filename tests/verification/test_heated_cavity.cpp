// Differentially heated square cavity against de Vahl Davis (1983), Pr = 0.71.
//
// Reference (tests/data/devahldavis1983_square_cavity.csv, read at run time): the issue asks for the
// cavity-mean Nusselt numbers 1.118, 2.243, 4.519 at Ra = 1e3, 1e4, 1e5. We compare the
// hot-wall mean Nu, measured as the heat the solver actually passes through the hot wall
// (the energy-balance group of that patch), Nu = Q L / (k dT A) with A = L * depth. At
// steady state the hot-wall and cavity means are the same quantity; the benchmark's own
// two columns differ by under 0.3 %.
//
// Tolerance 2 % (the figure): the grids here (32^2, 48^2, 96^2) resolve the
// thermal boundary layer with >= 5 cells at Ra = 1e5; the scheme's error is second order
// in dx, so a regression that breaks the coupling or the wall treatment moves Nu by far more.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "case_parser.hpp"
#include "simulation.hpp"

namespace {

using namespace rackflow;

constexpr double kNusseltTolerance = 0.02;
// Steady when the hot and cold wall heats agree to 0.1 % and Nu changed < 0.01 % per check.
constexpr double kSteadyBalance = 1e-3, kSteadyChange = 1e-4;

struct CavityResult {
  double nu_hot = 0, nu_cold = 0;
  long long steps = 0;
};

// Nu_mean of de Vahl Davis (1983) at one Rayleigh number, from the cited table.
double reference_nusselt(const std::string& rayleigh) {
  std::ifstream in(std::string(RACKFLOW_TEST_DATA) + "/devahldavis1983_square_cavity.csv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind(rayleigh + ",", 0) != 0) continue;
    std::stringstream row(line);
    std::string ra, nu_mean;
    std::getline(row, ra, ',');
    std::getline(row, nu_mean, ',');
    return std::stod(nu_mean);
  }
  ADD_FAILURE() << "no row for Ra = " << rayleigh << " in devahldavis1983_square_cavity.csv";
  return 0;
}

double group_watts(const EnergyBalance& e, const std::string& prefix) {
  for (const auto& f : e.flows)
    if (f.name.rfind(prefix, 0) == 0) return f.watts;
  ADD_FAILURE() << "no energy group " << prefix;
  return 0;
}

CavityResult run_cavity(const std::string& file) {
  const CaseSpec spec = parse_case_file(std::string(RACKFLOW_SOURCE_DIR) + "/cases/validation/" + file);
  solver::Simulation sim(spec, solver::Backend::Cpu);
  const double L = spec.domain.size_m[0], depth = spec.domain.size_m[2];
  const double dT = 10.0, k = spec.fluid.thermal_conductivity_w_mk;
  const double conduction_w = k * dT / L * (L * depth);
  const int n = sim.scene().grid.nx;
  const long long check = 20LL * n;  // a few hundred steps per check
  const long long max_steps = 4000LL * n * 10;
  CavityResult r;
  double last_nu = 0;
  while (sim.step() < max_steps) {
    sim.advance(check);
    const EnergyBalance e = sim.energy_balance();
    r.nu_hot = group_watts(e, "hot") / conduction_w;
    r.nu_cold = -group_watts(e, "cold") / conduction_w;
    const bool balanced = std::fabs(r.nu_hot - r.nu_cold) < kSteadyBalance * r.nu_hot;
    const bool settled = std::fabs(r.nu_hot - last_nu) < kSteadyChange * r.nu_hot;
    last_nu = r.nu_hot;
    if (balanced && settled) break;
  }
  r.steps = sim.step();
  EXPECT_LT(r.steps, max_steps) << "the cavity did not reach a steady state";
  return r;
}

void check(const char* file, const std::string& rayleigh) {
  const double reference = reference_nusselt(rayleigh);
  const CavityResult r = run_cavity(file);
  const double err = (r.nu_hot - reference) / reference;
  std::printf("%s: Nu_hot = %.4f (cold wall %.4f), reference %.3f, error %+.2f %% after %lld steps\n", file,
              r.nu_hot, r.nu_cold, reference, 100 * err, r.steps);
  EXPECT_NEAR(r.nu_hot, reference, kNusseltTolerance * reference);
}

TEST(HeatedCavity, Ra1e3) { check("heated-cavity-ra1e3.yaml", "1e3"); }
TEST(HeatedCavity, Ra1e4) { check("heated-cavity-ra1e4.yaml", "1e4"); }
TEST(HeatedCavity, Ra1e5) { check("heated-cavity-ra1e5.yaml", "1e5"); }

}  // namespace
