// Scene: the voxelised case in lattice units, ready to be uploaded. Produced by the
// voxelizer (mesh/), consumed by a backend's stepper (kernels/). Host data only.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "rackflow/grid.hpp"
#include "rackflow/lattice_params.hpp"

namespace rackflow {

// A fluid cell's population along `dir` comes from a boundary cell upstream.
struct FlowLink {
  Index cell;           // the fluid cell
  std::uint8_t dir;     // D3Q19 direction of the incoming population
  std::uint8_t kind;    // FlowLinkKind
  std::uint32_t param;  // index into Scene::flow_link_params (32 bits: a hall of ~820 racks
                        // at 0.05 m cells already has more than 65 536 entries)
};

struct FlowLinkParams {
  float u[3] = {0, 0, 0};  // wall/inlet velocity (kLinkVelocity)
  float rho = 1;           // boundary density (kLinkPressure)
};

constexpr std::uint32_t kNoHeatFace = 0xffffffffu;

// A fluid cell with at least one face on a boundary; faces in the order x-, x+, y-, y+, z-, z+.
struct HeatBoundaryCell {
  Index cell;
  std::uint32_t face[6];  // index into Scene::heat_faces, or kNoHeatFace (32 bits, as FlowLink::param)
};

// A fluid cell of a porous box: after collision its momentum loses k rho |u| u, implicitly
// (kernels/coupling_kernels.hpp), so any loss coefficient stays stable.
struct PorousCell {
  Index cell;
  float k;  // zeta / (2 L): loss coefficient over the box's thickness in cells
};

// A fluid cell just above a perforated tile: after the porous drag its upward momentum
// gains c rho w^2 (c = 1/f - 1 for open fraction f), the momentum flux the jet through the
// holes, rho Q^2 / (f A), has beyond the rho Q^2 / A of a uniform exit over the gross area
// (kernels/coupling_kernels.hpp, JetMomentum).
struct JetCell {
  Index cell;
  float coefficient;  // c = 1/f - 1
};

// A fluid cell beside a thin panel (BoxKind::Panel): bit d of `dirs` is set where its
// incoming link along D3Q19 direction d crosses the panel. The fused update streams and
// diffuses across every fluid-fluid face; PanelHeat (kernels/heat_kernels.hpp) takes back
// what it moved across these links, so the panel is adiabatic.
struct PanelCell {
  Index cell;
  std::uint32_t dirs;
};

struct HeatSourceCell {
  Index cell;
  float theta_per_step;  // heat release as a temperature increment per step
};

struct Scene {
  Grid grid;
  std::vector<std::uint8_t> flags;     // padded grid, CellType (+ kGhostBit)
  std::vector<std::int32_t> object_id; // padded grid: 0 fluid, b+1 box b, -(p+1) patch p, -32768 plain domain wall

  std::vector<FlowLink> flow_links;
  std::vector<FlowLinkParams> flow_link_params;
  std::vector<int> flow_link_param_group;  // accounting group of each entry (-1: walls)

  std::vector<HeatBoundaryCell> heat_cells;
  std::vector<HeatFace> heat_faces;
  std::vector<int> heat_face_group;    // accounting group of each heat face entry
  // Heat-source boxes may overlap (server boxes often do). What the kernels apply is
  // heat_source_cells, each cell once with the increments of all its boxes summed, so no
  // two threads add to one cell. The energy accounting keeps one share per (box, cell) in
  // heat_sources, with its group in heat_source_group: a cell shared by two boxes appears
  // twice there, once under each box's group.
  std::vector<HeatSourceCell> heat_source_cells;
  std::vector<HeatSourceCell> heat_sources;
  std::vector<int> heat_source_group;  // accounting group of each heat_sources share

  // Energy accounting groups: one per patch or heat-releasing box, by name.
  std::vector<std::string> groups;

  // Index into flow_link_params of each patch (0 for walls), so a model can change a
  // patch's velocity during the run (a cooling unit that fails).
  std::vector<int> patch_param;

  // Coupling ports (PatchSpec::port), as compressed rows: the flow links of port p are
  // port_links[port_link_start[p] .. port_link_start[p+1]), its boundary cells (inlet
  // ports: whose temperature a model sets) port_cells[port_cell_start[p] .. [p+1]).
  std::vector<Index> port_link_start, port_links;
  std::vector<Index> port_cell_start, port_cells;
  int ports() const { return port_link_start.empty() ? 0 : int(port_link_start.size()) - 1; }

  std::vector<PorousCell> porous_cells;
  std::vector<JetCell> jet_cells;
  std::vector<PanelCell> panel_cells;
  // Fluid cells that feed a flow outlet; relaxed to equilibrium after collision
  // (kernels/coupling_kernels.hpp, RelaxToEquilibrium, says why).
  std::vector<Index> flow_outlet_cells;

  // Axes along which the domain wraps: their halo cells are copies (kernels/halo.hpp).
  std::array<bool, 3> periodic{false, false, false};

  float initial_theta = 0;             // fluid initial temperature, T - T_ref
  float initial_u[3] = {0, 0, 0};
  std::vector<std::pair<Index, float>> fixed_theta_cells;  // inlet and isothermal cells

  // Geometry the grid changed: objects thinner than a cell, faces moved by more than half
  // a cell. Each names the object, its size and the cell size; the CLI prints them.
  std::vector<std::string> warnings;
};

constexpr std::int32_t kDomainWallId = -32768;

}  // namespace rackflow
