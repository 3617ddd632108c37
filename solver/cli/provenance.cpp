#include "provenance.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "rackflow_git_commit.hpp"
#include "sha256.hpp"

namespace rackflow::cli {

std::string version_text() {
  return std::string("rackflow ") + RACKFLOW_VERSION + " (commit " + RACKFLOW_GIT_COMMIT + ")";
}

Provenance provenance_for(const std::string& case_file) {
  std::ifstream in(case_file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + case_file + " to record its hash");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Provenance p;
  p.version = RACKFLOW_VERSION;
  p.commit = RACKFLOW_GIT_COMMIT;
  p.case_file = case_file;
  p.case_sha256 = sha256_hex(bytes);
  return p;
}

}  // namespace rackflow::cli
