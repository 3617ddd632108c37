// What the command line prints for people: the lattice chosen, the hall's load, the
// energy balance and the hall's headline figures.
#pragma once

#include <cstdio>

#include "rackflow/hall_results.hpp"
#include "rackflow/hall_spec.hpp"
#include "rackflow/snapshot.hpp"

namespace rackflow::cli {

void print_lattice(const LatticeReport& r, std::FILE* out);
// The bytes one cell update moves and the bytes a cell keeps resident, a line per precision.
void print_cell_bytes(std::FILE* out);
void print_hall_load(const HallSpec& h);
void print_energy(const EnergyBalance& e);
// The hottest inlet, the hall balance, the ride-through and every airflow flag.
void print_hall(const HallResults& h);
// How the run ended, one line: "steady state reached at t = ...", "interrupted at ...".
void print_run_end(const RunSummary& s);

}  // namespace rackflow::cli
