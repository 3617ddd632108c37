#include "postprocess/html_markdown.hpp"

#include <cctype>
#include <sstream>
#include <vector>

#include "postprocess/xml_text.hpp"

namespace rackflow::post {

namespace {

using ImageSrc = std::function<std::string(const std::string&)>;

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

std::string trimmed(const std::string& s) {
  const auto a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The text inside [ ] or ( ) that starts at `open`, and the index after its closing bracket.
bool bracketed(const std::string& s, std::size_t open, char close, std::string& inside, std::size_t& after) {
  const std::size_t end = s.find(close, open + 1);
  if (end == std::string::npos) return false;
  inside = s.substr(open + 1, end - open - 1);
  after = end + 1;
  return true;
}

// Inline markup of one block's text.
std::string inline_html(const std::string& s, const ImageSrc& image_src) {
  std::string out;
  bool strong = false, em = false;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    std::string label, target;
    std::size_t mid = 0, after = 0;
    if (c == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      out += html_escaped(std::string(1, s[i + 1]));
      i += 2;
    } else if (c == '`') {
      const std::size_t end = s.find('`', i + 1);
      if (end == std::string::npos) {
        out += '`';
        ++i;
      } else {
        out += "<code>" + html_escaped(s.substr(i + 1, end - i - 1)) + "</code>";
        i = end + 1;
      }
    } else if (c == '!' && i + 1 < s.size() && s[i + 1] == '[' && bracketed(s, i + 1, ']', label, mid) &&
               mid < s.size() && s[mid] == '(' && bracketed(s, mid, ')', target, after)) {
      out += "<img src=\"" + html_escaped(image_src(target)) + "\" alt=\"" + html_escaped(label) + "\">";
      i = after;
    } else if (c == '[' && bracketed(s, i, ']', label, mid) && mid < s.size() && s[mid] == '(' &&
               bracketed(s, mid, ')', target, after)) {
      out += "<a href=\"" + html_escaped(target) + "\">" + inline_html(label, image_src) + "</a>";
      i = after;
    } else if (c == '*' && i + 1 < s.size() && s[i + 1] == '*') {
      out += strong ? "</strong>" : "<strong>";
      strong = !strong;
      i += 2;
    } else if (c == '*' && (em || (i + 1 < s.size() && s[i + 1] != ' '))) {
      out += em ? "</em>" : "<em>";
      em = !em;
      ++i;
    } else {
      out += html_escaped(std::string(1, c));
      ++i;
    }
  }
  if (em) out += "</em>";
  if (strong) out += "</strong>";
  return out;
}

// The cells of a table row; "\|" is a '|' inside a cell.
std::vector<std::string> table_cells(const std::string& line) {
  std::string row = trimmed(line);
  if (starts_with(row, "|")) row.erase(0, 1);
  if (!row.empty() && row.back() == '|' && (row.size() < 2 || row[row.size() - 2] != '\\')) row.pop_back();
  std::vector<std::string> cells{""};
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cells.back() += "\\|";
      ++i;
    } else if (row[i] == '|') {
      cells.emplace_back();
    } else {
      cells.back() += row[i];
    }
  }
  for (std::string& c : cells) c = trimmed(c);
  return cells;
}

bool is_rule_row(const std::string& line) {
  if (!starts_with(trimmed(line), "|")) return false;
  for (const std::string& cell : table_cells(line)) {
    if (cell.empty()) return false;
    for (const char c : cell)
      if (c != '-' && c != ':') return false;
  }
  return true;
}

int heading_level(const std::string& line) {
  int n = 0;
  while (n < int(line.size()) && line[n] == '#') ++n;
  return n >= 1 && n <= 6 && n < int(line.size()) && line[n] == ' ' ? n : 0;
}

// "- item" or "12. item": the item's text, and whether it is numbered.
bool list_item(const std::string& line, std::string& text, bool& ordered) {
  if (starts_with(line, "- ") || starts_with(line, "* ")) {
    text = line.substr(2);
    ordered = false;
    return true;
  }
  std::size_t n = 0;
  while (n < line.size() && std::isdigit(static_cast<unsigned char>(line[n]))) ++n;
  if (n > 0 && n + 1 < line.size() && line[n] == '.' && line[n + 1] == ' ') {
    text = line.substr(n + 2);
    ordered = true;
    return true;
  }
  return false;
}

}  // namespace

// HTML text and double-quoted attributes need the same four escapes as XML attributes.
std::string html_escaped(const std::string& text) { return xml::attribute(text); }

std::string markdown_to_html(const std::string& markdown, const ImageSrc& image_src) {
  std::vector<std::string> lines;
  {
    std::istringstream in(markdown);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  std::string out;
  std::size_t i = 0;
  auto blank = [&](std::size_t k) { return trimmed(lines[k]).empty(); };
  while (i < lines.size()) {
    const std::string& line = lines[i];
    std::string text;
    bool ordered = false;
    if (blank(i)) {
      ++i;
    } else if (starts_with(line, "```")) {
      out += "<pre><code>";
      for (++i; i < lines.size() && !starts_with(lines[i], "```"); ++i) out += html_escaped(lines[i]) + "\n";
      out += "</code></pre>\n";
      ++i;
    } else if (const int level = heading_level(line)) {
      const std::string h = "h" + std::to_string(level);
      out += "<" + h + ">" + inline_html(trimmed(line.substr(level + 1)), image_src) + "</" + h + ">\n";
      ++i;
    } else if (starts_with(trimmed(line), "|") && i + 1 < lines.size() && is_rule_row(lines[i + 1])) {
      std::vector<std::string> align;
      for (const std::string& rule : table_cells(lines[i + 1]))
        align.push_back(rule.back() == ':' ? (rule.front() == ':' ? "center" : "right") : "left");
      auto row = [&](const std::string& l, const char* tag) {
        const std::vector<std::string> cells = table_cells(l);
        std::string r = "<tr>";
        for (std::size_t c = 0; c < cells.size(); ++c)
          r += std::string("<") + tag + " style=\"text-align:" + (c < align.size() ? align[c] : "left") + "\">" +
               inline_html(cells[c], image_src) + "</" + tag + ">";
        return r + "</tr>\n";
      };
      out += "<table>\n<thead>" + row(line, "th") + "</thead>\n<tbody>\n";
      for (i += 2; i < lines.size() && starts_with(trimmed(lines[i]), "|"); ++i) out += row(lines[i], "td");
      out += "</tbody>\n</table>\n";
    } else if (list_item(line, text, ordered)) {
      const char* tag = ordered ? "ol" : "ul";
      out += std::string("<") + tag + ">\n";
      while (i < lines.size()) {
        std::string item;
        bool this_ordered = false;
        if (!list_item(lines[i], item, this_ordered) || this_ordered != ordered) break;
        // Indented lines below an item continue it.
        for (++i; i < lines.size() && !blank(i) && starts_with(lines[i], "  "); ++i) item += " " + trimmed(lines[i]);
        out += "<li>" + inline_html(item, image_src) + "</li>\n";
      }
      out += std::string("</") + tag + ">\n";
    } else {
      // The first line always belongs to it (a '|' line without a rule row, say); the
      // paragraph ends where another block starts.
      std::string paragraph;
      for (std::size_t first = i; i < lines.size() && !blank(i) &&
                                  (i == first || (!heading_level(lines[i]) && !starts_with(lines[i], "```") &&
                                                  !starts_with(trimmed(lines[i]), "|") &&
                                                  !list_item(lines[i], text, ordered)));
           ++i) {
        const bool hard_break = lines[i].size() >= 2 && lines[i].compare(lines[i].size() - 2, 2, "  ") == 0;
        paragraph += inline_html(trimmed(lines[i]), image_src) + (hard_break ? "<br>\n" : "\n");
      }
      if (!paragraph.empty() && paragraph.back() == '\n') paragraph.pop_back();
      out += "<p>" + paragraph + "</p>\n";
    }
  }
  return out;
}

}  // namespace rackflow::post
