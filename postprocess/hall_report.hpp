// The thermal engineer's report of one run (DESIGN.md §7, docs/metrics.md): what a design
// review reads, and the same numbers for scripts that compare scenarios side by side.
#pragma once

#include <string>
#include <vector>

#include "postprocess/hall_pictures.hpp"
#include "rackflow/hall_results.hpp"
#include "rackflow/snapshot.hpp"

namespace rackflow::post {

// The files write_hall_report writes, in the order listed below.
inline constexpr const char* kReportFiles[] = {"report.md",   "report.json",       "racks.csv",
                                               "servers.csv", "inlet_history.csv", "report.html"};

// Writes six files into `dir` (created if missing), each atomically (atomic_file.hpp):
//   report.md          for people: verdict, rack and server inlets, hotspots, ASHRAE
//                      compliance and inlet bins, RCI/RTI/SHI/RHI, cooling units, rear doors,
//                      liquid loops, tiles, airflow (airflow_report.hpp: flags, plenum
//                      and tile pressures, aisles, ratios, Capture Index), hall energy
//                      balance, ride-through, spare cooling;
//   report.json        the same content for scripts (units in the key names), with the run
//                      summary (summary_json.hpp) under "run";
//   racks.csv          one row per rack;
//   servers.csv        one row per server;
//   inlet_history.csv  time_s, then <rack>_max_c,<rack>_mean_c per rack, one row per sample;
//   report.html        report.md as a self-contained web page, pictures embedded (html_report.hpp).
// `case_file` is the case as the user named it, quoted in the report. `pictures` are those
// write_hall_pictures wrote into `dir` before: report.md ends with a section that shows
// and names them, and report.html embeds them.
void write_hall_report(const std::string& dir, const RunSummary& run, const HallResults& hall,
                       const std::string& case_file, const std::vector<PictureFile>& pictures = {});

}  // namespace rackflow::post
