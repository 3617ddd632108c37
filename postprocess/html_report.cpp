#include "postprocess/html_report.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "postprocess/html_markdown.hpp"

namespace rackflow::post {

namespace {

namespace fs = std::filesystem;

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) throw std::runtime_error("report.html: cannot read " + file.string());
  return bytes.str();
}

bool has_suffix(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string embedded(const fs::path& dir, const std::string& target) {
  if (has_suffix(target, ".png")) {
    const fs::path svg = dir / (target.substr(0, target.size() - 4) + ".svg");
    if (fs::is_regular_file(svg)) return "data:image/svg+xml;base64," + base64(read_bytes(svg));
    if (fs::is_regular_file(dir / target)) return "data:image/png;base64," + base64(read_bytes(dir / target));
  }
  return target;
}

// Readable on screen and in print without any external style sheet.
constexpr const char* kStyle = R"(body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:75em;margin:2em auto;padding:0 1em;color:#111;line-height:1.45}
table{border-collapse:collapse;margin:0.5em 0 1.2em}th,td{border:1px solid #bbb;padding:0.2em 0.6em}
th{background:#eee}tbody tr:nth-child(even){background:#f7f7f7}code{background:#f2f2f2;padding:0 0.2em}
img{max-width:100%;height:auto;border:1px solid #ddd;margin:0.5em 0}h1,h2{border-bottom:1px solid #ccc}
)";

}  // namespace

std::string base64(const std::string& bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    unsigned v = 0;
    for (std::size_t k = 0; k < 3; ++k) v = (v << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? alphabet[(v >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

std::string report_html(const std::string& markdown, const std::string& title, const fs::path& dir) {
  const std::string body =
      markdown_to_html(markdown, [&dir](const std::string& target) { return embedded(dir, target); });
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escaped(title) +
         "</title>\n<style>\n" + kStyle + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
}

}  // namespace rackflow::post
