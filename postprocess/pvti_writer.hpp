// Parallel field output: each MPI rank writes its own .vti piece (write_vti of its
// Snapshot) and rank 0 writes, per output time, a .pvti that lists the pieces, so ParaView
// opens one dataset. The .pvti is written by hand: VTK's vtkXMLPImageDataWriter needs
// every piece in memory on one process, and a run must never gather the grid.
//
// Extents: cell data on cells [b, e) spans points b..e, so neighbouring pieces share their
// boundary points (that is how VTK image pieces tile) while each cell lies in one piece.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "postprocess/field_writer.hpp"
#include "rackflow/snapshot.hpp"

namespace rackflow::post {

// A box of global cells, half open on each axis: [begin_cells[d], end_cells[d]).
struct CellBox {
  std::array<long long, 3> begin_cells{0, 0, 0};
  std::array<long long, 3> end_cells{0, 0, 0};
  long long count() const {
    return (end_cells[0] - begin_cells[0]) * (end_cells[1] - begin_cells[1]) *
           (end_cells[2] - begin_cells[2]);
  }
};

// The cells a snapshot holds: offset_cells .. offset_cells + cells.
CellBox cell_box(const Snapshot& snapshot);

struct PvtiPiece {
  CellBox cells;
  std::string file;  // the piece's .vti, relative to the .pvti's directory
};

struct PvtiDescription {
  std::array<long long, 3> domain_cells{0, 0, 0};  // whole extent: points 0..n per axis
  std::array<double, 3> origin_m{0, 0, 0};         // lower corner of the domain
  double spacing_m = 0;
  std::vector<PvtiPiece> pieces;
  std::vector<FieldArray> arrays;                  // field_arrays(...) of the pieces
};

// The description of the output `any_piece` belongs to: its domain, origin, spacing and
// arrays (with statistics when it has them; every piece of one output time has the same
// arrays), listing `pieces`.
PvtiDescription pvti_description(const Snapshot& any_piece, std::vector<PvtiPiece> pieces);

// Throws std::invalid_argument unless `pieces` tile the domain's cells [0, domain_cells)
// exactly once: naming an empty piece or one reaching outside the domain, the first two
// pieces that overlap and the cells they share, or cells no piece covers.
void check_tiling(const std::array<long long, 3>& domain_cells, const std::vector<CellBox>& pieces);

// Writes `file` atomically. Throws std::invalid_argument when the pieces do not tile the
// domain (check_tiling), the spacing is not positive, the domain exceeds VTK's int extents
// or there are no arrays; std::runtime_error naming the file for I/O errors.
void write_pvti(const PvtiDescription& description, const std::filesystem::path& file);

// "fields_000010_r0003.vti": output 10's piece from rank 3. Throws std::invalid_argument
// for a negative index or rank.
std::string piece_file_name(int output_index, int rank);

// "fields_000010.pvti": output 10's parallel file, the one fields.pvd lists. Throws
// std::invalid_argument for a negative index.
std::string parallel_file_name(int output_index);

}  // namespace rackflow::post
