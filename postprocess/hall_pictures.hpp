// The pictures an engineer looks at first (DESIGN.md §7), written beside the report:
//   slice_inlet_height.png          plan view of the air temperature at server-inlet height
//   slice_hottest_rack_intake.png   vertical slice just in front of the hottest rack's intake
//   plan_inlet_max.png              rack footprints coloured by their hottest inlet
//
// Colour scale: one fixed range for all three pictures, taken from the inlet limits of
// the hall's ASHRAE class and not from this run's temperatures, so that every scenario of
// a campaign on one hall is drawn with the same colours and compares side by side. The
// default, recommended_min - 3 to allowable max + 8 (15-40 °C for class A1), puts supply
// air at the cold end, the allowable limit near two thirds up, and leaves room to tell a
// marginal inlet from hot-aisle air; hotter exhaust saturates at the top colour. The
// allowable and recommended maxima are marked on every colour bar.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "postprocess/colour_bar.hpp"
#include "postprocess/colour_map.hpp"
#include "postprocess/field_slice.hpp"
#include "rackflow/hall_results.hpp"
#include "rackflow/snapshot.hpp"

namespace rackflow::post {

// The names of the pictures, all of them: a rerun removes exactly these from its directory.
inline constexpr const char* kInletSliceFile = "slice_inlet_height.png";
inline constexpr const char* kIntakeSliceFile = "slice_hottest_rack_intake.png";
inline constexpr const char* kInletPlanFile = "plan_inlet_max.png";
inline constexpr const char* kPictureFiles[] = {kInletSliceFile, kIntakeSliceFile, kInletPlanFile};

struct PictureOptions {
  // The colour range [°C]; unset ends take the default described above. Set both to the
  // same values for every scenario of a campaign if the classes differ.
  std::optional<double> temperature_min_c, temperature_max_c;
  // Height of slice_inlet_height [m, domain z]; unset: the hottest server inlet's height,
  // else 1.2 m above the lowest rack base.
  std::optional<double> slice_height_m;
  std::string label;  // the case or scenario name, first in every title; may be empty
};

// The colour range the pictures use. Throws std::invalid_argument unless min < max, both finite.
ColourScale picture_colour_scale(const PictureOptions& options, const HallResults& results);

// The values every colour bar marks: the class's allowable maximum, and the recommended
// maximum where it differs.
std::vector<ColourBarMark> picture_limit_marks(const HallResults& results);

// The height of slice_inlet_height before it snaps to the nearest cell layer [m].
double inlet_slice_height(const PictureOptions& options, const HallResults& results,
                          const DomainGeometry& domain);

// A layer of cells the pictures are drawn from: normal to `axis`, at global cell `index`.
struct PicturePlane {
  int axis = 2;
  int index = 0;
  bool operator==(const PicturePlane& o) const { return axis == o.axis && index == o.index; }
};

// The layers the pictures need, in this order: the horizontal layer at inlet height
// (slice_inlet_height and plan_inlet_max), then, with racks, the vertical layer just in
// front of the hottest rack's intake (slice_hottest_rack_intake). A pure function of the
// results, which every rank of a parallel run holds alike: each can say which layers to
// gather without asking the others.
std::vector<PicturePlane> picture_planes(const HallResults& results, const PictureOptions& options,
                                         const DomainGeometry& domain);

// Writes the pictures into `dir` (which must exist), each atomically, and returns their
// paths. `planes[p]` holds at least layer picture_planes(...)[p]: that layer alone (one cell
// thick, placed by offset_cells, temperature_c and object_id filled; check_slice_fields)
// or the whole domain; all lie in one domain, whose geometry places the layers. The two
// rack pictures need at least one rack; without racks only slice_inlet_height.png is
// written. Throws std::invalid_argument for a wrong number of planes, planes of different
// domains or that miss their layer, and an inconsistent colour range; std::runtime_error
// for I/O errors.
std::vector<std::string> write_hall_pictures(const std::string& dir, const std::vector<Snapshot>& planes,
                                             const HallResults& results, const PictureOptions& options);

}  // namespace rackflow::post
