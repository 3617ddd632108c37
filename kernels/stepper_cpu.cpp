#include "exec_cpu.hpp"
#include "stepper_impl.inl"

namespace rackflow::kernels {

template class StepperImpl<CpuExec, float>;
template class StepperImpl<CpuExec, Fp16s>;

std::unique_ptr<Stepper> make_cpu_stepper(const Scene& scene, const FlowParams& params, Precision precision,
                                          std::shared_ptr<HaloChannel> halo) {
  if (precision == Precision::Fp16) return std::make_unique<StepperImpl<CpuExec, Fp16s>>(scene, params, std::move(halo));
  return std::make_unique<StepperImpl<CpuExec, float>>(scene, params, std::move(halo));
}

}  // namespace rackflow::kernels
