// The MPI communicator behind Comm, for the code that talks MPI itself (halo exchange,
// parallel HDF5). Include only in builds with RACKFLOW_HAVE_MPI.
#pragma once

#include <mpi.h>

#include "comm.hpp"

namespace rackflow::solver {

// MPI_COMM_WORLD for Comm::world() once MPI is initialised; MPI_COMM_SELF for Comm::self()
// (and for world() in a process that never initialised MPI, which must not call MPI).
MPI_Comm mpi_comm(const Comm& comm);

}  // namespace rackflow::solver
