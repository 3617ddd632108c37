#!/usr/bin/env bash
# The README's demo: install what is missing, build, run the demo room end to end.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=results/demo-room

scripts/setup.sh
scripts/build.sh build
build/solver/rackflow run cases/demo-room.yaml --out "$out"

echo
echo "Results are in $root/$out:"
echo "  fields.pvd + fields_NNNNNN.vti   temperature_C, velocity_m_s, pressure_Pa, object_id"
echo "  summary.json                     lattice, steps, wall time, MLUPs/s, energy balance"
echo "Open them in ParaView:"
echo "  paraview $out/fields.pvd"
