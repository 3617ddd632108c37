"""Open a rackflow run in ParaView with the views an engineer looks at first.

    pvpython open_run.py RUN_DIR [--glyphs] [--streams] [--range MIN MAX]
                                 [--save FILE.png] [--interact]

From ParaView's Python shell (View > Python Shell): first
``import sys; sys.argv = ["open_run.py", "RUN_DIR"]``, then *Run Script*.

It opens RUN_DIR/fields.pvd at its last time, colours by temperature_C with a fixed
range and the Turbo map (the PNG pictures' choice: recommended_min - 3 to allowable_max + 8
of the ASHRAE class in report.json, 15-40 degC without one), and adds
  - a horizontal slice at server-inlet height (the hottest inlet's z, else 1.2 m above
    the lowest rack base, else 1.2 m above the floor),
  - a vertical slice one cell in front of the hottest rack's intake face (else through
    the middle of the hall, normal to y),
  - rack outlines and names from report.json ("racks": name, min_m, max_m, front); without
    report.json, the solids instead (threshold object_id > 0),
  - optionally velocity arrows on the horizontal slice (--glyphs) and stream lines seeded
    around the hottest inlet (--streams).

Written against the paraview.simple API of ParaView 5.10-5.12 (Debian 12 ships 5.11) but
not run in rackflow's tests: no ParaView is installed where they run. The report-reading
helpers need only the standard library; everything that touches ParaView is in main().
"""

import argparse
import json
import os

# Array names written by postprocess/vti_writer_*.cpp (field_writer.hpp: field_names).
TEMPERATURE = "temperature_C"
VELOCITY = "velocity_m_s"
OBJECT_ID = "object_id"
DEFAULT_RANGE = (15.0, 40.0)  # class A1 under the rule below
DEFAULT_DX = 0.05  # m, when report.json does not say


def read_report(run_dir):
    path = os.path.join(run_dir, "report.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def colour_range(report):
    limits = (report or {}).get("inlet_limits") or {}
    low, high = limits.get("recommended_min_c"), limits.get("allowable_max_c")
    if low is None or high is None:
        return DEFAULT_RANGE
    return (low - 3.0, high + 8.0)


def hottest_rack(report):
    racks = [r for r in (report or {}).get("racks", []) if r.get("inlet_max_c") is not None]
    return max(racks, key=lambda r: r["inlet_max_c"]) if racks else None


def inlet_height(report, floor_z):
    hotspots = (report or {}).get("hotspots") or []
    if hotspots and hotspots[0].get("at_m"):
        return hotspots[0]["at_m"][2]
    racks = (report or {}).get("racks") or []
    base = min((r["min_m"][2] for r in racks), default=floor_z)
    return base + 1.2


def cell_size(report):
    lattice = ((report or {}).get("run") or {}).get("lattice") or {}
    return lattice.get("dx_m") or DEFAULT_DX


def intake_plane(rack, dx):
    """Origin and normal of the plane through the cell centres just outside the front face."""
    axis = "xyz".index(rack["front"][0])
    sign = -1.0 if rack["front"].endswith("min") else 1.0
    face = rack["min_m"][axis] if sign < 0 else rack["max_m"][axis]
    origin = [(a + b) / 2 for a, b in zip(rack["min_m"], rack["max_m"])]
    origin[axis] = face + sign * dx / 2
    normal = [0.0, 0.0, 0.0]
    normal[axis] = 1.0
    return origin, normal


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("--glyphs", action="store_true", help="velocity arrows on the horizontal slice")
    parser.add_argument("--streams", action="store_true", help="stream lines from the hottest inlet")
    parser.add_argument("--range", nargs=2, type=float, metavar=("MIN", "MAX"), help="temperature range [degC]")
    parser.add_argument("--save", metavar="FILE.png", help="write a screenshot")
    parser.add_argument("--interact", action="store_true", help="keep the pvpython window open")
    args = parser.parse_args()

    import paraview.simple as pv

    report = read_report(args.run_dir)
    low, high = args.range or colour_range(report)
    reader = pv.PVDReader(FileName=os.path.join(args.run_dir, "fields.pvd"))
    pv.GetAnimationScene().UpdateAnimationUsingDataTimeSteps()
    pv.GetAnimationScene().GoToLast()
    reader.UpdatePipeline(pv.GetAnimationScene().AnimationTime)
    bounds = reader.GetDataInformation().GetBounds()

    view = pv.GetActiveViewOrCreate("RenderView")
    if "UseColorPaletteForBackground" in view.ListProperties():
        view.UseColorPaletteForBackground = 0
    view.Background = [1.0, 1.0, 1.0]  # black outlines and labels read on white
    pv.Show(reader, view).Representation = "Outline"

    lut = pv.GetColorTransferFunction(TEMPERATURE)
    if not lut.ApplyPreset("Turbo", True):  # ParaView < 5.10 has no Turbo
        lut.ApplyPreset("Jet", True)
    lut.AutomaticRescaleRangeMode = "Never"
    lut.RescaleTransferFunction(low, high)

    def show_slice(origin, normal):
        cut = pv.Slice(Input=reader)
        cut.SliceType = "Plane"
        cut.SliceType.Origin = origin
        cut.SliceType.Normal = normal
        display = pv.Show(cut, view)
        pv.ColorBy(display, ("CELLS", TEMPERATURE))
        display.SetScalarBarVisibility(view, True)
        return cut

    centre = [(bounds[2 * a] + bounds[2 * a + 1]) / 2 for a in range(3)]
    z = inlet_height(report, bounds[4])
    horizontal = show_slice([centre[0], centre[1], z], [0.0, 0.0, 1.0])
    hottest = hottest_rack(report)
    if hottest:
        show_slice(*intake_plane(hottest, cell_size(report)))
    else:
        show_slice(centre, [0.0, 1.0, 0.0])

    racks = (report or {}).get("racks") or []
    for rack in racks:
        lo, hi = rack["min_m"], rack["max_m"]
        box = pv.Box(XLength=hi[0] - lo[0], YLength=hi[1] - lo[1], ZLength=hi[2] - lo[2],
                     Center=[(a + b) / 2 for a, b in zip(lo, hi)])
        outline = pv.Show(box, view)
        outline.Representation = "Outline"
        outline.AmbientColor = outline.DiffuseColor = [0.0, 0.0, 0.0]
        label = pv.Show(pv.Text(Text=rack["name"]), view)
        label.TextPropMode = "Billboard 3D Text"
        label.BillboardPosition = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, hi[2]]
        label.Color = [0.0, 0.0, 0.0]
    if report is None:
        solids = pv.Threshold(Input=reader, Scalars=["CELLS", OBJECT_ID])
        solids.LowerThreshold, solids.UpperThreshold = 0.5, 2.0**31 - 1
        shown = pv.Show(solids, view)
        pv.ColorBy(shown, None)
        shown.AmbientColor = shown.DiffuseColor = [0.6, 0.6, 0.6]

    if args.glyphs:
        arrows = pv.Glyph(Input=pv.CellDatatoPointData(Input=horizontal), GlyphType="Arrow")
        arrows.OrientationArray = ["POINTS", VELOCITY]
        arrows.ScaleArray = ["POINTS", VELOCITY]
        arrows.ScaleFactor = 0.5  # s: an arrow's length is the distance the air covers in 0.5 s
        arrows.GlyphMode = "Every Nth Point"
        arrows.Stride = 20
        pv.ColorBy(pv.Show(arrows, view), None)
    if args.streams:
        tracer = pv.StreamTracer(Input=pv.CellDatatoPointData(Input=reader), SeedType="Point Cloud")
        tracer.Vectors = ["POINTS", VELOCITY]
        hotspots = (report or {}).get("hotspots") or []
        tracer.SeedType.Center = hotspots[0]["at_m"] if hotspots else [centre[0], centre[1], z]
        tracer.SeedType.Radius = 0.5
        tracer.SeedType.NumberOfPoints = 100
        tracer.MaximumStreamlineLength = sum((bounds[2 * a + 1] - bounds[2 * a]) ** 2 for a in range(3)) ** 0.5
        pv.ColorBy(pv.Show(tracer, view), ("POINTS", TEMPERATURE))

    view.CameraPosition = [centre[0], bounds[2] - 1.5 * (bounds[3] - bounds[2]), bounds[5] + (bounds[5] - bounds[4])]
    view.CameraFocalPoint = centre
    view.CameraViewUp = [0.0, 0.0, 1.0]
    view.ResetCamera()
    pv.Render(view)
    if args.save:
        pv.SaveScreenshot(args.save, view, ImageResolution=[1600, 1000])
    if args.interact:
        pv.Interact(view)


if __name__ == "__main__":
    main()
