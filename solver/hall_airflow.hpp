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

// Depth of the space in front of or behind a row that faces no other row (a row's back
// to a wall or to open floor): two floor tiles, the width of a usual aisle, the air a
// row's intakes draw from or its exhausts blow into before it mixes with the room.
constexpr double kSideDepthM = 1.2;

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

// The open sides of the rows: for each front (back) that bounds none of `aisles`, the
// space kSideDepthM deep in front of (behind) it, clipped to the domain [domain_lo,
// domain_hi), as a cold (hot) region named "cold side of row A" ("hot side of row A"),
// rows {A, ""}. None where another row stands in that space or less than `min_depth_m`
// of it is left.
std::vector<AisleResult> open_sides(const std::vector<RackRow>& rows, const std::vector<AisleResult>& aisles,
                                    const Vec3d& domain_lo, const Vec3d& domain_hi, double min_depth_m);

// Every row with a cold region (aisle or side) at its front and a hot one at its back;
// delta_p from their mean pressures.
std::vector<AislePair> aisle_pairs(const std::vector<AisleResult>& aisles);

// Everything but the speed record (aisles: those between rows, then the open sides), from `fields` (this rank's piece: sums are reduced
// over `comm`, so every rank gets the whole hall's figures). `tiles` gives the tile flows
// (HallResults::tiles, same names). Pressures and temperatures are the snapshot's
// instantaneous ones: the run keeps no time-mean pressure.
AirflowResults airflow_results(const HallSpec& hall, const std::vector<TileResult>& tiles, const Snapshot& fields,
                               const Comm& comm);

}  // namespace rackflow::solver
