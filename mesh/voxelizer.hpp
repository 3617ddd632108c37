// Voxelizer: turns a CaseSpec (SI, boxes and patches) into a Scene (cell flags, boundary
// link lists, heat faces and sources in lattice units).
#pragma once

#include <array>

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

// Interior cell counts of the domain at its resolution; CaseError when a side is not a
// whole number of cells.
std::array<int, 3> domain_cells(const CaseSpec& spec);

// Throws CaseError (naming the case-file entry) for geometry that only shows at this
// resolution: boxes thinner than a cell, patches covering no cell, patches on a face
// whose fluid side is solid.
Scene voxelize(const CaseSpec& spec, const UnitConverter& units);

}  // namespace rackflow::mesh
