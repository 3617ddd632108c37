// What each cell is. One byte per cell; the hot kernels read only `fluid or not`.
#pragma once

#include <cstdint>

#include "rackflow/config.hpp"

namespace rackflow {

enum CellType : std::uint8_t {
  kFluid = 0,
  kWall = 1,            // no-slip (domain wall, solid box, wall patch)
  kVelocityInlet = 2,   // boundary cell feeding a prescribed velocity
  kPressureOutlet = 3,  // boundary cell holding a prescribed pressure
  kFlowOutlet = 4,      // boundary cell drawing a prescribed velocity out of the fluid
};

// Halo cells that hold a cell of the domain (a neighbouring block's, or a periodic image)
// carry this bit on top of that cell's type: the halo exchange fills them, the sweeps
// never update them.
constexpr std::uint8_t kGhostBit = 0x80;
constexpr std::uint8_t kTypeMask = 0x7f;

RF_HD inline bool is_fluid(std::uint8_t flag) { return (flag & kTypeMask) == kFluid; }

}  // namespace rackflow
