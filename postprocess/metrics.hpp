// Thermal-management metrics of a hall (docs/metrics.md): pure functions of temperatures
// and airflows, and hall_metrics(), which applies them to a run's HallResults.
//
// Functions that cannot be defined for their input (no inlets, no airflow, a zero-width
// band) return NaN rather than a plausible-looking number; the report prints "—".
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "rackflow/hall_results.hpp"
#include "rackflow/hall_spec.hpp"

namespace rackflow::post {

// Rack Cooling Index, high side (Herrlin 2005, ASHRAE Transactions 111(2)), percent:
//   RCI_HI = [1 − Σ_{T > T_rec} (T − T_rec) / ((T_all − T_rec) n)] × 100
// over all n inlets, with T_rec the recommended and T_all the allowable maximum. 100: no
// inlet above T_rec. It is not clipped: it goes below 0 once the total over-temperature
// exceeds the whole band times n. Herrlin asks that any inlet above T_all be flagged
// besides the index: AshraeCompliance::above_allowable. NaN for no inlets, or when
// T_all <= T_rec (ASHRAE "recommended" as the class: there is no allowable band).
double rci_hi(const std::vector<double>& inlets_c, double recommended_max_c,
              double allowable_max_c);

// Rack Cooling Index, low side (Herrlin 2005), percent, the mirror image of RCI_HI:
//   RCI_LO = [1 − Σ_{T < T_rec} (T_rec − T) / ((T_rec − T_all) n)] × 100
// with T_rec the recommended and T_all the allowable minimum. NaN as for rci_hi.
double rci_lo(const std::vector<double>& inlets_c, double recommended_min_c,
              double allowable_min_c);

// Return Temperature Index (Herrlin 2008, ASHRAE Transactions 114(2)), percent:
//   RTI = (T_return − T_supply) / ΔT_equip × 100
// By the energy balance it is the ratio of equipment airflow to cooling-unit airflow:
// 100 balanced, above 100 recirculation (the units move less air than the equipment),
// below 100 bypass (supply air returns without passing equipment). NaN if ΔT_equip <= 0.
double rti(double supply_c, double return_c, double equipment_delta_t_k);

// The airflow-weighted temperature rise of the air through the racks [K]:
//   ΔT_equip = Σ_r V_r (T_exhaust,r − T_inlet,r) / Σ_r V_r
// with V_r the rack airflow, T_inlet,r its flow-weighted mean inlet and T_exhaust,r its
// mean exhaust after any rear door. Taking the exhaust after the door keeps RTI the airflow
// ratio above: the door is part of the rack's air path, and the heat it removes never
// reaches the cooling units. NaN when no rack moves air.
double equipment_delta_t_k(const std::vector<RackResult>& racks);

// Supply Heat Index (Sharma, Bash & Patel 2002, AIAA 2002-3091):
//   SHI = Σ_r w_r (T_in,r − T_ref) / Σ_r w_r (T_out,r − T_ref)
// the share of the air's temperature rise up to the rack exhausts that it picked up before
// reaching the rack inlets (by mixing with hot air). Sharma weights by rack mass flow;
// empty `weights` means equal weights. T_ref is the supply temperature (vent tiles or
// cooling units). NaN if the denominator is not positive. Throws std::invalid_argument if
// the vectors differ in length.
double shi(double reference_c, const std::vector<double>& inlets_c,
           const std::vector<double>& outlets_c, const std::vector<double>& weights = {});

// Return Heat Index, RHI = 1 − SHI (Sharma et al. 2002): the share of the rise gained in
// the racks themselves. Same arguments as shi().
double rhi(double reference_c, const std::vector<double>& inlets_c,
           const std::vector<double>& outlets_c, const std::vector<double>& weights = {});

// Inlet temperatures against an ASHRAE class, as five disjoint counts whose sum is the
// number of inlets. Limits are inclusive: an inlet at exactly the allowable maximum is
// within it.
struct AshraeCompliance {
  std::size_t below_allowable = 0;     // T < allowable min
  std::size_t below_recommended = 0;   // allowable min <= T < recommended min
  std::size_t within_recommended = 0;  // recommended min <= T <= recommended max
  std::size_t above_recommended = 0;   // recommended max < T <= allowable max
  std::size_t above_allowable = 0;     // T > allowable max
  std::size_t within_allowable() const {
    return below_recommended + within_recommended + above_recommended;
  }
  std::size_t total() const { return below_allowable + within_allowable() + above_allowable; }
};
AshraeCompliance ashrae_compliance(const std::vector<double>& inlets_c, const InletLimits& limits);

// Upper edges [°C] of the server-inlet bins that acceptance reports tabulate per scenario:
// the ASHRAE recommended maximum (27 °C), the imperial steps 85, 90 and 95 °F that
// acceptance work is often written in (29.4, 32.2, 35.0 °C), and the A3 allowable maximum
// (40 °C). Bin 0 holds T <= edge 0, bin i holds edge i−1 < T <= edge i, and the last bin
// everything above the last edge.
inline constexpr std::array<double, 5> kInletBinEdgesC{
    27.0, (85.0 - 32.0) / 1.8, (90.0 - 32.0) / 1.8, (95.0 - 32.0) / 1.8, 40.0};
using InletBins = std::array<std::size_t, kInletBinEdgesC.size() + 1>;  // counts per bin
InletBins inlet_bins(const std::vector<double>& inlets_c);

// The hottest intake cell of every server in the hall, rack by rack.
std::vector<double> server_inlets_max_c(const HallResults& hall);

// The metrics of one run. RCI, compliance and bins use each server's inlet_max_c, its
// hottest intake cell: ASHRAE limits apply to the air any part of the server draws in, a
// flow-weighted mean would hide a hot stratum at the top of the intake, and the max is
// what the ride-through time is measured on too. RTI and SHI/RHI are energy ratios and use
// rack flow-weighted mean temperatures and rack airflows (see equipment_delta_t_k), with
// supply_c and return_c the airflow-weighted means over the running cooling units.
struct HallMetrics {
  std::size_t server_inlets = 0;
  std::size_t running_units = 0;  // cooling units not failed and moving air
  double rci_hi_pct = 0, rci_lo_pct = 0;
  double supply_c = 0, return_c = 0;  // running cooling units, airflow-weighted
  double equipment_delta_t_k = 0;
  double rti_pct = 0;
  double shi = 0, rhi = 0;  // reference: supply_c; weights: rack airflow
  AshraeCompliance compliance;
  InletBins bins{};
};
HallMetrics hall_metrics(const HallResults& hall);

}  // namespace rackflow::post
