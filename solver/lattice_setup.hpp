// Chooses the lattice for a case: the time step from the resolution, the Mach limit and
// the thermal stability limit, and the relaxation parameters; refuses what will not run.
#pragma once

#include "rackflow/case_spec.hpp"
#include "rackflow/lattice_params.hpp"
#include "rackflow/snapshot.hpp"
#include "rackflow/units.hpp"

namespace rackflow::solver {

struct LatticeSetup {
  UnitConverter units;
  FlowParams flow;
  LatticeReport report;
};

// Largest lattice diffusivity the explicit heat update accepts; the time step is reduced
// below the Mach-limited one when the molecular diffusivity would exceed it.
constexpr double kMaxAlphaLattice = 0.1;
// Cap on the effective (molecular + eddy) diffusivity: with |u| <= 0.15 per face the
// explicit FV update keeps every neighbour weight non-negative (1 - 6 alpha - sum|u| >= 0).
constexpr double kAlphaCapLattice = 0.12;
// Weight of the population stress in the hybrid regularisation (collision.hpp): 2 % of the
// stress comes from finite differences, which damps the odd-even mode by 2 % per step.
constexpr double kHybridSigma = 0.95;
// Below this tau a laminar (no LES) regularised lattice is not reliably stable.
constexpr double kMinLaminarTau = 0.51;

// The run loop counts steps and outputs in 64-bit integers; these bounds keep them far from
// overflow and the run within reason. 1e11 steps: even a 10^4-cell grid at 1000 MLUPs/s
// needs 12 days for them, and step times n dt stay exact in a double (2^53).
constexpr double kMaxSteps = 1e11;
// Each output is a field file (with its .pvd entry): 100 000 files is 100 GB at 1 MB each,
// more than ParaView can step through or a directory handles well.
constexpr double kMaxOutputs = 1e5;

// The Boussinesq limit of solver/plausibility.hpp, applied here to the local rise through a
// heat source, which needs the flow speed: beta dT << 1.
constexpr double kMaxBoussinesqProductLocal = 0.2;

// Highest speed the case is expected to reach [m/s]: run.max_velocity, else the larger of
// the fastest inlet and the buoyant free-fall speed sqrt(g beta dT H).
double characteristic_velocity(const CaseSpec& spec);

// Throws CaseError with an explanation when the lattice would be unstable.
LatticeSetup choose_lattice(const CaseSpec& spec);

}  // namespace rackflow::solver
