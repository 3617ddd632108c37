// Reads the `hall` section of a case (docs/case-format.md, "hall") into CaseSpec::hall:
// rack rows, tile rows, column grids and containment are expanded into single objects,
// server types into per-server power and airflow, and all geometry is checked against the
// domain and against each other. Columns, panels and containment become solid boxes in
// CaseSpec::boxes. Internal to the rackflow_case library, like yaml_reader.hpp.
#pragma once

#include "rackflow/case_spec.hpp"
#include "yaml_reader.hpp"

namespace rackflow::detail {

// Needs spec.source_file, domain, fluid and run already read (trace files are found next
// to the case file and must cover the run); box and patch names are checked against those
// already in spec.
// `object_names` holds the case's box and patch names; the hall's boxes join them.
void read_hall(const Value& v, CaseSpec& spec, NameIndex& object_names);

}  // namespace rackflow::detail
