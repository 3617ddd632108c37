"""Open a rackflow run in ParaView with the views an engineer looks at first.

    pvpython open_run.py RUN_DIR [--array NAME] [--plan-height METRES] [--glyphs]
                                 [--streams] [--range MIN MAX] [--save FILE.png] [--interact]

From ParaView's Python shell (View > Python Shell): first
``import sys; sys.argv = ["open_run.py", "RUN_DIR"]``, then *Run Script*.

It opens RUN_DIR/fields.pvd at its last time and colours by --array (temperature_mean_C
when the run wrote time averages, else temperature_C; short names T, T_mean, T_rms, U,
U_mean, U_rms and p work too). Temperatures take the report pictures' fixed range and map
(postprocess/hall_pictures.cpp, colour_map.cpp): recommended_min - 3 to allowable_max + 8
of the ASHRAE class in report.json, 15-40 degC without one, through the same 17 Turbo
stops, values outside the range in the end colours. Other arrays are ranged on their data.

The default view is a perspective from the front and above with
  - a horizontal slice at server-inlet height (the hottest inlet's z, else 1.2 m above
    the lowest rack base, else 1.2 m above the floor; mid-height in a lower room),
  - a vertical slice one cell in front of the hottest rack's intake face (else through
    the middle of the hall, normal to y),
  - rack outlines from report.json ("racks": name, min_m, max_m, front) and their names
    on the front faces, placed like the plan view's (below) so none overlap; without
    report.json, the solids instead (threshold object_id > 0),
  - optionally velocity arrows on the horizontal slice (--glyphs) and stream lines seeded
    around the hottest inlet (--streams).
--plan-height Z instead shows the horizontal slice at height Z from above (parallel
projection) with the racks' outlines and names (report.json's racks, else
the boxes of RUN_DIR/objects.csv located by their object_id cells), each name at its rack's
centre, else just beside it, else left out: no two names overlap. Slices are unlit, so
their colours are the map's own and match the colour bar.

Without --interact it saves a PNG: --save FILE, else RUN_DIR/paraview_view.png or
RUN_DIR/paraview_plan.png. Without a display (no DISPLAY), a ParaView that renders only
through X (Debian's 5.11 has neither EGL nor OSMesa, and aborts even with
--force-offscreen-rendering) gets a private Xvfb for the run; without Xvfb it stops with
a message saying what to install.

Written against paraview.simple of ParaView 5.11 (Debian 12); tested in rackflow's CI
(tests/paraview/). The report-reading helpers need only the standard library.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys

# Array names written by postprocess/vti_writer_*.cpp (field_writer.hpp: field_names).
TEMPERATURE = "temperature_C"
TEMPERATURE_MEAN = "temperature_mean_C"
VELOCITY = "velocity_m_s"
OBJECT_ID = "object_id"
SHORT_NAMES = {
    "T": TEMPERATURE,
    "T_mean": TEMPERATURE_MEAN,
    "T_rms": "temperature_rms_K",
    "U": VELOCITY,
    "U_mean": "velocity_mean_m_s",
    "U_rms": "velocity_rms_m_s",
    "p": "pressure_Pa",
}
# Arrays in degC: these take the report's fixed range.
CELSIUS_ARRAYS = (TEMPERATURE, TEMPERATURE_MEAN)
DEFAULT_RANGE = (15.0, 40.0)  # class A1 under the rule below
DEFAULT_DX = 0.05  # m, when report.json does not say
# Turbo at t = i/16 (postprocess/colour_map.cpp: stops), so ParaView's colours are the PNGs'.
TURBO_STOPS = (
    (48, 18, 59), (73, 62, 175), (68, 106, 238), (50, 149, 247), (38, 189, 225), (41, 221, 187),
    (64, 243, 146), (102, 253, 109), (150, 250, 80), (198, 235, 59), (238, 208, 45), (255, 171, 36),
    (255, 128, 29), (238, 84, 21), (201, 45, 12), (161, 18, 2), (122, 4, 3))
DARK = [0.1, 0.1, 0.1]  # labels, outlines, colour bar text: on the white background
IMAGE_SIZE_PX = (1600, 1000)
LABEL_FONT_PX = 14


def read_report(run_dir):
    path = os.path.join(run_dir, "report.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_objects(run_dir):
    """objects.csv (id, name, kind) as a list of dicts with an int id; [] when absent."""
    path = os.path.join(run_dir, "objects.csv")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return [{"id": int(row["id"]), "name": row["name"], "kind": row["kind"]}
                for row in csv.DictReader(f)]


def colour_range(report):
    limits = (report or {}).get("inlet_limits") or {}
    low, high = limits.get("recommended_min_c"), limits.get("allowable_max_c")
    if low is None or high is None:
        return DEFAULT_RANGE
    return (low - 3.0, high + 8.0)


def turbo_points(low, high):
    """ParaView RGBPoints (value, r, g, b, ...) of the pictures' map over [low, high]."""
    points = []
    for i, rgb in enumerate(TURBO_STOPS):
        points += [low + (high - low) * i / 16.0] + [c / 255.0 for c in rgb]
    return points


def array_name(choice, available):
    if choice is None:
        return TEMPERATURE_MEAN if TEMPERATURE_MEAN in available else TEMPERATURE
    name = SHORT_NAMES.get(choice, choice)
    if name not in available:
        sys.exit("open_run.py: --array %s: the run has no array %s (it has: %s)"
                 % (choice, name, ", ".join(sorted(available))))
    return name


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


def boxes_from_objects(objects, image):
    """Plan boxes (name, min_m, max_m) of the box objects in objects.csv, from the cells
    that carry their id. A rack's layers (NAME#k) count as one rack; boxes that span the
    whole floor (raised floor, ceiling) are left out: they would hide every other name."""
    from vtkmodules.util.numpy_support import vtk_to_numpy
    import numpy as np

    nx, ny, nz = [d - 1 for d in image.GetDimensions()]
    ox, oy, oz = image.GetOrigin()
    dx = image.GetSpacing()[0]
    ids = vtk_to_numpy(image.GetCellData().GetArray(OBJECT_ID)).reshape(nz, ny, nx)
    names = {}
    for obj in objects:
        if obj["id"] > 0:
            names.setdefault(obj["name"].split("#")[0], []).append(obj["id"])
    boxes = []
    for name, id_list in names.items():
        k, j, i = np.nonzero(np.isin(ids, id_list))
        if i.size == 0:
            continue
        lo = [ox + i.min() * dx, oy + j.min() * dx, oz + k.min() * dx]
        hi = [ox + (i.max() + 1) * dx, oy + (j.max() + 1) * dx, oz + (k.max() + 1) * dx]
        if i.max() - i.min() + 1 >= nx and j.max() - j.min() + 1 >= ny:
            continue
        boxes.append((name, lo, hi))
    return boxes


def label_size(name, metres_per_px):
    """Estimated (width, height) [m] of a name's text: a character about 0.6 em wide."""
    return (0.6 * LABEL_FONT_PX * len(name) * metres_per_px, 1.2 * LABEL_FONT_PX * metres_per_px)


def place_labels(boxes, metres_per_px):
    """(name, left, bottom) of the names that fit, in the boxes' two coordinates (u, v):
    each name centred on its box, else just above or below it, else left out, so that no
    two overlap. boxes: (name, lo, hi) with lo, hi of at least two coordinates."""
    placed, rects = [], []
    for name, lo, hi in sorted(boxes, key=lambda b: (b[1][1], b[1][0])):
        w, h = label_size(name, metres_per_px)
        cu, cv = (lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2
        for v in (cv, hi[1] + h / 2, lo[1] - h / 2):
            rect = (cu - w / 2, v - h / 2, cu + w / 2, v + h / 2)
            if all(rect[2] <= r[0] or rect[0] >= r[2] or rect[3] <= r[1] or rect[1] >= r[3]
                   for r in rects):
                rects.append(rect)
                placed.append((name, rect[0], rect[1]))
                break
    return placed


def renders_only_through_x():
    """True when this ParaView's render window needs an X server (no EGL, no OSMesa)."""
    from vtkmodules.vtkRenderingCore import vtkRenderWindow
    import vtkmodules.vtkRenderingOpenGL2  # noqa: F401 (registers the OpenGL window factory)

    return vtkRenderWindow().GetClassName() == "vtkXOpenGLRenderWindow"


def end_with_parent():
    """In a child before exec: SIGTERM it when its parent ends (prctl PR_SET_PDEATHSIG)."""
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # 1: PR_SET_PDEATHSIG


def start_virtual_display():
    """Starts a private Xvfb for this process and points DISPLAY at it. -displayfd picks a
    free display and reports it once the server accepts connections. -noreset: ParaView
    opens and closes two connections before the one it renders through, and an X server
    resets when its last client leaves, refusing connections meanwhile; on a loaded machine
    pvpython then aborts ("bad X server connection"). The server gets SIGTERM when this
    process ends, however it ends (Linux's parent-death signal): stopping it from Python at
    exit would pull the display from under ParaView's own clean-up."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        sys.exit("open_run.py: no display (DISPLAY is unset) and this ParaView renders only "
                 "through X; install Xvfb (Debian: apt-get install xvfb) or run under xvfb-run -a")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-nolisten", "tcp", "-noreset",
         "-screen", "0", "%dx%dx24" % IMAGE_SIZE_PX],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=end_with_parent)
    os.close(write_end)
    number = b""
    while not number.endswith(b"\n"):  # read it all: a closed pipe makes Xvfb quit
        chunk = os.read(read_end, 16)
        if not chunk:
            break
        number += chunk
    os.close(read_end)
    if not number.strip().isdigit():
        server.kill()
        sys.exit("open_run.py: no display (DISPLAY is unset) and Xvfb did not start; "
                 "try: xvfb-run -a -s '-noreset' pvpython open_run.py ...")
    os.environ["DISPLAY"] = ":" + number.decode().strip()
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("--array", help="array to colour by: T, T_mean, T_rms, U, U_mean, U_rms, p "
                        "or a full name (default: T_mean when present, else T)")
    parser.add_argument("--plan-height", type=float, metavar="METRES",
                        help="plan view: a horizontal slice at this height seen from above")
    parser.add_argument("--glyphs", action="store_true", help="velocity arrows on the horizontal slice")
    parser.add_argument("--streams", action="store_true", help="stream lines from the hottest inlet")
    parser.add_argument("--range", nargs=2, type=float, metavar=("MIN", "MAX"), help="temperature range [degC]")
    parser.add_argument("--save", metavar="FILE.png", help="screenshot file (default without --interact: "
                        "RUN_DIR/paraview_view.png, or paraview_plan.png with --plan-height)")
    parser.add_argument("--interact", action="store_true", help="keep the pvpython window open")
    args = parser.parse_args()
    pvd = os.path.join(args.run_dir, "fields.pvd")
    if not os.path.exists(pvd):
        sys.exit("open_run.py: %s not found: RUN_DIR must be a rackflow run's output folder" % pvd)
    if not os.environ.get("DISPLAY") and renders_only_through_x():
        start_virtual_display()

    import paraview.simple as pv
    from paraview import servermanager

    report = read_report(args.run_dir)
    reader = pv.PVDReader(FileName=pvd)
    scene = pv.GetAnimationScene()
    scene.UpdateAnimationUsingDataTimeSteps()
    scene.GoToLast()
    reader.UpdatePipeline(scene.AnimationTime)
    bounds = reader.GetDataInformation().GetBounds()
    shown = array_name(args.array, reader.CellData.keys())

    view = pv.GetActiveViewOrCreate("RenderView")
    view.ViewSize = list(IMAGE_SIZE_PX)
    if "UseColorPaletteForBackground" in view.ListProperties():
        view.UseColorPaletteForBackground = 0
    view.Background = [1.0, 1.0, 1.0]
    view.OrientationAxesLabelColor = DARK
    outline = pv.Show(reader, view)
    outline.Representation = "Outline"
    outline.ColorArrayName = ["CELLS", ""]
    outline.AmbientColor = outline.DiffuseColor = DARK

    lut = pv.GetColorTransferFunction(shown)
    lut.AutomaticRescaleRangeMode = "Never"
    if shown in CELSIUS_ARRAYS:
        low, high = args.range or colour_range(report)
    else:
        low, high = reader.CellData[shown].GetRange(-1 if shown.startswith("velocity") else 0)
    lut.ColorSpace = "RGB"
    lut.NanColor = [1.0, 1.0, 1.0]  # the pictures' choice: a missing value stands out

    def apply_range():
        """The fixed map and range. Again after the last ColorBy: its first use of the
        transfer function rescales it to the data whatever AutomaticRescaleRangeMode says."""
        lut.RGBPoints = turbo_points(low, high)
        pv.GetOpacityTransferFunction(shown).RescaleTransferFunction(low, high)

    apply_range()
    bar = pv.GetScalarBar(lut, view)
    bar.RangeLabelFormat = "%-#.4g"
    bar.Title = shown
    bar.ComponentTitle = "magnitude" if shown.startswith("velocity") and "rms" not in shown else ""
    bar.TitleColor = bar.LabelColor = DARK
    bar.TitleFontSize, bar.LabelFontSize = 18, 16

    def show_slice(origin, normal):
        cut = pv.Slice(Input=reader)
        cut.SliceType = "Plane"
        cut.SliceType.Origin = origin
        cut.SliceType.Normal = normal
        display = pv.Show(cut, view)
        pv.ColorBy(display, ("CELLS", shown, "Magnitude") if shown.startswith("velocity") else ("CELLS", shown))
        display.SetScalarBarVisibility(view, True)
        # Unlit: the colours are the map's own, as in the PNG pictures, and match the bar.
        display.Ambient, display.Diffuse, display.Specular = 1.0, 0.0, 0.0
        return cut

    def show_label(text, position):
        label = pv.Show(pv.Text(Text=text), view)
        label.TextPropMode = "Billboard 3D Text"
        label.BillboardPosition = position
        label.Color = DARK
        label.FontSize = LABEL_FONT_PX

    def show_box_outline(lo, hi):
        box = pv.Box(XLength=hi[0] - lo[0], YLength=hi[1] - lo[1], ZLength=hi[2] - lo[2],
                     Center=[(a + b) / 2 for a, b in zip(lo, hi)])
        display = pv.Show(box, view)
        display.Representation = "Outline"
        display.AmbientColor = display.DiffuseColor = DARK
        display.LineWidth = 2.0

    centre = [(bounds[2 * a] + bounds[2 * a + 1]) / 2 for a in range(3)]
    racks = (report or {}).get("racks") or []
    if args.plan_height is not None:
        z = args.plan_height
        if not bounds[4] <= z <= bounds[5]:
            sys.exit("open_run.py: --plan-height %g m is outside the domain (%g to %g m)"
                     % (z, bounds[4], bounds[5]))
        horizontal = show_slice([centre[0], centre[1], z], [0.0, 0.0, 1.0])
        pv._DisableFirstRenderCameraReset()  # keep the camera set here
        # Outlines and names a little above the slice, so they are drawn over it.
        above = z + 0.01 * (bounds[5] - bounds[4])
        width, depth = bounds[1] - bounds[0], bounds[3] - bounds[2]
        aspect = IMAGE_SIZE_PX[0] / IMAGE_SIZE_PX[1]
        view.CameraParallelProjection = 1
        view.CameraPosition = [centre[0], centre[1], bounds[5] + width + depth]
        view.CameraFocalPoint = [centre[0], centre[1], z]
        view.CameraViewUp = [0.0, 1.0, 0.0]
        # Half the visible height [m], with a margin for the colour bar on the right.
        view.CameraParallelScale = 0.55 * max(depth, 1.25 * width / aspect)
        metres_per_px = 2.0 * view.CameraParallelScale / IMAGE_SIZE_PX[1]
        if racks:
            boxes = [(r["name"], r["min_m"], r["max_m"]) for r in racks]
        else:
            boxes = boxes_from_objects(read_objects(args.run_dir), servermanager.Fetch(reader))
        for _, lo, hi in boxes:
            show_box_outline([lo[0], lo[1], above], [hi[0], hi[1], above])
        for name, left, bottom in place_labels(boxes, metres_per_px):
            show_label(name, [left, bottom, above])
    else:
        z = inlet_height(report, bounds[4])
        if not bounds[4] <= z <= bounds[5]:  # a room lower than a rack's inlet height
            z = centre[2]
        horizontal = show_slice([centre[0], centre[1], z], [0.0, 0.0, 1.0])
        hottest = hottest_rack(report)
        if hottest:
            show_slice(*intake_plane(hottest, cell_size(report)))
        else:
            show_slice(centre, [0.0, 1.0, 0.0])
        for rack in racks:
            show_box_outline(rack["min_m"], rack["max_m"])
        # Names on the racks' front faces (x, z) as the camera sees them; the hall spans
        # about 70 % of the picture's width from this camera.
        metres_per_px = (bounds[1] - bounds[0]) / (0.7 * IMAGE_SIZE_PX[0])
        faces = {r["name"]: r for r in racks}
        for name, left, bottom in place_labels(
                [(r["name"], [r["min_m"][0], r["min_m"][2]], [r["max_m"][0], r["max_m"][2]])
                 for r in racks], metres_per_px):
            rack = faces[name]
            show_label(name, [left, rack["min_m"][1], bottom])
        if report is None:
            solids = pv.Threshold(Input=reader, Scalars=["CELLS", OBJECT_ID])
            solids.LowerThreshold, solids.UpperThreshold = 0.5, 2.0**31 - 1
            solid_display = pv.Show(solids, view)
            solid_display.ColorArrayName = ["CELLS", ""]
            solid_display.AmbientColor = solid_display.DiffuseColor = [0.6, 0.6, 0.6]
        view.CameraPosition = [centre[0], bounds[2] - 1.5 * (bounds[3] - bounds[2]),
                               bounds[5] + (bounds[5] - bounds[4])]
        view.CameraFocalPoint = centre
        view.CameraViewUp = [0.0, 0.0, 1.0]
        view.ResetCamera()

    if args.glyphs:
        arrows = pv.Glyph(Input=pv.CellDatatoPointData(Input=horizontal), GlyphType="Arrow")
        arrows.OrientationArray = ["POINTS", VELOCITY]
        arrows.ScaleArray = ["POINTS", VELOCITY]
        arrows.ScaleFactor = 0.5  # s: an arrow's length is the distance the air covers in 0.5 s
        arrows.GlyphMode = "Every Nth Point"
        arrows.Stride = 20
        arrow_display = pv.Show(arrows, view)
        arrow_display.ColorArrayName = ["POINTS", ""]
        arrow_display.AmbientColor = arrow_display.DiffuseColor = DARK
    if args.streams:
        tracer = pv.StreamTracer(Input=pv.CellDatatoPointData(Input=reader), SeedType="Point Cloud")
        tracer.Vectors = ["POINTS", VELOCITY]
        hotspots = (report or {}).get("hotspots") or []
        tracer.SeedType.Center = hotspots[0]["at_m"] if hotspots else [centre[0], centre[1], z]
        tracer.SeedType.Radius = 0.5
        tracer.SeedType.NumberOfPoints = 100
        tracer.MaximumStreamlineLength = sum((bounds[2 * a + 1] - bounds[2 * a]) ** 2 for a in range(3)) ** 0.5
        pv.ColorBy(pv.Show(tracer, view), ("POINTS", TEMPERATURE))

    apply_range()
    pv.Render(view)
    save = args.save
    if save is None and not args.interact:
        save = os.path.join(args.run_dir, "paraview_plan.png" if args.plan_height is not None
                            else "paraview_view.png")
    if save:
        pv.SaveScreenshot(save, view, ImageResolution=list(IMAGE_SIZE_PX))
        print("open_run.py: saved " + save)
    if args.interact:
        pv.Interact(view)


if __name__ == "__main__":
    main()
