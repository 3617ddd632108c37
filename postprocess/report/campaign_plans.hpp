// campaign_plans.png: the per-rack plan (rack footprints coloured by their hottest inlet,
// as plan_inlet_max.png draws one run) of every scenario of a campaign, side by side, on
// the ASHRAE class's fixed colour scale (hall_pictures.hpp), so that one colour is one
// temperature in every panel.
#pragma once

#include <string>

#include "postprocess/report/campaign_tables.hpp"

namespace rackflow::post {

// At most this many panels in a row of the picture; more scenarios continue below.
inline constexpr int kPlanPanelsPerRow = 4;

// The PNG file's bytes. Panels in scenario order, left to right, the scenario's name first
// in each title. A scenario without a hall is drawn with the reference's racks unfilled and
// its status in the title. Throws std::invalid_argument when no scenario has a hall.
std::string campaign_plans_png(const CampaignTables& tables);

}  // namespace rackflow::post
