// Openings of racks and coolers (`intake`, `exhaust`, `supply_opening`, `return_opening`):
// a rectangle {width, height, offset: [across, up]} on a face, checked against the face.
// Internal to the rackflow_case library, like hall_parse_common.hpp.
#pragma once

#include <array>
#include <string>

#include "rackflow/hall_spec.hpp"
#include "yaml_reader.hpp"

namespace rackflow::detail::hall {

// `face_size_m` is the face's [width, height] as solver/hall_opening.hpp measures them;
// `face` names it in messages ("the rack's front face").
OpeningSpec read_opening(const Value& v, const std::array<double, 2>& face_size_m, const std::string& face);

}  // namespace rackflow::detail::hall
