#include "postprocess/run_state_text.hpp"

#include <csignal>
#include <cstdio>

namespace rackflow::post {

namespace {

// "%.1f" for times: the report states times to 0.1 s throughout.
std::string seconds(double s) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f", s);
  return buffer;
}

std::string general(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

bool not_converged(const RunSummary& s) {
  return s.end != RunEnd::Interrupted && s.steady.requested && !s.steady.reached;
}

std::string unmet_clause(const SteadyStatus& steady) {
  return steady.unmet.empty() ? "" : " (" + steady.unmet + ")";
}

std::string steady_text(const SteadyStatus& st) {
  if (!st.requested) return "not requested (run.steady_tolerance = 0)";
  std::string text = "requested: tolerance " + general(st.tolerance) + ", window " + seconds(st.window_s) +
                     " s, no stop before " + seconds(st.earliest_stop_s) + " s; ";
  return text + (st.reached ? "reached at t = " + seconds(st.reached_at_s) + " s"
                            : "not reached" + unmet_clause(st));
}

}  // namespace

std::string signal_name(int signal) {
  if (signal == SIGTERM) return "SIGTERM";
  if (signal == SIGINT) return "SIGINT";
  return "signal " + std::to_string(signal);
}

std::string run_status_name(const RunSummary& s) {
  if (s.end == RunEnd::Interrupted) return "interrupted";
  return not_converged(s) ? "not_converged" : "completed";
}

std::string run_state_sentence(const RunSummary& s) {
  const std::string t = "t = " + seconds(s.simulated_time_s) + " s";
  if (s.end == RunEnd::Interrupted) return "interrupted at " + t + " by " + signal_name(s.signal);
  if (not_converged(s)) return "not converged: ended at " + t + " before reaching steady state" + unmet_clause(s.steady);
  if (s.steady.reached) return "steady state reached at t = " + seconds(s.steady.reached_at_s) + " s";
  return "transient: the state at the end time, " + t + " (steady state not requested)";
}

std::string run_state_markdown(const RunSummary& s) {
  const std::string t = "t = " + seconds(s.simulated_time_s) + " s";
  if (s.end == RunEnd::Interrupted)
    return "**Interrupted at " + t + " by " + signal_name(s.signal) +
           ": the run stopped before its end; the figures below are the state at that moment, not the "
           "answer the case asked for.**\n\n";
  if (not_converged(s))
    return "**Not converged: the run ended at " + t + " before reaching steady state" + unmet_clause(s.steady) +
           "; the figures below are not a steady answer.**\n\n";
  const std::string averaged =
      s.averaging.active() ? " Inlet figures are time means over " + averaging_text(s.averaging) + "." : "";
  if (s.steady.reached)
    return "Steady state reached at t = " + seconds(s.steady.reached_at_s) + " s (tolerance " +
           general(s.steady.tolerance) + "); the run ended at " + t + "." + averaged + "\n\n";
  return "Transient: the figures below are the state at the end time, " + t +
         " (steady state was not requested)." + averaged + "\n\n";
}

std::string averaging_text(const AveragingWindow& a) {
  if (!a.active()) return "instantaneous: no averaging";
  return "t = " + seconds(a.from_s) + "–" + seconds(a.to_s) + " s, " + std::to_string(a.samples) + " samples";
}

namespace {

// Every `--set`, so that a scenario's report says how it differs from its case file.
std::string overrides_markdown(const Provenance& p) {
  if (p.overrides.empty()) return "- Overrides: none\n";
  std::string out = "- Overrides (`--set`, applied in this order):\n";
  for (const std::string& o : p.overrides) out += "  - `" + o + "`\n";
  return out;
}

std::string started_markdown(const Provenance& p) {
  if (p.restart_file.empty()) return "- Started: cold, from the case's initial state\n";
  return "- Started: from the checkpoint `" + p.restart_file + "` at t = " + seconds(p.start_time_s) + " s\n";
}

}  // namespace

std::string traceability_markdown(const RunSummary& s) {
  const LatticeReport& l = s.lattice;
  const long long cells = 1LL * l.cells[0] * l.cells[1] * l.cells[2];
  const Provenance& p = s.provenance;
  std::string end = run_end_name(s.end);
  if (s.end == RunEnd::Interrupted) end += " by " + signal_name(s.signal);
  return "## Traceability\n\n"
         "- Grid: " + std::to_string(l.cells[0]) + " × " + std::to_string(l.cells[1]) + " × " +
         std::to_string(l.cells[2]) + " cells (" + std::to_string(cells) + "), dx = " + general(l.dx_m) + " m\n" +
         "- Lattice: dt = " + general(l.dt_s) + " s, tau = " + general(l.tau_flow) + ", lattice Mach " +
         general(l.lattice_mach) + " (at " + general(l.max_velocity_m_s) + " m/s)\n" +
         "- rackflow: version " + (p.version.empty() ? "unknown" : p.version) + ", commit " +
         (p.commit.empty() ? "unknown" : p.commit) + "\n" +
         "- Case file: `" + p.case_file + "`, SHA-256 `" + (p.case_sha256.empty() ? "unknown" : p.case_sha256) +
         "`\n" + overrides_markdown(p) + started_markdown(p) +
         "- Run end: " + end + " at t = " + seconds(s.simulated_time_s) + " s after " + std::to_string(s.steps) +
         " steps\n" +
         "- Steady state: " + steady_text(s.steady) + "\n" +
         "- Averaging: " + averaging_text(s.averaging) + "\n\n";
}

}  // namespace rackflow::post
