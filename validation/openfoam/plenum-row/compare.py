#!/usr/bin/python3
"""Prints the side-by-side table of validation/openfoam/plenum-row (docs/validation.md).

usage: compare.py OUT_DIR   (what run.sh wrote: OUT_DIR/rackflow, OUT_DIR/openfoam)

Both codes on the same 0.1 m grid (72 x 30 x 30 cells), but for OpenFOAM's floor slab in four
layers (foam/system/blockMeshDict says why), whose cells fall into the one slab cell here.
Each figure is taken from both fields on the 0.1 m cells:
- plenum pressure: the fluid cells below the floor slab (z < 0.5 m): volume mean, min, max;
- a tile's flow: in rackflow the vertical velocity of its cells (the slab's layer, z 0.5-0.6 m)
  times the cell area, summed over the tile (the layer is closed at its sides, so this is the
  flow through it); in OpenFOAM its face fluxes phi into those cells from the plenum (z 0.5 m),
  summed, since a cell velocity next to a strong loss need not match the faces' flux; its
  pressure drop: the mean pressure of the cells under it (z 0.4-0.5 m) minus that of the
  cells over it (z 0.6-0.7 m);
- room probes: the velocity of the cell holding the point.
rackflow's figures are time means over its averaging window (run.average_from to the end):
velocities from its velocity_mean_m_s array, pressure (which has no time-mean array) as the
mean of the pressure_Pa snapshots written in the window. OpenFOAM's are its last
iteration's steady fields.
"""
import json
import math
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # validation/: the shared readers
import foam_reader  # noqa: E402
import vti_reader  # noqa: E402

DX_M = 0.1
CELLS = (72, 30, 30)        # nx, ny, nz
RHO_KG_M3 = 1.184           # rackflow's default air; OpenFOAM's p is p / rho
PLENUM_TOP_K = 5            # plenum: k < 5 (z < 0.5 m); the floor slab is k = 5
TILE_K = 5
TILES = [(f"T{n + 1:02d}", 18 + 6 * n, 12) for n in range(8)]  # name, first i, first j; 6 x 6 cells each
TILE_CELLS = 6
# Probe points, each a cell centre (x, y, z in m): over tiles 1, 4 and 8 at 1.05 m, beside the
# row, near the CRAH's return, and high in the far corner.
PROBES = {
    "over T01, z 1.05": (2.05, 1.45, 1.05),
    "over T04, z 1.05": (3.85, 1.45, 1.05),
    "over T08, z 1.05": (6.25, 1.45, 1.05),
    "beside the row, z 1.55": (3.65, 0.45, 1.55),
    "by the CRAH return, z 2.25": (1.45, 1.45, 2.25),
    "far corner, z 2.55": (5.05, 2.55, 2.55),
}


def rackflow_fields(run_dir):
    summary = json.loads((run_dir / "summary.json").read_text())
    start_s = summary["averaging"]["from_s"]
    snaps = [(t, f) for t, f in vti_reader.series(run_dir) if t >= start_s - 1e-9]
    pressure = np.mean([vti_reader.cell_array(f, "pressure_Pa") for _, f in snaps], axis=0)
    u_mean = vti_reader.cell_array(snaps[-1][1], "velocity_mean_m_s")
    fluid = vti_reader.cell_array(snaps[-1][1], "object_id") == 0  # porous tiles included
    return {"p": pressure, "u": u_mean, "summary": summary, "snapshots": len(snaps),
            "window": summary["averaging"]["text"], "fluid": fluid}


def foam_fields(case_dir, back=0):
    """The fields of the last written time, or of the one `back` writes before it."""
    times = foam_reader.written_times(case_dir)
    last = times[-1 - back]
    centres = foam_reader.internal_field(times[-1] / "C")  # the same cells at every time
    n = len(centres)
    p = foam_reader.internal_field(last / "p", n) * RHO_KG_M3
    u = foam_reader.internal_field(last / "U", n)
    idx = np.floor(centres / DX_M).astype(int)
    nx, ny, nz = CELLS
    p_grid = np.full((nz, ny, nx), np.nan)
    u_grid = np.full((nz, ny, nx, 3), np.nan)
    p_grid[idx[:, 2], idx[:, 1], idx[:, 0]] = p
    u_grid[idx[:, 2], idx[:, 1], idx[:, 0]] = u
    flows = {name: foam_reader.internal_face_flux(case_dir, last, idx, TILE_K - 1,
                                                  ((i0, i0 + TILE_CELLS), (j0, j0 + TILE_CELLS)))
             for name, i0, j0 in TILES}
    return {"p": p_grid, "u": u_grid, "iteration": int(float(last.name)), "cells": n, "fluid": ~np.isnan(p_grid),
            "tile_flows": flows}


def figures(f):
    p, u = f["p"], f["u"]
    plenum = p[:PLENUM_TOP_K]
    out = {"plenum_mean": float(np.nanmean(plenum)), "plenum_min": float(np.nanmin(plenum)),
           "plenum_max": float(np.nanmax(plenum)), "tiles": {}, "probes": {}}
    for name, i0, j0 in TILES:
        sl = (slice(j0, j0 + TILE_CELLS), slice(i0, i0 + TILE_CELLS))
        flow = f["tile_flows"][name] if "tile_flows" in f else float(np.sum(u[TILE_K][sl][..., 2]) * DX_M * DX_M)
        dp = float(np.mean(p[TILE_K - 1][sl]) - np.mean(p[TILE_K + 1][sl]))
        out["tiles"][name] = (flow, dp, float(np.mean(p[TILE_K - 1][sl])))
    for name, (x, y, z) in PROBES.items():
        i, j, k = int(x / DX_M), int(y / DX_M), int(z / DX_M)
        out["probes"][name] = u[k, j, i]
    return out


def foam_log(case_dir):
    log = (case_dir / "log.simpleFoam").read_text()
    times = re.findall(r"^ExecutionTime = ([\d.e+-]+) s  ClockTime = ([\d.e+-]+) s", log, re.M)
    converged = re.search(r"SIMPLE solution converged in (\d+) iterations", log)
    return float(times[-1][0]), float(times[-1][1]), converged.group(1) if converged else None


def main():
    out = Path(sys.argv[1])
    rf, of = rackflow_fields(out / "rackflow"), foam_fields(out / "openfoam")
    a, b = figures(rf), figures(of)
    s = rf["summary"]
    # /usr/bin/time's last line (a run stopped by a signal has a line about it first)
    cpu_s, sys_s, wall_s = (float(v) for v in (out / "rackflow.time").read_text().splitlines()[-1].split())
    print(f"rackflow: {math.prod(s['lattice']['cells'])} cells (dx {s['lattice']['dx_m']:g} m), {s['steps']} steps "
          f"of {s['lattice']['dt_s'] * 1e3:.3f} ms, {s['simulated_time_s']:.1f} s simulated; time means over "
          f"{rf['window']} ({rf['snapshots']} pressure snapshots); wall {wall_s:.0f} s, CPU {cpu_s + sys_s:.0f} s, "
          f"{s['mlups']:.1f} MLUPs/s, {s['backend']}")
    exec_s, clock_s, conv = foam_log(out / "openfoam")
    print(f"OpenFOAM: {of['cells']} fluid cells, simpleFoam k-epsilon, "
          + (f"residualControl met at iteration {conv}" if conv else f"residualControl NOT met by iteration {of['iteration']}")
          + f"; wall {clock_s:.0f} s, CPU {exec_s:.0f} s")
    if len(foam_reader.written_times(out / "openfoam")) > 1:
        prev = foam_fields(out / "openfoam", back=1)
        q_now = np.array([v[0] for v in figures(of)["tiles"].values()])
        q_before = np.array([v[0] for v in figures(prev)["tiles"].values()])
        print(f"OpenFOAM: from iteration {prev['iteration']} to {of['iteration']} the tile flows moved by at most "
              f"{100 * np.max(np.abs(q_now - q_before)) / q_now.mean():.2f} % of the mean tile flow, the plenum mean "
              f"pressure by {figures(of)['plenum_mean'] - figures(prev)['plenum_mean']:+.3f} Pa")
    mismatch = int(np.sum(rf["fluid"] != of["fluid"]))
    print(f"geometry: {int(rf['fluid'].sum())} fluid cells in rackflow, {int(of['fluid'].sum())} in OpenFOAM, "
          f"{mismatch} cells fluid in one and solid in the other")
    print()
    print("| quantity | rackflow | OpenFOAM | rackflow − OpenFOAM |")
    print("|---|---|---|---|")
    for key, label in (("plenum_mean", "plenum pressure, mean (Pa)"), ("plenum_min", "plenum pressure, min (Pa)"),
                       ("plenum_max", "plenum pressure, max (Pa)")):
        print(f"| {label} | {a[key]:.2f} | {b[key]:.2f} | {a[key] - b[key]:+.2f} |")
    print(f"| plenum pressure, range (Pa) | {a['plenum_max'] - a['plenum_min']:.2f} | "
          f"{b['plenum_max'] - b['plenum_min']:.2f} | {(a['plenum_max'] - a['plenum_min']) - (b['plenum_max'] - b['plenum_min']):+.2f} |")
    print()
    qa = np.array([a["tiles"][t][0] for t, _, _ in TILES])
    qb = np.array([b["tiles"][t][0] for t, _, _ in TILES])
    print("| tile | flow rackflow (m³/s) | flow OpenFOAM (m³/s) | difference (% of the mean tile flow) | "
          "ΔP rackflow (Pa) | ΔP OpenFOAM (Pa) | plenum under it, rackflow / OpenFOAM (Pa) |")
    print("|---|---|---|---|---|---|---|")
    mean_q = qb.mean()
    for n, (t, _, _) in enumerate(TILES):
        fa, fb = a["tiles"][t], b["tiles"][t]
        print(f"| {t} | {fa[0]:.4f} | {fb[0]:.4f} | {100 * (fa[0] - fb[0]) / mean_q:+.1f} | {fa[1]:.2f} | "
              f"{fb[1]:.2f} | {fa[2]:.2f} / {fb[2]:.2f} |")
    d = 100 * (qa - qb) / mean_q
    print(f"| all 8 | {qa.sum():.4f} | {qb.sum():.4f} | RMS {math.sqrt(np.mean(d ** 2)):.1f}, max |{np.max(np.abs(d)):.1f}| | "
          f"| | |")
    print(f"| split max/min | {qa.max() / qa.min():.3f} | {qb.max() / qb.min():.3f} | | | | |")
    print()
    print("| probe (x, y, z m) | rackflow u, v, w (m/s) | OpenFOAM u, v, w (m/s) | |u| rackflow / OpenFOAM (m/s) |")
    print("|---|---|---|---|")
    for name, xyz in PROBES.items():
        ua, ub = a["probes"][name], b["probes"][name]
        print(f"| {name} {xyz} | {ua[0]:+.3f}, {ua[1]:+.3f}, {ua[2]:+.3f} | {ub[0]:+.3f}, {ub[1]:+.3f}, {ub[2]:+.3f} | "
              f"{np.linalg.norm(ua):.3f} / {np.linalg.norm(ub):.3f} |")


if __name__ == "__main__":
    main()
