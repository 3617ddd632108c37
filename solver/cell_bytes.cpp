#include "cell_bytes.hpp"

#include "kernels/stepper.hpp"

namespace rackflow::solver {

CellBytes cell_bytes(Precision precision) {
  return {precision_name(precision), kernels::bytes_per_cell_update(precision),
          kernels::device_bytes_per_cell(precision)};
}

std::vector<CellBytes> cell_bytes_by_precision() { return {cell_bytes(Precision::Fp32), cell_bytes(Precision::Fp16)}; }

}  // namespace rackflow::solver
