// The Kokkos instantiation of the one time-step source (stepper_impl.inl), and the
// process's Kokkos runtime: started by the first Kokkos stepper (or memory query), ended
// at exit, as Kokkos requires, after every stepper is gone.
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "exec_kokkos.hpp"
#include "stepper_impl.inl"

namespace rackflow::kernels {

template class StepperImpl<KokkosExec, float>;
template class StepperImpl<KokkosExec, Fp16s>;

namespace {

void finalize_kokkos() {
  if (Kokkos::is_initialized()) Kokkos::finalize();
}

// Lazily, so that a run on another backend never starts Kokkos (nor its threads or device),
// and after MPI_Init, which main() calls before any stepper exists.
void ensure_kokkos() {
  if (Kokkos::is_initialized()) return;
  Kokkos::initialize();
  std::atexit(finalize_kokkos);
}

}  // namespace

bool kokkos_backend_built() { return true; }

bool kokkos_memory_on_device(std::string* name, double* free_bytes) {
  ensure_kokkos();
  using Space = kokkos_detail::MemSpace;
  if (Kokkos::SpaceAccessibility<Kokkos::HostSpace, Space>::accessible) return false;
  if (name) *name = std::string("Kokkos ") + Space::name();
  double free = std::numeric_limits<double>::infinity();
#if defined(KOKKOS_ENABLE_CUDA)
  std::size_t f = 0, total = 0;
  if (cudaMemGetInfo(&f, &total) == cudaSuccess) free = double(f);
#elif defined(KOKKOS_ENABLE_HIP)
  std::size_t f = 0, total = 0;
  if (hipMemGetInfo(&f, &total) == hipSuccess) free = double(f);
#endif
  if (free_bytes) *free_bytes = free;
  return true;
}

std::unique_ptr<Stepper> make_kokkos_stepper(const Scene& scene, const FlowParams& params, Precision precision,
                                             std::shared_ptr<HaloChannel> halo) {
  ensure_kokkos();
  if (precision == Precision::Fp16) return std::make_unique<StepperImpl<KokkosExec, Fp16s>>(scene, params, std::move(halo));
  return std::make_unique<StepperImpl<KokkosExec, float>>(scene, params, std::move(halo));
}

}  // namespace rackflow::kernels
