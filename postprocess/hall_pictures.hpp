// The pictures an engineer looks at first (DESIGN.md §7, docs/pictures.md), written beside
// the report, each as <stem>.png, <stem>.svg and <stem>.pdf (picture.hpp):
//   slice_inlet_height          plan view of the air temperature at server-inlet height,
//                               with velocity arrows, racks, cooling units and floor tiles
//   slice_hottest_rack_intake   vertical slice just in front of the hottest rack's intake
//   plan_inlet_max              rack footprints coloured by their hottest inlet
//   plenum_pressure             raised-floor plenum pressure [Pa] at mid-plenum height, tiles drawn
//   elevation_inlet_<row>       one per rack row: each rack's front as a column, coloured by
//                               the intake temperature over its height
//   inlet_history               hottest inlet of each rack over time, the allowable limit drawn
//
// Colour scale: one fixed range for all temperature pictures, taken from the inlet limits
// of the hall's ASHRAE class and not from this run's temperatures, so that every scenario
// of a campaign on one hall is drawn with the same colours and compares side by side. The
// default, recommended_min - 3 to allowable max + 8 (15-40 °C for class A1), puts supply
// air at the cold end, the allowable limit near two thirds up, and leaves room to tell a
// marginal inlet from hot-aisle air; hotter exhaust saturates at the top colour. The
// allowable and recommended maxima are marked on every colour bar. The plenum map's range
// is this run's own (pressures have no class limits to fix it by).
//
// Built with Cairo and Pango (postprocess/CMakeLists.txt); a build without them draws no
// pictures (write_hall_pictures writes nothing), the rest of this header is the same.
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

// The file-name stems of the pictures; elevation_inlet_<row> has one per row.
inline constexpr const char* kInletSliceStem = "slice_inlet_height";
inline constexpr const char* kIntakeSliceStem = "slice_hottest_rack_intake";
inline constexpr const char* kInletPlanStem = "plan_inlet_max";
inline constexpr const char* kElevationStemPrefix = "elevation_inlet_";
inline constexpr const char* kHistoryPlotStem = "inlet_history";
inline constexpr const char* kPlenumPressureStem = "plenum_pressure";

// True for a file a run's pictures may have written (<stem>.png/.svg/.pdf of a stem above):
// a rerun removes exactly these from its directory.
bool is_picture_file(const std::string& name);

struct PictureOptions {
  // The colour range [°C]; unset ends take the default described above. Set both to the
  // same values for every scenario of a campaign if the classes differ.
  std::optional<double> temperature_min_c, temperature_max_c;
  // Height of slice_inlet_height [m, domain z]; unset: the hottest server inlet's height,
  // else 1.2 m above the lowest rack base.
  std::optional<double> slice_height_m;
  std::string label;  // the case or scenario name, first in every title; may be empty
};

// The colour range the temperature pictures use. Throws std::invalid_argument unless
// min < max, both finite.
ColourScale picture_colour_scale(const PictureOptions& options, const HallResults& results);

// The values every temperature colour bar marks: the class's allowable maximum, and the
// recommended maximum where it differs.
std::vector<ColourBarMark> picture_limit_marks(const HallResults& results);

// The height of slice_inlet_height before it snaps to the nearest cell layer [m].
double inlet_slice_height(const PictureOptions& options, const HallResults& results, const DomainGeometry& domain);

// A layer of cells the pictures are drawn from: normal to `axis`, at global cell `index`.
struct PicturePlane {
  int axis = 2;
  int index = 0;
  bool operator==(const PicturePlane& o) const { return axis == o.axis && index == o.index; }
};

// Racks of one row that face the same way with their fronts in one cell layer: one
// elevation picture. `name` is the racks' row name made file-safe ("racks" for racks
// outside rows), with a suffix _1, _2, ... where a row splits into several groups.
struct RackRowGroup {
  std::string name;
  std::vector<int> racks;  // indices into HallResults::racks, in row order
  PicturePlane plane;      // the layer of air just in front of their intakes
};
std::vector<RackRowGroup> rack_row_groups(const HallResults& results, const DomainGeometry& domain);

// The layers the pictures need, in this order: the horizontal layer at inlet height
// (slice_inlet_height, plan_inlet_max); with racks, the vertical layer just in front of the
// hottest rack's intake (slice_hottest_rack_intake); with a raised floor, the horizontal
// layer at mid-plenum height (plenum_pressure); then one layer per rack_row_groups entry.
// A pure function of the results, which every rank of a parallel run holds alike: each can
// say which layers to gather without asking the others.
std::vector<PicturePlane> picture_planes(const HallResults& results, const PictureOptions& options,
                                         const DomainGeometry& domain);

// A picture written: <stem>.png, .svg and .pdf, and one line on what it shows.
struct PictureFile {
  std::string stem;
  std::string caption;
};

// Writes the pictures into `dir` (which must exist), each file atomically, and returns
// those drawn in the order of the list above. `planes[p]` holds at least layer
// picture_planes(...)[p]: that layer alone (one cell thick, placed by offset_cells;
// check_slice_fields) or the whole domain; all lie in one domain, whose geometry places
// the layers. The inlet-height layer needs velocity_m_s (the arrows), the plenum layer
// pressure_pa. Without racks only slice_inlet_height is drawn; inlet_history needs two
// samples. Throws std::invalid_argument for a wrong number of planes, planes of different
// domains, that miss their layer or a field, and an inconsistent colour range;
// std::runtime_error for I/O errors.
std::vector<PictureFile> write_hall_pictures(const std::string& dir, const std::vector<Snapshot>& planes,
                                             const HallResults& results, const PictureOptions& options);

}  // namespace rackflow::post
