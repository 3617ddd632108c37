"""Reads cell arrays of rackflow's .vti files (VTK XML image data, raw appended, UInt64
header, LZ4 blocks) into numpy arrays indexed [k][j][i] (z, y, x), vectors [k][j][i][c].

Needs Debian's python3-numpy and python3-lz4 (hence /usr/bin/python3 in the scripts).
"""
import re
import struct
from pathlib import Path

import lz4.block
import numpy as np


def _header(data):
    return data[:data.index(b"<AppendedData")].decode()


def cell_counts(path):
    """(nx, ny, nz) of a .vti file."""
    head = _header(Path(path).read_bytes())
    e = [int(v) for v in re.search(r'WholeExtent="([^"]+)"', head).group(1).split()]
    return e[1] - e[0], e[3] - e[2], e[5] - e[4]


def cell_array(path, name):
    """One cell array (Float32 or Int32); None when the file has no array of that name."""
    data = Path(path).read_bytes()
    head = _header(data)
    e = [int(v) for v in re.search(r'WholeExtent="([^"]+)"', head).group(1).split()]
    nx, ny, nz = e[1] - e[0], e[3] - e[2], e[5] - e[4]
    m = re.search(r'<DataArray[^>]*Name="%s"[^>]*>' % re.escape(name), head)
    if not m:
        return None
    tag = m.group(0)
    comps = int(re.search(r'NumberOfComponents="(\d+)"', tag).group(1)) if "NumberOfComponents" in tag else 1
    offset = int(re.search(r'offset="\s*(\d+)\s*"', tag).group(1))
    pos = data.index(b"_", data.index(b"<AppendedData")) + 1 + offset
    nblocks, block_size, last_size = struct.unpack_from("<3Q", data, pos)
    sizes = struct.unpack_from(f"<{nblocks}Q", data, pos + 24)
    pos += 24 + 8 * nblocks
    raw = bytearray()
    for b, csize in enumerate(sizes):
        full = last_size if (b == nblocks - 1 and last_size) else block_size
        raw += lz4.block.decompress(data[pos:pos + csize], uncompressed_size=full)
        pos += csize
    dtype = {"Float32": "<f4", "Int32": "<i4"}[re.search(r'type="(\w+)"', tag).group(1)]
    values = np.frombuffer(bytes(raw), dtype=dtype)
    return values.reshape(nz, ny, nx, comps) if comps > 1 else values.reshape(nz, ny, nx)


def series(out_dir):
    """The run's field files in time order, with their times from fields.pvd."""
    pvd = (Path(out_dir) / "fields.pvd").read_text()
    files = re.findall(r'timestep="([^"]+)"[^>]*file="([^"]+)"', pvd)
    return [(float(t), Path(out_dir) / f) for t, f in files]
