#!/usr/bin/env bash
# rackflow against OpenFOAM (buoyantBoussinesqSimpleFoam, k-epsilon) on the room of
# cases/validation/openfoam-room.yaml, stated identically in cases/validation/openfoam-room-foam/.
# Both run on ONE core (the same one, one after the other), and the CPU time each needs for
# its converged rack-inlet means is compared (scripts/compare_openfoam.py says how
# "converged" is judged for each). Result: docs/performance.md, "OpenFOAM side by side".
#
# usage: scripts/compare_openfoam.sh RACKFLOW_BINARY [OUT_DIR] [CORE] [REPEATS]
#   OUT_DIR  default /tmp/compare-openfoam; each repeat writes OUT_DIR/<n>/
#   CORE     the CPU core both codes are pinned to (taskset), default 1
#   REPEATS  how many times to run the pair, alternating rackflow and OpenFOAM, default 1
# Needs Debian's openfoam, python3-numpy and python3-lz4, and a CPU build of rackflow
# (the run is forced to --backend cpu with one OpenMP thread).
set -euo pipefail

rackflow=$(realpath "${1:?usage: $0 RACKFLOW_BINARY [OUT_DIR] [CORE] [REPEATS]}")
out_root=${2:-/tmp/compare-openfoam}
core=${3:-1}
repeats=${4:-1}
repo=$(cd "$(dirname "$0")/.." && pwd)
case_yaml=$repo/cases/validation/openfoam-room.yaml
foam_case=$repo/cases/validation/openfoam-room-foam

mkdir -p "$out_root"
# OpenFOAM's bashrc reads unset variables (so not under `set -u`) and takes the caller's
# arguments as its own (so from a function called without any). Debian's copy complains
# that bin/foamEtcFile is missing, harmlessly: its messages go to a log.
source_openfoam() {
  set +u
  # shellcheck disable=SC1090
  source "$(dpkg -L openfoam | grep -m1 'etc/bashrc$')"
  set -u
}
source_openfoam 2> "$out_root/openfoam-bashrc.log"

# Meshing is not timed: it is the counterpart of rackflow's voxelisation, which rackflow's
# own time includes, and takes about 1 s.
mesh_foam_case() {
  local dir=$1
  rm -rf "$dir" && cp -r "$foam_case" "$dir"
  (
    cd "$dir"
    blockMesh > log.blockMesh 2>&1
    topoSet -dict system/topoSetDict.racks > log.topoSet.racks 2>&1
    subsetMesh fluid -patch rackWalls -overwrite > log.subsetMesh 2>&1
    topoSet -dict system/topoSetDict.patches > log.topoSet.patches 2>&1
    createPatch -overwrite > log.createPatch 2>&1
    checkMesh > log.checkMesh 2>&1
    cp -r 0.orig 0
  )
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); core $core"
for n in $(seq 1 "$repeats"); do
  out=$out_root/$n
  mkdir -p "$out"
  echo "[$n] load before rackflow: $(cut -d' ' -f1-3 /proc/loadavg)"
  OMP_NUM_THREADS=1 /usr/bin/time -f '%U %S %e' -o "$out/rackflow.time" \
    taskset -c "$core" "$rackflow" run "$case_yaml" --backend cpu --quiet --out "$out/rackflow" \
    > "$out/rackflow.log" 2>&1 || { echo "rackflow failed, see $out/rackflow.log" >&2; exit 1; }

  mesh_foam_case "$out/openfoam"
  echo "[$n] load before OpenFOAM: $(cut -d' ' -f1-3 /proc/loadavg)"
  (cd "$out/openfoam" && /usr/bin/time -f '%U %S %e' -o ../openfoam.time \
    taskset -c "$core" buoyantBoussinesqSimpleFoam > log.buoyantBoussinesqSimpleFoam 2>&1) ||
    { echo "OpenFOAM failed, see $out/openfoam/log.buoyantBoussinesqSimpleFoam" >&2; exit 1; }
  echo "[$n] load after: $(cut -d' ' -f1-3 /proc/loadavg)"

  /usr/bin/python3 "$repo/scripts/compare_openfoam.py" "$out" | tee "$out/result.md"
done
