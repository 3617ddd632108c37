// Halo exchange, the stepper's side: which cells cross each face of a block, and the
// channel through which the solver moves them to the neighbour. The stepper packs the
// cells into buffers, the channel swaps buffers with the neighbours (another rank through
// MPI, or this block itself across a periodic face), and the stepper unpacks. Nothing here
// knows MPI.
//
// Faces are exchanged one axis at a time, x, then y, then z, each slab spanning the whole
// padded extent of the other two axes: a cell that crosses an edge (a diagonal D3Q19
// population) travels in two steps, first into the x halo, then with the y slab that
// includes that halo. So six neighbours suffice, with no messages to edge neighbours.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>

namespace rackflow::kernels {

class HaloChannel {
 public:
  virtual ~HaloChannel() = default;
  // True when the domain continues beyond face `side` (0 low, 1 high) of `axis`: another
  // block, or this one across a periodic face.
  virtual bool has_neighbour(int axis, int side) const = 0;
  // True when the channel takes the backend's device buffers as they are (an MPI that says
  // at run time it is CUDA-aware); else the stepper stages them through pinned host memory.
  virtual bool takes_device_buffers() const { return false; }
  // Starts sending send[s] across face s of `axis` and receiving into recv[s] what the
  // neighbour there sends across its opposite face, count floats each way and side (the
  // slabs of two neighbours along an axis have the same size). Sides without a neighbour
  // are skipped. Host buffers, untouched until end_exchange(axis) returns; the stepper
  // sweeps the block's inner cells in between.
  virtual void begin_exchange(int axis, float* const send[2], float* const recv[2], std::size_t count) = 0;
  virtual void end_exchange(int axis) = 0;
  void exchange(int axis, float* const send[2], float* const recv[2], std::size_t count) {
    begin_exchange(axis, send, recv, count);
    end_exchange(axis);
  }
};

// One block on its own: a periodic axis is its own neighbour, the rest is domain boundary.
class SelfChannel final : public HaloChannel {
 public:
  explicit SelfChannel(std::array<bool, 3> periodic) : periodic_(periodic) {}
  bool has_neighbour(int axis, int) const override { return periodic_[axis]; }
  void begin_exchange(int axis, float* const send[2], float* const recv[2], std::size_t count) override {
    if (!periodic_[axis]) return;
    // What leaves through the low face comes back in through the high one.
    std::memcpy(recv[1], send[0], count * sizeof(float));
    std::memcpy(recv[0], send[1], count * sizeof(float));
  }
  void end_exchange(int) override {}

 private:
  std::array<bool, 3> periodic_;
};

}  // namespace rackflow::kernels
