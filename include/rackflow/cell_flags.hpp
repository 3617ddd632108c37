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

// A cell's flag as the kernels hold it: the byte widened to 32 bits. With byte flags GCC
// vectorises the cell loop 32 cells wide (one byte vector), four float vectors per
// operation, and the cell update spilled ~4,900 vector registers to the stack against ~750
// at 8 cells wide (scripts/kernel_spills.sh). The 3 extra bytes per cell are 1.5 % of an
// update's traffic.
using DeviceFlag = std::int32_t;
RF_HD inline bool is_fluid(DeviceFlag flag) { return (flag & kTypeMask) == kFluid; }

}  // namespace rackflow
