#include "postprocess/hall_overlays.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "postprocess/bitmap_font.hpp"

namespace rackflow::post {

namespace {

// The rack's plan footprint in the figure's axes (x, y for a plan view).
struct Footprint {
  double h0, v0, h1, v1;
};

Footprint plan_footprint(const Vec3d& min_m, const Vec3d& max_m) {
  return {min_m[0], min_m[1], max_m[0], max_m[1]};
}

int width_px(const Figure& figure, const Footprint& f) {
  return std::abs(figure.plot().px(f.h1) - figure.plot().px(f.h0));
}

}  // namespace

void draw_rack_plan(Figure& figure, const RackResult& rack, int thickness,
                    std::optional<Rgb> fill) {
  const Footprint f = plan_footprint(rack.min_m, rack.max_m);
  const PlotArea& plot = figure.plot();
  if (fill) {
    const int x0 = std::min(plot.px(f.h0), plot.px(f.h1)),
              y0 = std::min(plot.py(f.v0), plot.py(f.v1));
    figure.canvas().fill_rect(x0, y0, width_px(figure, f), std::abs(plot.py(f.v1) - plot.py(f.v0)),
                              *fill);
  }
  figure.outline_box(f.h0, f.v0, f.h1, f.v1, colours::black, thickness);
  // The intake edge: the face's coordinate along its axis, spanning the other plan axis.
  const int a = face_axis(rack.front);
  if (a == 2) return;  // a rack taking air from above or below has no front edge in plan
  const double at = face_sign(rack.front) < 0 ? rack.min_m[a] : rack.max_m[a];
  const int front = thickness + 3;
  if (a == 0)
    figure.canvas().line(plot.px(at), plot.py(f.v0), plot.px(at), plot.py(f.v1), colours::black,
                         front);
  else
    figure.canvas().line(plot.px(f.h0), plot.py(at), plot.px(f.h1), plot.py(at), colours::black,
                         front);
}

void label_rack_plan(Figure& figure, const RackResult& rack, const std::string& text) {
  const Footprint f = plan_footprint(rack.min_m, rack.max_m);
  draw_centred_label(figure, (f.h0 + f.h1) / 2, (f.v0 + f.v1) / 2, text, width_px(figure, f));
}

void draw_cooler_plan(Figure& figure, const CoolerResult& cooler) {
  const Footprint f = plan_footprint(cooler.min_m, cooler.max_m);
  const PlotArea& plot = figure.plot();
  const int x0 = std::min(plot.px(f.h0), plot.px(f.h1)),
            y0 = std::min(plot.py(f.v0), plot.py(f.v1));
  figure.canvas().fill_rect(x0, y0, width_px(figure, f), std::abs(plot.py(f.v1) - plot.py(f.v0)),
                            colours::unit_fill);
  figure.outline_box(f.h0, f.v0, f.h1, f.v1, colours::black, 1);
  draw_centred_label(figure, (f.h0 + f.h1) / 2, (f.v0 + f.v1) / 2,
                     cooler.failed ? cooler.name + "\nfailed" : cooler.name, width_px(figure, f));
}

void draw_centred_label(Figure& figure, double h_m, double v_m, const std::string& text,
                        int room_px) {
  const int scale = text_width(text, Figure::text_scale) <= room_px ? Figure::text_scale : 1;
  const int lines = 1 + int(std::count(text.begin(), text.end(), '\n'));
  const int height = (lines - 1) * line_height * scale + text_height(scale);
  draw_label(figure.canvas(), figure.plot().px(h_m) - text_width(text, scale) / 2,
             figure.plot().py(v_m) - height / 2, text, scale);
}

void draw_marker(Figure& figure, double h_m, double v_m, const std::string& text) {
  const int cx = figure.plot().px(h_m), cy = figure.plot().py(v_m);
  constexpr int radius = 9;
  // Ring: pixels within half a pixel of the circle, black inside a white rim.
  for (int dy = -radius - 2; dy <= radius + 2; ++dy)
    for (int dx = -radius - 2; dx <= radius + 2; ++dx) {
      const double d = std::hypot(dx, dy) - radius;
      if (std::abs(d) <= 1.0)
        figure.canvas().set(cx + dx, cy + dy, colours::black);
      else if (std::abs(d) <= 2.2)
        figure.canvas().set(cx + dx, cy + dy, colours::white);
    }
  // Beside the ring on the right, or on the left where the plot ends (the colour bar).
  const int w = text_width(text, Figure::text_scale), room = radius + 6;
  const bool fits_right = cx + room + w <= figure.plot().x + figure.plot().width;
  draw_label(figure.canvas(), fits_right ? cx + room : cx - room - w,
             cy - text_height(Figure::text_scale) / 2, text, Figure::text_scale);
}

}  // namespace rackflow::post
