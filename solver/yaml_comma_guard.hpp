// A guard against a yaml-cpp 0.7 bug: a line that starts with ',' in block context (",",
// " , ", ",x", after a document marker or a block list) makes LoadAll allocate without
// limit (gigabytes in seconds) instead of reporting a syntax error. Fixed upstream after
// 0.7; Debian 12 ships 0.7. Internal to the rackflow_case library.
#pragma once

#include <string>

namespace rackflow::detail {

// Throws CaseError at file:line of the first line whose first non-blank character is ','
// outside a flow collection ([ ] { }), a quoted string or a block scalar (| >). Such a line
// is never valid YAML structure there: a plain scalar may not start with ','.
void reject_stray_commas(const std::string& yaml, const std::string& file);

}  // namespace rackflow::detail
