// The two memory figures of a cell, per storage precision: the bytes one cell update moves
// (the bandwidth roofline's figure) and the bytes each cell keeps resident on the device.
// Both come from kernels/ (bytes_per_cell_update, device_bytes_per_cell), where the kernels
// that set them live; `check` and `bench` print them from here.
#pragma once

#include <string>
#include <vector>

#include "rackflow/precision.hpp"

namespace rackflow::solver {

struct CellBytes {
  std::string precision;          // "FP32" or "FP16"
  double moved_per_update = 0;    // bytes read + written by one cell update
  double resident = 0;            // bytes of device memory per padded cell
};

CellBytes cell_bytes(Precision precision);
// One entry per population storage (run.precision): FP32, the default, first; then FP16.
std::vector<CellBytes> cell_bytes_by_precision();

}  // namespace rackflow::solver
