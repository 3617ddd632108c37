// The inlet history plot (inlet_history): time against each rack's hottest inlet
// (HallResults::history), the class's allowable maximum as a dashed red line. The racks
// that come closest to the limit are drawn in colour and named in the legend, the others
// in grey, so a hall of a hundred racks still reads.
#pragma once

#include <filesystem>
#include <string>

#include "postprocess/hall_pictures.hpp"

namespace rackflow::post {

// How many racks the legend names and colours.
inline constexpr int kHistoryNamedRacks = 8;

// Throws std::invalid_argument for a history with fewer than two samples or rows that do
// not have one value per rack.
PictureFile write_inlet_history_plot(const std::filesystem::path& dir, const HallResults& results,
                                     const std::string& label);

}  // namespace rackflow::post
