// What the hall pictures draw over the fields: rack, cooling-unit and floor-tile
// footprints, labels that fit the box they name, and the marker of the hottest inlet.
// Coordinates are the domain's, in the figure's horizontal and vertical axes.
#pragma once

#include <optional>
#include <string>

#include "postprocess/figure.hpp"
#include "rackflow/hall_results.hpp"

namespace rackflow::post {

// A rack seen from above: outlined, its front (intake) edge drawn thick so cold and hot
// aisles can be told apart, filled when `fill` is given.
void draw_rack_plan(Figure& figure, const RackResult& rack, double thickness, std::optional<Rgb> fill);

// `text` centred on the rack's footprint (see draw_centred_label).
void label_rack_plan(Figure& figure, const RackResult& rack, const std::string& text);

// A cooling unit seen from above: its name, "failed" below it if it has failed; filled
// light grey when `filled` (a plan with no field under it), else outlined only.
void draw_cooler_plan(Figure& figure, const CoolerResult& cooler, bool filled);

// A floor tile seen from above: a dashed blue outline (it lies below the plan's height)
// and its name where it fits.
void draw_tile_plan(Figure& figure, const TileResult& tile);

// `text` centred on the domain point (h, v), in the normal size if it fits `room_px`
// wide, else small; drawn with a white rim so it reads on any colour.
void draw_centred_label(Figure& figure, double h_m, double v_m, const std::string& text, double room_px);

// A ring around the domain point (h, v) with `text` beside it.
void draw_marker(Figure& figure, double h_m, double v_m, const std::string& text);

}  // namespace rackflow::post
