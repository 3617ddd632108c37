// Reads a case file (YAML, docs/case-format.md) into a CaseSpec in SI units, checking
// everything that needs no lattice. Every problem throws CaseError naming file, line, key,
// the offending value and what is allowed. YAML types stay inside the parser's sources
// (case_parser, hall_parser, yaml_reader).
#pragma once

#include <string>

#include <vector>

#include "case_overrides.hpp"
#include "rackflow/case_spec.hpp"

namespace rackflow {

// `overrides` (`--set`, case_overrides.hpp) change the YAML before it is read, in order; an
// error they cause names the override. The spec records them (CaseSpec::overrides).
CaseSpec parse_case_file(const std::string& path, const std::vector<CaseOverride>& overrides = {});

// As parse_case_file, for text already in memory; messages name pretend_file_name.
CaseSpec parse_case_string(const std::string& yaml, const std::string& pretend_file_name,
                           const std::vector<CaseOverride>& overrides = {});

}  // namespace rackflow
