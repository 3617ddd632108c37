// A uniform grid of bins over the hall's floor plan, so that checking a new rack, cooler,
// column or tile against those already placed looks only at its neighbours: check stays
// near-linear in the number of objects (a 5 000-rack row, a grid of 100 000 columns).
// Internal to the rackflow_case library.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "rackflow/case_spec.hpp"

namespace rackflow::detail::hall {

class FloorBins {
 public:
  explicit FloorBins(const DomainSpec& d);

  // Files item `id` (ids count up from 0 in insertion order) under every bin its
  // footprint [lo, hi] in x, y meets.
  void insert(std::size_t id, const std::array<double, 2>& lo, const std::array<double, 2>& hi);

  // Calls visit(id) once for every item whose bins meet [lo, hi]: every item that may
  // overlap it, and some that do not (the caller tests the geometry).
  template <class Visit>
  void for_each_near(const std::array<double, 2>& lo, const std::array<double, 2>& hi, Visit visit) const {
    const Span s = span(lo, hi);
    ++stamp_;
    const auto once = [&](std::size_t id) {
      if (seen_[id] == stamp_) return;
      seen_[id] = stamp_;
      visit(id);
    };
    for (const std::size_t id : wide_) once(id);
    for (int j = s.lo[1]; j <= s.hi[1]; ++j)
      for (int i = s.lo[0]; i <= s.hi[0]; ++i)
        for (const std::size_t id : bins_[std::size_t(j) * kBinsPerAxis + i]) once(id);
  }

 private:
  // 128 x 128 bins: a few objects per bin for halls of 10^4-10^5 objects, and little
  // memory for small rooms.
  static constexpr int kBinsPerAxis = 128;
  // An item wider than this many bins (a hall-wide panel, a containment roof) is kept in
  // a list every query sees, rather than filed under thousands of bins.
  static constexpr int kMaxBinsPerItem = 64;

  struct Span {
    std::array<int, 2> lo, hi;
  };
  Span span(const std::array<double, 2>& lo, const std::array<double, 2>& hi) const;

  std::array<double, 2> bin_m_;
  std::vector<std::vector<std::size_t>> bins_;
  std::vector<std::size_t> wide_;
  mutable std::vector<unsigned> seen_;
  mutable unsigned stamp_ = 0;
};

}  // namespace rackflow::detail::hall
