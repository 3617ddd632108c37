// A uniform grid of bins over the hall's floor plan, so that checking a new rack, cooler,
// column or tile against those already placed looks only at its neighbours: check stays
// near-linear in the number of objects (a 5 000-rack row, a grid of 100 000 columns).
// Internal to the rackflow_case library.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
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
      for (int i = s.lo[0]; i <= s.hi[0]; ++i) {
        const auto bin = bins_.find(key(i, j));
        if (bin == bins_.end()) continue;
        for (const std::size_t id : bin->second) once(id);
      }
  }

 private:
  // Square bins, 1024 along the longer horizontal extent (0.1 m in a 100 m hall): a few
  // objects per bin in the densest halls. Only bins that hold something take memory.
  static constexpr int kBinsPerAxis = 1024;
  // An item that covers more bins than this (a hall-wide panel, a containment roof, any
  // rack in a small room) is kept in a list every query sees, rather than filed under
  // thousands of bins; there are few such items where there are many objects.
  static constexpr long kMaxBinsPerItem = 256;

  static std::uint64_t key(int i, int j) { return (std::uint64_t(std::uint32_t(j)) << 32) | std::uint32_t(i); }

  struct Span {
    std::array<int, 2> lo, hi;
  };
  Span span(const std::array<double, 2>& lo, const std::array<double, 2>& hi) const;

  double bin_m_ = 1;
  std::array<int, 2> bins_per_axis_{1, 1};
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> bins_;
  std::vector<std::size_t> wide_;
  mutable std::vector<unsigned> seen_;
  mutable unsigned stamp_ = 0;
};

}  // namespace rackflow::detail::hall
