// How a run ended and where its result came from, in words: the report's verdict line and
// its Traceability section, the console's last line, summary.json's status.
#pragma once

#include <string>

#include "rackflow/snapshot.hpp"

namespace rackflow::post {

// "SIGTERM", "SIGINT", else "signal N".
std::string signal_name(int signal);

// summary.json's "status" of a run that returned: "completed" (ran to its end time or
// reached steady state, whichever the case asked for), "not_converged" (asked for steady
// state, ended without it), "interrupted". Failed runs say "diverged" or "failed" instead.
std::string run_status_name(const RunSummary& s);

// One line for the console: "steady state reached at t = 84.0 s", "interrupted at t =
// 12.0 s by SIGTERM", ...
std::string run_state_sentence(const RunSummary& s);

// The report's first line under the title: bold when the figures are not the answer the
// case asked for (interrupted, or steady state requested and not reached); otherwise says
// whether they are a steady state or the state at the end time (a transient).
std::string run_state_markdown(const RunSummary& s);

// "## Traceability": grid, lattice parameters, rackflow version and commit, the case file
// and its SHA-256, the steady-state status and the averaging window.
std::string traceability_markdown(const RunSummary& s);

// "t = 60.0–120.0 s, 30 samples" or "instantaneous: no averaging".
std::string averaging_text(const AveragingWindow& a);

}  // namespace rackflow::post
