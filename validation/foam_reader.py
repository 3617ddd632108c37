"""Reads OpenFOAM ASCII volume fields (internalField of a time directory) into numpy
arrays: scalars (n,), vectors (n, 3). A uniform internalField is returned as one value
repeated over the cell count given.
"""
import re
from pathlib import Path

import numpy as np


def internal_field(path, n_cells=None):
    text = Path(path).read_text()
    m = re.search(r"internalField\s+nonuniform\s+List<(scalar|vector)>\s*(\d+)\s*\(", text)
    if not m:
        u = re.search(r"internalField\s+uniform\s+(\([^)]*\)|[-+\d.eE]+)\s*;", text)
        value = np.array([float(v) for v in u.group(1).strip("()").split()])
        return np.tile(value, (n_cells, 1)) if value.size > 1 else np.full(n_cells, value[0])
    kind, n = m.group(1), int(m.group(2))
    body = text[m.end():]
    if kind == "scalar":
        return np.array(body.split(None, n)[:n], dtype=float)
    numbers = re.findall(r"\(([^()]*)\)", body[: body.index("\n)")])[:n]
    return np.array([[float(v) for v in t.split()] for t in numbers])


def written_times(case_dir):
    """The time directories a steady run wrote, in order (0, the initial fields, excluded)."""
    times = [d for d in Path(case_dir).iterdir() if d.is_dir() and re.fullmatch(r"[\d.eE+-]+", d.name)]
    return sorted((d for d in times if float(d.name) > 0), key=lambda d: float(d.name))


def label_list(path):
    """A labelList file of the mesh (owner, neighbour) as an int array."""
    text = Path(path).read_text()
    body = text[text.index("\n(", text.index("FoamFile")) + 2:]
    return np.array(body[: body.index("\n)")].split(), dtype=np.int64)


def internal_face_flux(case_dir, time_dir, cell_ijk, lower_k, footprint):
    """The volume flux through the internal faces between cell layer lower_k and lower_k + 1
    inside footprint ((i0, i1), (j0, j1), cell ranges), upward positive, from the solver's
    own face fluxes phi (which, in a porous cell, need not equal the cell velocity times the
    area). cell_ijk: (n, 3) grid indices of the mesh's cells."""
    mesh = Path(case_dir) / "constant" / "polyMesh"
    neighbour = label_list(mesh / "neighbour")
    owner = label_list(mesh / "owner")[: len(neighbour)]
    phi = internal_field(Path(time_dir) / "phi")[: len(neighbour)]
    lo, hi = cell_ijk[owner], cell_ijk[neighbour]
    (i0, i1), (j0, j1) = footprint
    total = 0.0
    for a, b, sign in ((lo, hi, 1.0), (hi, lo, -1.0)):  # owner below, or owner above
        sel = ((a[:, 2] == lower_k) & (b[:, 2] == lower_k + 1) & (a[:, 0] == b[:, 0]) & (a[:, 1] == b[:, 1]) &
               (a[:, 0] >= i0) & (a[:, 0] < i1) & (a[:, 1] >= j0) & (a[:, 1] < j1))
        total += sign * float(phi[sel].sum())
    return total
