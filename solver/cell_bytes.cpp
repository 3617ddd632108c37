#include "cell_bytes.hpp"

#include "kernels/stepper.hpp"

namespace rackflow::solver {

std::vector<CellBytes> cell_bytes_by_precision() {
  return {CellBytes{"FP32", kernels::kBytesPerCellUpdate, kernels::device_bytes_per_cell()}};
}

}  // namespace rackflow::solver
