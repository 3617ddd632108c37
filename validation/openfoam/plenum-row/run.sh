#!/usr/bin/env bash
# rackflow against OpenFOAM (simpleFoam, k-epsilon) on the raised-floor hall of
# plenum-row.yaml, stated identically in foam/. Runs rackflow, meshes and runs OpenFOAM,
# then prints the table of compare.py (plenum pressure, tile flows and pressure drops,
# room velocities). docs/validation.md gives the result and how it was run.
#
# usage: validation/openfoam/plenum-row/run.sh [RACKFLOW_BINARY] [OUT_DIR] [PART]
#   RACKFLOW_BINARY  default build/solver/cli/rackflow (a CPU build: scripts/build.sh)
#   OUT_DIR          default /tmp/plenum-row
#   PART             all (default), or one of rackflow, openfoam, compare: the two runs may
#                    then go one after the other or side by side, and compare reads both
# Environment: OMP_NUM_THREADS for rackflow (default 2); NICE, the niceness of both runs
# (default 10, for a shared machine). Needs Debian's openfoam, python3-numpy, python3-lz4.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
rackflow=$(realpath "${1:-$repo/build/solver/cli/rackflow}")
out=${2:-/tmp/plenum-row}
part=${3:-all}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
nice_level=${NICE:-10}
mkdir -p "$out"

# OpenFOAM's bashrc reads unset variables (so not under `set -u`) and takes the caller's
# arguments as its own (so from a function called without any).
source_openfoam() {
  set +u
  # shellcheck disable=SC1090
  source "$(dpkg -L openfoam | grep -m1 'etc/bashrc$')"
  set -u
}
source_openfoam 2> "$out/openfoam-bashrc.log"

run_rackflow() {
  echo "rackflow: $rackflow, $OMP_NUM_THREADS OpenMP threads; load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f '%U %S %e' -o "$out/rackflow.time" nice -n "$nice_level" \
    "$rackflow" run "$here/plenum-row.yaml" --backend cpu --quiet --out "$out/rackflow" > "$out/rackflow.log" 2>&1 ||
    { echo "rackflow failed, see $out/rackflow.log" >&2; exit 1; }
}

run_openfoam() {
  echo "OpenFOAM: meshing and solving in $out/openfoam; load $(cut -d' ' -f1-3 /proc/loadavg)"
  rm -rf "$out/openfoam" && cp -r "$here/foam" "$out/openfoam"
  (
    cd "$out/openfoam"
    blockMesh > log.blockMesh 2>&1
    topoSet -dict system/topoSetDict.solid > log.topoSet.solid 2>&1
    subsetMesh fluid -patch walls -overwrite > log.subsetMesh 2>&1
    topoSet -dict system/topoSetDict.zones > log.topoSet.zones 2>&1
    createPatch -overwrite > log.createPatch 2>&1
    checkMesh > log.checkMesh 2>&1
    cp -r 0.orig 0
    nice -n "$nice_level" simpleFoam > log.simpleFoam 2>&1
    postProcess -func writeCellCentres -latestTime > log.writeCellCentres 2>&1
  ) || { echo "OpenFOAM failed, see the logs in $out/openfoam" >&2; exit 1; }
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
case $part in
  all) run_rackflow; run_openfoam ;;
  rackflow) run_rackflow ;;
  openfoam) run_openfoam ;;
  compare) ;;
  *) echo "unknown PART $part (allowed: all, rackflow, openfoam, compare)" >&2; exit 2 ;;
esac
[ "$part" = all ] || [ "$part" = compare ] || exit 0
/usr/bin/python3 "$here/compare.py" "$out" | tee "$out/result.md"
