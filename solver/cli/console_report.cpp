#include "console_report.hpp"

#include <algorithm>

#include "cell_bytes.hpp"
#include "postprocess/airflow_metrics.hpp"
#include "postprocess/run_state_text.hpp"

namespace rackflow::cli {

void print_lattice(const LatticeReport& r, std::FILE* out) {
  std::fprintf(out,
               "lattice: %d x %d x %d cells, dx = %.4g m, dt = %.4g s\n"
               "         tau = %.6f (nu_lu = %.3g), alpha_lu = %.3g, max speed %.3g m/s -> lattice Mach %.3f\n"
               "memory:  %.3g GiB estimated\n",
               r.cells[0], r.cells[1], r.cells[2], r.dx_m, r.dt_s, r.tau_flow, r.nu_lu, r.alpha_lu,
               r.max_velocity_m_s, r.lattice_mach, r.memory_bytes / (1024.0 * 1024.0 * 1024.0));
}

void print_cell_bytes(std::FILE* out) {
  for (const solver::CellBytes& b : solver::cell_bytes_by_precision())
    std::fprintf(out, "bytes/cell:     %s: %.0f moved per cell update, %.0f resident\n", b.precision.c_str(),
                 b.moved_per_update, b.resident);
}

void print_hall_load(const HallSpec& h) {
  double it_w = 0, cooling_w = 0, liquid_w = 0;
  for (const auto& r : h.racks)
    for (const auto& s : r.servers) {
      it_w += s.max_power_w;
      if (r.cold_plate) liquid_w += r.cold_plate->liquid_fraction * s.max_power_w;
    }
  for (const auto& c : h.coolers) cooling_w += c.capacity_w;
  std::printf("hall:    %zu racks, %.1f kW IT at full power (%.1f kW to liquid), %zu cooling units, %.1f kW of "
              "coil capacity, %zu tiles; class %s\n",
              h.racks.size(), it_w / 1e3, liquid_w / 1e3, h.coolers.size(), cooling_w / 1e3, h.tiles.size(),
              ashrae_class_name(h.ashrae_class));
}

void print_energy(const EnergyBalance& e) {
  std::printf("energy balance over the last %.3g s: in %.5g W, out %.5g W, storage %.4g W, in-out %.3f%%, "
              "accounting residual %.2g%%\n",
              e.window_s, e.heat_in_w, e.heat_out_w, e.storage_w, 100 * e.imbalance(), 100 * e.relative_residual());
  if (e.flows.size() <= 12)
    for (const auto& f : e.flows) std::printf("  %-40s %12.5g W\n", f.name.c_str(), f.watts);
}

void print_hall(const HallResults& h) {
  const auto hottest = std::max_element(h.racks.begin(), h.racks.end(), [](const RackResult& a, const RackResult& b) {
    return a.inlet_max_c < b.inlet_max_c;
  });
  if (hottest != h.racks.end())
    std::printf("hottest inlet: %.1f °C at rack %s (class %s allowable max %.0f °C, margin %.1f K)\n",
                hottest->inlet_max_c, hottest->name.c_str(), ashrae_class_name(h.ashrae_class), h.limits.max_c,
                hottest->margin_k);
  const auto& e = h.energy;
  std::printf("hall balance: racks %.1f kW = coolers %.1f + liquid %.1f + doors %.1f + boundaries %.1f + storage %.1f "
              "kW, residual %.3f%%\n",
              e.rack_power_w / 1e3, e.coolers_w / 1e3, e.liquid_w / 1e3, e.doors_w / 1e3, e.boundaries_w / 1e3,
              e.storage_w / 1e3, 100 * e.relative_residual());
  if (h.limit_crossed_at_s)
    std::printf("ride-through: an inlet (%s) crossed %.0f °C at t = %.1f s\n", h.limit_crossed_by.c_str(),
                h.limits.max_c, *h.limit_crossed_at_s);
  const TracerResults& t = h.tracers;
  if (t.computed)
    std::printf("tracers: %zu units + %zu racks, %d sweeps, residual %.1e, flow divergence %.2f corrected, %.2f s\n",
                t.coolers.size(), t.rack_exhaust_captured.size(), t.sweeps, t.worst_residual, t.flow_divergence,
                t.wall_s);
  for (const post::AirflowFlag& f : post::airflow_flags(h)) std::printf("airflow flag: %s\n", f.text.c_str());
}

void print_run_end(const RunSummary& s) { std::printf("end:     %s\n", post::run_state_sentence(s).c_str()); }

}  // namespace rackflow::cli
