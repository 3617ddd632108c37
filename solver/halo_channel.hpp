// The halo channel of a decomposed run: kernels::HaloChannel over MPI, between the ranks
// the decomposition makes neighbours. One rank (or a build without MPI) gets the
// kernels' SelfChannel, which wraps periodic axes onto the block itself.
#pragma once

#include <memory>

#include "comm.hpp"
#include "decomposition.hpp"
#include "kernels/halo.hpp"

namespace rackflow::solver {

std::shared_ptr<kernels::HaloChannel> make_halo_channel(const Comm& comm, const Decomposition& decomposition);

}  // namespace rackflow::solver
