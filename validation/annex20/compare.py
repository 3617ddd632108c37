#!/usr/bin/python3
"""rackflow's time-mean velocity in the IEA Annex 20 room against Restivo's measurements.

usage: compare.py RUN_DIR   (the --out folder of `rackflow run validation/annex20/annex20-room.yaml`)

The measured lines (restivo-1979.csv, all in the centre plane y = W/2 = 1.5 m): u over the
height at x = H = 3 m and x = 2H = 6 m, and u along the length at z = h/2 = 0.084 m (floor
line) and z = H - h/2 = 2.916 m (ceiling line). rackflow's u is its velocity_mean_m_s: y = 1.5 m
and x = 3 m, 6 m are cell faces of the 1/12 m grid, so each value is the mean of the two
cells either side (four cells on the vertical lines); along a line it is interpolated linearly
between cell centres, and to zero at the wall, half a cell beyond the last centre (half-way
bounce-back). Errors are in units of u0 = 0.455 m/s: RMS and bias (mean of rackflow -
measured) over the measured points of each line. With several outputs in the averaging
window, the errors of each output's running mean show how far the mean has settled.
"""
import csv
import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # validation/: the shared reader
import vti_reader  # noqa: E402

U0_M_S = 0.455
H_M = 3.0
L_M = 9.0
Y_PLANE_M = 1.5


def measured():
    here = Path(__file__).resolve().parent
    rows = list(csv.DictReader(line for line in open(here / "restivo-1979.csv") if not line.startswith("#")))

    def column(pos, val):
        pts = [(float(r[pos]), float(r[val])) for r in rows if r[pos]]
        return np.array([p for p, _ in pts]), np.array([v for _, v in pts])

    return {
        "x = 3 m (H)": ("z", 3.0, *column("z_3m_m", "u_3m_m_s")),
        "x = 6 m (2H)": ("z", 6.0, *column("z_6m_m", "u_6m_m_s")),
        "z = 0.084 m (floor line)": ("x", 0.084, *column("x_floor_m", "u_floor_m_s")),
        "z = 2.916 m (ceiling line)": ("x", 2.916, *column("x_ceiling_m", "u_ceiling_m_s")),
    }


def face_pair(coord_m, dx):
    """The cells either side of coord (a cell face), or the cell holding it twice."""
    c = coord_m / dx
    lo = int(round(c)) - 1 if abs(c - round(c)) < 1e-6 else int(math.floor(c))
    hi = lo + 1 if abs(c - round(c)) < 1e-6 else lo
    return lo, hi


def line(u, dx, along, at_m):
    """rackflow's u (x component) along a vertical (along 'z', at x = at_m) or horizontal
    (along 'x', at z = at_m) line in the plane y = 1.5 m, as (positions, values) with the
    wall zeros at both ends."""
    j0, j1 = face_pair(Y_PLANE_M, dx)
    ux = 0.5 * (u[:, j0, :, 0] + u[:, j1, :, 0])  # [k][i]
    if along == "z":
        i0, i1 = face_pair(at_m, dx)
        values = 0.5 * (ux[:, i0] + ux[:, i1])
        length = H_M
    else:
        nz = ux.shape[0]
        zc = (np.arange(nz) + 0.5) * dx
        values = np.array([np.interp(at_m, zc, ux[:, i]) for i in range(ux.shape[1])])
        length = L_M
    centres = (np.arange(len(values)) + 0.5) * dx
    return np.concatenate([[0.0], centres, [length]]), np.concatenate([[0.0], values, [0.0]])


def errors(u, dx, lines):
    out = {}
    for name, (along, at_m, pos, meas) in lines.items():
        p, v = line(u, dx, along, at_m)
        sim = np.interp(pos, p, v)
        diff = (sim - meas) / U0_M_S
        out[name] = (float(np.sqrt(np.mean(diff ** 2))), float(np.mean(diff)), float(np.max(np.abs(diff))), sim)
    return out


def main():
    run = Path(sys.argv[1])
    summary = json.loads((run / "summary.json").read_text())
    dx = summary["lattice"]["dx_m"]
    lines = measured()
    start_s = summary["averaging"]["from_s"]
    snaps = [(t, f) for t, f in vti_reader.series(run) if t > start_s + 1e-9]
    s = summary
    print(f"rackflow: {' x '.join(str(c) for c in s['lattice']['cells'])} cells (dx {dx:.5f} m), dt "
          f"{s['lattice']['dt_s'] * 1e3:.3f} ms, tau {s['lattice']['tau_flow']:.6f}, {s['steps']} steps, "
          f"{s['simulated_time_s']:.1f} s simulated in {s['wall_time_s']:.0f} s wall ({s['mlups']:.1f} MLUPs/s, "
          f"{s['backend']}); time mean over {s['averaging']['text']}")
    print()
    print("Errors in units of u0 = 0.455 m/s, of the running mean at each output (mean from "
          f"{start_s:.0f} s to t):")
    print()
    print("| t (s) | " + " | ".join(f"{n}: RMS, bias" for n in lines) + " |")
    print("|---|" + "---|" * len(lines))
    final = None
    for t, f in snaps:
        e = errors(vti_reader.cell_array(f, "velocity_mean_m_s"), dx, lines)
        print(f"| {t:.0f} | " + " | ".join(f"{e[n][0]:.3f}, {e[n][1]:+.3f}" for n in lines) + " |")
        final = e
    print()
    print("| line | points | RMS / u0 | bias / u0 | max abs / u0 |")
    print("|---|---|---|---|---|")
    for n, (along, at_m, pos, meas) in lines.items():
        print(f"| {n} | {len(pos)} | {final[n][0]:.3f} | {final[n][1]:+.3f} | {final[n][2]:.3f} |")
    for n in ("x = 3 m (H)", "x = 6 m (2H)"):
        along, at_m, pos, meas = lines[n]
        print()
        print(f"{n}: z (m), measured u/u0, rackflow u/u0")
        print("| z (m) | measured | rackflow |")
        print("|---|---|---|")
        for z, m, r in zip(pos, meas, final[n][3]):
            print(f"| {z:.3f} | {m / U0_M_S:+.3f} | {r / U0_M_S:+.3f} |")


if __name__ == "__main__":
    main()
