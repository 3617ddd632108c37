// The CUDA instantiation of the one time-step source (stepper_impl.inl).
#include "exec_cuda.cuh"
#include "stepper_impl.inl"

namespace rackflow::kernels {

template class StepperImpl<CudaExec>;

bool cuda_backend_built() { return true; }

bool cuda_device_available(std::string* name, double* free_bytes) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    cudaGetLastError();  // clear the sticky "no device" error
    return false;
  }
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) return false;
  std::size_t free = 0, total = 0;
  if (cudaMemGetInfo(&free, &total) != cudaSuccess) return false;
  if (name) *name = prop.name;
  if (free_bytes) *free_bytes = double(free);
  return true;
}

std::unique_ptr<Stepper> make_cuda_stepper(const Scene& scene, const FlowParams& params,
                                           std::shared_ptr<HaloChannel> halo) {
  return std::make_unique<StepperImpl<CudaExec>>(scene, params, std::move(halo));
}

}  // namespace rackflow::kernels
