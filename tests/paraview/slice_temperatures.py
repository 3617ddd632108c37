"""Prints, as JSON, the temperature_C of every cell in the layer nearest a height, read
from the last field file of a run (pvpython, for VTK's reader):

    pvpython slice_temperatures.py RUN_DIR HEIGHT_M
"""

import json
import os
import sys
import xml.etree.ElementTree as ElementTree

from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkIOXML import vtkXMLImageDataReader


def main():
    run_dir, height_m = sys.argv[1], float(sys.argv[2])
    series = ElementTree.parse(os.path.join(run_dir, "fields.pvd")).getroot()
    last = max(series.iter("DataSet"), key=lambda d: float(d.get("timestep")))
    reader = vtkXMLImageDataReader()
    reader.SetFileName(os.path.join(run_dir, last.get("file")))
    reader.Update()
    image = reader.GetOutput()
    nx, ny, nz = [d - 1 for d in image.GetDimensions()]
    k = int((height_m - image.GetOrigin()[2]) / image.GetSpacing()[2])
    if not 0 <= k < nz:
        sys.exit("slice_temperatures.py: height %g m is outside the grid" % height_m)
    t = vtk_to_numpy(image.GetCellData().GetArray("temperature_C")).reshape(nz, ny, nx)
    print(json.dumps([float(v) for v in t[k].ravel()]))


if __name__ == "__main__":
    main()
