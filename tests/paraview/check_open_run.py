"""ParaView test (ctest paraview_open_run): runs a small rackflow case, opens its output with
postprocess/paraview/open_run.py in Debian's pvpython, without a display (the script
starts its own Xvfb) and under xvfb-run, and checks the saved pictures' colours against the field itself.

    python3 check_open_run.py --rackflow BIN --pvpython PVPYTHON --source-dir DIR --work DIR

The plan view at PLAN_HEIGHT_M is flat-shaded and seen from above, so every cell of that
layer covers the same number of pixels in the map's own colour. Decoding each pixel back to
a temperature through the report's fixed map (15-40 degC, the Turbo stops of
postprocess/colour_map.cpp) must give the same share of the picture per temperature band
as the layer's cells have, read by VTK from the .vti. An auto-ranged or differently mapped
picture decodes to other temperatures and fails. The background must be white and dark
label pixels (rack name, colour-bar labels, outlines) must be there.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import png_pixels  # noqa: E402

CASE = "small-room.yaml"
PLAN_HEIGHT_M = 0.25  # the centre of the 0.2-0.3 m cell layer, through the supply jet
RANGE_C = (15.0, 40.0)  # the report's fixed range without report.json (hall_pictures.cpp)
SUPPLY_C = 18.0  # the case's supply temperature
# The same stops as postprocess/colour_map.cpp (Turbo at t = i/16).
TURBO_STOPS = (
    (48, 18, 59), (73, 62, 175), (68, 106, 238), (50, 149, 247), (38, 189, 225), (41, 221, 187),
    (64, 243, 146), (102, 253, 109), (150, 250, 80), (198, 235, 59), (238, 208, 45), (255, 171, 36),
    (255, 128, 29), (238, 84, 21), (201, 45, 12), (161, 18, 2), (122, 4, 3))
# Temperature bands [degC] whose shares are compared: 6 K wide, wide against the map's
# resolution (ParaView's 256-entry table: 0.1 K per entry).
BAND_EDGES_C = (21.0, 27.0, 33.0)
# A pixel is the map's colour when every channel is within this of a map sample: ParaView
# quantises the map to 256 entries and rounds to 8 bits (1-2 levels), and neighbouring
# samples of the 1024 used here differ by at most 2 levels.
MAP_TOLERANCE = 4
# Each of the 300 cells of the layer is 1/3 % of the slice. Outlines and the rack's name are
# drawn over a few cells and cell edges are antialiased; measured: 0.1 points. 2 points (6 cells)
# of slack for other fonts and renderers.
SHARE_TOLERANCE = 0.02
# The supply's own colour: cells within 0.5 K of 18 degC (the inlet row) must show as that.
SUPPLY_BAND_K = 0.5
MIN_WHITE_SHARE = 0.10  # the slice fills at most 70 % of the picture; the rest is background
MIN_DARK_PIXELS = 200  # a rack name, an outline and the colour bar's labels are thousands


def fail(message):
    sys.exit("check_open_run.py: FAIL: " + message)


def turbo_samples(count=1024):
    """(temperature_c, rgb) along the map over RANGE_C, linear between stops as colour_map.cpp."""
    samples = []
    for s in range(count):
        x = s / (count - 1) * 16
        i = min(int(x), 15)
        w = x - i
        rgb = tuple(round(a + (b - a) * w) for a, b in zip(TURBO_STOPS[i], TURBO_STOPS[i + 1]))
        samples.append((RANGE_C[0] + (RANGE_C[1] - RANGE_C[0]) * x / 16, rgb))
    return samples


SAMPLES = turbo_samples()


def decode(rgb):
    """The map temperature of a pixel colour, or None when it is not a map colour."""
    best = min(SAMPLES, key=lambda s: max(abs(a - b) for a, b in zip(s[1], rgb)))
    return best[0] if max(abs(a - b) for a, b in zip(best[1], rgb)) <= MAP_TOLERANCE else None


def band(t_c):
    return sum(t_c >= e for e in BAND_EDGES_C)


def shares(values):
    counts = [0] * (len(BAND_EDGES_C) + 1)
    for v in values:
        counts[band(v)] += 1
    return [c / max(len(values), 1) for c in counts]


def is_dark(rgb):
    # Near-black and grey: the map's dark ends (purple, red) are far from neutral.
    return max(rgb) <= 90 and max(rgb) - min(rgb) <= 20


def picture_summary(path):
    if not os.path.exists(path):
        fail(path + " was not written")
    width, height, pixels = png_pixels.read_rgb(path)
    counts = {}
    for p in pixels:
        counts[p] = counts.get(p, 0) + 1
    mapped, white, dark = {}, 0, 0
    for rgb, n in counts.items():
        if min(rgb) >= 250:
            white += n
        elif is_dark(rgb):
            dark += n
        else:
            t = decode(rgb)
            if t is not None:
                mapped[t] = mapped.get(t, 0) + n
    return {"pixels": width * height, "white": white, "dark": dark, "mapped": mapped}


def check_plan(path, cells_c):
    s = picture_summary(path)
    total_mapped = sum(s["mapped"].values())
    picture_shares = [0.0] * (len(BAND_EDGES_C) + 1)
    for t, n in s["mapped"].items():
        picture_shares[band(t)] += n / max(total_mapped, 1)
    field_shares = shares(cells_c)
    supply_pixels = sum(n for t, n in s["mapped"].items() if abs(t - SUPPLY_C) <= SUPPLY_BAND_K)
    supply_cells = sum(abs(t - SUPPLY_C) <= SUPPLY_BAND_K for t in cells_c)
    print("%s: white %.3f, dark %d px, map colours %.3f of the picture" % (
        os.path.basename(path), s["white"] / s["pixels"], s["dark"], total_mapped / s["pixels"]))
    print("  band shares (edges %s degC): picture %s, field %s" % (
        list(BAND_EDGES_C), ["%.3f" % x for x in picture_shares], ["%.3f" % x for x in field_shares]))
    print("  supply colour (%.1f +- %.1f degC): %.3f of the map pixels, %.3f of the cells" % (
        SUPPLY_C, SUPPLY_BAND_K, supply_pixels / max(total_mapped, 1), supply_cells / len(cells_c)))
    if s["white"] < MIN_WHITE_SHARE * s["pixels"]:
        fail("%s: background is not white (%d white pixels)" % (path, s["white"]))
    if s["dark"] < MIN_DARK_PIXELS:
        fail("%s: %d dark pixels: labels or outlines missing or not dark" % (path, s["dark"]))
    for i, (p, f) in enumerate(zip(picture_shares, field_shares)):
        if abs(p - f) > SHARE_TOLERANCE:
            fail("%s: band %d holds %.3f of the map pixels but %.3f of the cells: the picture "
                 "does not use the fixed range %s degC and map" % (path, i, p, f, RANGE_C))
    if supply_cells == 0:
        fail("the layer has no supply-temperature cell: the case no longer tests the supply colour")
    if abs(supply_pixels / max(total_mapped, 1) - supply_cells / len(cells_c)) > SHARE_TOLERANCE:
        fail("%s: the supply's colour covers %d pixels for %d cells" % (path, supply_pixels, supply_cells))


def check_default_view(path):
    s = picture_summary(path)
    print("%s: white %.3f, dark %d px, map colours %.3f of the picture" % (
        os.path.basename(path), s["white"] / s["pixels"], s["dark"], sum(s["mapped"].values()) / s["pixels"]))
    if s["white"] < MIN_WHITE_SHARE * s["pixels"] or s["dark"] < MIN_DARK_PIXELS:
        fail(path + ": no white background or no dark labels")
    hot = sum(n for t, n in s["mapped"].items() if band(t) == len(BAND_EDGES_C))
    if hot == 0:
        fail(path + ": no hot-air colour (>= %g degC) beside the rack" % BAND_EDGES_C[-1])


def check_label_placement(script):
    """open_run.place_labels on a tight row: no two names overlap, and each name is placed
    at its rack's centre or beside it or not at all."""
    sys.path.insert(0, os.path.dirname(script))
    import open_run

    metres_per_px = 0.01  # 14 px text: a character 0.084 m wide, a line 0.168 m high
    # Five 0.6 m racks side by side; their 10-character names (0.84 m) cannot all sit at
    # the centres. The sixth stands alone.
    boxes = [("rack-%05d" % i, [0.6 * i, 0.0, 0.0], [0.6 * i + 0.6, 1.0, 2.0]) for i in range(5)]
    boxes.append(("alone", [10.0, 10.0, 0.0], [10.6, 11.0, 2.0]))
    placed = open_run.place_labels(boxes, metres_per_px)
    rects = []
    for name, left, bottom in placed:
        w, h = open_run.label_size(name, metres_per_px)
        rects.append((left, bottom, left + w, bottom + h))
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            ra, rb = rects[a], rects[b]
            if ra[0] < rb[2] and rb[0] < ra[2] and ra[1] < rb[3] and rb[1] < ra[3]:
                fail("labels %s and %s overlap: %s" % (placed[a][0], placed[b][0], placed))
    names = [n for n, _, _ in placed]
    if "alone" not in names or len(names) < 4:
        fail("place_labels left out names that fit: %s" % placed)
    print("label placement: %d of %d names placed, none overlapping" % (len(placed), len(boxes)))


def run(command, env=None, log=None):
    """The command's standard output; fails on a non-zero exit, with its output and log."""
    print("+ " + " ".join(command), flush=True)
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=120)
    if done.returncode != 0:
        # ParaView's stack traces bury the message: drop their frame lines.
        lines = [l for l in done.stdout.splitlines() if " 0x" not in l]
        if log and os.path.exists(log):
            with open(log, encoding="utf-8", errors="replace") as f:
                lines += ["--- " + log] + f.read().splitlines()
        fail("exit code %d from %s\n%s" % (done.returncode, " ".join(command), "\n".join(lines[-60:])))
    return done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rackflow", required=True)
    parser.add_argument("--pvpython", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    pvpython = shutil.which(args.pvpython)
    if pvpython is None:
        fail("pvpython not found (%s): install ParaView as scripts/setup.sh does" % args.pvpython)
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None or shutil.which("Xvfb") is None:
        fail("xvfb-run or Xvfb not found: install xvfb as scripts/setup.sh does")
    here = os.path.dirname(os.path.abspath(__file__))
    script = os.path.join(args.source_dir, "postprocess", "paraview", "open_run.py")

    check_label_placement(script)

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    run_dir = os.path.join(args.work, "run")
    # One thread: 3000 cells; more threads only contend for CI's two cores.
    run([args.rackflow, "run", os.path.join(here, CASE), "--out", run_dir, "--quiet"],
        env=dict(os.environ, OMP_NUM_THREADS="1"))
    if not os.path.exists(os.path.join(run_dir, "objects.csv")):
        print("the run wrote no objects.csv: using tests/paraview/small-room.objects.csv")
        shutil.copy(os.path.join(here, "small-room.objects.csv"), os.path.join(run_dir, "objects.csv"))
    cells_c = json.loads(run([pvpython, os.path.join(here, "slice_temperatures.py"), run_dir,
                              str(PLAN_HEIGHT_M)]))

    no_display = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    offscreen_png = os.path.join(args.work, "plan_offscreen.png")
    run([pvpython, script, run_dir, "--plan-height", str(PLAN_HEIGHT_M), "--save", offscreen_png],
        env=no_display)
    xvfb_png = os.path.join(args.work, "plan_xvfb.png")
    xvfb_log = os.path.join(args.work, "xvfb-run.log")
    # -noreset as open_run.py's own Xvfb: ParaView's early connections would reset the server.
    run([xvfb_run, "-a", "-s", "-screen 0 1600x1000x24 -noreset", "-e", xvfb_log, pvpython, script, run_dir,
         "--plan-height", str(PLAN_HEIGHT_M), "--save", xvfb_png], env=no_display, log=xvfb_log)
    # No --save and no --interact: the default view still lands in a PNG.
    run([pvpython, script, run_dir], env=no_display)

    check_plan(offscreen_png, cells_c)
    check_plan(xvfb_png, cells_c)
    check_default_view(os.path.join(run_dir, "paraview_view.png"))
    print("check_open_run.py: PASS")


if __name__ == "__main__":
    main()
