#!/usr/bin/env bash
# Installs what rackflow needs to build and test on Debian 12, and nothing that is
# already there: a machine that has everything is a quick no-op (no apt-get update).
# Run as root, or as a user with sudo. The CUDA toolkit is not installed here: the
# build uses it when it finds /usr/local/cuda/bin/nvcc.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libyaml-cpp-dev libcli11-dev
  zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libomp-dev
  libvtk9-dev
  libopenmpi-dev openmpi-bin
)

installed() {
  # dpkg -s also succeeds for removed packages whose config files remain: read Status.
  dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
else
  echo "setup: installing ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "setup: not root and no sudo; install these as root: ${missing[*]}" >&2
    exit 1
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
fi

nvcc=/usr/local/cuda/bin/nvcc
if [[ -x $nvcc ]]; then
  echo "setup: nvcc found: $nvcc ($("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/CUDA \1/p'))"
else
  echo "setup: nvcc not found at $nvcc: the build is CPU-only (OpenMP)"
fi
