// The hall's airflow figures from a snapshot of the fields: the raised-floor plenum's
// pressure (range and plan map), each perforated tile's pressure drop, and the aisles
// between facing rack rows with their mean pressure (docs/metrics.md, "Airflow"). Pure
// functions of the hall and the fields; ratios, Capture Index and flags come after, in
// postprocess/airflow_metrics.hpp.
#pragma once

#include <string>
#include <vector>

#include "comm.hpp"
#include "rackflow/hall_results.hpp"
#include "rackflow/hall_spec.hpp"
#include "rackflow/snapshot.hpp"

namespace rackflow::solver {

// Map cells along the longer side of the plenum map at most: a map cell is a block of
// lattice cells, a few tenths of a metre in a large hall (30 m at 0.1 m cells: 0.3 m,
// half a floor tile), which shows the pressure's variation from tile to tile.
constexpr int kPlenumMapMaxCells = 100;

// Widest gap between two facing rows that is still an aisle between them: six floor
// tiles (3.6 m). Aisles are two to four tiles wide; further apart, two rows face each
// other across open floor.
constexpr double kMaxAisleWidthM = 3.6;

// Racks belong to one row when their fronts face the same way and lie in one plane to
// within this (a row's racks are placed flush; a grid rounds their faces by < 1 cm).
constexpr double kRowPlaneToleranceM = 0.02;

// A row of racks: racks of one name (RackSpec::row; the rack's own name when empty) whose
// fronts face the same way in one plane.
struct RackRow {
  std::string name;
  int axis = 0;        // the fronts' normal, 0 (x) or 1 (y)
  int front_sign = 1;  // +1: the fronts face +axis
  double lo_m = 0, hi_m = 0;            // extent along axis (the racks' depth)
  double along_lo_m = 0, along_hi_m = 0;  // extent along the other horizontal axis
  double bottom_m = 0, top_m = 0;
};
std::vector<RackRow> rack_rows(const HallSpec& hall);

// The aisles between adjacent facing rows (no third row between them, at most
// kMaxAisleWidthM apart, sharing some length), with their boxes; pressures not yet set.
std::vector<AisleResult> find_aisles(const std::vector<RackRow>& rows);

// Every row with a cold aisle on one side and a hot aisle on the other; delta_p from the
// aisles' mean pressures.
std::vector<AislePair> aisle_pairs(const std::vector<AisleResult>& aisles);

// Everything but the speed record, from `fields` (this rank's piece: sums are reduced
// over `comm`, so every rank gets the whole hall's figures). `tiles` gives the tile flows
// (HallResults::tiles, same names). Pressures and temperatures are the snapshot's
// instantaneous ones: the run keeps no time-mean pressure.
AirflowResults airflow_results(const HallSpec& hall, const std::vector<TileResult>& tiles, const Snapshot& fields,
                               const Comm& comm);

}  // namespace rackflow::solver
