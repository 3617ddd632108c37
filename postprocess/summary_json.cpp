// A hand-written emitter: the layout is fixed and small, and the core build must not
// need a JSON library.
#include "postprocess/summary_json.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "postprocess/atomic_file.hpp"

namespace rackflow::post {

namespace {

// As printf's %.9g, but through to_chars so that no locale can turn the point into a comma.
std::string number(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[32];
  const auto end =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 9).ptr;
  return std::string(buffer, end);
}

std::string integer(long long value) { return std::to_string(value); }

std::string boolean(bool value) { return value ? "true" : "false"; }

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {  // other control characters
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
          out += escape;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// One `"key": value` member at the given indent; `last` drops the trailing comma.
std::string member(int indent, const char* key, const std::string& value, bool last = false) {
  return std::string(indent, ' ') + quoted(key) + ": " + value + (last ? "\n" : ",\n");
}

std::string lattice_object(const LatticeReport& l) {
  const std::string cells =
      "[" + integer(l.cells[0]) + ", " + integer(l.cells[1]) + ", " + integer(l.cells[2]) + "]";
  return "{\n" + member(4, "dx_m", number(l.dx_m)) + member(4, "dt_s", number(l.dt_s)) +
         member(4, "cells", cells) + member(4, "tau_flow", number(l.tau_flow)) +
         member(4, "nu_lu", number(l.nu_lu)) + member(4, "alpha_lu", number(l.alpha_lu)) +
         member(4, "max_velocity_m_s", number(l.max_velocity_m_s)) +
         member(4, "lattice_mach", number(l.lattice_mach)) +
         member(4, "memory_bytes", number(l.memory_bytes), true) + "  }";
}

std::string energy_object(const EnergyBalance& e) {
  std::string flows = "[";
  for (std::size_t i = 0; i < e.flows.size(); ++i) {
    flows += i == 0 ? "\n" : ",\n";
    flows += "      {\"name\": " + quoted(e.flows[i].name) +
             ", \"watts\": " + number(e.flows[i].watts) + "}";
  }
  flows += e.flows.empty() ? "]" : "\n    ]";
  return "{\n" + member(4, "flows", flows) + member(4, "heat_in_w", number(e.heat_in_w)) +
         member(4, "heat_out_w", number(e.heat_out_w)) +
         member(4, "storage_w", number(e.storage_w)) +
         member(4, "residual_w", number(e.residual_w)) +
         member(4, "relative_residual", number(e.relative_residual())) +
         member(4, "imbalance", number(e.imbalance())) +
         member(4, "window_s", number(e.window_s), true) + "  }";
}

}  // namespace

std::string summary_to_json(const RunSummary& s) {
  const std::string temperature = "{\"min\": " + number(s.min_temperature_c) +
                                  ", \"max\": " + number(s.max_temperature_c) + "}";
  return "{\n" + member(2, "case", quoted(s.case_name)) +
         member(2, "backend", quoted(s.backend)) +
         member(2, "lattice", lattice_object(s.lattice)) + member(2, "steps", integer(s.steps)) +
         member(2, "simulated_time_s", number(s.simulated_time_s)) +
         member(2, "wall_time_s", number(s.wall_time_s)) + member(2, "mlups", number(s.mlups)) +
         member(2, "reached_steady_state", boolean(s.reached_steady_state)) +
         member(2, "temperature_c", temperature) +
         member(2, "energy_balance", energy_object(s.energy), true) + "}\n";
}

void write_summary_json(const RunSummary& summary, const std::filesystem::path& file) {
  write_file_atomically(file, summary_to_json(summary));
}

}  // namespace rackflow::post
