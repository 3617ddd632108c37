// Reads a case file (YAML, docs/case-format.md) into a CaseSpec in SI units, checking
// everything that needs no lattice. Every problem throws CaseError naming file, line, key,
// the offending value and what is allowed. YAML types stay inside the parser's sources
// (case_parser, hall_parser, yaml_reader).
#pragma once

#include <string>

#include "rackflow/case_spec.hpp"

namespace rackflow {

CaseSpec parse_case_file(const std::string& path);

// As parse_case_file, for text already in memory; messages name pretend_file_name.
CaseSpec parse_case_string(const std::string& yaml, const std::string& pretend_file_name);

}  // namespace rackflow
