#!/usr/bin/env bash
# Installs what rackflow needs to build and test on Debian 12, and nothing that is
# already there: a machine that has everything is a quick no-op (no apt-get update).
# Run as root, or as a user with sudo. The CUDA toolkit is not installed here: the
# build uses it when it finds /usr/local/cuda/bin/nvcc.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libyaml-cpp-dev libcli11-dev
  libcairo2-dev libpango1.0-dev  # the pictures: Cairo draws PNG/SVG/PDF, Pango sets the text
  fonts-dejavu-core      # the pictures' font (picture_text.hpp)
  libexpat1-dev          # the picture tests parse the SVG files
  chromium               # the report.html test opens the page in headless Chromium
  nlohmann-json3-dev     # reading run directories back (campaign report, rackflow compare)
  libgtest-dev libgmock-dev libbenchmark-dev
  libomp-dev
  libvtk9-dev
  libopenmpi-dev openmpi-bin
  libhdf5-openmpi-dev    # parallel HDF5: checkpoints and restarts
  libtrilinos-kokkos-dev # the Kokkos backend (Kokkos 3.4.1, Serial; docs/kokkos.md)
  paraview xvfb          # the ParaView test (tests/paraview/): ParaView 5.11 and xvfb-run
  slurm-wlm munge        # the cluster test (tests/cluster/): a one-node Slurm 22.05 on localhost
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

# pvpython is in python3-paraview, which conflicts with python3-vtk9 (both install
# vtkmodules) and so with libvtk9-dev: installing it would remove VTK's headers. Its files
# are unpacked instead into a folder of their own; pvpython finds its modules beside itself,
# and tests/CMakeLists.txt looks for it there.
pv_prefix=/opt/paraview-python
if [[ -x $pv_prefix/usr/bin/pvpython ]]; then
  echo "setup: pvpython present: $pv_prefix/usr/bin/pvpython"
else
  echo "setup: unpacking python3-paraview into $pv_prefix"
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo)
  pv_version=$(dpkg-query -W -f='${Version}' paraview)
  deb=$(ls /var/cache/apt/archives/python3-paraview_*_amd64.deb 2>/dev/null | grep -F "_${pv_version/*:/}_" | head -n 1 || true)
  if [[ -z $deb ]]; then
    download=$(mktemp -d)
    (cd "$download" && apt-get download "python3-paraview=$pv_version")
    deb=$(ls "$download"/python3-paraview_*.deb)
  fi
  "${as_root[@]}" mkdir -p "$pv_prefix"
  "${as_root[@]}" dpkg-deb -x "$deb" "$pv_prefix"
  [[ -z ${download:-} ]] || rm -rf "$download"
fi

nvcc=/usr/local/cuda/bin/nvcc
if [[ -x $nvcc ]]; then
  echo "setup: nvcc found: $nvcc ($("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/CUDA \1/p'))"
else
  echo "setup: nvcc not found at $nvcc: the build is CPU-only (OpenMP)"
fi
