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

TracerSystem build_tracer_system(const Grid& grid, const std::vector<std::uint8_t>& flags,
                                 const std::vector<float>& face_flux, const std::vector<float>& alpha,
                                 std::vector<TracerOpeningFace> openings) {
  TracerSystem s;
  s.grid = grid;
  const Index n = grid.cells_padded();
  std::vector<std::int64_t> position(std::size_t(n), -1);
  for (int k = 0; k < grid.nz; ++k)
    for (int j = 0; j < grid.ny; ++j)
      for (int i = 0; i < grid.nx; ++i) {
        const Index c = grid.index(i, j, k);
        if (!is_fluid(flags[c])) continue;
        position[c] = std::int64_t(s.cells.size());
        s.cells.push_back(c);
      }
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
