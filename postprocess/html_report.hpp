// report.html: report.md as one self-contained web page. The markdown is converted as it
// is (html_markdown.hpp), so every section and table of report.md is there; each picture
// it shows is embedded as a data: URI, its SVG where the run wrote one (sharp at any
// zoom), else the PNG. The page needs no other file and no network.
#pragma once

#include <filesystem>
#include <string>

namespace rackflow::post {

// The page for `markdown`, whose image targets are file names in `dir`. A target that is
// not a file there stays a plain link. Throws std::runtime_error if a picture cannot be read.
std::string report_html(const std::string& markdown, const std::string& title, const std::filesystem::path& dir);

// RFC 4648 base64 of `bytes`, padded.
std::string base64(const std::string& bytes);

}  // namespace rackflow::post
