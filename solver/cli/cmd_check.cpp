// rackflow check: parse, estimate memory, lay out the hall, voxelize; no run.
#include <cstdio>

#include "case_parser.hpp"
#include "commands.hpp"
#include "console_report.hpp"
#include "exit_codes.hpp"
#include "hall_layout.hpp"
#include "lattice_setup.hpp"
#include "mesh/voxelizer.hpp"
#include "simulation.hpp"

namespace rackflow::cli {

int cmd_check(const CheckOptions& o) {
  set_activity("reading the case");
  const CaseSpec spec = parse_case_file(o.case_file);
  // The memory estimate needs only the domain: a grid too large is refused before the
  // hall layout or the voxelizer allocate anything.
  const solver::MemoryCheck mem = solver::check_memory(spec, o.backend);
  solver::refuse_if_too_large(spec, mem);
  set_activity("laying out the hall");
  const CaseSpec prim = solver::primitive_case(spec);
  solver::LatticeSetup setup = solver::choose_lattice(prim);
  setup.report.memory_bytes = mem.needed_bytes;
  print_lattice(setup.report, stdout);
  if (spec.hall) print_hall_load(*spec.hall);
  set_activity("voxelizing the geometry");
  const Scene scene = mesh::voxelize(prim, setup.units);
  // The exact size of every list is known now, as it is before a run allocates its fields.
  const solver::MemoryCheck exact = solver::check_scene_memory(scene, solver::available_memory(o.backend));
  solver::refuse_scene_if_too_large(prim, scene, exact);
  std::printf("geometry: %zu boundary links, %zu heat boundary cells, %zu heat source cells, %zu porous cells, %d ports\n",
              scene.flow_links.size(), scene.heat_cells.size(), scene.heat_source_cells.size(),
              scene.porous_cells.size(), scene.ports());
  for (const auto& w : scene.warnings) std::printf("warning: %s\n", w.c_str());
  std::printf("%s: ok (%.3g GiB, fits in %s)\n", o.case_file.c_str(), exact.needed_bytes / (1024.0 * 1024.0 * 1024.0),
              mem.device.c_str());
  return kExitOk;
}

}  // namespace rackflow::cli
