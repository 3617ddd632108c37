// Hall layout: turns the data-centre objects of a case (HallSpec) into the primitives the
// voxelizer knows (solid and porous boxes, inlet and flow-outlet patches with coupling
// ports) and records which ports belong to which object, for the models that drive them.
//
// A rack's front and back faces are cut into the cell layers of the grid. Each layer has
// an intake port (a flow outlet) and an exhaust port (an inlet) where its opening
// (RackSpec::intake, exhaust; the whole face by default) covers it, each with the flow of
// the servers that breathe through it there, so every rack moves exactly as much air in
// as out. Servers rarely line up with cell layers (1U is 44 mm, a cell 50-200 mm): server
// s sends weight w_sk of its airflow and heat through layer k, in proportion to how much
// of the server's height, within the opening, the layer holds.
#pragma once

#include <string>
#include <vector>

#include "rackflow/case_spec.hpp"

namespace rackflow::solver {

struct LayerShare {
  int index;      // the layer (in RackLayout::layers) or the server (in RackLayout::servers)
  double weight;  // share of the server's airflow and heat
};

struct RackLayer {
  int intake_port = -1, exhaust_port = -1;    // -1: the opening does not cover this layer
  double intake_m3_s = 0, exhaust_m3_s = 0;
  std::vector<LayerShare> intake_servers, exhaust_servers;  // servers that use this layer
};

struct RackLayout {
  std::vector<RackLayer> layers;  // bottom to top; only layers with airflow
  // Per server: its intake layers, and its exhaust layers; each's weights sum to 1. With
  // the same openings front and back (the default) the two are equal.
  std::vector<std::vector<LayerShare>> servers, servers_exhaust;
  std::string group;                               // energy-accounting group of its ports
  std::vector<int> patches;                        // its intake and exhaust patches
};

struct CoolerLayout {
  int return_port = -1, supply_port = -1;
  std::vector<int> patches;  // its flowing patches (CaseSpec::patches), stopped on failure
  std::string group;
};

struct TileLayout {
  std::string name;
  TileKind kind = TileKind::Perforated;
  int box = -1;    // Perforated: its porous box in CaseSpec::boxes
  int patch = -1;  // Grille: its inlet patch
  int cooler = -1; // Grille: the cooler it belongs to
  double open_fraction = 0;
};

struct HallLayout {
  CaseSpec primitives;  // the case with every hall object as boxes and patches
  std::vector<RackLayout> racks;      // as HallSpec::racks
  std::vector<CoolerLayout> coolers;  // as HallSpec::coolers
  std::vector<TileLayout> tiles;      // floor tiles, then ceiling grilles
  int ports = 0;
};

// Idelchik's loss coefficient of a sharp-edged perforated plate on the gross-area velocity:
// zeta = [(1 - f) + 0.707 (1 - f)^0.375]^2 / f^2 (reference-data/datacentre-numbers.md).
double perforated_plate_loss(double open_fraction);

// The case as the voxelizer sees it: the hall's objects as boxes and patches (the case
// itself when it has no hall).
CaseSpec primitive_case(const CaseSpec& spec);

// spec.hall must be set. Throws CaseError where an object cannot be built at the case's
// resolution.
HallLayout build_hall_layout(const CaseSpec& spec);

}  // namespace rackflow::solver
