#include "hall_airflow.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace rackflow::solver {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The fields' cells as global cells with their centres, fluid only (object id 0).
struct Cells {
  const Snapshot& s;
  std::array<long long, 3> whole;
  explicit Cells(const Snapshot& fields) : s(fields), whole(fields.whole_cells()) {}
  double centre_m(int axis, long long global) const { return s.origin_m[axis] + (double(global) + 0.5) * s.spacing_m; }
  // Calls f(local index, global i, j, k) for every fluid cell of this piece whose global
  // cell lies in [lo, hi) per axis.
  template <class F>
  void each_fluid(std::array<long long, 3> lo, std::array<long long, 3> hi, F&& f) const {
    for (int d = 0; d < 3; ++d) {
      lo[d] = std::max(lo[d], s.offset_cells[d]);
      hi[d] = std::min(hi[d], s.offset_cells[d] + s.cells[d]);
    }
    for (long long k = lo[2]; k < hi[2]; ++k)
      for (long long j = lo[1]; j < hi[1]; ++j)
        for (long long i = lo[0]; i < hi[0]; ++i) {
          const std::size_t m = std::size_t(i - s.offset_cells[0]) +
                                std::size_t(s.cells[0]) * (std::size_t(j - s.offset_cells[1]) +
                                                           std::size_t(s.cells[1]) * std::size_t(k - s.offset_cells[2]));
          if (s.object_id[m] == 0) f(m, i, j, k);
        }
  }
  // Global cells whose centres lie in [min_m, max_m) along `axis`.
  std::pair<long long, long long> range(int axis, double min_m, double max_m) const {
    const double dx = s.spacing_m;
    long long lo = (long long)std::ceil((min_m - s.origin_m[axis]) / dx - 0.5);
    long long hi = (long long)std::ceil((max_m - s.origin_m[axis]) / dx - 0.5);
    return {std::clamp<long long>(lo, 0, whole[axis]), std::clamp<long long>(hi, 0, whole[axis])};
  }
};

// Mean pressure and temperature over the fluid cells in global cells [lo, hi), all ranks.
struct BoxMean {
  double cells = 0, pressure_pa = kNaN, temperature_c = kNaN;
};
BoxMean box_mean(const Cells& c, const std::array<long long, 3>& lo, const std::array<long long, 3>& hi,
                 const Comm& comm) {
  double sums[3] = {0, 0, 0};
  c.each_fluid(lo, hi, [&](std::size_t m, long long, long long, long long) {
    sums[0] += 1;
    sums[1] += c.s.pressure_pa[m];
    sums[2] += c.s.temperature_c[m];
  });
  comm.sum(sums, 3);
  BoxMean b;
  b.cells = sums[0];
  if (sums[0] > 0) b.pressure_pa = sums[1] / sums[0], b.temperature_c = sums[2] / sums[0];
  return b;
}

PlenumPressure plenum_pressure(const Cells& c, double plenum_top_m, const Comm& comm) {
  PlenumPressure p;
  p.present = true;
  const auto z = c.range(2, c.s.origin_m[2], plenum_top_m);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo, sums[2] = {0, 0};
  c.each_fluid({0, 0, z.first}, {c.whole[0], c.whole[1], z.second}, [&](std::size_t m, long long, long long, long long) {
    lo = std::min(lo, double(c.s.pressure_pa[m]));
    hi = std::max(hi, double(c.s.pressure_pa[m]));
    sums[0] += 1;
    sums[1] += c.s.pressure_pa[m];
  });
  comm.sum(sums, 2);
  lo = comm.min(lo), hi = comm.max(hi);
  if (sums[0] <= 0) {
    p.min_pa = p.max_pa = p.mean_pa = kNaN;
    return p;
  }
  p.min_pa = lo, p.max_pa = hi, p.mean_pa = sums[1] / sums[0];

  // The map: the cell layer that holds mid-plenum height, in blocks of b x b cells.
  const double mid_m = 0.5 * (c.s.origin_m[2] + plenum_top_m);
  const long long k = std::clamp<long long>((long long)std::floor((mid_m - c.s.origin_m[2]) / c.s.spacing_m), z.first,
                                            z.second - 1);
  const long long longer = std::max(c.whole[0], c.whole[1]);
  const long long b = std::max<long long>(1, (longer + kPlenumMapMaxCells - 1) / kPlenumMapMaxCells);
  PlanMap& map = p.map_pa;
  map.z_m = c.centre_m(2, k);
  map.origin_m = {c.s.origin_m[0], c.s.origin_m[1]};
  map.spacing_m = double(b) * c.s.spacing_m;
  map.nx = int((c.whole[0] + b - 1) / b);
  map.ny = int((c.whole[1] + b - 1) / b);
  std::vector<double> block(2 * std::size_t(map.nx) * map.ny, 0.0);  // count, pressure sum
  c.each_fluid({0, 0, k}, {c.whole[0], c.whole[1], k + 1}, [&](std::size_t m, long long i, long long j, long long) {
    const std::size_t cell = std::size_t(i / b) + std::size_t(map.nx) * std::size_t(j / b);
    block[2 * cell] += 1;
    block[2 * cell + 1] += c.s.pressure_pa[m];
  });
  comm.sum(block);
  map.value.resize(std::size_t(map.nx) * map.ny);
  for (std::size_t cell = 0; cell < map.value.size(); ++cell)
    map.value[cell] = block[2 * cell] > 0 ? float(block[2 * cell + 1] / block[2 * cell])
                                          : std::numeric_limits<float>::quiet_NaN();
  return p;
}

std::vector<TilePressure> tile_pressures(const Cells& c, const HallSpec& hall, const std::vector<TileResult>& flows,
                                         const Comm& comm) {
  std::vector<TilePressure> out;
  const RaisedFloorSpec& f = *hall.raised_floor;
  const auto floor = c.range(2, f.height_m - f.thickness_m, f.height_m);
  for (const TileSpec& t : hall.tiles) {
    if (t.kind != TileKind::Perforated) continue;
    TilePressure tp;
    tp.name = t.name;
    for (const TileResult& r : flows)
      if (r.name == t.name) tp.flow_m3_s = r.flow_m3_s;
    const auto x = c.range(0, t.min_m[0], t.max_m[0]), y = c.range(1, t.min_m[1], t.max_m[1]);
    tp.below_pa = box_mean(c, {x.first, y.first, floor.first - 1}, {x.second, y.second, floor.first}, comm).pressure_pa;
    tp.above_pa = box_mean(c, {x.first, y.first, floor.second}, {x.second, y.second, floor.second + 1}, comm).pressure_pa;
    tp.delta_p_pa = tp.below_pa - tp.above_pa;
    out.push_back(tp);
  }
  return out;
}

}  // namespace

std::vector<RackRow> rack_rows(const HallSpec& hall) {
  std::vector<RackRow> rows;
  for (const RackSpec& r : hall.racks) {
    const int a = face_axis(r.front);
    if (a == 2) continue;  // a rack breathing through its top or bottom faces no aisle
    const int sign = face_sign(r.front);
    const int b = 1 - a;
    const double plane = sign > 0 ? r.max_m[a] : r.min_m[a];
    const std::string name = r.row.empty() ? r.name : r.row;
    auto same = [&](const RackRow& row) {
      const double row_plane = row.front_sign > 0 ? row.hi_m : row.lo_m;
      return row.name == name && row.axis == a && row.front_sign == sign &&
             std::fabs(row_plane - plane) <= kRowPlaneToleranceM;
    };
    auto it = std::find_if(rows.begin(), rows.end(), same);
    if (it == rows.end()) {
      rows.push_back({name, a, sign, r.min_m[a], r.max_m[a], r.min_m[b], r.max_m[b], r.min_m[2], r.max_m[2]});
      continue;
    }
    it->lo_m = std::min(it->lo_m, r.min_m[a]);
    it->hi_m = std::max(it->hi_m, r.max_m[a]);
    it->along_lo_m = std::min(it->along_lo_m, r.min_m[b]);
    it->along_hi_m = std::max(it->along_hi_m, r.max_m[b]);
    it->bottom_m = std::min(it->bottom_m, r.min_m[2]);
    it->top_m = std::max(it->top_m, r.max_m[2]);
  }
  return rows;
}

std::vector<AisleResult> find_aisles(const std::vector<RackRow>& rows) {
  std::vector<AisleResult> aisles;
  for (const RackRow& p : rows)
    for (const RackRow& q : rows) {
      // p below q along their common axis, facing each other across the gap.
      if (&p == &q || p.axis != q.axis || p.front_sign == q.front_sign) continue;
      const double gap_lo = p.hi_m, gap_hi = q.lo_m;
      if (!(gap_hi > gap_lo) || gap_hi - gap_lo > kMaxAisleWidthM) continue;
      const double along_lo = std::max(p.along_lo_m, q.along_lo_m), along_hi = std::min(p.along_hi_m, q.along_hi_m);
      if (!(along_hi > along_lo)) continue;
      const bool between = std::any_of(rows.begin(), rows.end(), [&](const RackRow& r) {
        return &r != &p && &r != &q && r.axis == p.axis && r.lo_m < gap_hi && r.hi_m > gap_lo &&
               r.along_lo_m < along_hi && r.along_hi_m > along_lo;
      });
      if (between) continue;
      AisleResult a;
      a.kind = p.front_sign > 0 ? AisleKind::Cold : AisleKind::Hot;  // p's +axis face is its front, or its back
      a.rows = {p.name, q.name};
      a.name = std::string(a.kind == AisleKind::Cold ? "cold" : "hot") + " aisle " + p.name + "|" + q.name;
      const int b = 1 - p.axis;
      a.min_m[p.axis] = gap_lo, a.max_m[p.axis] = gap_hi;
      a.min_m[b] = along_lo, a.max_m[b] = along_hi;
      a.min_m[2] = std::min(p.bottom_m, q.bottom_m), a.max_m[2] = std::max(p.top_m, q.top_m);
      aisles.push_back(a);
    }
  return aisles;
}

std::vector<AisleResult> open_sides(const std::vector<RackRow>& rows, const std::vector<AisleResult>& aisles,
                                    const Vec3d& domain_lo, const Vec3d& domain_hi, double min_depth_m) {
  std::vector<AisleResult> sides;
  for (const RackRow& row : rows)
    for (const AisleKind kind : {AisleKind::Cold, AisleKind::Hot}) {
      const bool bounds_one = std::any_of(aisles.begin(), aisles.end(), [&](const AisleResult& a) {
        return a.kind == kind && (a.rows[0] == row.name || a.rows[1] == row.name);
      });
      if (bounds_one) continue;
      // The front faces front_sign; the back the other way.
      const int outward = kind == AisleKind::Cold ? row.front_sign : -row.front_sign;
      const int a = row.axis, b = 1 - a;
      AisleResult s;
      s.kind = kind;
      s.rows = {row.name, ""};
      s.name = std::string(kind == AisleKind::Cold ? "cold" : "hot") + " side of row " + row.name;
      s.min_m[a] = outward > 0 ? row.hi_m : std::max(domain_lo[a], row.lo_m - kSideDepthM);
      s.max_m[a] = outward > 0 ? std::min(domain_hi[a], row.hi_m + kSideDepthM) : row.lo_m;
      s.min_m[b] = row.along_lo_m, s.max_m[b] = row.along_hi_m;
      s.min_m[2] = row.bottom_m, s.max_m[2] = row.top_m;
      if (s.max_m[a] - s.min_m[a] < min_depth_m) continue;
      const bool blocked = std::any_of(rows.begin(), rows.end(), [&](const RackRow& r) {
        return &r != &row && r.axis == a && r.lo_m < s.max_m[a] && r.hi_m > s.min_m[a] && r.along_lo_m < s.max_m[b] &&
               r.along_hi_m > s.min_m[b];
      });
      if (!blocked) sides.push_back(s);
    }
  return sides;
}

std::vector<AislePair> aisle_pairs(const std::vector<AisleResult>& aisles) {
  std::vector<AislePair> pairs;
  for (std::size_t c = 0; c < aisles.size(); ++c) {
    if (aisles[c].kind != AisleKind::Cold) continue;
    for (std::size_t h = 0; h < aisles.size(); ++h) {
      if (aisles[h].kind != AisleKind::Hot) continue;
      for (const std::string& row : aisles[c].rows)
        if (!row.empty() && (row == aisles[h].rows[0] || row == aisles[h].rows[1]))
          pairs.push_back({int(c), int(h), row, aisles[c].mean_pressure_pa - aisles[h].mean_pressure_pa});
    }
  }
  return pairs;
}

AirflowResults airflow_results(const HallSpec& hall, const std::vector<TileResult>& tiles, const Snapshot& fields,
                               const Comm& comm) {
  AirflowResults out;
  const Cells c(fields);
  if (hall.raised_floor) {
    out.plenum = plenum_pressure(c, hall.raised_floor->height_m - hall.raised_floor->thickness_m, comm);
    out.tiles = tile_pressures(c, hall, tiles, comm);
  }
  const std::vector<RackRow> rows = rack_rows(hall);
  out.aisles = find_aisles(rows);
  Vec3d lo{}, hi{};
  for (int d = 0; d < 3; ++d) {
    lo[d] = fields.origin_m[d];
    hi[d] = fields.origin_m[d] + double(c.whole[d]) * fields.spacing_m;
  }
  for (const AisleResult& side : open_sides(rows, out.aisles, lo, hi, fields.spacing_m)) out.aisles.push_back(side);
  for (AisleResult& a : out.aisles) {
    std::array<long long, 3> lo{}, hi{};
    for (int d = 0; d < 3; ++d) std::tie(lo[d], hi[d]) = c.range(d, a.min_m[d], a.max_m[d]);
    const BoxMean m = box_mean(c, lo, hi, comm);
    a.cells = (long long)m.cells;
    a.mean_pressure_pa = m.pressure_pa;
    a.mean_temperature_c = m.temperature_c;
  }
  out.aisle_pairs = aisle_pairs(out.aisles);
  return out;
}

}  // namespace rackflow::solver
