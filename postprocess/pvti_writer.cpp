#include "postprocess/pvti_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

#include "postprocess/atomic_file.hpp"
#include "postprocess/xml_text.hpp"

namespace rackflow::post {

namespace {

// "[0, 7) x [0, 4) x [0, 5)"
std::string describe(const CellBox& box) {
  std::string text;
  for (int d = 0; d < 3; ++d)
    text += std::string(d ? " x " : "") + "[" + std::to_string(box.begin_cells[d]) + ", " +
            std::to_string(box.end_cells[d]) + ")";
  return text;
}

std::string describe_piece(const std::vector<CellBox>& pieces, std::size_t p) {
  return "piece " + std::to_string(p) + " (cells " + describe(pieces[p]) + ")";
}

bool contains(const CellBox& box, const std::array<long long, 3>& cell) {
  for (int d = 0; d < 3; ++d)
    if (cell[d] < box.begin_cells[d] || cell[d] >= box.end_cells[d]) return false;
  return true;
}

// The first cells (z slowest) that no piece covers. Between consecutive piece boundaries
// each axis's cells are covered alike, so one corner cell per elementary box decides it.
// Only called once a gap is known to exist: the cost is boxes x pieces.
CellBox first_uncovered(const std::array<long long, 3>& domain, const std::vector<CellBox>& pieces) {
  std::array<std::vector<long long>, 3> cuts;
  for (int d = 0; d < 3; ++d) {
    cuts[d] = {0, domain[d]};
    for (const CellBox& p : pieces) cuts[d].insert(cuts[d].end(), {p.begin_cells[d], p.end_cells[d]});
    std::sort(cuts[d].begin(), cuts[d].end());
    cuts[d].erase(std::unique(cuts[d].begin(), cuts[d].end()), cuts[d].end());
  }
  for (std::size_t k = 0; k + 1 < cuts[2].size(); ++k)
    for (std::size_t j = 0; j + 1 < cuts[1].size(); ++j)
      for (std::size_t i = 0; i + 1 < cuts[0].size(); ++i) {
        const std::array<long long, 3> corner{cuts[0][i], cuts[1][j], cuts[2][k]};
        if (std::none_of(pieces.begin(), pieces.end(),
                         [&corner](const CellBox& p) { return contains(p, corner); }))
          return {corner, {cuts[0][i + 1], cuts[1][j + 1], cuts[2][k + 1]}};
      }
  return {};
}

std::string point_extent(const CellBox& box) {
  std::string text;
  for (int d = 0; d < 3; ++d)
    text += (d ? " " : "") + std::to_string(box.begin_cells[d]) + " " +
            std::to_string(box.end_cells[d]);
  return text;
}

bool declares(const std::vector<FieldArray>& arrays, const char* name) {
  return std::any_of(arrays.begin(), arrays.end(),
                     [name](const FieldArray& a) { return std::strcmp(a.name, name) == 0; });
}

void check_index(int output_index) {
  if (output_index < 0)
    throw std::invalid_argument("output index " + std::to_string(output_index) + " is negative");
}

}  // namespace

CellBox cell_box(const Snapshot& s) {
  CellBox box;
  for (int d = 0; d < 3; ++d) {
    box.begin_cells[d] = s.offset_cells[d];
    box.end_cells[d] = s.offset_cells[d] + s.cells[d];
  }
  return box;
}

PvtiDescription pvti_description(const Snapshot& any_piece, std::vector<PvtiPiece> pieces) {
  PvtiDescription d;
  d.domain_cells = any_piece.whole_cells();
  d.origin_m = any_piece.origin_m;
  d.spacing_m = any_piece.spacing_m;
  d.pieces = std::move(pieces);
  d.arrays = field_arrays(any_piece.has_statistics());
  return d;
}

void check_tiling(const std::array<long long, 3>& domain, const std::vector<CellBox>& pieces) {
  const CellBox whole{{0, 0, 0}, domain};
  if (domain[0] <= 0 || domain[1] <= 0 || domain[2] <= 0)
    throw std::invalid_argument("domain cells " + describe(whole) + " hold no cells");
  if (pieces.empty()) throw std::invalid_argument("no pieces cover the domain " + describe(whole));
  for (std::size_t p = 0; p < pieces.size(); ++p)
    for (int d = 0; d < 3; ++d) {
      if (pieces[p].end_cells[d] <= pieces[p].begin_cells[d])
        throw std::invalid_argument(describe_piece(pieces, p) + " is empty");
      if (pieces[p].begin_cells[d] < 0 || pieces[p].end_cells[d] > domain[d])
        throw std::invalid_argument(describe_piece(pieces, p) + " reaches outside the domain " +
                                    describe(whole));
    }
  // Pairwise: a few thousand ranks make millions of box tests, milliseconds per output.
  for (std::size_t a = 0; a < pieces.size(); ++a)
    for (std::size_t b = a + 1; b < pieces.size(); ++b) {
      CellBox shared;
      bool overlap = true;
      for (int d = 0; d < 3; ++d) {
        shared.begin_cells[d] = std::max(pieces[a].begin_cells[d], pieces[b].begin_cells[d]);
        shared.end_cells[d] = std::min(pieces[a].end_cells[d], pieces[b].end_cells[d]);
        overlap = overlap && shared.begin_cells[d] < shared.end_cells[d];
      }
      if (overlap)
        throw std::invalid_argument(describe_piece(pieces, a) + " and " + describe_piece(pieces, b) +
                                    " overlap in cells " + describe(shared));
    }
  // Disjoint and inside: they tile the domain exactly when their cells add up to it.
  long long covered = 0;
  for (const CellBox& p : pieces) covered += p.count();
  if (covered != whole.count())
    throw std::invalid_argument("no piece covers cells " + describe(first_uncovered(domain, pieces)) +
                                " (" + std::to_string(whole.count() - covered) + " of the domain's " +
                                std::to_string(whole.count()) + " cells are missing)");
}

void write_pvti(const PvtiDescription& d, const std::filesystem::path& file) {
  constexpr long long kMaxPointIndex = std::numeric_limits<int>::max();  // VTK's int extents
  for (int a = 0; a < 3; ++a)
    if (d.domain_cells[a] > kMaxPointIndex)
      throw std::invalid_argument("domain has " + std::to_string(d.domain_cells[a]) + " cells along " +
                                  "xyz"[a] + ", allowed 1.." + std::to_string(kMaxPointIndex));
  if (!(std::isfinite(d.spacing_m) && d.spacing_m > 0))
    throw std::invalid_argument("spacing " + std::to_string(d.spacing_m) + " m of " + file.string() +
                                " is not a positive number");
  if (d.arrays.empty()) throw std::invalid_argument(file.string() + " would declare no arrays");
  std::vector<CellBox> boxes;
  for (const PvtiPiece& p : d.pieces) {
    if (p.file.empty()) throw std::invalid_argument("a piece of " + file.string() + " has no file name");
    boxes.push_back(p.cells);
  }
  check_tiling(d.domain_cells, boxes);

  const std::string dx = xml::number(d.spacing_m);
  std::string x;
  x += "<?xml version=\"1.0\"?>\n";
  x += "<VTKFile type=\"PImageData\" version=\"1.0\" byte_order=\"LittleEndian\" "
       "header_type=\"UInt64\">\n";
  // GhostLevel 0: the pieces share boundary points but no cells.
  x += "  <PImageData WholeExtent=\"" + point_extent({{0, 0, 0}, d.domain_cells}) +
       "\" GhostLevel=\"0\" Origin=\"" + xml::number(d.origin_m[0]) + " " +
       xml::number(d.origin_m[1]) + " " + xml::number(d.origin_m[2]) + "\" Spacing=\"" + dx + " " +
       dx + " " + dx + "\">\n";
  x += "    <PPointData>\n    </PPointData>\n";
  // The pieces' active scalars and vectors, so ParaView colours and glyphs as for one file.
  x += "    <PCellData";
  if (declares(d.arrays, field_names::temperature))
    x += std::string(" Scalars=\"") + field_names::temperature + "\"";
  if (declares(d.arrays, field_names::velocity))
    x += std::string(" Vectors=\"") + field_names::velocity + "\"";
  x += ">\n";
  for (const FieldArray& a : d.arrays)
    x += std::string("      <PDataArray type=\"") + a.type + "\" Name=\"" + xml::attribute(a.name) +
         "\" NumberOfComponents=\"" + std::to_string(a.components) + "\"/>\n";
  x += "    </PCellData>\n";
  for (const PvtiPiece& p : d.pieces)
    x += "    <Piece Extent=\"" + point_extent(p.cells) + "\" Source=\"" + xml::attribute(p.file) +
         "\"/>\n";
  x += "  </PImageData>\n";
  x += "</VTKFile>\n";
  write_file_atomically(file, x);
}

std::string piece_file_name(int output_index, int rank) {
  check_index(output_index);
  if (rank < 0) throw std::invalid_argument("rank " + std::to_string(rank) + " is negative");
  char name[48];
  std::snprintf(name, sizeof name, "fields_%06d_r%04d.vti", output_index, rank);
  return name;
}

std::string parallel_file_name(int output_index) {
  check_index(output_index);
  char name[32];
  std::snprintf(name, sizeof name, "fields_%06d.pvti", output_index);
  return name;
}

}  // namespace rackflow::post
