#include "server_types.hpp"

namespace rackflow {
namespace {

// The common rule of thumb for air-cooled IT is 154-160 CFM per kW (datacentre-numbers.md,
// "Airflow per kW"), i.e. a temperature rise of about 11 K across the server.
constexpr double kGenericCfmPerKw = 160;

ServerType generic(const char* name, double height_u, double max_power_w, double idle_power_w) {
  return {name, height_u, max_power_w, idle_power_w, kGenericCfmPerKw * max_power_w / 1e3 * kM3PerSecondPerCfm};
}

// NVIDIA DGX H100 / H200 (HGX H100 boards in the same 8U chassis): 10.2 kW at most
// (datacentre-numbers.md, "Equipment"). NVIDIA publishes no airflow; 0.50 m³/s is the flow
// that carries 10.2 kW at a 17 K rise with rho 1.2 kg/m3 and c_p 1005 J/(kg K)
// (10200 / (1.2 * 1005 * 0.50) = 16.9 K), inside the 0.42-0.56 m³/s that the same page
// derives for a 15-20 K rise. Idle: about a fifth of the maximum.
ServerType dgx(const char* name) { return {name, 8, 10.2e3, 2.0e3, 0.50}; }

}  // namespace

const std::vector<ServerType>& builtin_server_types() {
  static const std::vector<ServerType> types = {
      dgx("dgx-h100"),
      dgx("hgx-h100"),
      dgx("dgx-h200"),
      generic("generic-1u", 1, 500, 150),
      generic("generic-2u", 2, 1000, 300),
  };
  return types;
}

const ServerType* find_builtin_server_type(const std::string& name) {
  for (const ServerType& t : builtin_server_types())
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace rackflow
