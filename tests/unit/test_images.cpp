// Pictures: the PNG encoder checked byte by byte (chunk CRCs, IDAT inflated), the colour
// map, the font, slices, and the hall pictures read back pixel by pixel.
#include <gtest/gtest.h>
#include <zlib.h>

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

#include "postprocess/bitmap_font.hpp"
#include "postprocess/canvas.hpp"
#include "postprocess/colour_map.hpp"
#include "postprocess/field_slice.hpp"
#include "postprocess/hall_pictures.hpp"
#include "postprocess/png_writer.hpp"
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

TEST(Png, StructureCrcsAndPixelsRoundTrip) {
  const int w = 7, h = 5;  // odd sizes: no accidental alignment
  std::vector<std::uint8_t> rgb;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      rgb.insert(rgb.end(), {std::uint8_t(30 * x), std::uint8_t(50 * y), 77});
  const Decoded png = decode_png(encode_png(w, h, rgb));
  EXPECT_EQ(png.width, w);
  EXPECT_EQ(png.height, h);
  EXPECT_EQ(png.rgb, rgb);
}

TEST(Png, RejectsSizesThatDoNotMatch) {
  EXPECT_THROW(encode_png(0, 3, {}), std::invalid_argument);
  EXPECT_THROW(encode_png(2, 2, std::vector<std::uint8_t>(11)), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// Colour map and font.

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

TEST(Font, TextWidthAndInk) {
  EXPECT_EQ(text_width("", 2), 0);
  EXPECT_EQ(text_width("ab", 1), 11);
  EXPECT_EQ(text_width("31.5 °C", 2), text_width("31.5 xC", 2)) << "° is one character";
  EXPECT_EQ(text_width("ab\nlonger", 1), text_width("longer", 1));
  Canvas canvas(40, 20, colours::white);
  draw_text(canvas, 3, 4, "H-1", colours::black, 2);
  int ink = 0, outside = 0;
  for (int y = 0; y < 20; ++y)
    for (int x = 0; x < 40; ++x) {
      if (canvas.at(x, y) != colours::black) continue;
      ++ink;
      const bool inside =
          x >= 3 && x < 3 + text_width("H-1", 2) && y >= 4 && y < 4 + text_height(2);
      if (!inside) ++outside;
    }
  EXPECT_GT(ink, 40);
  EXPECT_EQ(outside, 0);
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
  ASSERT_EQ(files, std::vector<std::string>{(dir_ / "slice_inlet_height.png").string()});
  const Decoded png = decode_png(read_file(files[0]));
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
  const Decoded png = decode_png(read_file(write_hall_pictures(dir_.string(), whole_as_planes(s, results, {}), results, {})[0]));
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
  const std::vector<std::string> expected{(dir_ / "slice_inlet_height.png").string(),
                                          (dir_ / "slice_hottest_rack_intake.png").string(),
                                          (dir_ / "plan_inlet_max.png").string()};
  ASSERT_EQ(files, expected);
  for (const auto& f : files) {
    const Decoded png = decode_png(read_file(f));
    EXPECT_GE(png.width, 900) << f;
    EXPECT_LE(png.width, 1700) << f;
    EXPECT_FALSE(fs::exists(f + ".part"));
  }
  const ColourScale scale = picture_colour_scale(options, results);
  const Decoded intake = decode_png(read_file(files[1]));
  EXPECT_GT(longest_run(intake, scale.colour(hot_c), true, intake.height / 2).length(),
            intake.width / 3)
      << "the layer at y = 0.95 m, not the rack (grey) at 1.05 m";
  // The plan of inlet maxima fills each footprint with its rack's colour.
  const Decoded plan = decode_png(read_file(files[2]));
  int a02_pixels = 0;
  for (int y = 0; y < plan.height; ++y)
    for (int x = 0; x < plan.width; ++x) a02_pixels += plan.at(x, y) == scale.colour(33.2);
  EXPECT_GT(a02_pixels, 1000);
}

// Layer p of `s` as a parallel run gathers it: one cell thick along its axis, placed by
// offset_cells in the domain, temperature and object ids only.
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

std::vector<std::string> file_bytes(const std::vector<std::string>& files) {
  std::vector<std::string> bytes;
  for (const auto& f : files) bytes.push_back(read_file(f));
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
    ASSERT_EQ(wanted.size(), 2u);
    EXPECT_EQ(wanted[1].axis, face_axis(results.racks[0].front));
    std::vector<Snapshot> planes;
    for (const PicturePlane& p : wanted) planes.push_back(layer_of(whole, p));
    fs::create_directories(dir_ / "whole");
    fs::create_directories(dir_ / "planes");
    const auto from_whole =
        write_hall_pictures((dir_ / "whole").string(), whole_as_planes(whole, results, options), results, options);
    const auto from_planes = write_hall_pictures((dir_ / "planes").string(), planes, results, options);
    ASSERT_EQ(from_planes.size(), 3u);
    EXPECT_TRUE(file_bytes(from_planes) == file_bytes(from_whole)) << results.racks[0].name;
  }
}

TEST_F(Pictures, PlanesThatMissTheirLayerOrDomainAreRefused) {
  const HallResults results = two_racks();
  const Snapshot whole = varied_snapshot(results);
  const std::vector<PicturePlane> wanted = picture_planes(results, {}, domain_geometry(whole));
  std::vector<Snapshot> planes{layer_of(whole, wanted[0]), layer_of(whole, wanted[1])};
  const std::string dir = dir_.string();
  EXPECT_THROW(write_hall_pictures(dir, {planes[0]}, results, {}), std::invalid_argument);
  EXPECT_THROW(write_hall_pictures(dir, {}, results, {}), std::invalid_argument);
  std::vector<Snapshot> shifted = planes;
  shifted[1] = layer_of(whole, {wanted[1].axis, wanted[1].index + 1});
  EXPECT_THROW(write_hall_pictures(dir, shifted, results, {}), std::invalid_argument);
  std::vector<Snapshot> swapped{planes[1], planes[0]};
  EXPECT_THROW(write_hall_pictures(dir, swapped, results, {}), std::invalid_argument);
  std::vector<Snapshot> other_domain = planes;
  other_domain[1].spacing_m = 0.2;
  EXPECT_THROW(write_hall_pictures(dir, other_domain, results, {}), std::invalid_argument);
  std::vector<Snapshot> no_ids = planes;
  no_ids[0].object_id.clear();
  EXPECT_THROW(write_hall_pictures(dir, no_ids, results, {}), std::invalid_argument);
  EXPECT_NO_THROW(write_hall_pictures(dir, planes, results, {}));
}

TEST(PictureOptions, DefaultsFollowTheClassAndOverridesWin) {
  HallResults r;  // A1: recommended 18-27, allowable 15-32
  const ColourScale scale = picture_colour_scale({}, r);
  EXPECT_DOUBLE_EQ(scale.min_c, 15);
  EXPECT_DOUBLE_EQ(scale.max_c, 40);
  PictureOptions o;
  o.temperature_min_c = 10;
  o.temperature_max_c = 50;
  EXPECT_DOUBLE_EQ(picture_colour_scale(o, r).max_c, 50);
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
