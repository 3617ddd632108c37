#include "postprocess/picture_text.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>

namespace rackflow::post {

namespace {

template <typename T>
struct GUnref {
  void operator()(T* p) const { g_object_unref(p); }
};
template <typename T>
using GPtr = std::unique_ptr<T, GUnref<T>>;

// Metrics without hinting, so a layout has one size whatever surface draws it.
void set_unhinted(PangoContext* context) {
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options(context, options);
  cairo_font_options_destroy(options);
}

void set_text(PangoLayout* layout, const std::string& text, double size_px) {
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, kFontFamily);
  pango_font_description_set_absolute_size(font, size_px * PANGO_SCALE);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  pango_layout_set_text(layout, text.c_str(), int(text.size()));
}

// A layout for measuring only: a context of the default font map, not tied to a surface.
GPtr<PangoLayout> measuring_layout(const std::string& text, double size_px) {
  GPtr<PangoContext> context(pango_font_map_create_context(pango_cairo_font_map_get_default()));
  set_unhinted(context.get());
  GPtr<PangoLayout> layout(pango_layout_new(context.get()));
  set_text(layout.get(), text, size_px);
  return layout;
}

GPtr<PangoLayout> drawing_layout(cairo_t* cr, const std::string& text, double size_px) {
  GPtr<PangoLayout> layout(pango_cairo_create_layout(cr));
  set_unhinted(pango_layout_get_context(layout.get()));
  pango_layout_context_changed(layout.get());
  set_text(layout.get(), text, size_px);
  return layout;
}

}  // namespace

TextExtent measure_text(const std::string& text, double size_px) {
  const GPtr<PangoLayout> layout = measuring_layout(text, size_px);
  PangoRectangle logical;
  pango_layout_get_extents(layout.get(), nullptr, &logical);
  return {double(logical.width) / PANGO_SCALE, double(logical.height) / PANGO_SCALE};
}

int unknown_glyphs(const std::string& text, double size_px) {
  return pango_layout_get_unknown_glyphs_count(measuring_layout(text, size_px).get());
}

void draw_text(cairo_t* cr, double x, double y, const std::string& text, double size_px, Rgb colour) {
  const GPtr<PangoLayout> layout = drawing_layout(cr, text, size_px);
  cairo_save(cr);
  set_colour(cr, colour);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout.get());
  cairo_restore(cr);
}

void draw_label(cairo_t* cr, double x, double y, const std::string& text, double size_px) {
  const GPtr<PangoLayout> layout = drawing_layout(cr, text, size_px);
  cairo_save(cr);
  cairo_move_to(cr, x, y);
  pango_cairo_layout_path(cr, layout.get());
  set_colour(cr, colours::white);
  cairo_set_line_width(cr, size_px / 5);  // the rim: wide enough to part text from any colour
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke(cr);
  set_colour(cr, colours::black);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout.get());
  cairo_restore(cr);
}

}  // namespace rackflow::post
