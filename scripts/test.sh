#!/usr/bin/env bash
# The README's test command: install what is missing, build, run every test suite
# (labels unit, kernel, verification, case, cli, gpu, paraview; gpu tests skip where no GPU is found).
# Exits non-zero on any failure.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
start=$SECONDS
report() {
  local rc=$? verdict=passed
  ((rc == 0)) || verdict="FAILED (exit $rc)"
  echo "test.sh: $verdict, total time $((SECONDS - start)) s"
}
trap report EXIT

# OpenMPI refuses to run as root (CI) unless told it may.
if [[ $(id -u) -eq 0 ]]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi

scripts/setup.sh
scripts/build.sh build
# One test at a time: each already uses every core through OpenMP, and two OpenMP teams
# on two cores oversubscribe them (spinning threads make that far slower, not equal).
ctest --test-dir build --output-on-failure
