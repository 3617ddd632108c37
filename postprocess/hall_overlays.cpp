#include "postprocess/hall_overlays.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>

#include "postprocess/picture_text.hpp"

namespace rackflow::post {

namespace {

// A footprint in the figure's axes (x, y for a plan view).
struct Footprint {
  double h0, v0, h1, v1;
};

Footprint plan_footprint(const Vec3d& min_m, const Vec3d& max_m) { return {min_m[0], min_m[1], max_m[0], max_m[1]}; }

double width_px(const Figure& figure, const Footprint& f) {
  return std::abs(figure.plot().px(f.h1) - figure.plot().px(f.h0));
}

}  // namespace

void draw_rack_plan(Figure& figure, const RackResult& rack, double thickness, std::optional<Rgb> fill) {
  const Footprint f = plan_footprint(rack.min_m, rack.max_m);
  const PlotArea& plot = figure.plot();
  if (fill) figure.fill_box(f.h0, f.v0, f.h1, f.v1, *fill);
  figure.outline_box(f.h0, f.v0, f.h1, f.v1, colours::black, thickness);
  // The intake edge: the face's coordinate along its axis, spanning the other plan axis.
  const int a = face_axis(rack.front);
  if (a == 2) return;  // a rack taking air from above or below has no front edge in plan
  const double at = face_sign(rack.front) < 0 ? rack.min_m[a] : rack.max_m[a];
  const double front = thickness + 3;
  if (a == 0)
    line(figure.cr(), plot.px(at), plot.py(f.v0), plot.px(at), plot.py(f.v1), colours::black, front);
  else
    line(figure.cr(), plot.px(f.h0), plot.py(at), plot.px(f.h1), plot.py(at), colours::black, front);
}

void label_rack_plan(Figure& figure, const RackResult& rack, const std::string& text) {
  const Footprint f = plan_footprint(rack.min_m, rack.max_m);
  draw_centred_label(figure, (f.h0 + f.h1) / 2, (f.v0 + f.v1) / 2, text, width_px(figure, f));
}

void draw_cooler_plan(Figure& figure, const CoolerResult& cooler, bool filled) {
  const Footprint f = plan_footprint(cooler.min_m, cooler.max_m);
  if (filled) figure.fill_box(f.h0, f.v0, f.h1, f.v1, colours::unit_fill);
  figure.outline_box(f.h0, f.v0, f.h1, f.v1, colours::black, 1.5);
  draw_centred_label(figure, (f.h0 + f.h1) / 2, (f.v0 + f.v1) / 2,
                     cooler.failed ? cooler.name + "\nfailed" : cooler.name, width_px(figure, f));
}

void draw_tile_plan(Figure& figure, const TileResult& tile) {
  const Footprint f{tile.min_m[0], tile.min_m[1], tile.max_m[0], tile.max_m[1]};
  cairo_t* cr = figure.cr();
  cairo_save(cr);
  const double dash[] = {5, 3};
  cairo_set_dash(cr, dash, 2, 0);
  figure.outline_box(f.h0, f.v0, f.h1, f.v1, colours::tile_edge, 2);
  cairo_restore(cr);
  const double room = width_px(figure, f);
  if (measure_text(tile.name, kSmallTextPx).width <= room)
    draw_centred_label(figure, (f.h0 + f.h1) / 2, (f.v0 + f.v1) / 2, tile.name, room);
}

void draw_centred_label(Figure& figure, double h_m, double v_m, const std::string& text, double room_px) {
  const double size = measure_text(text, kTextPx).width <= room_px ? kTextPx : kSmallTextPx;
  const TextExtent e = measure_text(text, size);
  draw_label(figure.cr(), figure.plot().px(h_m) - e.width / 2, figure.plot().py(v_m) - e.height / 2, text, size);
}

void draw_marker(Figure& figure, double h_m, double v_m, const std::string& text) {
  const double cx = figure.plot().px(h_m), cy = figure.plot().py(v_m);
  constexpr double radius = 9;
  cairo_t* cr = figure.cr();
  cairo_new_path(cr);
  cairo_arc(cr, cx, cy, radius, 0, 2 * M_PI);
  set_colour(cr, colours::white);
  cairo_set_line_width(cr, 4.5);
  cairo_stroke_preserve(cr);
  set_colour(cr, colours::black);
  cairo_set_line_width(cr, 2);
  cairo_stroke(cr);
  // Beside the ring on the right, or on the left where the plot ends (the colour bar).
  const TextExtent e = measure_text(text, kTextPx);
  const double room = radius + 6;
  const bool fits_right = cx + room + e.width <= figure.plot().x + figure.plot().width;
  draw_label(cr, fits_right ? cx + room : cx - room - e.width, cy - e.height / 2, text, kTextPx);
}

}  // namespace rackflow::post
