// The CUDA instantiation of the one time-step source (stepper_impl.inl).
#include <cstdlib>

#include "exec_cuda.cuh"
#include "stepper_impl.inl"

namespace rackflow::kernels {

template class StepperImpl<CudaExec, float>;
template class StepperImpl<CudaExec, Fp16s>;

bool cuda_backend_built() { return true; }

void select_cuda_device_by_local_rank() {
  const char* local = nullptr;
  for (const char* name : {"OMPI_COMM_WORLD_LOCAL_RANK", "SLURM_LOCALID", "MPI_LOCALRANKID"})
    if (!local) local = std::getenv(name);
  if (!local) return;
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    cudaGetLastError();
    return;
  }
  cudaSetDevice(std::atoi(local) % count);
}

bool cuda_device_available(std::string* name, double* free_bytes) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    cudaGetLastError();  // clear the sticky "no device" error
    return false;
  }
  int device = 0;  // this rank's (select_cuda_device_by_local_rank)
  if (cudaGetDevice(&device) != cudaSuccess) return false;
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, device) != cudaSuccess) return false;
  std::size_t free = 0, total = 0;
  if (cudaMemGetInfo(&free, &total) != cudaSuccess) return false;
  if (name) *name = prop.name;
  if (free_bytes) *free_bytes = double(free);
  return true;
}

std::unique_ptr<Stepper> make_cuda_stepper(const Scene& scene, const FlowParams& params, Precision precision,
                                           std::shared_ptr<HaloChannel> halo) {
  if (precision == Precision::Fp16) return std::make_unique<StepperImpl<CudaExec, Fp16s>>(scene, params, std::move(halo));
  return std::make_unique<StepperImpl<CudaExec, float>>(scene, params, std::move(halo));
}

}  // namespace rackflow::kernels
