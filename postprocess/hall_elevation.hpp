// The elevation inlet map of a rack row (elevation_inlet_<row>): the row seen from its
// cold aisle, each rack's front a column coloured by the air temperature in the cell layer
// just in front of its intake, over the rack's height; the air between racks left white.
#pragma once

#include <filesystem>
#include <string>

#include "postprocess/colour_map.hpp"
#include "postprocess/hall_pictures.hpp"

namespace rackflow::post {

// `plane` holds group.plane's layer. Throws std::invalid_argument if it does not.
PictureFile write_row_elevation(const std::filesystem::path& dir, const Snapshot& plane, const HallResults& results,
                                const RackRowGroup& group, const ColourScale& scale, const std::string& label);

}  // namespace rackflow::post
