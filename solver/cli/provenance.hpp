// Where a result came from (RunSummary::provenance): this build's version and commit, and
// the case file with a hash of its bytes.
#pragma once

#include <string>

#include "rackflow/snapshot.hpp"

namespace rackflow::cli {

// "rackflow 0.1.0 (commit 1a2b3c4)", for --version.
std::string version_text();

// Reads the case file's bytes for the hash; throws std::runtime_error naming the file when
// it cannot be read.
Provenance provenance_for(const std::string& case_file);

}  // namespace rackflow::cli
