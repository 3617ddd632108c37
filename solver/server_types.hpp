// Built-in server types: what a case may name in a rack's `servers` list without defining
// it under hall.server_types. Figures from reference-data/datacentre-numbers.md
// (see server_types.cpp). A case adds its own types by name under hall.server_types.
#pragma once

#include <string>
#include <vector>

namespace rackflow {

// Height of one rack unit (EIA-310) [m].
inline constexpr double kRackUnitM = 0.04445;
// Cubic metres per second in one CFM (ft³/min, 0.3048³ m³ exactly).
inline constexpr double kM3PerSecondPerCfm = 0.028316846592 / 60.0;

struct ServerType {
  std::string name;
  double height_u = 1;
  double max_power_w = 0;   // at utilisation 1
  double idle_power_w = 0;  // at utilisation 0
  double airflow_m3_s = 0;  // fan-driven, independent of power
};

// In the order they are listed to users.
const std::vector<ServerType>& builtin_server_types();

// The built-in type with this name, or nullptr.
const ServerType* find_builtin_server_type(const std::string& name);

}  // namespace rackflow
