// Builds without RACKFLOW_ENABLE_CUDA: the CUDA backend reports itself absent, so
// `--backend auto` falls back to the CPU and `--backend cuda` fails with a clear message.
#include <stdexcept>

#include "stepper.hpp"

namespace rackflow::kernels {

bool cuda_backend_built() { return false; }

bool cuda_device_available(std::string*, double*) { return false; }

void select_cuda_device_by_local_rank() {}

std::unique_ptr<Stepper> make_cuda_stepper(const Scene&, const FlowParams&, Precision, std::shared_ptr<HaloChannel>) {
  throw std::runtime_error(
      "this rackflow was built without the CUDA backend (configure with RACKFLOW_ENABLE_CUDA=ON)");
}

}  // namespace rackflow::kernels
