#!/usr/bin/env bash
# The README's demo: install what is missing, build, run the demo hall to steady state.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=results/demo-hall

scripts/setup.sh
scripts/build.sh build
build/solver/rackflow run cases/demo-hall.yaml --out "$out"

echo
echo "Results are in $root/$out:"
echo "  fields.pvd + fields_NNNNNN.vti   temperature_C, velocity_m_s, pressure_Pa, object_id"
echo "  summary.json                     lattice, steps, wall time, MLUPs/s, energy balance"
echo "  report.md, report.json           the thermal report: inlets, hotspots, metrics, cooling, balance"
echo "  racks.csv, servers.csv, inlet_history.csv"
echo "  slice_inlet_height.png, slice_hottest_rack_intake.png, plan_inlet_max.png"
echo "Open them in ParaView:"
echo "  paraview $out/fields.pvd"
