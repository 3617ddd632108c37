#include "rackflow/lattice/d3q19.hpp"
#include "population_storage.hpp"
#include "statistics_kernels.hpp"
#include "stepper.hpp"

namespace rackflow::kernels {

// Two population arrays (4 or 2 bytes a value), two temperature arrays, two sets of velocity + diffusivity (the
// hybrid stress reads the last step's), the six time-statistics arrays, flags (32-bit: cell_flags.hpp), and the
// density scratch allocated while sampling.
double device_bytes_per_cell(Precision precision) {
  return 2.0 * lattice::d3q19::Q * population_bytes(precision) + 2.0 * sizeof(float) + 8.0 * sizeof(float) +
         double(StatisticsView::kArrays) * sizeof(float) + sizeof(DeviceFlag) + sizeof(float);
}

double device_bytes_per_boundary_face() {
  constexpr int kLinksPerFlatFace = 5;  // D3Q19 directions with a component through a face
  return kLinksPerFlatFace * (sizeof(FlowLink) + sizeof(double)) + sizeof(HeatBoundaryCell) + 6 * sizeof(double);
}

// Each flow link has its heat accumulator (a double); each heat cell six.
double device_bytes(const Scene& s, Precision precision) {
  return device_bytes_per_cell(precision) * double(s.grid.cells_padded()) +
         double(s.flow_links.size() * (sizeof(FlowLink) + sizeof(double))) +
         double(s.flow_link_params.size() * sizeof(FlowLinkParams) + s.heat_faces.size() * sizeof(HeatFace)) +
         double(s.heat_cells.size() * (sizeof(HeatBoundaryCell) + 6 * sizeof(double))) +
         double(s.heat_source_cells.size() * sizeof(HeatSourceCell)) +
         double(s.porous_cells.size() * sizeof(PorousCell) + s.flow_outlet_cells.size() * sizeof(Index)) +
         double(s.jet_cells.size() * sizeof(JetCell)) +
         double(s.panel_cells.size() * sizeof(PanelCell)) +
         double((s.port_link_start.size() + s.port_links.size() + s.port_cell_start.size() +
                 s.port_cells.size()) * sizeof(Index)) +
         // the port sums' per-link terms (mass, heat) and segment bounds (2 per sum)
         double(s.port_links.size() * 2 * sizeof(double) + std::size_t(s.ports()) * 4 * sizeof(Index));
}

}  // namespace rackflow::kernels
