// The MPI communicator behind Comm, for the code that talks MPI itself (halo exchange,
// parallel HDF5). Include only in builds with RACKFLOW_HAVE_MPI.
#pragma once

#include <mpi.h>

#include "comm.hpp"

namespace rackflow::solver {

// MPI_COMM_WORLD when MPI is initialised; MPI_COMM_SELF is never returned.
MPI_Comm mpi_comm(const Comm& comm);

}  // namespace rackflow::solver
