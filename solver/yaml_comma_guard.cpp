#include "yaml_comma_guard.hpp"

#include <cstddef>

#include "rackflow/case_error.hpp"

namespace rackflow::detail {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Where a token may start: a quote or bracket elsewhere is part of a plain scalar ("it's").
bool token_start(const std::string& line, std::size_t i) {
  if (i == 0) return true;
  const char before = line[i - 1];
  return blank(before) || before == '[' || before == '{' || before == ',';
}

// The scanner's state carried from one line to the next.
struct ScanState {
  int flow_depth = 0;
  char quote = 0;              // '"' or '\'' while inside a quoted scalar spanning lines
  int block_parent_indent = -1;  // >= 0 while inside a block scalar: the indent of its key line
};

std::size_t indent_of(const std::string& line) {
  std::size_t i = 0;
  while (i < line.size() && blank(line[i])) ++i;
  return i;
}

// True when the line, comments stripped, ends with a block scalar header: "|", ">-", "|2"...
bool ends_with_block_header(const std::string& content) {
  std::size_t end = content.size();
  while (end > 0 && blank(content[end - 1])) --end;
  std::size_t i = end;
  while (i > 0 && (content[i - 1] == '+' || content[i - 1] == '-' || (content[i - 1] >= '0' && content[i - 1] <= '9')))
    --i;
  if (i == 0 || (content[i - 1] != '|' && content[i - 1] != '>')) return false;
  return token_start(content, i - 1);
}

// Scans one line outside a block scalar, updating quotes and flow depth; returns the line
// up to any comment.
std::string scan_line(const std::string& line, ScanState& s) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (s.quote == '"') {
      if (c == '\\') ++i;
      else if (c == '"') s.quote = 0;
      continue;
    }
    if (s.quote == '\'') {
      if (c == '\'' && i + 1 < line.size() && line[i + 1] == '\'') ++i;
      else if (c == '\'') s.quote = 0;
      continue;
    }
    if (c == '#' && (i == 0 || blank(line[i - 1]))) return line.substr(0, i);
    if ((c == '"' || c == '\'') && token_start(line, i)) s.quote = c;
    else if ((c == '[' || c == '{') && token_start(line, i)) ++s.flow_depth;
    else if ((c == ']' || c == '}') && s.flow_depth > 0) --s.flow_depth;
  }
  return line;
}

}  // namespace

void reject_stray_commas(const std::string& yaml, const std::string& file) {
  ScanState s;
  int line_number = 0;
  // A UTF-8 byte-order mark is not part of the first line: ",", after it, triggers the bug.
  const std::string bom = "\xEF\xBB\xBF";
  for (std::size_t from = yaml.compare(0, bom.size(), bom) == 0 ? bom.size() : 0; from <= yaml.size();) {
    std::size_t to = yaml.find('\n', from);
    if (to == std::string::npos) to = yaml.size();
    const std::string line = yaml.substr(from, to - from);
    from = to + 1;
    ++line_number;
    const std::size_t indent = indent_of(line);
    if (s.block_parent_indent >= 0) {
      if (indent == line.size() || int(indent) > s.block_parent_indent) continue;
      s.block_parent_indent = -1;
    }
    if (s.quote == 0 && s.flow_depth == 0 && indent < line.size() && line[indent] == ',')
      throw CaseError({file, line_number, ""},
                      "a line starting with ',' outside [ ] or { } is not valid YAML, and the YAML "
                      "library (yaml-cpp 0.7) would exhaust memory on it (allowed: a comma inside a "
                      "flow list or mapping such as [1,\\n 2], or inside quotes; remove the stray comma)");
    const bool in_quote_before = s.quote != 0;
    const std::string content = scan_line(line, s);
    if (!in_quote_before && s.quote == 0 && s.flow_depth == 0 && ends_with_block_header(content))
      s.block_parent_indent = int(indent);
  }
}

}  // namespace rackflow::detail
