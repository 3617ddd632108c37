#include "decomposition.hpp"

#include <algorithm>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace rackflow::solver {

std::array<int, 3> Decomposition::coords_of(int rank) const {
  return {rank % blocks[0], (rank / blocks[0]) % blocks[1], rank / (blocks[0] * blocks[1])};
}

int Decomposition::rank_at(const std::array<int, 3>& c) const { return c[0] + blocks[0] * (c[1] + blocks[1] * c[2]); }

Grid Decomposition::block(int rank) const {
  const auto c = coords_of(rank);
  Grid g;
  g.nx = start[0][c[0] + 1] - start[0][c[0]];
  g.ny = start[1][c[1] + 1] - start[1][c[1]];
  g.nz = start[2][c[2] + 1] - start[2][c[2]];
  for (int a = 0; a < 3; ++a) {
    g.origin[a] = start[a][c[a]];
    g.global[a] = domain_cells[a];
  }
  return g;
}

int Decomposition::neighbour(int rank, int axis, int side) const {
  auto c = coords_of(rank);
  c[axis] += side == 0 ? -1 : 1;
  if (c[axis] < 0 || c[axis] >= blocks[axis]) {
    if (!periodic[axis]) return -1;
    c[axis] = (c[axis] + blocks[axis]) % blocks[axis];
  }
  return rank_at(c);
}

std::string Decomposition::describe() const {
  std::ostringstream s;
  s << blocks[0] << " x " << blocks[1] << " x " << blocks[2] << " blocks of ";
  for (int a = 0; a < 3; ++a) {
    int lo = std::numeric_limits<int>::max(), hi = 0;
    for (int b = 0; b < blocks[a]; ++b) {
      lo = std::min(lo, start[a][b + 1] - start[a][b]);
      hi = std::max(hi, start[a][b + 1] - start[a][b]);
    }
    s << (a ? " x " : "") << lo;
    if (hi != lo) s << "-" << hi;
  }
  s << " cells";
  return s.str();
}

namespace {

// Cells exchanged per step over all blocks, up to a constant: the area of the cuts.
double halo_surface(const std::array<int, 3>& n, const std::array<int, 3>& b, const std::array<bool, 3>& periodic) {
  double area = 0;
  for (int a = 0; a < 3; ++a) {
    const int cuts = b[a] - 1 + (periodic[a] && b[a] > 1 ? 1 : 0);
    area += double(cuts) * double(n[(a + 1) % 3]) * double(n[(a + 2) % 3]);
  }
  return area;
}

// A cut axis needs blocks at least kHalo thick (one neighbour fills the whole halo); an
// uncut one may be thinner (a quasi-2-D case one cell deep, periodic onto itself).
bool fits(const std::array<int, 3>& n, const std::array<int, 3>& b) {
  for (int a = 0; a < 3; ++a)
    if (b[a] > 1 && n[a] < b[a] * kHalo) return false;
  return true;
}

}  // namespace

Decomposition decompose(const std::array<int, 3>& n, const std::array<bool, 3>& periodic, int ranks,
                        const std::optional<std::array<int, 3>>& requested) {
  if (ranks < 1) throw std::invalid_argument("ranks must be at least 1 (got " + std::to_string(ranks) + ")");
  std::array<int, 3> best{0, 0, 0};
  if (requested) {
    const auto& r = *requested;
    if (long(r[0]) * r[1] * r[2] != ranks)
      throw std::invalid_argument("--ranks-grid " + std::to_string(r[0]) + "," + std::to_string(r[1]) + "," +
                                  std::to_string(r[2]) + " makes " + std::to_string(long(r[0]) * r[1] * r[2]) +
                                  " blocks for " + std::to_string(ranks) +
                                  " ranks (allowed: X*Y*Z equal to the number of ranks)");
    best = r;
  } else {
    double least = std::numeric_limits<double>::infinity();
    for (int x = 1; x <= ranks; ++x) {
      if (ranks % x) continue;
      for (int y = 1; y <= ranks / x; ++y) {
        if ((ranks / x) % y) continue;
        const std::array<int, 3> b{x, y, ranks / x / y};
        if (!fits(n, b)) continue;
        const double area = halo_surface(n, b, periodic);
        if (area < least) least = area, best = b;
      }
    }
    if (best[0] == 0)
      throw std::invalid_argument("the domain's " + std::to_string(n[0]) + " x " + std::to_string(n[1]) + " x " +
                                  std::to_string(n[2]) + " cells cannot be split over " + std::to_string(ranks) +
                                  " ranks with every block at least " + std::to_string(kHalo) +
                                  " cells thick (allowed: fewer ranks, or a finer grid)");
  }
  if (!fits(n, best))
    throw std::invalid_argument("--ranks-grid " + std::to_string(best[0]) + "," + std::to_string(best[1]) + "," +
                                std::to_string(best[2]) + " gives blocks thinner than " + std::to_string(kHalo) +
                                " cells on the domain's " + std::to_string(n[0]) + " x " + std::to_string(n[1]) +
                                " x " + std::to_string(n[2]) + " cells (allowed: at least " + std::to_string(kHalo) +
                                " cells per block along each axis)");
  Decomposition d;
  d.domain_cells = n;
  d.blocks = best;
  d.periodic = periodic;
  for (int a = 0; a < 3; ++a) {
    d.start[a].resize(best[a] + 1);
    for (int b = 0; b <= best[a]; ++b) {
      // The first n % blocks blocks get one cell more.
      const int base = n[a] / best[a], extra = n[a] % best[a];
      d.start[a][b] = b * base + std::min(b, extra);
    }
  }
  return d;
}

std::array<int, 3> parse_ranks_grid(const std::string& text) {
  std::array<int, 3> out{0, 0, 0};
  std::istringstream in(text);
  char comma1 = 0, comma2 = 0;
  std::string rest;
  if (!(in >> out[0] >> comma1 >> out[1] >> comma2 >> out[2]) || comma1 != ',' || comma2 != ',' || (in >> rest) ||
      out[0] < 1 || out[1] < 1 || out[2] < 1 || out[0] > 100000 || out[1] > 100000 || out[2] > 100000)
    throw std::invalid_argument("--ranks-grid '" + text +
                                "' is not three positive block counts X,Y,Z (allowed: e.g. 2,2,1, each 1 to 100000)");
  return out;
}

}  // namespace rackflow::solver
