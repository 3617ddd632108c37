#include "hall_parse_bins.hpp"

#include <algorithm>
#include <cmath>

namespace rackflow::detail::hall {

FloorBins::FloorBins(const DomainSpec& d) {
  bin_m_ = std::max({d.size_m[0], d.size_m[1], 1e-9}) / kBinsPerAxis;
  for (int a = 0; a < 2; ++a)
    bins_per_axis_[a] = std::clamp(int(std::ceil(d.size_m[a] / bin_m_)), 1, kBinsPerAxis);
}

FloorBins::Span FloorBins::span(const std::array<double, 2>& lo, const std::array<double, 2>& hi) const {
  // Out-of-domain footprints are refused before they are placed; clamping keeps the
  // indices valid for the comparison itself.
  const auto bin = [&](double x, int a) {
    return std::clamp(int(std::floor(x / bin_m_)), 0, bins_per_axis_[a] - 1);
  };
  return {{bin(lo[0], 0), bin(lo[1], 1)}, {bin(hi[0], 0), bin(hi[1], 1)}};
}

void FloorBins::insert(std::size_t id, const std::array<double, 2>& lo, const std::array<double, 2>& hi) {
  if (seen_.size() <= id) seen_.resize(id + 1, 0);
  const Span s = span(lo, hi);
  const long covered = long(s.hi[0] - s.lo[0] + 1) * long(s.hi[1] - s.lo[1] + 1);
  if (covered > kMaxBinsPerItem) {
    wide_.push_back(id);
    return;
  }
  for (int j = s.lo[1]; j <= s.hi[1]; ++j)
    for (int i = s.lo[0]; i <= s.hi[0]; ++i) bins_[key(i, j)].push_back(id);
}

}  // namespace rackflow::detail::hall
