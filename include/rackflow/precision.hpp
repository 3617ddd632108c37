// How the populations are stored between steps (`run.precision`). Arithmetic is FP32
// either way; FP16 halves the populations' share of the memory traffic and of the resident
// bytes (kernels/population_storage.hpp).
#pragma once

namespace rackflow {

enum class Precision { Fp32, Fp16 };

inline const char* precision_name(Precision p) { return p == Precision::Fp16 ? "FP16" : "FP32"; }

}  // namespace rackflow
