#include "halo_channel.hpp"

#ifdef RACKFLOW_HAVE_MPI
#include "comm_mpi.hpp"
#if __has_include(<mpi-ext.h>)
#include <mpi-ext.h>  // OpenMPI's MPIX_Query_cuda_support
#endif
#endif

namespace rackflow::solver {

#ifdef RACKFLOW_HAVE_MPI
namespace {

// Non-blocking sends and receives to the two neighbours of an axis, then a wait for all
// four: both directions are in flight at once, and two neighbours that are the same rank
// (two blocks on a periodic axis) cannot deadlock. A message's tag says through which face
// it left, so the receiver files it under the face it arrives through.
class MpiChannel final : public kernels::HaloChannel {
 public:
  MpiChannel(const Comm& comm, const Decomposition& d, bool device_buffers)
      : comm_(mpi_comm(comm)), device_buffers_(device_buffers) {
    for (int axis = 0; axis < 3; ++axis)
      for (int side = 0; side < 2; ++side) peer_[axis][side] = d.neighbour(comm.rank(), axis, side);
  }
  bool has_neighbour(int axis, int side) const override { return peer_[axis][side] >= 0; }
  bool takes_device_buffers() const override { return device_buffers_; }
  void begin_exchange(int axis, float* const send[2], float* const recv[2], std::size_t count) override {
    MPI_Request* req = requests_[axis];
    int& n = pending_[axis];
    n = 0;
    for (int side = 0; side < 2; ++side) {
      const int peer = peer_[axis][side];
      if (peer < 0) continue;
      // What arrives through my low face left the neighbour through its high face.
      MPI_Irecv(recv[side], int(count), MPI_FLOAT, peer, tag(axis, 1 - side), comm_, &req[n++]);
    }
    for (int side = 0; side < 2; ++side) {
      const int peer = peer_[axis][side];
      if (peer < 0) continue;
      MPI_Isend(send[side], int(count), MPI_FLOAT, peer, tag(axis, side), comm_, &req[n++]);
    }
  }
  void end_exchange(int axis) override {
    MPI_Waitall(pending_[axis], requests_[axis], MPI_STATUSES_IGNORE);
    pending_[axis] = 0;
  }

 private:
  static int tag(int axis, int leaving_side) { return 100 + 2 * axis + leaving_side; }
  MPI_Comm comm_;
  bool device_buffers_;
  int peer_[3][2];
  MPI_Request requests_[3][4];
  int pending_[3] = {0, 0, 0};
};

}  // namespace
#endif

bool mpi_is_cuda_aware() {
#if defined(RACKFLOW_HAVE_MPI) && defined(MPIX_CUDA_AWARE_SUPPORT)
  return MPIX_Query_cuda_support() == 1;
#else
  return false;
#endif
}

std::shared_ptr<kernels::HaloChannel> make_halo_channel(const Comm& comm, const Decomposition& d, bool device_backend) {
#ifdef RACKFLOW_HAVE_MPI
  if (comm.size() > 1) return std::make_shared<MpiChannel>(comm, d, device_backend && mpi_is_cuda_aware());
#else
  (void)comm;
  (void)device_backend;
#endif
  return std::make_shared<kernels::SelfChannel>(d.periodic);
}

}  // namespace rackflow::solver
