// Plain-old-data parameters the kernels capture by value, in lattice units (dx = dt = 1,
// reference density 1). Built on the host by the unit converter; never holds SI values.
#pragma once

#include <cstdint>

namespace rackflow {

struct FlowParams {
  float tau0 = 1.0f;         // molecular relaxation time, 0.5 + 3 nu_lu
  float smagorinsky_c2 = 0;  // C_s^2 (0: laminar)
  float alpha0 = 0;          // molecular thermal diffusivity
  float inv_prandtl_t = 0;   // 1 / Pr_t
  float alpha_cap = 0.12f;   // explicit heat update stays bounded below this diffusivity
  float beta_g[3] = {0, 0, 0};  // thermal expansion times gravity: F = -beta_g (theta - theta_buoyancy)
  float theta_buoyancy = 0;     // Boussinesq reference temperature on the theta scale
  float accel[3] = {0, 0, 0};   // uniform body acceleration
  // Hybrid regularisation (collision.hpp, blend_stress): weight of the stress measured on
  // the populations; the rest comes from finite differences of the last step's velocity.
  float hybrid_sigma = 1.0f;
};

// Kinds of temperature boundary at a face of a fluid cell.
enum HeatFaceKind : std::uint8_t {
  kHeatAdiabatic = 0,
  kHeatFixedTemperature = 1,  // value: wall theta
  kHeatFixedFlux = 2,         // value: theta per step entering through the face
};

struct HeatFace {
  HeatFaceKind kind = kHeatAdiabatic;
  float value = 0;
};

// Kinds of flow boundary links (fluid cell, direction whose upstream cell is a boundary).
enum FlowLinkKind : std::uint8_t {
  kLinkBounceBack = 0,      // half-way bounce-back, no slip
  kLinkVelocity = 1,        // bounce-back with the wall-velocity momentum term (Ladd)
  kLinkPressure = 2,        // anti-bounce-back at a prescribed density
  kLinkVelocityOut = 3,     // Ladd, like kLinkVelocity, for a patch drawing air out: the air
                            // leaves at the fluid cell's temperature
  kLinkPanel = 4,           // a thin panel between two fluid cells: bounce-back on both sides,
                            // one entry per pair (FlowLink::cell and the cell upstream of it)
};

}  // namespace rackflow
