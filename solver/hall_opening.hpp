// Openings (OpeningSpec) as rectangles in domain coordinates: where on a rack's or
// cooler's face its air passes. Shared by the parser (which checks an opening fits its
// face) and the layout (which makes the opening's patches).
#pragma once

#include <algorithm>
#include <array>
#include <optional>

#include "rackflow/face.hpp"
#include "rackflow/hall_spec.hpp"

namespace rackflow::solver {

// A rectangle on a face, on the face's two in-plane axes in increasing order (as
// PatchSpec::rect_min_m, rect_max_m).
struct FaceRect {
  std::array<double, 2> min_m{0, 0}, max_m{0, 0};
};

// The in-plane axes of a face, increasing.
inline std::array<int, 2> face_plane_axes(Face f) {
  const int a = face_axis(f);
  return a == 0 ? std::array<int, 2>{1, 2} : (a == 1 ? std::array<int, 2>{0, 2} : std::array<int, 2>{0, 1});
}

// The face's [width, height] as an opening on it measures them.
inline std::array<double, 2> opening_face_size(const Vec3d& lo, const Vec3d& hi, Face f) {
  const auto axes = face_plane_axes(f);
  return {hi[axes[0]] - lo[axes[0]], hi[axes[1]] - lo[axes[1]]};
}

// Seen from outside a side face with outward normal n and z up, "right" is z x n: +y on
// the +x face, -y on -x, -x on +y, +x on -y. +1 where the across direction is the
// in-plane axis's positive direction; top and bottom faces measure along +x.
inline int opening_across_sign(Face f) {
  const int a = face_axis(f);
  return a == 0 ? face_sign(f) : a == 1 ? -face_sign(f) : 1;
}

// The opening's rectangle on face f of the box [lo, hi]; the whole face without one.
inline FaceRect opening_rect(const Vec3d& lo, const Vec3d& hi, Face f, const std::optional<OpeningSpec>& o) {
  const auto axes = face_plane_axes(f);
  FaceRect r{{lo[axes[0]], lo[axes[1]]}, {hi[axes[0]], hi[axes[1]]}};
  if (!o) return r;
  const auto size = opening_face_size(lo, hi, f);
  const double w = o->width_m.value_or(size[0]), h = o->height_m.value_or(size[1]);
  if (opening_across_sign(f) > 0) {
    r.min_m[0] = lo[axes[0]] + o->offset_m[0];
    r.max_m[0] = r.min_m[0] + w;
  } else {
    r.max_m[0] = hi[axes[0]] - o->offset_m[0];
    r.min_m[0] = r.max_m[0] - w;
  }
  r.min_m[1] = lo[axes[1]] + o->offset_m[1];
  r.max_m[1] = r.min_m[1] + h;
  return r;
}

}  // namespace rackflow::solver
