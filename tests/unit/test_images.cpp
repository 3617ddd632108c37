// Pictures: the Cairo surfaces (PNG size, SVG parsed as XML, PDF structure), Pango text
// (ink inside the label's box, descenders, no unknown glyphs), the colour map and bar,
// slices, velocity arrows, and the hall pictures read back pixel by pixel.
#include <cairo.h>
#include <expat.h>
#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "postprocess/colour_bar.hpp"
#include "postprocess/colour_map.hpp"
#include "postprocess/field_slice.hpp"
#include "postprocess/hall_history_plot.hpp"
#include "postprocess/hall_pictures.hpp"
#include "postprocess/hall_vectors.hpp"
#include "postprocess/picture.hpp"
#include "postprocess/picture_text.hpp"
#include "../png_reader.hpp"

namespace rackflow::post {
namespace {

using test::Decoded;
using test::decode_png;
using test::longest_run;
using test::Span;

namespace fs = std::filesystem;

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// ---------------------------------------------------------------------------------------
// Surfaces: one drawing, three formats.

// The root element's name and attributes of an XML document, if expat parses it whole.
struct XmlRoot {
  bool parsed = false;
  std::string name, width, height;
  int elements = 0;
};

XmlRoot parse_xml(const std::string& text) {
  XmlRoot root;
  XML_Parser parser = XML_ParserCreateNS(nullptr, ' ');
  XML_SetUserData(parser, &root);
  XML_SetStartElementHandler(parser, [](void* data, const XML_Char* name, const XML_Char** attributes) {
    auto* r = static_cast<XmlRoot*>(data);
    if (r->elements++ > 0) return;
    r->name = name;
    for (int i = 0; attributes[i]; i += 2) {
      if (std::string(attributes[i]) == "width") r->width = attributes[i + 1];
      if (std::string(attributes[i]) == "height") r->height = attributes[i + 1];
    }
  });
  root.parsed = XML_Parse(parser, text.data(), int(text.size()), 1) == XML_STATUS_OK;
  XML_ParserFree(parser);
  return root;
}

TEST(Picture, PngSvgAndPdfOfOneDrawing) {
  Picture picture(321, 123);  // odd sizes: no accidental alignment
  fill_rect(picture.cr(), 10, 20, 30, 40, {200, 30, 40});
  draw_text(picture.cr(), 60, 20, "m³/s", kTextPx, colours::black);
  const Decoded png = decode_png(picture.png());
  EXPECT_EQ(png.width, 321);
  EXPECT_EQ(png.height, 123);
  EXPECT_EQ(png.at(25, 40), (Rgb{200, 30, 40}));
  EXPECT_EQ(png.at(5, 5), colours::white);
  const XmlRoot svg = parse_xml(picture.svg());
  EXPECT_TRUE(svg.parsed) << "the SVG is well-formed XML";
  EXPECT_EQ(svg.name, "http://www.w3.org/2000/svg svg");
  EXPECT_EQ(svg.width, "321px");
  EXPECT_EQ(svg.height, "123px");
  EXPECT_GT(svg.elements, 3);
  const std::string pdf = picture.pdf();
  EXPECT_EQ(pdf.substr(0, 7), "%PDF-1.");
  EXPECT_NE(pdf.find("/Type /Page"), std::string::npos);
  EXPECT_NE(pdf.find("%%EOF", pdf.size() - 8), std::string::npos);
  EXPECT_THROW(Picture(0, 3), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// Text.

// The rows [first, end) that hold any non-white pixel in columns [x0, x1).
Span ink_rows(const Decoded& png, int x0, int x1) {
  Span s{png.height, 0};
  for (int y = 0; y < png.height; ++y)
    for (int x = x0; x < x1; ++x)
      if (png.at(x, y) != colours::white) {
        s.first = std::min(s.first, y);
        s.end = std::max(s.end, y + 1);
      }
  return s;
}

TEST(Text, LabelInksItsBoxAndNothingElse) {
  const std::string label = "ΔT 25 °C";
  const TextExtent e = measure_text(label, kTextPx);
  EXPECT_GT(e.width, 4 * kTextPx);
  EXPECT_GT(e.height, kTextPx);
  EXPECT_LT(e.height, 2 * kTextPx);
  EXPECT_GT(measure_text("a\nb", kTextPx).height, 1.8 * e.height) << "two lines";
  Picture picture(200, 60);
  draw_text(picture.cr(), 20, 15, label, kTextPx, colours::black);
  const Decoded png = decode_png(picture.png());
  int inside = 0, outside = 0;
  for (int y = 0; y < png.height; ++y)
    for (int x = 0; x < png.width; ++x) {
      if (png.at(x, y) == colours::white) continue;
      const bool in_box = x >= 19 && x <= 21 + e.width && y >= 14 && y <= 16 + e.height;
      (in_box ? inside : outside)++;
    }
  EXPECT_GT(inside, 80) << "the label is drawn";
  EXPECT_EQ(outside, 0) << "and only inside its box";
  // Anti-aliased: edge pixels are grey, not only black and white.
  int grey = 0;
  for (int y = 0; y < png.height; ++y)
    for (int x = 0; x < png.width; ++x) grey += png.at(x, y) != colours::white && png.at(x, y) != colours::black;
  EXPECT_GT(grey, 20);
}

TEST(Text, DescendersGoBelowTheBaselineAndUnicodeHasGlyphs) {
  // "y" and "g" drawn beside "x" at the same place: their ink reaches lower ("y up" must
  // not read "9 up").
  Picture picture(200, 60);
  draw_text(picture.cr(), 10, 10, "x", kTextPx, colours::black);
  draw_text(picture.cr(), 60, 10, "y", kTextPx, colours::black);
  const Decoded png = decode_png(picture.png());
  const Span x = ink_rows(png, 0, 50), y = ink_rows(png, 50, 100);
  EXPECT_EQ(y.first, x.first) << "same x-height";
  EXPECT_GE(y.end - x.end, 3) << "the descender";
  for (const char* text : {"m³/s", "Δp", "°C", "gyp", "≤ 32 °C", "−3.2 Pa"})
    EXPECT_EQ(unknown_glyphs(text, kTextPx), 0) << text;
  // The check itself sees a character no installed font has (a private-use code point).
  EXPECT_GT(unknown_glyphs("\xEE\x80\x80", kTextPx), 0);
}

// ---------------------------------------------------------------------------------------
// Colour map and colour bar.

double hue_degrees(Rgb c) {
  const double r = c.r, g = c.g, b = c.b;
  return std::fmod(
      std::atan2(std::sqrt(3.0) * (g - b), 2 * r - g - b) * 180 / std::acos(-1.0) + 360, 360);
}

TEST(ColourMap, EndsAreTurbosAndOutsideValuesClamp) {
  EXPECT_EQ(turbo(0), (Rgb{48, 18, 59}));
  EXPECT_EQ(turbo(1), (Rgb{122, 4, 3}));
  EXPECT_EQ(turbo(-3), turbo(0));
  EXPECT_EQ(turbo(7), turbo(1));
  const ColourScale scale{15, 40};
  EXPECT_EQ(scale.colour(15), turbo(0));
  EXPECT_EQ(scale.colour(40), turbo(1));
  EXPECT_EQ(scale.colour(100), turbo(1));
  EXPECT_EQ(scale.colour(std::nan("")), colours::white);
}

// Cold to hot runs blue, cyan, green, yellow, red: the hue only ever decreases, so no
// two temperatures share a colour and the order reads without the bar.
TEST(ColourMap, HueDecreasesMonotonicallyFromColdToHot) {
  double previous = 360;
  for (int i = 0; i <= 512; ++i) {
    const double hue = hue_degrees(turbo(i / 512.0));
    EXPECT_LE(hue, previous + 0.5) << "t = " << i / 512.0;  // 0.5°: rounding to 8 bits
    previous = hue;
  }
  EXPECT_GT(hue_degrees(turbo(0.1)), 200);  // blue
  EXPECT_LT(hue_degrees(turbo(0.95)), 20);  // red
}

// Each row of the bar shows the colour the map gives the value at that row's centre; the
// ticks sit at their values.
TEST(ColourBar, RowsHaveTheColourMapsColours) {
  const ColourKey key{ColourScale{15, 40}, "°C", {{32, "A1 max 32"}}};
  const double x = 20, y = 10, height = 400;
  Picture picture(40 + colour_bar_width(key), 420);
  draw_colour_bar(picture.cr(), x, y, height, key);
  const Decoded png = decode_png(picture.png());
  const ColourBarRows bar = colour_bar_rows(y, height);
  const int rows = int(std::lround(bar.height)), centre = int(x + kColourBarWidthPx / 2);
  int checked = 0;
  for (int r = 2; r < rows - 2; ++r) {
    const double value = 40 - (r + 0.5) / rows * 25;
    if (std::abs(value - 32) < 0.5) continue;  // the limit's mark is drawn across the bar
    ASSERT_EQ(png.at(centre, int(bar.top) + r), key.scale.colour(value)) << "row " << r << ", " << value << " °C";
    ++checked;
  }
  EXPECT_GT(checked, 300);
  // The mark: black across the bar at 32 °C.
  const int mark_row = int(bar.top + (1 - key.scale.fraction(32)) * rows);
  EXPECT_EQ(png.at(centre, mark_row), colours::black);
}

// ---------------------------------------------------------------------------------------
// Velocity arrows.

TEST(Arrows, BlockMeansInThePicturesAxesSkippingSolids) {
  Snapshot s;
  s.cells = {8, 4, 3};
  s.spacing_m = 0.1;
  s.temperature_c.assign(s.size(), 20.0f);
  s.object_id.assign(s.size(), 0);
  s.velocity_m_s.assign(3 * s.size(), 0.0f);
  for (std::size_t c = 0; c < s.size(); ++c) {
    s.velocity_m_s[3 * c + 0] = 2.0f;   // +x
    s.velocity_m_s[3 * c + 1] = -1.0f;  // -y
    s.velocity_m_s[3 * c + 2] = 0.5f;   // +z
  }
  s.object_id[0] = 4;                     // cell (0,0,0) solid: left out of its block
  s.velocity_m_s[0] = 100.0f;
  const FieldSlice plan = horizontal_slice(s, 0);
  const std::vector<ArrowSample> a = arrow_samples(plan, 4);
  ASSERT_EQ(a.size(), 2u);  // 8 × 4 cells in blocks of 4
  EXPECT_NEAR(a[0].h_m, 0.2, 1e-12);
  EXPECT_NEAR(a[0].v_m, 0.2, 1e-12);
  EXPECT_FLOAT_EQ(a[0].u_h_m_s, 2.0f) << "the solid cell's 100 m/s is not in the mean";
  EXPECT_FLOAT_EQ(a[0].u_v_m_s, -1.0f);
  // Seen along -y (mirrored: the picture's right is -x), up is z.
  const FieldSlice elevation = vertical_slice(s, 1, 2, -1);
  const std::vector<ArrowSample> b = arrow_samples(elevation, 3);
  ASSERT_FALSE(b.empty());
  EXPECT_FLOAT_EQ(b[0].u_h_m_s, -2.0f);
  EXPECT_FLOAT_EQ(b[0].u_v_m_s, 0.5f);
  FieldSlice no_velocity = plan;
  no_velocity.velocity_h_m_s.clear();
  EXPECT_THROW(arrow_samples(no_velocity, 4), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// Slices and pictures of synthetic snapshots.

// nx × ny × nz cells of 0.1 m at the origin, all fluid at 18 °C.
Snapshot uniform_snapshot(int nx, int ny, int nz) {
  Snapshot s;
  s.cells = {nx, ny, nz};
  s.spacing_m = 0.1;
  s.time_s = 600;
  s.temperature_c.assign(s.size(), 18.0f);
  s.velocity_m_s.assign(3 * s.size(), 0.0f);
  s.pressure_pa.assign(s.size(), 0.0f);
  s.object_id.assign(s.size(), 0);
  return s;
}

std::size_t cell(const Snapshot& s, int i, int j, int k) {
  return std::size_t(i) + std::size_t(s.cells[0]) * (j + std::size_t(s.cells[1]) * k);
}

template <class F>
void for_cells(const Snapshot& s, F f) {
  for (int k = 0; k < s.cells[2]; ++k)
    for (int j = 0; j < s.cells[1]; ++j)
      for (int i = 0; i < s.cells[0]; ++i) f(i, j, k, cell(s, i, j, k));
}

// The whole snapshot in the place of every plane the pictures need: it holds them all.
std::vector<std::string> stems(const std::vector<PictureFile>& files) {
  std::vector<std::string> out;
  for (const PictureFile& f : files) out.push_back(f.stem);
  return out;
}

std::vector<Snapshot> whole_as_planes(const Snapshot& s, const HallResults& r, const PictureOptions& o) {
  return std::vector<Snapshot>(picture_planes(r, o, domain_geometry(s)).size(), s);
}

TEST(FieldSlice, AxesMirroringAndCrop) {
  Snapshot s = uniform_snapshot(4, 3, 2);
  for_cells(s, [&](int i, int j, int k, std::size_t c) {
    s.temperature_c[c] = float(100 * k + 10 * j + i);
  });
  const FieldSlice plan = horizontal_slice(s, 1);
  EXPECT_EQ(plan.columns, 4);
  EXPECT_EQ(plan.rows, 3);
  EXPECT_EQ(plan.temperature_c[1 + 4 * 2], 121.0f);  // column 1 (x), row 2 (y)

  // Looking along +y the viewer's right is +x; looking along -y it is -x.
  const FieldSlice forward = vertical_slice(s, 1, 2, +1);
  EXPECT_FALSE(forward.mirrored);
  EXPECT_EQ(forward.temperature_c[0 + 4 * 1], 120.0f);
  const FieldSlice back = vertical_slice(s, 1, 2, -1);
  EXPECT_TRUE(back.mirrored);
  EXPECT_EQ(back.temperature_c[0 + 4 * 1], 123.0f);
  EXPECT_DOUBLE_EQ(back.column_of(0.4), 0.0);
  EXPECT_DOUBLE_EQ(back.column_of(0.0), 4.0);
  // Looking along +x the viewer's right is -y.
  EXPECT_TRUE(vertical_slice(s, 0, 0, +1).mirrored);
  EXPECT_THROW(vertical_slice(s, 2, 0, +1), std::invalid_argument);
  EXPECT_THROW(horizontal_slice(s, 2), std::invalid_argument);

  const FieldSlice window = crop_columns(back, 0.15, 0.25);  // cells x = 1, 2
  EXPECT_EQ(window.columns, 2);
  EXPECT_EQ(window.temperature_c[0], 22.0f);  // row 0 is k = 0; mirrored: x = 2 first
  EXPECT_EQ(window.temperature_c[1], 21.0f);
  EXPECT_NEAR(window.left_m, 0.3, 1e-12);
}

class Pictures : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rackflow_images_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path dir_;
};

RackResult rack(const std::string& name, Vec3d min_m, Vec3d max_m, Face front, double inlet_max_c) {
  RackResult r;
  r.name = name;
  r.min_m = min_m;
  r.max_m = max_m;
  r.front = front;
  r.inlet_max_c = inlet_max_c;
  r.inlet_max_at_m = {(min_m[0] + max_m[0]) / 2, min_m[1] - 0.05, 1.0};
  return r;
}

constexpr float cold_c = 18, hot_c = 38;

// x right: a hall hot for x >= 2 m, with a solid pillar at 0.5 <= x < 0.8 m.
TEST_F(Pictures, InletSliceShowsHotRightColdLeftAndSolidsGrey) {
  Snapshot s = uniform_snapshot(40, 20, 10);
  for_cells(s, [&](int i, int, int, std::size_t c) {
    s.temperature_c[c] = i >= 20 ? hot_c : cold_c;
    if (i >= 5 && i < 8) s.object_id[c] = 3;
  });
  const HallResults results;  // no racks: only the plan slice
  const auto files = write_hall_pictures(dir_.string(), whole_as_planes(s, results, {}), results, {});
  ASSERT_EQ(stems(files), std::vector<std::string>{"slice_inlet_height"});
  for (const char* format : kPictureFormats) EXPECT_TRUE(fs::is_regular_file(dir_ / ("slice_inlet_height" + std::string(format))));
  const Decoded png = decode_png(read_file(dir_ / "slice_inlet_height.png"));
  const ColourScale scale = picture_colour_scale({}, results);
  const int mid = png.height / 2;
  const Span cold = longest_run(png, scale.colour(cold_c), true, mid);
  const Span hot = longest_run(png, scale.colour(hot_c), true, mid);
  const Span solid = longest_run(png, colours::solid, true, mid);
  // In cells along x: cold 0-4, pillar 5-7, cold 8-19, hot 20-39.
  EXPECT_GT(hot.length(), png.width / 3);
  EXPECT_EQ(cold.end, hot.first) << "cold meets hot at x = 2 m";
  EXPECT_EQ(solid.end, cold.first) << "the pillar ends where the longer cold run starts";
  EXPECT_NEAR(cold.length(), hot.length() * 12 / 20.0, 2);
  EXPECT_NEAR(solid.length(), hot.length() * 3 / 20.0, 2);
}

// y up: hot for y >= 1 m, so the top of the plot is hot.
TEST_F(Pictures, PlanViewHasYUp) {
  Snapshot s = uniform_snapshot(30, 20, 10);
  for_cells(s,
            [&](int, int j, int, std::size_t c) { s.temperature_c[c] = j >= 10 ? hot_c : cold_c; });
  const HallResults results;
  write_hall_pictures(dir_.string(), whole_as_planes(s, results, {}), results, {});
  const Decoded png = decode_png(read_file(dir_ / "slice_inlet_height.png"));
  const ColourScale scale = picture_colour_scale({}, results);
  const int column = png.width / 4;  // inside the plot, left of the colour bar
  const Span hot = longest_run(png, scale.colour(hot_c), false, column);
  const Span cold = longest_run(png, scale.colour(cold_c), false, column);
  EXPECT_GT(hot.length(), 100);
  EXPECT_EQ(hot.end, cold.first) << "hot above cold";
}

// Two racks in a row facing y_min; the air just in front of them (y < 1 m) is hot, the
// racks solid, the rest cold. The intake picture must show the hot layer, not the rack.
HallResults two_racks() {
  HallResults r;
  r.time_s = 600;
  r.racks.push_back(rack("a01", {1.0, 1.0, 0.0}, {1.6, 2.0, 2.0}, Face::YMin, 30.5));
  r.racks.push_back(rack("a02", {1.6, 1.0, 0.0}, {2.2, 2.0, 2.0}, Face::YMin, 33.2));
  Hotspot h;
  h.rack = "a02";
  h.server = "s3";
  h.at_m = r.racks[1].inlet_max_at_m;
  h.temperature_c = 33.2;
  r.hotspots.push_back(h);
  return r;
}

Snapshot two_rack_snapshot(const HallResults& r) {
  Snapshot s = uniform_snapshot(40, 30, 25);
  for_cells(s, [&](int i, int j, int k, std::size_t c) {
    const double x = (i + 0.5) * 0.1, y = (j + 0.5) * 0.1, z = (k + 0.5) * 0.1;
    if (y < 1.0) s.temperature_c[c] = hot_c;
    for (std::size_t n = 0; n < r.racks.size(); ++n) {
      const RackResult& b = r.racks[n];
      if (x >= b.min_m[0] && x < b.max_m[0] && y >= b.min_m[1] && y < b.max_m[1] && z < b.max_m[2])
        s.object_id[c] = int(n) + 1;
    }
  });
  return s;
}

TEST_F(Pictures, TwoRacksGiveThreeFilesAndTheIntakeSliceIsInFrontOfTheRack) {
  const HallResults results = two_racks();
  const Snapshot s = two_rack_snapshot(results);
  PictureOptions options;
  options.label = "all units running";
  const auto files = write_hall_pictures(dir_.string(), whole_as_planes(s, results, options), results, options);
  const std::vector<std::string> expected{"slice_inlet_height", "slice_hottest_rack_intake", "plan_inlet_max",
                                          "elevation_inlet_racks"};
  ASSERT_EQ(stems(files), expected);
  for (const auto& f : expected) {
    const Decoded png = decode_png(read_file(dir_ / (f + ".png")));
    EXPECT_GE(png.width, 900) << f;
    EXPECT_LE(png.width, 1700) << f;
    EXPECT_FALSE(fs::exists(dir_ / (f + ".png.part")));
  }
  const ColourScale scale = picture_colour_scale(options, results);
  const Decoded intake = decode_png(read_file(dir_ / "slice_hottest_rack_intake.png"));
  EXPECT_GT(longest_run(intake, scale.colour(hot_c), true, intake.height / 2).length(),
            intake.width / 3)
      << "the layer at y = 0.95 m, not the rack (grey) at 1.05 m";
  // The plan of inlet maxima fills each footprint with its rack's colour.
  const Decoded plan = decode_png(read_file(dir_ / "plan_inlet_max.png"));
  int a02_pixels = 0;
  for (int y = 0; y < plan.height; ++y)
    for (int x = 0; x < plan.width; ++x) a02_pixels += plan.at(x, y) == scale.colour(33.2);
  EXPECT_GT(a02_pixels, 1000);
}

// Layer p of `s` as a parallel run gathers it: one cell thick along its axis, placed by
// offset_cells in the domain.
Snapshot layer_of(const Snapshot& s, const PicturePlane& p) {
  Snapshot plane;
  plane.cells = s.cells;
  plane.cells[p.axis] = 1;
  plane.offset_cells[p.axis] = p.index;
  plane.domain_cells = {s.cells[0], s.cells[1], s.cells[2]};
  plane.origin_m = s.origin_m;
  plane.spacing_m = s.spacing_m;
  plane.time_s = s.time_s;
  for_cells(s, [&](int i, int j, int k, std::size_t c) {
    if (std::array<int, 3>{i, j, k}[p.axis] != p.index) return;
    plane.temperature_c.push_back(s.temperature_c[c]);
    plane.object_id.push_back(s.object_id[c]);
    plane.velocity_m_s.insert(plane.velocity_m_s.end(), s.velocity_m_s.begin() + 3 * c, s.velocity_m_s.begin() + 3 * c + 3);
    plane.pressure_pa.push_back(s.pressure_pa[c]);
  });
  return plane;
}

// Racks facing +x: their intake layer is normal to x, seen mirrored (the viewer's right is -y).
HallResults racks_facing_x() {
  HallResults r;
  r.time_s = 300;
  r.racks.push_back(rack("c01", {1.0, 0.6, 0.0}, {2.0, 1.2, 2.0}, Face::XMax, 29.0));
  r.racks.push_back(rack("c02", {1.0, 1.2, 0.0}, {2.0, 1.8, 2.0}, Face::XMax, 31.5));
  return r;
}

// Every cell its own temperature, so a cell taken from the wrong place changes a pixel.
Snapshot varied_snapshot(const HallResults& r) {
  Snapshot s = two_rack_snapshot(r);
  for_cells(s, [&](int i, int j, int k, std::size_t c) {
    s.temperature_c[c] = float(15 + (7 * i + 3 * j + 11 * k) % 23);
  });
  return s;
}

std::vector<std::string> png_bytes(const fs::path& dir, const std::vector<PictureFile>& files) {
  std::vector<std::string> bytes;
  for (const auto& f : files) bytes.push_back(read_file(dir / (f.stem + ".png")));
  return bytes;
}

// What a parallel run draws from its gathered layers is what one process draws from the
// whole field, byte for byte, for intake layers normal to y and to x.
TEST_F(Pictures, PlanesGiveTheSameFilesAsTheWholeSnapshot) {
  for (const HallResults& results : {two_racks(), racks_facing_x()}) {
    const Snapshot whole = varied_snapshot(results);
    PictureOptions options;
    options.label = "planes";
    const std::vector<PicturePlane> wanted = picture_planes(results, options, domain_geometry(whole));
    ASSERT_EQ(wanted.size(), 3u);  // inlet height, hottest intake, the row's elevation
    EXPECT_EQ(wanted[1].axis, face_axis(results.racks[0].front));
    std::vector<Snapshot> planes;
    for (const PicturePlane& p : wanted) planes.push_back(layer_of(whole, p));
    fs::create_directories(dir_ / "whole");
    fs::create_directories(dir_ / "planes");
    const auto from_whole =
        write_hall_pictures((dir_ / "whole").string(), whole_as_planes(whole, results, options), results, options);
    const auto from_planes = write_hall_pictures((dir_ / "planes").string(), planes, results, options);
    ASSERT_EQ(from_planes.size(), 4u);
    EXPECT_TRUE(png_bytes(dir_ / "planes", from_planes) == png_bytes(dir_ / "whole", from_whole))
        << results.racks[0].name;
  }
}

TEST_F(Pictures, PlanesThatMissTheirLayerOrDomainAreRefused) {
  const HallResults results = two_racks();
  const Snapshot whole = varied_snapshot(results);
  const std::vector<PicturePlane> wanted = picture_planes(results, {}, domain_geometry(whole));
  std::vector<Snapshot> planes;
  for (const PicturePlane& p : wanted) planes.push_back(layer_of(whole, p));
  const std::string dir = dir_.string();
  EXPECT_THROW(write_hall_pictures(dir, {planes[0]}, results, {}), std::invalid_argument);
  std::vector<Snapshot> no_velocity = planes;
  no_velocity[0].velocity_m_s.clear();
  EXPECT_THROW(write_hall_pictures(dir, no_velocity, results, {}), std::invalid_argument);
  EXPECT_THROW(write_hall_pictures(dir, {}, results, {}), std::invalid_argument);
  std::vector<Snapshot> shifted = planes;
  shifted[1] = layer_of(whole, {wanted[1].axis, wanted[1].index + 1});
  EXPECT_THROW(write_hall_pictures(dir, shifted, results, {}), std::invalid_argument);
  std::vector<Snapshot> swapped = planes;
  std::swap(swapped[0], swapped[1]);
  EXPECT_THROW(write_hall_pictures(dir, swapped, results, {}), std::invalid_argument);
  std::vector<Snapshot> other_domain = planes;
  other_domain[1].spacing_m = 0.2;
  EXPECT_THROW(write_hall_pictures(dir, other_domain, results, {}), std::invalid_argument);
  std::vector<Snapshot> no_ids = planes;
  no_ids[0].object_id.clear();
  EXPECT_THROW(write_hall_pictures(dir, no_ids, results, {}), std::invalid_argument);
  EXPECT_NO_THROW(write_hall_pictures(dir, planes, results, {}));
}

// The elevation of a row shows the air in front of each rack's face in colour and leaves
// the air beside the racks white: hot in front of a01 (x < 1.6 m), cold in front of a02.
TEST_F(Pictures, RowElevationColoursEachRacksFrontFromTheLayerInFrontOfIt) {
  HallResults results = two_racks();
  for (RackResult& r : results.racks) r.row = "A";
  Snapshot s = two_rack_snapshot(results);
  for_cells(s, [&](int i, int j, int, std::size_t c) {
    if (j == 9) s.temperature_c[c] = i < 16 ? hot_c : cold_c;  // y = 0.95 m: the layer in front
  });
  write_hall_pictures(dir_.string(), whole_as_planes(s, results, {}), results, {});
  const Decoded png = decode_png(read_file(dir_ / "elevation_inlet_A.png"));
  const ColourScale scale = picture_colour_scale({}, results);
  // A row through the racks' lower half (z = 0.5 m of 2 m): white margin, hot, cold, white.
  int best_row = 0, hot_len = 0;
  for (int y = 0; y < png.height; ++y) {
    const int len = longest_run(png, scale.colour(hot_c), true, y).length();
    if (len > hot_len) hot_len = len, best_row = y;
  }
  ASSERT_GT(hot_len, 100) << "a01's front in the hot colour";
  best_row += 60;  // below the racks' top outlines, the hottest's drawn thicker
  const Span hot = longest_run(png, scale.colour(hot_c), true, best_row);
  const Span cold = longest_run(png, scale.colour(cold_c), true, best_row);
  EXPECT_NEAR(cold.length(), hot.length(), 8) << "two racks of 0.6 m";
  EXPECT_NEAR(cold.first, hot.end, 4) << "seen from -y, a01 (lower x) is on the left";
  EXPECT_EQ(png.at(hot.first - 10, best_row), colours::white) << "air beside the row is not coloured";
}

// The plenum map: pressure rising along x from -12 to -2 Pa at mid-plenum; the map's own
// range puts the coldest colour at the left edge and the hottest at the right.
TEST_F(Pictures, PlenumPressureMapSpansTheRunsRangeWithTilesDrawn) {
  HallResults results = two_racks();
  results.raised_floor = PlenumResult{0.0, 0.5};
  TileResult tile;
  tile.name = "t1";
  tile.min_m = {1.0, 0.4};
  tile.max_m = {1.6, 1.0};
  results.tiles.push_back(tile);
  Snapshot s = two_rack_snapshot(results);
  for_cells(s, [&](int i, int, int, std::size_t c) { s.pressure_pa[c] = float(-12 + 10.0 * i / 39); });
  const std::vector<PicturePlane> wanted = picture_planes(results, {}, domain_geometry(s));
  ASSERT_EQ(wanted.size(), 4u);
  EXPECT_EQ(wanted[2], (PicturePlane{2, 2})) << "z = 0.25 m, the plenum's mid-height";
  const auto files = write_hall_pictures(dir_.string(), whole_as_planes(s, results, {}), results, {});
  ASSERT_EQ(files[3].stem, "plenum_pressure");
  const Decoded png = decode_png(read_file(dir_ / "plenum_pressure.png"));
  const int y = png.height / 2;
  const Span low = longest_run(png, turbo(0), true, y), high = longest_run(png, turbo(1), true, y);
  EXPECT_GT(low.length(), 10);
  EXPECT_GT(high.length(), 10);
  EXPECT_LT(low.first, high.first);
  int tile_blue = 0;
  for (int yy = 0; yy < png.height; ++yy)
    for (int x = 0; x < png.width; ++x) tile_blue += png.at(x, yy) == colours::tile_edge;
  EXPECT_GT(tile_blue, 40) << "the tile's dashed outline";
  Snapshot no_pressure = s;
  no_pressure.pressure_pa.clear();
  EXPECT_THROW(write_hall_pictures(dir_.string(), whole_as_planes(no_pressure, results, {}), results, {}),
               std::invalid_argument);
}

// The history plot draws the limit at its temperature: the dashed red line's row lies
// where the axis puts 32 °C between the rows of the ticks.
TEST_F(Pictures, InletHistoryPlotHasTheLimitLineAndOneColourPerNamedRack) {
  HallResults results = two_racks();
  results.history.racks = {"a01", "a02"};
  results.history.time_s = {0, 10, 20, 30};
  results.history.inlet_max_c = {{20, 20}, {24, 26}, {27, 33}, {28, 34}};
  results.history.inlet_mean_c = results.history.inlet_max_c;
  const PictureFile f = write_inlet_history_plot(dir_, results, "case");
  EXPECT_EQ(f.stem, "inlet_history");
  const Decoded png = decode_png(read_file(dir_ / "inlet_history.png"));
  EXPECT_EQ(png.width, 1100);
  EXPECT_EQ(png.height, 620);
  const Rgb limit{214, 39, 40}, first{31, 119, 180}, second{255, 127, 14};
  int limit_pixels = 0, first_pixels = 0, second_pixels = 0;
  for (int y = 0; y < png.height; ++y)
    for (int x = 0; x < png.width; ++x) {
      limit_pixels += png.at(x, y) == limit;
      first_pixels += png.at(x, y) == first;
      second_pixels += png.at(x, y) == second;
    }
  EXPECT_GT(limit_pixels, 300) << "the dashed limit across the plot";
  EXPECT_GT(first_pixels, 100) << "a02, the hottest, in the first colour";
  EXPECT_GT(second_pixels, 100);
  results.history.time_s = {0};
  results.history.inlet_max_c = {{20, 20}};
  EXPECT_THROW(write_inlet_history_plot(dir_, results, ""), std::invalid_argument);
}

TEST(PictureFiles, NamesARerunRemoves) {
  for (const char* name : {"slice_inlet_height.png", "plan_inlet_max.svg", "inlet_history.pdf",
                           "plenum_pressure.png", "elevation_inlet_A.svg", "elevation_inlet_row-2_1.pdf"})
    EXPECT_TRUE(is_picture_file(name)) << name;
  for (const char* name : {"slice_inlet_height.jpg", "elevation_inlet_.png", "elevation_inlet_a b.png",
                           "notes.svg", "report.md"})
    EXPECT_FALSE(is_picture_file(name)) << name;
}

TEST(PictureFiles, RowGroupsSplitByFacingAndName) {
  HallResults r;
  auto add = [&r](const std::string& row, double x, Face front) {
    RackResult k;
    k.name = row + std::to_string(r.racks.size());
    k.row = row;
    k.min_m = {x, 1.0, 0.0};
    k.max_m = {x + 0.6, 2.0, 2.0};
    k.front = front;
    r.racks.push_back(k);
  };
  add("A", 0.0, Face::YMin);
  add("A", 0.6, Face::YMin);
  add("B/2", 1.2, Face::YMax);
  add("", 1.8, Face::YMin);
  add("A", 2.4, Face::YMax);
  const DomainGeometry domain{{40, 30, 25}, {0, 0, 0}, 0.1};
  const std::vector<RackRowGroup> g = rack_row_groups(r, domain);
  ASSERT_EQ(g.size(), 4u);
  EXPECT_EQ(g[0].name, "A_1");
  EXPECT_EQ(g[0].racks, (std::vector<int>{0, 1}));
  EXPECT_EQ(g[0].plane, (PicturePlane{1, 9}));
  EXPECT_EQ(g[1].name, "B_2");
  EXPECT_EQ(g[1].plane, (PicturePlane{1, 20}));
  EXPECT_EQ(g[2].name, "racks");
  EXPECT_EQ(g[3].name, "A_2");
}

TEST(PictureOptions, DefaultsFollowTheClassAndOverridesWin) {
  HallResults r;  // A1: recommended 18-27, allowable 15-32
  const ColourScale scale = picture_colour_scale({}, r);
  EXPECT_DOUBLE_EQ(scale.low, 15);
  EXPECT_DOUBLE_EQ(scale.high, 40);
  PictureOptions o;
  o.temperature_min_c = 10;
  o.temperature_max_c = 50;
  EXPECT_DOUBLE_EQ(picture_colour_scale(o, r).high, 50);
  o.temperature_max_c = 10;
  EXPECT_THROW(picture_colour_scale(o, r), std::invalid_argument);

  const Snapshot s = uniform_snapshot(4, 4, 4);
  r.racks.push_back(rack("a", {0, 0, 0.3}, {1, 1, 2}, Face::YMin, 25));
  EXPECT_DOUBLE_EQ(inlet_slice_height({}, r, domain_geometry(s)), 1.5);  // no hotspot: base + 1.2 m
  r.hotspots.push_back(Hotspot{"a", "s1", {0.5, -0.05, 1.75}, 25});
  EXPECT_DOUBLE_EQ(inlet_slice_height({}, r, domain_geometry(s)), 1.75);
  o.slice_height_m = 0.9;
  EXPECT_DOUBLE_EQ(inlet_slice_height(o, r, domain_geometry(s)), 0.9);
}

}  // namespace
}  // namespace rackflow::post
