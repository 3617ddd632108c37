// Time statistics of the fields and the field means the steady-state test reads.
//
// Each cell keeps a running mean and sum of squared deviations (Welford's update). In FP32
// the textbook sum of squares cancels catastrophically (<T^2> - <T>^2 of a 30 K field that
// fluctuates by 0.1 K keeps no digit); the running form keeps the deviation itself.
#pragma once

#include <cstdint>

#include "flow_kernels.hpp"
#include "rackflow/cell_flags.hpp"
#include "rackflow/grid.hpp"

namespace rackflow::kernels {

// Six arrays of n cells: temperature mean and squared-deviation sum, velocity mean (three
// components) and the squared-deviation sum of the velocity vector.
struct StatisticsView {
  float* data;
  Index n;
  RF_HD float* theta_mean() const { return data; }
  RF_HD float* theta_m2() const { return data + n; }
  RF_HD float* u_mean(int a) const { return data + (2 + a) * n; }
  RF_HD float* u_m2() const { return data + 5 * n; }
  static constexpr int kArrays = 6;
};

// Sets every element of an array.
struct Fill {
  float* data;
  float value;
  RF_HD void operator()(Index k) const { data[k] = value; }
};

// Adds the current state as sample number `count` (1-based) of every cell.
struct AccumulateStatistics {
  const float* theta;
  AuxView aux;
  StatisticsView stats;
  float inv_count;  // 1 / count

  RF_HD void operator()(Index c) const {
    const float th = theta[c];
    const float d = th - stats.theta_mean()[c];
    const float mean = stats.theta_mean()[c] + d * inv_count;
    stats.theta_mean()[c] = mean;
    stats.theta_m2()[c] += d * (th - mean);
    const float u[3] = {aux.ux()[c], aux.uy()[c], aux.uz()[c]};
    float m2 = 0.0f;
    for (int a = 0; a < 3; ++a) {
      const float du = u[a] - stats.u_mean(a)[c];
      const float um = stats.u_mean(a)[c] + du * inv_count;
      stats.u_mean(a)[c] = um;
      m2 += du * (u[a] - um);
    }
    stats.u_m2()[c] += m2;
  }
};

// Sums over the interior fluid cells of temperature and speed, for the steady-state test.
struct FieldSums {
  double theta;
  double speed;
  long long cells;
  RF_HD static FieldSums identity() { return {0.0, 0.0, 0}; }
};

struct FieldSumsCombine {
  RF_HD FieldSums operator()(const FieldSums& a, const FieldSums& b) const {
    return {a.theta + b.theta, a.speed + b.speed, a.cells + b.cells};
  }
};

// Maps an interior cell number t (0 .. nx*ny*nz-1) to that cell's contribution.
struct FieldSumsOfCell {
  Grid grid;
  const DeviceFlag* flags;
  const float* theta;
  AuxView aux;

  RF_HD FieldSums operator()(Index t) const {
    const int i = int(t % grid.nx), j = int((t / grid.nx) % grid.ny), k = int(t / (Index(grid.nx) * grid.ny));
    const Index c = grid.index(i, j, k);
    if (!is_fluid(flags[c])) return FieldSums::identity();
    const float ux = aux.ux()[c], uy = aux.uy()[c], uz = aux.uz()[c];
    return {double(theta[c]), double(sqrtf(ux * ux + uy * uy + uz * uz)), 1};
  }
};

}  // namespace rackflow::kernels
