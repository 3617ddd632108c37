// The CUDA side of copy_bandwidth.hpp, defined in copy_bandwidth_cuda.cu, or in
// copy_bandwidth_no_cuda.cpp as a clear error for builds without RACKFLOW_ENABLE_CUDA.
#pragma once

#include "copy_bandwidth.hpp"

namespace rackflow::kernels {

CopyBuffers cuda_copy_buffers();
double measure_cuda_copy_gb_s(const CopyBuffers& buffers);

}  // namespace rackflow::kernels
