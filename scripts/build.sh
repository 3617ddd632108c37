#!/usr/bin/env bash
# scripts/build.sh [BUILD_DIR]: configure (Release) and build rackflow with all cores.
# BUILD_DIR defaults to build/ in the repository. The CUDA backend is enabled when
# /usr/local/cuda/bin/nvcc exists, so CI compiles the CUDA code even without a GPU.
# Extra configure arguments come from RACKFLOW_CMAKE_ARGS (they come last, so they win),
# e.g. RACKFLOW_CMAKE_ARGS="-DRACKFLOW_ENABLE_CUDA=OFF -DRACKFLOW_ENABLE_VTK=OFF".
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-$root/build}

args=(-S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release)
# The generator of an existing build directory cannot change; pick one only for a new one.
if [[ ! -f $build_dir/CMakeCache.txt ]] && command -v ninja >/dev/null 2>&1; then
  args+=(-G Ninja)
fi

nvcc=/usr/local/cuda/bin/nvcc
if [[ -x $nvcc ]]; then
  echo "build: CUDA backend on ($nvcc)"
  args+=(-DRACKFLOW_ENABLE_CUDA=ON "-DCMAKE_CUDA_COMPILER=$nvcc")
else
  echo "build: no $nvcc: CPU backend only"
  args+=(-DRACKFLOW_ENABLE_CUDA=OFF)
fi

read -r -a extra <<<"${RACKFLOW_CMAKE_ARGS:-}"
args+=("${extra[@]}")

cmake "${args[@]}"
cmake --build "$build_dir" -j"$(nproc)"
echo "build: done in $build_dir"
