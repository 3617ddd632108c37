// Axis-aligned faces of a box or of the domain, and the SI vector type of the case spec.
#pragma once

#include <array>

namespace rackflow {

using Vec3d = std::array<double, 3>;

// In the order x-, x+, y-, y+, z-, z+.
enum class Face { XMin = 0, XMax, YMin, YMax, ZMin, ZMax };
inline int face_axis(Face f) { return static_cast<int>(f) / 2; }
inline int face_sign(Face f) { return (static_cast<int>(f) % 2) ? +1 : -1; }
inline Face opposite_face(Face f) { return static_cast<Face>(static_cast<int>(f) ^ 1); }
inline const char* face_name(Face f) {
  constexpr const char* names[6] = {"x_min", "x_max", "y_min", "y_max", "z_min", "z_max"};
  return names[static_cast<int>(f)];
}

}  // namespace rackflow
