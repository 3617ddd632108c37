// Voxelizer: turns a CaseSpec (SI, boxes and patches) into a Scene (cell flags, boundary
// link lists, heat faces and sources in lattice units).
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rackflow/case_error.hpp"
#include "rackflow/case_spec.hpp"
#include "rackflow/scene.hpp"
#include "rackflow/units.hpp"

namespace rackflow::mesh {

// Half-open range [lo, hi) of cell indices whose centres lie inside [min_m, max_m): the
// one rule by which every box and patch becomes cells.
struct CellRange {
  int lo, hi;
  bool empty() const { return hi <= lo; }
};
CellRange cells_covering(double min_m, double max_m, double dx);

// Interior cell counts of the domain at its resolution: round(size / dx) per side, so the
// far walls move by at most half a cell (the voxelizer warns of the move); CaseError when
// a side is shorter than half a cell.
std::array<int, 3> domain_cells(const CaseSpec& spec);

// How the ranks of a decomposed domain agree while each voxelises its own block: sums of
// the per-block counts that set global parameters (a heat source's power per cell, a
// patch's speed), and the first error any rank found, so that every rank throws the same
// CaseError at the same point instead of one rank leaving the others waiting. The
// defaults are one block: sums are the identity, the error is this block's own.
struct Collectives {
  std::function<void(std::vector<double>&)> sum = [](std::vector<double>&) {};
  // Called with this rank's error (or none) at the same point on every rank; throws the
  // lowest failing rank's error on every rank when there is one.
  std::function<void(const std::optional<CaseError>&)> first_error = [](const std::optional<CaseError>& mine) {
    if (mine) throw *mine;
  };
};

// Throws CaseError (naming the case-file entry) for geometry that only shows at this
// resolution: boxes thinner than a cell, patches covering no cell, patches on a face
// whose fluid side is solid.
//
// `block` says which part of the domain to voxelise (Grid::origin, Grid::global): its
// interior cells and their two halo layers, never the whole grid. Halo cells inside the
// domain (a neighbouring block's cells, or across a periodic face) get the geometry's
// type with kGhostBit; halo cells outside it are the domain's walls and patches. The
// lists (links, heat cells, sources, porous cells) hold this block's interior cells only.
Scene voxelize(const CaseSpec& spec, const UnitConverter& units, const Grid& block, const Collectives& ranks = {});
// The whole domain as one block.
Scene voxelize(const CaseSpec& spec, const UnitConverter& units);

}  // namespace rackflow::mesh
