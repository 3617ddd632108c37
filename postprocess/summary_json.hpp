// The run summary as JSON (report.json's machine-readable core): status and how the run
// ended, case, backend, the lattice the unit converter chose, speed, steady-state status,
// averaging window, provenance, temperature range, energy balance and the fastest air
// against the design speed ("speed").
#pragma once

#include <filesystem>
#include <string>

#include "rackflow/snapshot.hpp"

namespace rackflow::post {

// Pretty-printed JSON. Numbers carry 9 significant digits; NaN and infinities, which JSON
// cannot express, are written as null. Strings are escaped; UTF-8 passes through.
std::string summary_to_json(const RunSummary& summary);

// The same object without the final newline, laid out to nest at `indent` (the indent of
// the line its key is on), for documents that embed the run summary (report.json).
std::string summary_object(const RunSummary& summary, int indent);

// The "speed" object: design_m_s, max_m_s, at_m, at_s, exceeded, first_exceeded_s and
// last_exceeded_s (null when never exceeded). report.json's airflow section uses it too.
std::string speed_object(const SpeedRecord& speed, int indent);

// Writes summary_to_json(summary) atomically.
void write_summary_json(const RunSummary& summary, const std::filesystem::path& file);

// A run that did not return a summary: why ("diverged" or "failed") and the message.
struct RunFailure {
  std::string status;
  std::string message;
};

// What is known of a run that failed: "status", "message", then case, backend, lattice
// and provenance from `known` (the rest of a RunSummary is not known and not written).
std::string failed_summary_to_json(const RunSummary& known, const RunFailure& failure);
void write_failed_summary_json(const RunSummary& known, const RunFailure& failure,
                               const std::filesystem::path& file);

}  // namespace rackflow::post
