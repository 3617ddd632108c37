// `rackflow bench`: times the full time step (flow + heat) on an N^3 box.
#pragma once

#include <string>

#include "simulation.hpp"

namespace rackflow::solver {

struct BenchResult {
  std::string backend;
  int size = 0;
  long long steps = 0;
  double seconds = 0;
  double mlups = 0;
  double bytes_per_cell = 0;
  double gbytes_per_s = 0;
};

// A closed N^3 box heated from below (all kernels on their common path: buoyancy, LES,
// walls, heat faces). Runs until at least min_seconds have passed after a warm-up.
BenchResult run_bench(int size, Backend backend, double min_seconds = 2.0);

}  // namespace rackflow::solver
