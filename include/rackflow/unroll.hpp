// Full unrolling of the short loops over lattice directions, for both compilers. Unrolled,
// the direction tables fold to constants and the CPU cell loop vectorises over x.
#pragma once

// nvcc's device pass defines __CUDA_ARCH__. Its host pass accepts neither pragma
// cleanly, and the host side of a .cu file runs no cell loops (the CPU backend is
// compiled from .cpp files), so it gets none.
#if defined(__CUDA_ARCH__)
#define RF_UNROLL _Pragma("unroll")
#elif defined(__CUDACC__)
#define RF_UNROLL
#elif defined(__clang__)
#define RF_UNROLL _Pragma("clang loop unroll(full)")
#else
#define RF_UNROLL _Pragma("GCC unroll 32")
#endif
