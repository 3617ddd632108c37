#include "postprocess/summary_json.hpp"

#include "postprocess/atomic_file.hpp"
#include "postprocess/json_text.hpp"
#include "postprocess/run_state_text.hpp"

namespace rackflow::post {

namespace {

std::string lattice_object(const LatticeReport& l, int indent) {
  const std::string cells = json::inline_array(
      {json::integer(l.cells[0]), json::integer(l.cells[1]), json::integer(l.cells[2])});
  return json::object({{"dx_m", json::number(l.dx_m)},
                       {"dt_s", json::number(l.dt_s)},
                       {"cells", cells},
                       {"tau_flow", json::number(l.tau_flow)},
                       {"nu_lu", json::number(l.nu_lu)},
                       {"alpha_lu", json::number(l.alpha_lu)},
                       {"max_velocity_m_s", json::number(l.max_velocity_m_s)},
                       {"lattice_mach", json::number(l.lattice_mach)},
                       {"memory_bytes", json::number(l.memory_bytes)}},
                      indent);
}

std::string energy_object(const EnergyBalance& e, int indent) {
  std::vector<std::string> flows;
  for (const HeatFlow& flow : e.flows) {
    flows.push_back(json::inline_object(
        {{"name", json::quoted(flow.name)}, {"watts", json::number(flow.watts)}}));
  }
  return json::object({{"flows", json::array(flows, indent + 2)},
                       {"heat_in_w", json::number(e.heat_in_w)},
                       {"heat_out_w", json::number(e.heat_out_w)},
                       {"storage_w", json::number(e.storage_w)},
                       {"residual_w", json::number(e.residual_w)},
                       {"relative_residual", json::number(e.relative_residual())},
                       {"imbalance", json::number(e.imbalance())},
                       {"window_s", json::number(e.window_s)}},
                      indent);
}

std::string optional_text(const std::string& text) { return text.empty() ? "null" : json::quoted(text); }

std::string steady_object(const SteadyStatus& s, int indent) {
  return json::object({{"requested", json::boolean(s.requested)},
                       {"reached", json::boolean(s.reached)},
                       {"tolerance", json::number(s.tolerance)},
                       {"window_s", json::number(s.window_s)},
                       {"earliest_stop_s", json::number(s.earliest_stop_s)},
                       {"reached_at_s", s.reached ? json::number(s.reached_at_s) : "null"},
                       {"unmet", optional_text(s.unmet)}},
                      indent);
}

std::string averaging_object(const AveragingWindow& a, int indent) {
  return json::object({{"active", json::boolean(a.active())},
                       {"from_s", a.active() ? json::number(a.from_s) : "null"},
                       {"to_s", a.active() ? json::number(a.to_s) : "null"},
                       {"samples", json::integer(a.samples)},
                       {"text", json::quoted(averaging_text(a))}},
                      indent);
}

}  // namespace

std::string speed_object(const SpeedRecord& s, int indent) {
  return json::object({{"design_m_s", json::number(s.design_m_s)},
                       {"max_m_s", json::number(s.max_m_s)},
                       {"at_m", json::inline_array({json::number(s.at_m[0]), json::number(s.at_m[1]),
                                                    json::number(s.at_m[2])})},
                       {"at_s", json::number(s.at_s)},
                       {"exceeded", json::boolean(s.exceeded())},
                       {"first_exceeded_s", json::number(s.first_exceeded_s)},
                       {"last_exceeded_s", json::number(s.last_exceeded_s)}},
                      indent);
}

namespace {

std::vector<std::string> quoted_all(const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const std::string& t : texts) out.push_back(json::quoted(t));
  return out;
}

std::string provenance_object(const Provenance& p, int indent) {
  return json::object({{"version", json::quoted(p.version)},
                       {"commit", json::quoted(p.commit)},
                       {"case_file", json::quoted(p.case_file)},
                       {"case_sha256", json::quoted(p.case_sha256)},
                       {"overrides", json::inline_array(quoted_all(p.overrides))},
                       {"restart_file", p.restart_file.empty() ? "null" : json::quoted(p.restart_file)},
                       {"start_time_s", json::number(p.start_time_s)}},
                      indent);
}

}  // namespace

std::string summary_object(const RunSummary& s, int indent) {
  const std::string temperature = json::inline_object(
      {{"min", json::number(s.min_temperature_c)}, {"max", json::number(s.max_temperature_c)}});
  return json::object({{"status", json::quoted(run_status_name(s))},
                       {"end", json::quoted(run_end_name(s.end))},
                       {"interrupted_by", s.end == RunEnd::Interrupted ? json::quoted(signal_name(s.signal)) : "null"},
                       {"state", json::quoted(run_state_sentence(s))},
                       {"case", json::quoted(s.case_name)},
                       {"backend", json::quoted(s.backend)},
                       {"lattice", lattice_object(s.lattice, indent + 2)},
                       {"steps", json::integer(s.steps)},
                       {"simulated_time_s", json::number(s.simulated_time_s)},
                       {"wall_time_s", json::number(s.wall_time_s)},
                       {"mlups", json::number(s.mlups)},
                       {"reached_steady_state", json::boolean(s.reached_steady_state)},
                       {"steady_state", steady_object(s.steady, indent + 2)},
                       {"averaging", averaging_object(s.averaging, indent + 2)},
                       {"provenance", provenance_object(s.provenance, indent + 2)},
                       {"temperature_c", temperature},
                       {"energy_balance", energy_object(s.energy, indent + 2)},
                       {"speed", speed_object(s.speed, indent + 2)}},
                      indent);
}

std::string summary_to_json(const RunSummary& summary) { return summary_object(summary, 0) + "\n"; }

void write_summary_json(const RunSummary& summary, const std::filesystem::path& file) {
  write_file_atomically(file, summary_to_json(summary));
}

std::string failed_summary_to_json(const RunSummary& known, const RunFailure& failure) {
  return json::object({{"status", json::quoted(failure.status)},
                       {"message", json::quoted(failure.message)},
                       {"case", json::quoted(known.case_name)},
                       {"backend", json::quoted(known.backend)},
                       {"lattice", lattice_object(known.lattice, 2)},
                       {"provenance", provenance_object(known.provenance, 2)}},
                      0) +
         "\n";
}

void write_failed_summary_json(const RunSummary& known, const RunFailure& failure,
                               const std::filesystem::path& file) {
  write_file_atomically(file, failed_summary_to_json(known, failure));
}

}  // namespace rackflow::post
