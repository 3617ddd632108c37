#include "tracer_transport.hpp"

#include <algorithm>
#include <cmath>

#include "rackflow/cell_flags.hpp"

namespace rackflow::kernels {

std::vector<float> face_fluxes(const Grid& grid, const std::vector<std::uint8_t>& flags, const std::vector<float>& ux,
                               const std::vector<float>& uy, const std::vector<float>& uz) {
  const Index n = grid.cells_padded();
  std::vector<float> flux(std::size_t(3 * n), 0.0f);
  const Index step[3] = {1, grid.stride_y(), grid.stride_z()};
  const std::vector<float>* u[3] = {&ux, &uy, &uz};
  for (Index c = 0; c < n; ++c) {
    if (!is_fluid(flags[c])) continue;
    for (int axis = 0; axis < 3; ++axis) {
      const Index nb = c + step[axis];
      if (nb < n && is_fluid(flags[nb])) flux[std::size_t(3 * c + axis)] = 0.5f * ((*u[axis])[c] + (*u[axis])[nb]);
    }
  }
  return flux;
}

namespace {

// Below this many cells a loop runs on one thread: the conjugate-gradient iteration opens
// six parallel regions, and on a small system (a test's, or a busy host's) their start-up
// costs more than the work.
constexpr std::int64_t kParallelCells = 32768;

// The interior fluid cells (padded index, memory order) and each padded cell's place among
// them (-1: not one).
struct FluidCells {
  std::vector<Index> cells;
  std::vector<std::int64_t> position;
};

FluidCells fluid_cells(const Grid& grid, const std::vector<std::uint8_t>& flags) {
  FluidCells f;
  f.position.assign(std::size_t(grid.cells_padded()), -1);
  for (int k = 0; k < grid.nz; ++k)
    for (int j = 0; j < grid.ny; ++j)
      for (int i = 0; i < grid.nx; ++i) {
        const Index c = grid.index(i, j, k);
        if (!is_fluid(flags[c])) continue;
        f.position[std::size_t(c)] = std::int64_t(f.cells.size());
        f.cells.push_back(c);
      }
  return f;
}

}  // namespace

Projection make_divergence_free(const Grid& grid, const std::vector<std::uint8_t>& flags,
                                std::vector<float>& face_flux, std::vector<TracerOpeningFace>& openings,
                                double tolerance, int max_iterations) {
  const FluidCells fc = fluid_cells(grid, flags);
  const std::int64_t m = std::int64_t(fc.cells.size());
  const Index step[3] = {1, grid.stride_y(), grid.stride_z()};
  auto neighbour = [&](std::int64_t k, int face) {
    const Index c = fc.cells[std::size_t(k)];
    return fc.position[std::size_t(face % 2 ? c + step[face / 2] : c - step[face / 2])];
  };
  // Net outflow of each cell, and its open faces.
  std::vector<double> net(std::size_t(m), 0.0), open(std::size_t(m), 0.0);
  auto net_outflow = [&](std::vector<double>& out) {
    out.assign(std::size_t(m), 0.0);
#pragma omp parallel for if (m > kParallelCells)
    for (std::int64_t k = 0; k < m; ++k) {
      const Index c = fc.cells[std::size_t(k)];
      double sum = 0.0;
      for (int face = 0; face < 6; ++face) {
        if (neighbour(k, face) < 0) continue;
        const int a = face / 2;
        sum += face % 2 ? double(face_flux[std::size_t(3 * c + a)]) : -double(face_flux[std::size_t(3 * (c - step[a]) + a)]);
      }
      out[std::size_t(k)] = sum;
    }
    for (const auto& f : openings) {
      const std::int64_t k = fc.position[std::size_t(f.cell)];
      if (k >= 0) out[std::size_t(k)] -= f.inflow;
    }
  };
  net_outflow(net);
  for (const auto& f : openings) {
    const std::int64_t k = fc.position[std::size_t(f.cell)];
    if (k >= 0 && f.open) open[std::size_t(k)] += 1.0;
  }
  Projection result;
  for (double v : net) result.divergence_before += std::fabs(v);

  // Connected regions; one without an open face must have zero net outflow to be solvable.
  std::vector<std::int64_t> region(std::size_t(m), -1), stack;
  for (std::int64_t seed = 0; seed < m; ++seed) {
    if (region[std::size_t(seed)] >= 0) continue;
    std::vector<std::int64_t> members;
    bool has_open = false;
    double sum = 0.0;
    region[std::size_t(seed)] = seed;
    stack.push_back(seed);
    while (!stack.empty()) {
      const std::int64_t k = stack.back();
      stack.pop_back();
      members.push_back(k);
      has_open = has_open || open[std::size_t(k)] > 0;
      sum += net[std::size_t(k)];
      for (int face = 0; face < 6; ++face) {
        const std::int64_t nb = neighbour(k, face);
        if (nb < 0 || region[std::size_t(nb)] >= 0) continue;
        region[std::size_t(nb)] = seed;
        stack.push_back(nb);
      }
    }
    if (has_open) continue;
    const double mean = sum / double(members.size());
    for (std::int64_t k : members) net[std::size_t(k)] -= mean;
  }

  // A phi = -net, A phi_k = sum over fluid neighbours (phi_k - phi_n) + open_k phi_k.
  std::vector<double> diag(std::size_t(m), 0.0);
  for (std::int64_t k = 0; k < m; ++k) {
    double d = open[std::size_t(k)];
    for (int face = 0; face < 6; ++face) d += neighbour(k, face) >= 0 ? 1.0 : 0.0;
    diag[std::size_t(k)] = d;
  }
  auto apply = [&](const std::vector<double>& x, std::vector<double>& y) {
#pragma omp parallel for if (m > kParallelCells)
    for (std::int64_t k = 0; k < m; ++k) {
      double v = diag[std::size_t(k)] * x[std::size_t(k)];
      for (int face = 0; face < 6; ++face) {
        const std::int64_t nb = neighbour(k, face);
        if (nb >= 0) v -= x[std::size_t(nb)];
      }
      y[std::size_t(k)] = v;
    }
  };
  auto dot = [&](const std::vector<double>& a, const std::vector<double>& b) {
    double sum = 0.0;
#pragma omp parallel for reduction(+ : sum) if (m > kParallelCells)
    for (std::int64_t k = 0; k < m; ++k) sum += a[std::size_t(k)] * b[std::size_t(k)];
    return sum;
  };
  const std::size_t cells = fc.cells.size();
  std::vector<double> phi(cells, 0.0), r(cells, 0.0), z(cells, 0.0), p(cells, 0.0), q(cells, 0.0);
  auto precondition = [&] {
#pragma omp parallel for if (m > kParallelCells)
    for (std::int64_t k = 0; k < m; ++k)
      z[std::size_t(k)] = diag[std::size_t(k)] > 0 ? r[std::size_t(k)] / diag[std::size_t(k)] : 0.0;
  };
  for (std::int64_t k = 0; k < m; ++k) r[std::size_t(k)] = -net[std::size_t(k)];
  const double target = tolerance * std::sqrt(dot(r, r));
  precondition();
  p = z;
  double rz = dot(r, z);
  while (result.iterations < max_iterations && std::sqrt(dot(r, r)) > target) {
    apply(p, q);
    const double pq = dot(p, q);
    if (!(pq > 0.0)) break;
    const double step_length = rz / pq;
#pragma omp parallel for if (m > kParallelCells)
    for (std::int64_t k = 0; k < m; ++k) {
      phi[std::size_t(k)] += step_length * p[std::size_t(k)];
      r[std::size_t(k)] -= step_length * q[std::size_t(k)];
    }
    precondition();
    const double rz_new = dot(r, z);
    const double beta = rz_new / rz;
    rz = rz_new;
#pragma omp parallel for if (m > kParallelCells)
    for (std::int64_t k = 0; k < m; ++k) p[std::size_t(k)] = z[std::size_t(k)] + beta * p[std::size_t(k)];
    ++result.iterations;
  }

  // F - grad phi on the faces between fluid cells; an open face's outflow grows by phi_c.
  for (std::int64_t k = 0; k < m; ++k) {
    const Index c = fc.cells[std::size_t(k)];
    for (int a = 0; a < 3; ++a) {
      const std::int64_t nb = neighbour(k, 2 * a + 1);
      if (nb >= 0) face_flux[std::size_t(3 * c + a)] -= float(phi[std::size_t(nb)] - phi[std::size_t(k)]);
    }
  }
  for (auto& f : openings) {
    const std::int64_t k = fc.position[std::size_t(f.cell)];
    if (k >= 0 && f.open) f.inflow -= float(phi[std::size_t(k)]);
  }
  net_outflow(net);
  for (double v : net) result.divergence_after += std::fabs(v);
  return result;
}

TracerSystem build_tracer_system(const Grid& grid, const std::vector<std::uint8_t>& flags,
                                 const std::vector<float>& face_flux, const std::vector<float>& alpha,
                                 std::vector<TracerOpeningFace> openings) {
  TracerSystem s;
  s.grid = grid;
  FluidCells fc = fluid_cells(grid, flags);
  s.cells = std::move(fc.cells);
  const std::vector<std::int64_t>& position = fc.position;
  const std::size_t m = s.cells.size();
  s.a_nb.assign(m, std::array<float, 6>{0, 0, 0, 0, 0, 0});
  s.a_p.assign(m, 0.0f);
  std::vector<double> in(m, 0.0), out(m, 0.0), diffusion(m, 0.0);
  const Index step[3] = {1, grid.stride_y(), grid.stride_z()};
  for (std::size_t k = 0; k < m; ++k) {
    const Index c = s.cells[k];
    for (int face = 0; face < 6; ++face) {
      const int axis = face / 2;
      const bool upper = face % 2 == 1;
      const Index nb = upper ? c + step[axis] : c - step[axis];
      // Only interior fluid cells take part: a halo cell (a periodic image) is closed.
      if (position[nb] < 0) continue;
      const double outward = upper ? face_flux[std::size_t(3 * c + axis)] : -face_flux[std::size_t(3 * nb + axis)];
      const double d = 0.5 * (double(alpha[c]) + alpha[nb]);
      s.a_nb[k][face] = float(std::max(-outward, 0.0) + d);
      in[k] += std::max(-outward, 0.0);
      out[k] += std::max(outward, 0.0);
      diffusion[k] += d;
    }
  }
  s.opening_position.reserve(openings.size());
  for (const auto& f : openings) {
    const std::int64_t k = position[f.cell];
    s.opening_position.push_back(Index(k));
    if (k < 0) continue;
    in[k] += std::max(double(f.inflow), 0.0);
    out[k] += std::max(-double(f.inflow), 0.0);
  }
  for (std::size_t k = 0; k < m; ++k) {
    const double a = std::max(in[k], out[k]) + diffusion[k];
    // A cell that exchanges nothing keeps c = 0.
    s.a_p[k] = a > 0 ? float(a) : 1.0f;
  }
  s.openings = std::move(openings);
  return s;
}

std::vector<float> tracer_source(const TracerSystem& system, const std::function<bool(int opening)>& emits) {
  std::vector<float> b(system.cells.size(), 0.0f);
  for (std::size_t f = 0; f < system.openings.size(); ++f) {
    const TracerOpeningFace& face = system.openings[f];
    const Index k = system.opening_position[f];
    if (k >= 0 && face.inflow > 0 && emits(face.opening)) b[std::size_t(k)] += face.inflow;
  }
  return b;
}

namespace {

// The neighbours' part of cell k's balance, sum_f a_f c_f.
inline double neighbour_sum(const TracerSystem& s, const Index off[6], std::size_t k, const float* c) {
  const Index cell = s.cells[k];
  const auto& a = s.a_nb[k];
  double sum = 0.0;
  for (int face = 0; face < 6; ++face) sum += double(a[face]) * c[cell + off[face]];
  return sum;
}

// sum_k |a_p c - sum a_f c_f - b|.
double balance_residual(const TracerSystem& s, const Index off[6], const std::vector<float>& b, const float* c) {
  double r = 0.0;
  for (std::size_t k = 0; k < s.cells.size(); ++k)
    r += std::fabs(double(s.a_p[k]) * c[s.cells[k]] - neighbour_sum(s, off, k, c) - b[k]);
  return r;
}

}  // namespace

TracerSweeps solve_tracer(const TracerSystem& s, const std::vector<float>& b, std::vector<float>& c,
                          const TracerControl& control) {
  c.assign(std::size_t(s.grid.cells_padded()), 0.0f);
  const Index sy = s.grid.stride_y(), sz = s.grid.stride_z();
  const Index off[6] = {-1, 1, -sy, sy, -sz, sz};
  double source = 0.0;
  for (float v : b) source += v;
  TracerSweeps result;
  if (source <= 0.0) {  // nothing emits: c = 0 is the solution
    result.converged = true;
    return result;
  }
  const std::size_t m = s.cells.size();
  float* field = c.data();
  auto update = [&](std::size_t k) {
    field[s.cells[k]] = float((neighbour_sum(s, off, k, field) + b[k]) / s.a_p[k]);
  };
  const int every = std::max(1, control.check_every);
  while (result.sweeps < control.max_sweeps) {
    if (result.sweeps % 2 == 0)
      for (std::size_t k = 0; k < m; ++k) update(k);
    else
      for (std::size_t k = m; k-- > 0;) update(k);
    ++result.sweeps;
    if (result.sweeps % every != 0 && result.sweeps != control.max_sweeps) continue;
    result.residual = balance_residual(s, off, b, field) / source;
    if (result.residual < control.tolerance) {
      result.converged = true;
      break;
    }
  }
  return result;
}

void solve_tracers(const TracerSystem& system, int count, const std::function<std::vector<float>(int)>& source,
                   const std::function<void(int, const std::vector<float>&, const TracerSweeps&)>& done,
                   const TracerControl& control) {
#pragma omp parallel
  {
    std::vector<float> c;
#pragma omp for schedule(dynamic, 1)
    for (int t = 0; t < count; ++t) {
      const std::vector<float> b = source(t);
      const TracerSweeps sweeps = solve_tracer(system, b, c, control);
      done(t, c, sweeps);
    }
  }
}

std::vector<double> tracer_outflow(const TracerSystem& system, const std::vector<float>& c, int labels) {
  std::vector<double> out(std::size_t(std::max(labels, 0)), 0.0);
  for (const auto& f : system.openings)
    if (f.inflow < 0 && f.opening >= 0 && f.opening < labels) out[std::size_t(f.opening)] -= double(f.inflow) * c[f.cell];
  return out;
}

}  // namespace rackflow::kernels
