#include "postprocess/metrics.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace rackflow::post {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 100 × (1 − total excess / (band × n)): the shared form of RCI_HI and RCI_LO, with the
// excess of each inlet beyond the recommended limit already measured outwards.
double rack_cooling_index(double total_excess_k, double band_k, std::size_t n) {
  if (n == 0 || !(band_k > 0)) return kNaN;
  return 100.0 * (1.0 - total_excess_k / (band_k * static_cast<double>(n)));
}

// Σ w x / Σ w over the items `use` accepts; NaN when their weights sum to zero.
template <class T, class Weight, class Value, class Use>
double weighted_mean(const std::vector<T>& items, Weight weight, Value value, Use use) {
  double sum_w = 0, sum_wx = 0;
  for (const T& item : items) {
    if (!use(item)) continue;
    sum_w += weight(item);
    sum_wx += weight(item) * value(item);
  }
  return sum_w > 0 ? sum_wx / sum_w : kNaN;
}

bool running(const CoolerResult& c) { return !c.failed && c.airflow_m3_s > 0; }

}  // namespace

double rci_hi(const std::vector<double>& inlets_c, double recommended_max_c,
              double allowable_max_c) {
  double excess = 0;
  for (double t : inlets_c) excess += t > recommended_max_c ? t - recommended_max_c : 0.0;
  return rack_cooling_index(excess, allowable_max_c - recommended_max_c, inlets_c.size());
}

double rci_lo(const std::vector<double>& inlets_c, double recommended_min_c,
              double allowable_min_c) {
  double excess = 0;
  for (double t : inlets_c) excess += t < recommended_min_c ? recommended_min_c - t : 0.0;
  return rack_cooling_index(excess, recommended_min_c - allowable_min_c, inlets_c.size());
}

double rti(double supply_c, double return_c, double equipment_delta_t_k) {
  if (!(equipment_delta_t_k > 0)) return kNaN;
  return 100.0 * (return_c - supply_c) / equipment_delta_t_k;
}

double equipment_delta_t_k(const std::vector<RackResult>& racks) {
  return weighted_mean(
      racks, [](const RackResult& r) { return r.airflow_m3_s; },
      [](const RackResult& r) { return r.exhaust_mean_c - r.inlet_mean_c; },
      [](const RackResult&) { return true; });
}

double shi(double reference_c, const std::vector<double>& inlets_c,
           const std::vector<double>& outlets_c, const std::vector<double>& weights) {
  if (outlets_c.size() != inlets_c.size() ||
      (!weights.empty() && weights.size() != inlets_c.size())) {
    throw std::invalid_argument("shi: inlets, outlets and weights differ in length");
  }
  double gained_before_inlet = 0, gained_to_outlet = 0;
  for (std::size_t i = 0; i < inlets_c.size(); ++i) {
    const double w = weights.empty() ? 1.0 : weights[i];
    gained_before_inlet += w * (inlets_c[i] - reference_c);
    gained_to_outlet += w * (outlets_c[i] - reference_c);
  }
  return gained_to_outlet > 0 ? gained_before_inlet / gained_to_outlet : kNaN;
}

double rhi(double reference_c, const std::vector<double>& inlets_c,
           const std::vector<double>& outlets_c, const std::vector<double>& weights) {
  return 1.0 - shi(reference_c, inlets_c, outlets_c, weights);
}

AshraeCompliance ashrae_compliance(const std::vector<double>& inlets_c, const InletLimits& limits) {
  AshraeCompliance c;
  for (double t : inlets_c) {
    if (t < limits.min_c)
      ++c.below_allowable;
    else if (t < limits.recommended_min_c)
      ++c.below_recommended;
    else if (t <= limits.recommended_max_c)
      ++c.within_recommended;
    else if (t <= limits.max_c)
      ++c.above_recommended;
    else
      ++c.above_allowable;
  }
  return c;
}

InletBins inlet_bins(const std::vector<double>& inlets_c) {
  InletBins counts{};
  for (double t : inlets_c) {
    std::size_t bin = 0;
    while (bin < kInletBinEdgesC.size() && t > kInletBinEdgesC[bin]) ++bin;
    ++counts[bin];
  }
  return counts;
}

std::vector<double> server_inlets_max_c(const HallResults& hall) {
  std::vector<double> inlets;
  for (const RackResult& rack : hall.racks) {
    for (const ServerResult& server : rack.servers) inlets.push_back(server.inlet_max_c);
  }
  return inlets;
}

HallMetrics hall_metrics(const HallResults& hall) {
  const std::vector<double> inlets = server_inlets_max_c(hall);
  const InletLimits& limits = hall.limits;
  HallMetrics m;
  m.server_inlets = inlets.size();
  m.rci_hi_pct = rci_hi(inlets, limits.recommended_max_c, limits.max_c);
  m.rci_lo_pct = rci_lo(inlets, limits.recommended_min_c, limits.min_c);

  for (const CoolerResult& c : hall.coolers) m.running_units += running(c) ? 1 : 0;
  const auto airflow = [](const CoolerResult& c) { return c.airflow_m3_s; };
  m.supply_c = weighted_mean(
      hall.coolers, airflow, [](const CoolerResult& c) { return c.supply_c; }, running);
  m.return_c = weighted_mean(
      hall.coolers, airflow, [](const CoolerResult& c) { return c.return_c; }, running);
  m.equipment_delta_t_k = equipment_delta_t_k(hall.racks);
  m.rti_pct = rti(m.supply_c, m.return_c, m.equipment_delta_t_k);

  std::vector<double> rack_inlets, rack_outlets, rack_airflows;
  for (const RackResult& rack : hall.racks) {
    rack_inlets.push_back(rack.inlet_mean_c);
    rack_outlets.push_back(rack.exhaust_mean_c);
    rack_airflows.push_back(rack.airflow_m3_s);
  }
  m.shi = shi(m.supply_c, rack_inlets, rack_outlets, rack_airflows);
  m.rhi = 1.0 - m.shi;

  m.compliance = ashrae_compliance(inlets, limits);
  m.bins = inlet_bins(inlets);
  return m;
}

}  // namespace rackflow::post
