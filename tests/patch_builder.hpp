// A rectangular patch on a domain face, for tests that build their cases in code.
#pragma once

#include <array>
#include <string>

#include "rackflow/case_spec.hpp"

namespace rackflow::test {

inline PatchSpec rect_patch(const std::string& name, PatchKind kind, Face face, std::array<double, 2> lo,
                            std::array<double, 2> hi) {
  PatchSpec p;
  p.name = name;
  p.kind = kind;
  p.face = face;
  p.rect_min_m = lo;
  p.rect_max_m = hi;
  return p;
}

}  // namespace rackflow::test
