// A picture drawn once with Cairo and written in three formats (DESIGN.md §7): the drawing
// goes to a recording surface, which is replayed onto a PNG raster (report.md), an SVG
// (report.html) and a PDF (print). Units are pixels of the PNG, which are points in the
// SVG and PDF, so one drawing function serves all three. (0,0) is the top-left corner,
// x to the right, y down.
//
// This header does not include cairo.h: the solver sees the pictures only through
// hall_pictures.hpp, and builds without Cairo (the pictures are then not drawn).
#pragma once

#include <filesystem>
#include <string>

#include "postprocess/rgb.hpp"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace rackflow::post {

// The file formats every picture is written in, as file-name suffixes.
inline constexpr const char* kPictureFormats[] = {".png", ".svg", ".pdf"};

class Picture {
 public:
  // A white picture of width × height pixels. Throws std::invalid_argument unless both
  // are positive.
  Picture(int width, int height);
  ~Picture();
  Picture(Picture&& other) noexcept;
  Picture& operator=(Picture&& other) noexcept;
  Picture(const Picture&) = delete;
  Picture& operator=(const Picture&) = delete;

  int width() const { return width_; }
  int height() const { return height_; }
  // The context to draw with; owned by the picture.
  cairo_t* cr() const { return cr_; }

  // `other` drawn with its top-left corner at (x, y): pictures composed of panels.
  void place(const Picture& other, double x, double y);

  // The file bytes in each format. Throw std::runtime_error if Cairo fails.
  std::string png() const;
  std::string svg() const;
  std::string pdf() const;

 private:
  int width_ = 0, height_ = 0;
  cairo_surface_t* recording_ = nullptr;
  cairo_t* cr_ = nullptr;
};

// Writes <dir>/<stem>.png, .svg and .pdf, each atomically (atomic_file.hpp). All three are
// rendered before the first is written.
void write_picture(const std::filesystem::path& dir, const std::string& stem, const Picture& picture);

// Drawing helpers in picture pixels.
void set_colour(cairo_t* cr, Rgb colour);
void fill_rect(cairo_t* cr, double x, double y, double w, double h, Rgb colour);
// The border of the box, `thickness` wide, centred on the box's edges.
void stroke_rect(cairo_t* cr, double x, double y, double w, double h, Rgb colour, double thickness);
void line(cairo_t* cr, double x0, double y0, double x1, double y1, Rgb colour, double thickness);

}  // namespace rackflow::post
