// The halo channel of a decomposed run: kernels::HaloChannel over MPI, between the ranks
// the decomposition makes neighbours. One rank (or a build without MPI) gets the
// kernels' SelfChannel, which wraps periodic axes onto the block itself.
#pragma once

#include <memory>

#include "comm.hpp"
#include "decomposition.hpp"
#include "kernels/halo.hpp"

namespace rackflow::solver {

// `device_backend`: the fields live on a GPU; then, if the MPI library says at run time
// that it is CUDA-aware (MPIX_Query_cuda_support), device buffers go to it directly.
std::shared_ptr<kernels::HaloChannel> make_halo_channel(const Comm& comm, const Decomposition& decomposition,
                                                        bool device_backend);

// What the MPI library says of itself at run time: true only for a CUDA-aware build that
// finds CUDA support now (never for Debian's OpenMPI 4.1).
bool mpi_is_cuda_aware();

}  // namespace rackflow::solver
