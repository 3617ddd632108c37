// Builds without RACKFLOW_ENABLE_CUDA: there is no device to measure.
#include <stdexcept>

#include "copy_bandwidth_cuda.hpp"

namespace rackflow::kernels {

namespace {
[[noreturn]] void no_cuda() {
  throw std::runtime_error("this rackflow was built without the CUDA backend (configure with RACKFLOW_ENABLE_CUDA=ON)");
}
}  // namespace

CopyBuffers cuda_copy_buffers() { no_cuda(); }
double measure_cuda_copy_gb_s(const CopyBuffers&) { no_cuda(); }

}  // namespace rackflow::kernels
