#include "postprocess/report/campaign_plans.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "postprocess/figure.hpp"
#include "postprocess/hall_overlays.hpp"
#include "postprocess/hall_pictures.hpp"
#include "postprocess/nice_numbers.hpp"

namespace rackflow::post {

namespace {

// The plan is drawn from footprints only (a run directory keeps no field): a grid this fine
// places every footprint edge within 2.5 cm, and Figure scales any grid to about 1300 px.
constexpr double kPlanCellM = 0.05;
// Air around the outermost footprints, so edge racks and their labels are not cut.
constexpr double kPlanMarginM = 0.6;
constexpr int kPanelGapPx = 12;

struct Extent {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  void add(const Vec3d& lo, const Vec3d& hi) {
    x0 = std::min(x0, lo[0]);
    y0 = std::min(y0, lo[1]);
    x1 = std::max(x1, hi[0]);
    y1 = std::max(y1, hi[1]);
  }
};

// A frame of the hall's plan: its geometry is all Figure needs; there are no cells to paint.
FieldSlice plan_frame(const RunRecord& hall) {
  Extent e;
  for (const RackRecord& r : hall.racks) e.add(r.min_m, r.max_m);
  for (const CoolerRecord& c : hall.coolers) e.add(c.min_m, c.max_m);
  FieldSlice frame;
  frame.left_m = e.x0 - kPlanMarginM;
  frame.bottom_m = e.y0 - kPlanMarginM;
  frame.spacing_m = kPlanCellM;
  frame.columns = std::max(1, int(std::ceil((e.x1 - e.x0 + 2 * kPlanMarginM) / kPlanCellM)));
  frame.rows = std::max(1, int(std::ceil((e.y1 - e.y0 + 2 * kPlanMarginM) / kPlanCellM)));
  return frame;
}

RackResult rack_result(const RackRecord& r) {
  RackResult out;
  out.name = r.name;
  out.row = r.row;
  out.min_m = r.min_m;
  out.max_m = r.max_m;
  out.front = r.front;
  out.inlet_max_c = r.inlet_max_c;
  return out;
}

CoolerResult cooler_result(const CoolerRecord& c) {
  CoolerResult out;
  out.name = c.name;
  out.kind = c.kind;
  out.min_m = c.min_m;
  out.max_m = c.max_m;
  out.failed = c.failed;
  out.fail_at_s = c.fail_at_s;
  return out;
}

std::string panel_title(const ScenarioRow& row) {
  if (!row.has_hall) return row.name + "\n" + row.status + ": no results";
  return row.name + "\nhottest inlet " + fixed(row.hottest_inlet_c, 1) + " °C, " +
         std::to_string(row.racks_over_limit.size()) + " racks over the limit";
}

Figure panel(const FieldSlice& frame, const ScenarioRow& row, const RunRecord& run, const RunRecord& reference,
             const ColourKey& key) {
  Figure figure(frame, panel_title(row), key);
  const ColourScale& scale = key.scale;
  const RunRecord& drawn = run.has_hall() ? run : reference;
  for (const CoolerRecord& c : drawn.coolers) draw_cooler_plan(figure, cooler_result(c), true);
  for (const RackRecord& r : drawn.racks) {
    const RackResult rack = rack_result(r);
    if (run.has_hall()) {
      draw_rack_plan(figure, rack, 1, scale.colour(r.inlet_max_c));
      label_rack_plan(figure, rack, r.name + "\n" + fixed(r.inlet_max_c, 1));
    } else {
      draw_rack_plan(figure, rack, 1, std::nullopt);
      label_rack_plan(figure, rack, r.name);
    }
  }
  return figure;
}

}  // namespace

std::string campaign_plans_png(const CampaignTables& t) {
  const auto reference = std::find_if(t.records.begin(), t.records.end(),
                                      [](const RunRecord& r) { return r.has_hall(); });
  if (reference == t.records.end()) throw std::invalid_argument("campaign plans: no scenario has a hall");
  HallResults limits;  // what the fixed scale and the bar's marks are taken from
  limits.ashrae_class = t.ashrae_class;
  limits.limits = t.limits;
  const ColourKey key{picture_colour_scale(PictureOptions{}, limits), "°C", picture_limit_marks(limits)};
  const FieldSlice frame = plan_frame(*reference);
  std::vector<Figure> panels;
  for (std::size_t i = 0; i < t.scenarios.size(); ++i)
    panels.push_back(panel(frame, t.scenarios[i], t.records[i], *reference, key));
  // Panels share the frame, so they differ in size only where a title is wider.
  int cell_w = 0, cell_h = 0;
  for (const Figure& p : panels) {
    cell_w = std::max(cell_w, p.picture().width());
    cell_h = std::max(cell_h, p.picture().height());
  }
  const int columns = std::min<int>(kPlanPanelsPerRow, int(panels.size()));
  const int rows = (int(panels.size()) + columns - 1) / columns;
  Picture page(columns * cell_w + (columns - 1) * kPanelGapPx, rows * cell_h + (rows - 1) * kPanelGapPx);
  for (std::size_t i = 0; i < panels.size(); ++i)
    page.place(panels[i].picture(), int(i % columns) * (cell_w + kPanelGapPx), int(i / columns) * (cell_h + kPanelGapPx));
  return page.png();
}

}  // namespace rackflow::post
