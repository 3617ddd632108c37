// Markdown to HTML for the subset the reports write (report.md, hall_report.cpp): ATX
// headings, paragraphs, "- " / "1. " lists, pipe tables with a rule row (":" aligns),
// fenced code, images ![alt](src), links [text](href), **strong**, *emphasis* and `code`.
// Everything else is text, HTML-escaped. A section another part of the report adds in
// this subset appears in report.html without a change here.
#pragma once

#include <functional>
#include <string>

namespace rackflow::post {

// `image_src` turns an image's target (as written in the markdown) into the src attribute
// to use (a data: URI, say).
std::string markdown_to_html(const std::string& markdown,
                             const std::function<std::string(const std::string& target)>& image_src);

// `text` with &, <, >, " escaped.
std::string html_escaped(const std::string& text);

}  // namespace rackflow::post
