#include "collective_errors.hpp"

#include <vector>

namespace rackflow::solver {

namespace {
constexpr char kSeparator = '\x1f';  // never in a file name, key or message
}

std::string first_error(const Comm& comm, const std::string& mine) {
  const double no_error = 1e300;
  const Comm::Located lowest = comm.min_at(mine.empty() ? no_error : double(comm.rank()), 0);
  if (lowest.value >= no_error) return {};
  std::string text = mine;
  comm.broadcast(text, lowest.rank);
  return text;
}

std::string encode_case_error(const CaseError& e) {
  const SourceRef& w = e.where();
  const std::string what = e.what();
  return w.file + kSeparator + std::to_string(w.line) + kSeparator + w.key + kSeparator +
         what.substr(std::min(what.size(), w.str().size() + 2));
}

CaseError decode_case_error(const std::string& text) {
  std::vector<std::string> part;
  std::size_t from = 0;
  for (int f = 0; f < 3; ++f) {
    const std::size_t to = text.find(kSeparator, from);
    if (to == std::string::npos) return CaseError(SourceRef{}, text);
    part.push_back(text.substr(from, to - from));
    from = to + 1;
  }
  return CaseError(SourceRef{part[0], std::stoi(part[1]), part[2]}, text.substr(from));
}

void check_on_all_ranks(const Comm& comm, const std::function<void()>& check) {
  std::string mine;
  try {
    check();
  } catch (const CaseError& e) {
    mine = encode_case_error(e);
  }
  const std::string first = first_error(comm, mine);
  if (!first.empty()) throw decode_case_error(first);
}

}  // namespace rackflow::solver
