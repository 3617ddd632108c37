// rackflow check: parse, estimate memory, lay out the hall, voxelize; no run.
#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "case_parser.hpp"
#include "commands.hpp"
#include "console_report.hpp"
#include "exit_codes.hpp"
#include "hall_layout.hpp"
#include "lattice_setup.hpp"
#include "mesh/voxelizer.hpp"
#include "simulation.hpp"

namespace rackflow::cli {

namespace {

// What `mpirun -np N rackflow run` would give each rank: its block and memory estimate.
void print_decomposition(const CaseSpec& prim, const CheckOptions& o, bool on_host) {
  solver::Decomposition d;
  try {
    d = solver::decompose(mesh::domain_cells(prim), prim.domain.periodic, o.ranks, o.ranks_grid);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  std::printf("decomposition for %d ranks: %s\n", d.ranks(), d.describe().c_str());
  double most = 0;
  constexpr int kListedRanks = 64;
  for (int r = 0; r < d.ranks(); ++r) {
    const Grid b = d.block(r);
    const double bytes = solver::estimate_block_bytes(prim, b, on_host);
    most = std::max(most, bytes);
    if (r < kListedRanks)
      std::printf("  rank %d: cells [%lld, %lld) x [%lld, %lld) x [%lld, %lld), %.3g GiB\n", r, (long long)b.origin[0],
                  (long long)(b.origin[0] + b.nx), (long long)b.origin[1], (long long)(b.origin[1] + b.ny),
                  (long long)b.origin[2], (long long)(b.origin[2] + b.nz), bytes / (1024.0 * 1024.0 * 1024.0));
  }
  if (d.ranks() > kListedRanks) std::printf("  ... %d more ranks\n", d.ranks() - kListedRanks);
  std::printf("memory per rank: at most %.3g GiB (estimate: fields by the block's cells, boundary lists in "
              "proportion)\n",
              most / (1024.0 * 1024.0 * 1024.0));
}

}  // namespace

int cmd_check(const CheckOptions& o) {
  set_activity("reading the case");
  const CaseSpec spec = parse_case_file(o.case_file, o.overrides);
  for (const std::string& unchanged : spec.overrides_without_effect)
    std::printf("warning: --set %s changes nothing: the case already has that value\n", unchanged.c_str());
  // The memory estimate needs only the domain: a grid too large is refused before the
  // hall layout or the voxelizer allocate anything.
  const solver::MemoryCheck mem = solver::check_memory(spec, o.backend);
  solver::refuse_if_too_large(spec, mem);
  set_activity("laying out the hall");
  const CaseSpec prim = solver::primitive_case(spec);
  solver::LatticeSetup setup = solver::choose_lattice(prim);
  setup.report.memory_bytes = mem.needed_bytes;
  print_lattice(setup.report, stdout);
  print_cell_bytes(stdout);
  if (spec.hall) print_hall_load(*spec.hall);
  set_activity("voxelizing the geometry");
  const Scene scene = mesh::voxelize(prim, setup.units);
  // The exact size of every list is known now, as it is before a run allocates its fields.
  const solver::MemoryCheck exact = solver::check_scene_memory(scene, prim.run.precision, solver::available_memory(o.backend));
  solver::refuse_scene_if_too_large(prim, scene, exact);
  std::printf("geometry: %zu boundary links, %zu heat boundary cells, %zu heat source cells, %zu porous cells, %d ports\n",
              scene.flow_links.size(), scene.heat_cells.size(), scene.heat_source_cells.size(),
              scene.porous_cells.size(), scene.ports());
  for (const auto& w : scene.warnings) std::printf("warning: %s\n", w.c_str());
  // Before the verdict: a split that cannot be made is an error, not a footnote to "ok".
  if (o.ranks > 1 || o.ranks_grid) print_decomposition(prim, o, mem.on_host);
  std::printf("%s: ok (%.3g GiB, fits in %s)\n", o.case_file.c_str(), exact.needed_bytes / (1024.0 * 1024.0 * 1024.0),
              mem.device.c_str());
  return kExitOk;
}

}  // namespace rackflow::cli
