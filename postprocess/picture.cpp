#include "postprocess/picture.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <stdexcept>
#include <utility>

#include "postprocess/atomic_file.hpp"

namespace rackflow::post {

namespace {

void check(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cairo: ") + what + ": " + cairo_status_to_string(status));
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Replays the recording onto `target`. A stream surface (SVG, PDF) is then finished, so
// every byte has reached its string; an image surface is flushed, to be encoded next.
void replay(cairo_surface_t* recording, cairo_surface_t* target, const char* what) {
  check(cairo_surface_status(target), what);
  cairo_t* cr = cairo_create(target);
  cairo_set_source_surface(cr, recording, 0, 0);
  cairo_paint(cr);
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  if (cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE)
    cairo_surface_flush(target);
  else
    cairo_surface_finish(target);
  check(status, what);
  check(cairo_surface_status(target), what);
}

}  // namespace

Picture::Picture(int width, int height) : width_(width), height_(height) {
  if (width <= 0 || height <= 0)
    throw std::invalid_argument("picture of " + std::to_string(width) + " x " + std::to_string(height) +
                                " pixels (allowed: both > 0)");
  const cairo_rectangle_t extents{0, 0, double(width), double(height)};
  recording_ = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, &extents);
  cr_ = cairo_create(recording_);
  check(cairo_status(cr_), "recording surface");
  fill_rect(cr_, 0, 0, width, height, colours::white);
}

Picture::~Picture() {
  if (cr_) cairo_destroy(cr_);
  if (recording_) cairo_surface_destroy(recording_);
}

Picture::Picture(Picture&& other) noexcept
    : width_(other.width_), height_(other.height_),
      recording_(std::exchange(other.recording_, nullptr)), cr_(std::exchange(other.cr_, nullptr)) {}

Picture& Picture::operator=(Picture&& other) noexcept {
  std::swap(width_, other.width_);
  std::swap(height_, other.height_);
  std::swap(recording_, other.recording_);
  std::swap(cr_, other.cr_);
  return *this;
}

void Picture::place(const Picture& other, double x, double y) {
  cairo_save(cr_);
  cairo_set_source_surface(cr_, other.recording_, x, y);
  cairo_paint(cr_);
  cairo_restore(cr_);
}

std::string Picture::png() const {
  cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_, height_);
  std::string out;
  try {
    replay(recording_, image, "PNG raster");
    check(cairo_surface_write_to_png_stream(image, append, &out), "PNG encoding");
  } catch (...) {
    cairo_surface_destroy(image);
    throw;
  }
  cairo_surface_destroy(image);
  return out;
}

std::string Picture::svg() const {
  std::string out;
  cairo_surface_t* svg = cairo_svg_surface_create_for_stream(append, &out, width_, height_);
  // Pixels, not points: a browser shows the picture at the size of the PNG.
  cairo_svg_surface_set_document_unit(svg, CAIRO_SVG_UNIT_PX);
  try {
    replay(recording_, svg, "SVG");
  } catch (...) {
    cairo_surface_destroy(svg);
    throw;
  }
  cairo_surface_destroy(svg);
  return out;
}

std::string Picture::pdf() const {
  std::string out;
  cairo_surface_t* pdf = cairo_pdf_surface_create_for_stream(append, &out, width_, height_);
  try {
    replay(recording_, pdf, "PDF");
  } catch (...) {
    cairo_surface_destroy(pdf);
    throw;
  }
  cairo_surface_destroy(pdf);
  return out;
}

void write_picture(const std::filesystem::path& dir, const std::string& stem, const Picture& picture) {
  const std::string bytes[] = {picture.png(), picture.svg(), picture.pdf()};
  for (int f = 0; f < 3; ++f) write_file_atomically(dir / (stem + kPictureFormats[f]), bytes[f]);
}

void set_colour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0); }

void fill_rect(cairo_t* cr, double x, double y, double w, double h, Rgb colour) {
  set_colour(cr, colour);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

void stroke_rect(cairo_t* cr, double x, double y, double w, double h, Rgb colour, double thickness) {
  set_colour(cr, colour);
  cairo_set_line_width(cr, thickness);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  cairo_rectangle(cr, x, y, w, h);
  cairo_stroke(cr);
}

void line(cairo_t* cr, double x0, double y0, double x1, double y1, Rgb colour, double thickness) {
  set_colour(cr, colour);
  cairo_set_line_width(cr, thickness);
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
  cairo_stroke(cr);
}

}  // namespace rackflow::post
