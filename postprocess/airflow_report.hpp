// The "Airflow" section of the hall report (report.md and report.json): flags first, then
// the fastest air against the design speed, the plenum pressure, tile ΔP, aisle pressures
// and their differences, the air-management ratios, and the Capture Index with each
// cooling unit's contribution (docs/metrics.md, "Airflow").
#pragma once

#include <string>

#include "rackflow/hall_results.hpp"

namespace rackflow::post {

// Markdown, from "## Airflow" to a blank line.
std::string airflow_markdown(const HallResults& hall);

// The "airflow" object of report.json, laid out to nest at `indent` (json_text.hpp).
std::string airflow_json(const HallResults& hall, int indent);

}  // namespace rackflow::post
