#include "exec_cpu.hpp"
#include "stepper_impl.inl"

namespace rackflow::kernels {

template class StepperImpl<CpuExec>;

std::unique_ptr<Stepper> make_cpu_stepper(const Scene& scene, const FlowParams& params,
                                          std::shared_ptr<HaloChannel> halo) {
  return std::make_unique<StepperImpl<CpuExec>>(scene, params, std::move(halo));
}

}  // namespace rackflow::kernels
