// Markdown tables, as the reports (report.md, campaign.md) print them.
#pragma once

#include <string>
#include <vector>

namespace rackflow::post {

// A table cell: a '|' in a name would end the cell.
inline std::string md_cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// A Markdown table followed by a blank line; `align` has one letter per column: 'l' (text)
// or 'r' (numbers).
inline std::string md_table(const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& rows, const std::string& align) {
  auto line = [](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const std::string& c : cells) out += " " + c + " |";
    return out + "\n";
  };
  std::vector<std::string> rule;
  for (char a : align) rule.push_back(a == 'r' ? "---:" : "---");
  std::string out = line(header) + line(rule);
  for (const auto& row : rows) out += line(row);
  return out + "\n";
}

}  // namespace rackflow::post
