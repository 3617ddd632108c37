// Passive tracers on a frozen flow: the steady advection-diffusion of a concentration
// c in [0, 1] that openings emit (c = 1 or 0) and that leaves through the others, solved on
// the host after a run (solver/hall_tracers.hpp says which openings emit what).
//
// Finite volume through the six faces of each fluid cell, first-order upwind. The flux of
// a face between two fluid cells is the mean of their normal velocities (face_fluxes), or
// any flux field the caller has; an opening's face gets the flux its caller gives (a rack's or cooling unit's prescribed flow). Diffusion
// uses the heat field's own effective diffusivity (molecular + eddy, face mean as in
// kernels/cell_update.hpp); faces onto walls and openings carry none.
//
// The cell balance is
//     a_p c_P = sum_f a_f c_f + b,   a_f = max(inflow_f, 0) + D_f,
//     a_p = max(inflow, outflow) + sum_f D_f,
// with b the inflow through faces of emitting openings. Cell-averaged velocities are not
// discretely divergence-free (include/rackflow/heat_transport.hpp): where a cell's outflow
// exceeds its inflow this is the conservative balance (the surplus air is tracer-free),
// where its inflow exceeds its outflow the surplus leaves at c_P. Either way every c_P is a
// weighted mean of its neighbours' and the sources' values with weights summing to at most
// 1, so 0 <= c <= 1 whatever the field; on a divergence-free field the scheme is exactly
// conservative and a uniform emission gives c = 1 everywhere.
//
// Gauss-Seidel sweeps, alternately forward and backward through memory (a front moves
// across the whole domain in one sweep along the flow, whichever way it points), until the
// balance residual sum_k |a_p c - sum a_f c_f - b| is below `tolerance` times the tracer's
// source flux sum b. That residual bounds the tracer the openings do not account for.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "rackflow/config.hpp"
#include "rackflow/grid.hpp"

namespace rackflow::kernels {

// One face of a fluid cell onto an opening (a non-fluid cell that passes air).
struct TracerOpeningFace {
  Index cell = 0;      // the fluid cell, padded index
  float inflow = 0;    // volume per step into the cell through the face (< 0: out), lattice units
  int opening = -1;    // the caller's label of the opening (-1: none)
  bool open = false;   // a pressure outlet: its flux takes up make_divergence_free's correction
};

struct TracerSystem {
  Grid grid;
  std::vector<Index> cells;                 // fluid cells (padded index), in memory order
  std::vector<std::array<float, 6>> a_nb;   // per cell: a_f of faces x-, x+, y-, y+, z-, z+
  std::vector<float> a_p;                   // per cell
  std::vector<TracerOpeningFace> openings;  // every opening face
  std::vector<Index> opening_position;      // per opening face: its cell's place in `cells`
};

// Volume per step through the upper face of each cell along each axis (entry 3 c + axis,
// positive from c to its upper neighbour), the mean of the two cells' normal velocities
// where both are fluid, else 0. Velocities: padded grids, lattice units; `flags` the padded
// CellType grid.
std::vector<float> face_fluxes(const Grid& grid, const std::vector<std::uint8_t>& flags, const std::vector<float>& ux,
                               const std::vector<float>& uy, const std::vector<float>& uz);

// Corrects `face_flux` (as face_fluxes gives it) by the gradient of a potential, F - grad phi,
// so that every fluid cell's net outflow, openings included, is zero: a Poisson equation
// for phi, solved by Jacobi-preconditioned conjugate gradients to `tolerance` times the
// initial divergence (L2). Fixed-flux openings keep their flux; open ones (pressure
// outlets) take up a share of the correction, their `inflow` updated. In a region without
// an open face the prescribed flows may miss balance by round-off: that region's mean
// divergence is removed first (what stays is what the openings' own imbalance was).
struct Projection {
  int iterations = 0;
  double divergence_before = 0, divergence_after = 0;  // sum over cells of |net outflow|
};
Projection make_divergence_free(const Grid& grid, const std::vector<std::uint8_t>& flags,
                                std::vector<float>& face_flux, std::vector<TracerOpeningFace>& openings,
                                double tolerance = 1e-8, int max_iterations = 20000);

// `face_flux` as face_fluxes gives it (or after make_divergence_free); the diffusivity `alpha` a padded grid in lattice
// units. Every interior fluid cell is a cell of the system; faces onto non-fluid cells not
// in `openings` are closed.
TracerSystem build_tracer_system(const Grid& grid, const std::vector<std::uint8_t>& flags,
                                 const std::vector<float>& face_flux, const std::vector<float>& alpha,
                                 std::vector<TracerOpeningFace> openings);

struct TracerControl {
  double tolerance = 1e-4;  // balance residual / source flux
  int max_sweeps = 20000;
  int check_every = 10;     // sweeps between residual evaluations (each costs about a sweep)
};

struct TracerSweeps {
  int sweeps = 0;
  double residual = 0;  // balance residual / source flux at the last check
  bool converged = false;
};

// Per-cell source b of a tracer (as long as system.cells): the inflow through every
// opening face whose opening `emits`.
std::vector<float> tracer_source(const TracerSystem& system, const std::function<bool(int opening)>& emits);

// Solves one tracer into `c` (padded grid; resized and zeroed first).
TracerSweeps solve_tracer(const TracerSystem& system, const std::vector<float>& source, std::vector<float>& c,
                          const TracerControl& control);

// Solves tracers 0..count-1, one per OpenMP thread at a time: each thread sweeps a whole
// field in order, which converges in far fewer sweeps than a colouring that would share one
// field among threads. `source(t)` gives tracer t's per-cell source; `done(t, c, sweeps)`
// receives its converged field. Both are called from the worker threads, each t once.
void solve_tracers(const TracerSystem& system, int count, const std::function<std::vector<float>(int)>& source,
                   const std::function<void(int, const std::vector<float>&, const TracerSweeps&)>& done,
                   const TracerControl& control);

// Per opening label 0..labels-1: the tracer that leaves through its faces, sum of
// outflow * c of the fluid cell (lattice units).
std::vector<double> tracer_outflow(const TracerSystem& system, const std::vector<float>& c, int labels);

}  // namespace rackflow::kernels
