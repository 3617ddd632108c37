// "The HTML report renders in headless Chromium" (issue 11): a run's report.html with its
// pictures, opened by Debian's chromium. The DOM it builds has the report's tables and the
// embedded pictures, and a screenshot of the page is not blank. Exits 77 (ctest: skipped)
// where chromium is not installed.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "postprocess/hall_pictures.hpp"
#include "postprocess/hall_report.hpp"
#include "../png_reader.hpp"

namespace rackflow::post {
namespace {

namespace fs = std::filesystem;

std::string chromium_path() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(p)) return p;
  return "";
}

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A hall of two racks in a row on a 4 × 3 × 2.5 m grid of 0.1 m cells, hot in front of a02.
void write_run(const fs::path& dir) {
  HallResults hall;
  hall.time_s = 60;
  for (int n = 0; n < 2; ++n) {
    RackResult r;
    r.name = "a0" + std::to_string(n + 1);
    r.row = "A";
    r.min_m = {1.0 + 0.6 * n, 1.0, 0.0};
    r.max_m = {1.6 + 0.6 * n, 2.0, 2.0};
    r.front = Face::YMin;
    r.inlet_max_c = n == 0 ? 24 : 31;
    r.inlet_max_at_m = {1.9 + 0.6 * (n - 1), 0.95, 1.0};
    hall.racks.push_back(r);
  }
  hall.history.racks = {"a01", "a02"};
  hall.history.time_s = {0, 30, 60};
  hall.history.inlet_max_c = {{20, 20}, {23, 28}, {24, 31}};
  hall.history.inlet_mean_c = hall.history.inlet_max_c;
  Snapshot s;
  s.cells = {40, 30, 25};
  s.spacing_m = 0.1;
  s.time_s = 60;
  s.temperature_c.assign(s.size(), 20.0f);
  s.velocity_m_s.assign(3 * s.size(), 0.3f);
  s.pressure_pa.assign(s.size(), 0.0f);
  s.object_id.assign(s.size(), 0);
  for (std::size_t c = 0; c < s.size(); ++c)
    if (c % 40 >= 22 && (c / 40) % 30 < 10) s.temperature_c[c] = 31;
  const std::vector<Snapshot> planes(picture_planes(hall, {}, domain_geometry(s)).size(), s);
  const std::vector<PictureFile> pictures = write_hall_pictures(dir.string(), planes, hall, {});
  RunSummary run;
  run.case_name = "chromium check";
  write_hall_report(dir.string(), run, hall, "cases/check.yaml", pictures);
}

// Runs chromium headless on `page` with `mode` (--dump-dom, --screenshot=...); its stdout.
std::string chromium(const std::string& mode, const fs::path& page, const fs::path& home) {
  // Its own profile directory and HOME: no state from, or left to, the machine's user.
  const std::string command = "HOME='" + home.string() + "' '" + chromium_path() +
                              "' --headless --no-sandbox --disable-gpu --user-data-dir='" + (home / "profile").string() +
                              "' --window-size=1280,9000 " + mode + " 'file://" + page.string() + "' 2>/dev/null";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[65536];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  pclose(pipe);
  return out;
}

TEST(ReportHtml, RendersInHeadlessChromium) {
  std::string pattern = (fs::temp_directory_path() / "rackflow_chromium_XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
  const fs::path dir = pattern;
  write_run(dir);
  const fs::path page = dir / "report.html";
  const std::string dom = chromium("--dump-dom", page, dir);
  ASSERT_FALSE(dom.empty()) << "chromium printed no DOM";
  const std::string md = read(dir / "report.md");
  EXPECT_EQ(count(dom, "<table>"), count(md, "\n| ---")) << "every table of report.md";
  EXPECT_GE(count(dom, "<img src=\"data:image/svg+xml;base64,"), 5u) << "the pictures, embedded";
  EXPECT_NE(dom.find("<h2>Pictures</h2>"), std::string::npos);
  const fs::path shot = dir / "page.png";
  chromium("--screenshot='" + shot.string() + "'", page, dir);
  ASSERT_TRUE(fs::is_regular_file(shot)) << "no screenshot";
  const test::Decoded png = test::decode_png(read(shot));
  ASSERT_GT(png.width, 0);
  // Not blank: many pixels are neither the page's white nor one other flat colour.
  std::size_t dark = 0, coloured = 0;
  for (int y = 0; y < png.height; ++y)
    for (int x = 0; x < png.width; ++x) {
      const test::Rgb c = png.at(x, y);
      dark += c.r < 100 && c.g < 100 && c.b < 100;
      coloured += std::abs(int(c.r) - int(c.b)) > 60;
    }
  EXPECT_GT(dark, 2000u) << "text drawn";
  EXPECT_GT(coloured, 2000u) << "the first picture (the plan) drawn in colour";
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

}  // namespace
}  // namespace rackflow::post

int main(int argc, char** argv) {
  if (rackflow::post::chromium_path().empty()) {
    std::printf("chromium is not installed: skipped\n");
    return 77;
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
