#!/usr/bin/python3
"""Reads one side-by-side run of scripts/compare_openfoam.sh and prints its result table.

rackflow: the CPU time of the whole `rackflow run` (it stops itself at its steady
criterion), and each rack's inlet mean from the time-mean temperature of the final .vti
(the averaging window of the steady run) over the fluid cells directly in front of the
rack's front face, the cells its intake links draw from.

OpenFOAM: the mean temperature of each rack's front patch at every iteration
(surfaceFieldValue, flow-weighted; the face value is the cell in front, zeroGradient).
Converged at the first iteration N from which on every later iteration M still sees both
racks' means vary by less than 0.05 K over its last 10 % of iterations [0.9 M, M]; the
CPU time to N is the ExecutionTime (process CPU time) the solver logs at N. Also given:
the iteration from which the means stay within 0.05 K of the last iteration's (the same
answer, more strictly), and where the residualControl of OpenFOAM's hotRoom tutorial
would have stopped.

Needs Debian's python3-numpy and python3-lz4 (hence /usr/bin/python3, not a pyenv one).
"""
import json
import math
import re
import sys
from pathlib import Path


# The .vti reader shared with the validation scripts.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "validation"))
import vti_reader  # noqa: E402

# The brief's OpenFOAM criterion: the inlet means change by less than this over the last
# 10 % of the iterations. It is of the order of rackflow's steady test at 0.5 % of the
# room's 12 K span (0.06 K).
CONVERGED_CHANGE_K = 0.05
WINDOW_FRACTION = 0.1
# The residualControl of OpenFOAM's own hotRoom tutorial (buoyantBoussinesqSimpleFoam),
# an engineer's usual "steady" stop; reported beside the inlet-mean criterion.
HOTROOM_RESIDUAL_CONTROL = {"p_rgh": 1e-2, "U": 1e-4, "T": 1e-2, "k": 1e-3, "epsilon": 1e-3}

# The geometry of cases/validation/openfoam-room.yaml in cells of 0.1 m: the fluid cells
# in front of each rack's front face (x 1.7-1.8 m), as (i, j range, k range).
RACKS = {
    "rack-a": {"foam_patch": "rackAFront", "i": 17, "j": (6, 12), "k": (0, 20)},
    "rack-b": {"foam_patch": "rackBFront", "i": 17, "j": (18, 24), "k": (0, 20)},
}


def vti_cell_array(path, name):
    """One Float32 cell array of a rackflow .vti, [k][j][i], or a clear exit where it is missing."""
    array = vti_reader.cell_array(path, name)
    if array is None:
        sys.exit(f"{path}: no cell array {name} (did the run average, i.e. reach its steady state?)")
    return array


def rackflow_side(out_dir):
    out = Path(out_dir)
    summary = json.loads((out / "rackflow" / "summary.json").read_text())
    vtis = sorted((out / "rackflow").glob("fields_*.vti"))
    t_mean = vti_cell_array(vtis[-1], "temperature_mean_C")
    inlets = {}
    for rack, g in RACKS.items():
        face = t_mean[g["k"][0]:g["k"][1], g["j"][0]:g["j"][1], g["i"]]
        inlets[rack] = float(face.mean())
    user_s, sys_s, wall_s = (float(v) for v in (out / "rackflow.time").read_text().split())
    return {
        "cpu_s": user_s + sys_s,
        "wall_s": wall_s,
        "inlets_c": inlets,
        "steady": summary["steady_state"]["reached"],
        "steady_at_s": summary["steady_state"]["reached_at_s"],
        "simulated_s": summary["simulated_time_s"],
        "steps": summary["steps"],
        "cells": math.prod(summary["lattice"]["cells"]),
        "averaging": summary["averaging"]["text"],
    }


def foam_series(case_dir, patch):
    rows = []
    for line in (Path(case_dir) / "postProcessing" / patch / "0" / "surfaceFieldValue.dat").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            it, value = line.split()[:2]
            rows.append((int(float(it)), float(value)))
    return dict(rows)


def foam_cpu_times(log):
    times, it = {}, None
    for line in Path(log).read_text().splitlines():
        m = re.match(r"^Time = (\d+)$", line)
        if m:
            it = int(m.group(1))
        m = re.match(r"^ExecutionTime = ([\d.e+-]+) s", line)
        if m and it is not None:
            times[it] = float(m.group(1))
    return times


def foam_residual_stop(log):
    """The first iteration at which the residualControl of OpenFOAM's hotRoom tutorial
    would have stopped the solver: each equation's first initial residual of the
    iteration below its limit (U: the largest of its components)."""
    def met(first):
        u = max(first.get(c, 1.0) for c in ("Ux", "Uy", "Uz"))
        return all((u if f == "U" else first.get(f, 1.0)) < limit for f, limit in HOTROOM_RESIDUAL_CONTROL.items())

    first, it = {}, None
    for line in Path(log).read_text().splitlines():
        m = re.match(r"^Time = (\d+)$", line)
        if m:
            if it is not None and met(first):
                return it
            it, first = int(m.group(1)), {}
        m = re.search(r"Solving for (\w+), Initial residual = ([\d.e+-]+)", line)
        if m and it is not None:
            first.setdefault(m.group(1), float(m.group(2)))
    return None


def foam_side(out_dir):
    case = Path(out_dir) / "openfoam"
    series = {rack: foam_series(case, g["foam_patch"]) for rack, g in RACKS.items()}
    log = case / "log.buoyantBoussinesqSimpleFoam"
    cpu = foam_cpu_times(log)
    residual_stop = foam_residual_stop(log)
    last = min(max(s) for s in series.values())

    def holds(m):
        lo = int(math.ceil((1.0 - WINDOW_FRACTION) * m))
        return all(max(s[i] for i in range(lo, m + 1)) - min(s[i] for i in range(lo, m + 1)) < CONVERGED_CHANGE_K
                   for s in series.values())

    converged = None
    for m in range(last, 9, -1):
        if not holds(m):
            break
        converged = m
    if converged is None or converged == last:
        return {"converged": False, "iterations": last, "cpu_s": cpu[last],
                "inlets_c": {r: s[last] for r, s in series.items()}, "cells": None}
    # Stricter: from here on within the same 0.05 K of the last iteration's means.
    settled = last
    while settled > 1 and all(abs(s[settled - 1] - s[last]) < CONVERGED_CHANGE_K for s in series.values()):
        settled -= 1
    mesh = (case / "log.checkMesh").read_text()
    cells = int(re.search(r"cells:\s+(\d+)", mesh).group(1))
    return {
        "converged": True,
        "iterations": converged,
        "cpu_s": cpu[converged],
        "inlets_c": {r: s[converged] for r, s in series.items()},
        "final_iteration": last,
        "final_inlets_c": {r: s[last] for r, s in series.items()},
        "final_cpu_s": cpu[last],
        "cells": cells,
        "settled": settled,
        "settled_cpu_s": cpu[settled],
        "residual_stop": residual_stop,
        "residual_stop_cpu_s": cpu[residual_stop] if residual_stop else None,
        "residual_stop_inlets_c": {r: s[residual_stop] for r, s in series.items()} if residual_stop else None,
    }


def main():
    out_dir = sys.argv[1]
    rf, of = rackflow_side(out_dir), foam_side(out_dir)
    print(f"rackflow: {rf['cells']} cells, {rf['steps']} steps, {rf['simulated_s']:.1f} s simulated, "
          f"steady {'at ' + format(rf['steady_at_s'], '.1f') + ' s' if rf['steady'] else 'NOT reached'}; "
          f"{rf['averaging']}")
    print(f"rackflow: CPU {rf['cpu_s']:.1f} s (wall {rf['wall_s']:.1f} s)")
    if of["converged"]:
        print(f"OpenFOAM: {of['cells']} cells, converged at iteration {of['iterations']} of {of['final_iteration']}, "
              f"CPU {of['cpu_s']:.1f} s (to the last iteration {of['final_cpu_s']:.1f} s)")
        print(f"OpenFOAM: within {CONVERGED_CHANGE_K} K of the last iteration's means from iteration "
              f"{of['settled']} on, CPU {of['settled_cpu_s']:.1f} s")
        if of["residual_stop"]:
            print(f"OpenFOAM: hotRoom's residualControl would stop at iteration {of['residual_stop']}, "
                  f"CPU {of['residual_stop_cpu_s']:.1f} s, inlet means " +
                  ", ".join(f"{r} {t:.2f} °C" for r, t in of["residual_stop_inlets_c"].items()))
    else:
        print(f"OpenFOAM: NOT converged within {of['iterations']} iterations (CPU {of['cpu_s']:.1f} s)")
    print("| rack | rackflow inlet mean °C | OpenFOAM inlet mean °C | difference K |" +
          (" OpenFOAM at its last iteration °C |" if of["converged"] else ""))
    print("|---|---|---|---|" + ("---|" if of["converged"] else ""))
    for rack in RACKS:
        a, b = rf["inlets_c"][rack], of["inlets_c"][rack]
        extra = f" {of['final_inlets_c'][rack]:.2f} |" if of["converged"] else ""
        print(f"| {rack} | {a:.2f} | {b:.2f} | {a - b:+.2f} |{extra}")
    print(f"CPU-time ratio rackflow / OpenFOAM: {rf['cpu_s'] / of['cpu_s']:.2f}" +
          (f" (to OpenFOAM's settled means: {rf['cpu_s'] / of['settled_cpu_s']:.2f})" if of["converged"] else ""))


if __name__ == "__main__":
    main()
