// report.html: the markdown subset converted (headings, lists, pipe tables with alignment,
// images, emphasis, code, escaping), and the page written with the report, its pictures
// embedded as data: URIs.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "postprocess/hall_report.hpp"
#include "postprocess/html_markdown.hpp"
#include "postprocess/html_report.hpp"
#include "rackflow/snapshot.hpp"

namespace rackflow::post {
namespace {

namespace fs = std::filesystem;

std::string no_images(const std::string& target) { return "src:" + target; }

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Markdown, BlocksOfTheReportSubset) {
  const std::string md =
      "# Thermal report: a<b\n\n- Case: `cases/x.yaml`\n- Grid: 3 × 4\n\n**Verdict: pass.** All *fine*.\n"
      "Second line.\n\n## Racks\n\n| rack | inlet max [°C] |\n|---|---:|\n| a01 | 24.5 |\n| a\\|b | 30 |\n\n"
      "![plan](plan.png)\n\n1. first\n2. second\n\n```\nraw <code>\n```\n";
  const std::string html = markdown_to_html(md, no_images);
  EXPECT_NE(html.find("<h1>Thermal report: a&lt;b</h1>"), std::string::npos) << html;
  EXPECT_NE(html.find("<ul>\n<li>Case: <code>cases/x.yaml</code></li>\n<li>Grid: 3 × 4</li>\n</ul>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<p><strong>Verdict: pass.</strong> All <em>fine</em>.\nSecond line.</p>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("<h2>Racks</h2>"), std::string::npos);
  EXPECT_NE(html.find("<th style=\"text-align:right\">inlet max [°C]</th>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td style=\"text-align:left\">a01</td><td style=\"text-align:right\">24.5</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<td style=\"text-align:left\">a|b</td>"), std::string::npos) << "an escaped pipe stays in its cell";
  EXPECT_EQ(count(html, "<tr>"), 3u);
  EXPECT_NE(html.find("<img src=\"src:plan.png\" alt=\"plan\">"), std::string::npos) << html;
  EXPECT_NE(html.find("<ol>\n<li>first</li>\n<li>second</li>\n</ol>"), std::string::npos) << html;
  EXPECT_NE(html.find("<pre><code>raw &lt;code&gt;\n</code></pre>"), std::string::npos) << html;
}

TEST(Markdown, APipeLineWithoutARuleRowIsAParagraph) {
  EXPECT_EQ(markdown_to_html("| not a table\nmore\n", no_images), "<p>| not a table\nmore</p>\n");
}

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64(std::string("\xff\x00", 2)), "/wA=");
}

class HtmlReport : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rackflow_html_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  std::string read(const std::string& name) const {
    std::ifstream in(dir_ / name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  fs::path dir_;
};

HallResults one_rack() {
  HallResults hall;
  RackResult r;
  r.name = "a01";
  r.row = "A";
  r.max_m = {0.6, 1.0, 2.0};
  r.inlet_max_c = 24.5;
  hall.racks.push_back(r);
  return hall;
}

// The pictures' section of report.md appears in report.html with each picture embedded:
// the SVG where there is one, else the PNG.
TEST_F(HtmlReport, EveryTableOfReportMdAndThePicturesEmbedded) {
  std::ofstream(dir_ / "plan_inlet_max.svg") << "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
  std::ofstream(dir_ / "inlet_history.png") << "PNG";
  const std::vector<PictureFile> pictures{{"plan_inlet_max", "the plan"}, {"inlet_history", "the history"}};
  RunSummary run;
  run.case_name = "hall <1>";
  write_hall_report(dir_.string(), run, one_rack(), "cases/h.yaml", pictures);
  const std::string md = read("report.md"), html = read("report.html");
  EXPECT_NE(md.find("## Pictures"), std::string::npos);
  EXPECT_NE(md.find("![the plan](plan_inlet_max.png)"), std::string::npos);
  EXPECT_NE(md.find("`inlet_history.png` (`.svg`, `.pdf`): the history."), std::string::npos) << md;
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<title>Thermal report: hall &lt;1&gt;</title>"), std::string::npos);
  // One HTML table per markdown table: count the rule rows of report.md.
  std::size_t md_tables = 0;
  for (std::size_t at = md.find("\n| ---"); at != std::string::npos; at = md.find("\n| ---", at + 1)) ++md_tables;
  EXPECT_GT(md_tables, 2u);
  EXPECT_EQ(count(html, "<table>"), md_tables);
  EXPECT_EQ(count(html, "<h2>"), count(md, "\n## "));
  EXPECT_NE(html.find("<img src=\"data:image/svg+xml;base64," +
                      base64("<svg xmlns=\"http://www.w3.org/2000/svg\"/>") + "\" alt=\"the plan\">"),
            std::string::npos);
  EXPECT_NE(html.find("<img src=\"data:image/png;base64," + base64("PNG") + "\""), std::string::npos);
  EXPECT_EQ(html.find("src=\"plan_inlet_max"), std::string::npos) << "no link to a file outside the page";
}

TEST_F(HtmlReport, WithoutPicturesThereIsNoPicturesSection) {
  write_hall_report(dir_.string(), RunSummary{}, one_rack(), "cases/h.yaml");
  EXPECT_EQ(read("report.md").find("## Pictures"), std::string::npos);
  EXPECT_EQ(read("report.html").find("<img"), std::string::npos);
}

}  // namespace
}  // namespace rackflow::post
