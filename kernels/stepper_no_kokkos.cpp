// Builds without RACKFLOW_ENABLE_KOKKOS: the Kokkos backend reports itself absent, and
// `--backend kokkos` fails with a clear message.
#include <stdexcept>

#include "stepper.hpp"

namespace rackflow::kernels {

bool kokkos_backend_built() { return false; }

bool kokkos_memory_on_device(std::string*, double*) { return false; }

std::unique_ptr<Stepper> make_kokkos_stepper(const Scene&, const FlowParams&, Precision, std::shared_ptr<HaloChannel>) {
  throw std::runtime_error(
      "this rackflow was built without the Kokkos backend (configure with RACKFLOW_ENABLE_KOKKOS=ON and a "
      "Kokkos that find_package(Kokkos) finds, e.g. Debian's libtrilinos-kokkos-dev)");
}

}  // namespace rackflow::kernels
