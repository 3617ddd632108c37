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
