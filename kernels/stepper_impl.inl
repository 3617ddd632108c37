// One implementation of the time step for every launch layer (Exec = CpuExec, CudaExec,
// KokkosExec) and population storage (P = float, Fp16s: population_storage.hpp). Included
// by stepper_cpu.cpp, stepper_cuda.cu and stepper_kokkos.cpp: the same source compiled
// once per layer, for both storages.
#pragma once

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "coupling_kernels.hpp"
#include "diagnostics.hpp"
#include "halo.hpp"
#include "halo_kernels.hpp"
#include "cell_update.hpp"
#include "heat_kernels.hpp"
#include "population_storage.hpp"
#include "statistics_kernels.hpp"
#include "stepper.hpp"

namespace rackflow::kernels {

template <class Exec, class T>
class DeviceArray {
 public:
  DeviceArray() = default;
  explicit DeviceArray(std::size_t count) : ptr_(count ? Exec::template allocate<T>(count) : nullptr), count_(count) {}
  DeviceArray(const std::vector<T>& host) : DeviceArray(host.size()) {
    if (count_) Exec::upload(ptr_, host.data(), count_ * sizeof(T));
  }
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
  DeviceArray(DeviceArray&& o) noexcept { swap(o); }
  DeviceArray& operator=(DeviceArray&& o) noexcept { swap(o); return *this; }
  ~DeviceArray() { if (ptr_) Exec::release(ptr_); }
  void swap(DeviceArray& o) noexcept { std::swap(ptr_, o.ptr_); std::swap(count_, o.count_); }
  T* get() const { return ptr_; }
  std::size_t size() const { return count_; }

 private:
  T* ptr_ = nullptr;
  std::size_t count_ = 0;
};

template <class Exec, class P>
class StepperImpl final : public Stepper {
 public:
  StepperImpl(const Scene& s, const FlowParams& p, std::shared_ptr<HaloChannel> channel)
      : channel_(channel ? std::move(channel) : std::make_shared<SelfChannel>(s.periodic)), grid_(s.grid), params_(p), n_(s.grid.cells_padded()),
        f_a_(std::size_t(lattice::d3q19::Q) * n_), f_b_(std::size_t(lattice::d3q19::Q) * n_),
        theta_(n_), theta_new_(n_), aux_(4 * std::size_t(n_)), aux_prev_(4 * std::size_t(n_)), flags_(std::vector<DeviceFlag>(s.flags.begin(), s.flags.end())),
        links_(s.flow_links), link_params_(s.flow_link_params), heat_cells_(s.heat_cells),
        heat_faces_(s.heat_faces), sources_(s.heat_source_cells),
        heat_acc_(std::vector<double>(6 * s.heat_cells.size(), 0.0)),
        link_heat_(std::vector<double>(s.flow_links.size(), 0.0)),
        porous_(s.porous_cells), jets_(s.jet_cells), panel_cells_(s.panel_cells),
        outlet_cells_(s.flow_outlet_cells),
        port_links_(s.port_links),
        port_cell_start_(s.port_cell_start), port_cells_(s.port_cells), ports_(s.ports()),
        port_theta_(std::size_t(s.ports())), port_sums_(2 * std::size_t(s.ports())),
        statistics_(std::size_t(StatisticsView::kArrays) * n_) {
    std::vector<float> theta0(n_, s.initial_theta);
    for (const auto& [cell, th] : s.fixed_theta_cells) theta0[cell] = th;
    Exec::upload(theta_.get(), theta0.data(), n_ * sizeof(float));
    Exec::upload(theta_new_.get(), theta0.data(), n_ * sizeof(float));
    InitialPopulations<P> init{f_a_.get(), n_, {s.initial_u[0], s.initial_u[1], s.initial_u[2]}};
    Exec::range(n_, init);
    // Velocity and diffusivity of the initial state: the first pressure-boundary step reads
    // the velocity, and the first heat update the (lagged) diffusivity, which for
    // equilibrium populations has no eddy part. Without it the first step diffused no heat,
    // an error of first order in dt.
    std::vector<float> aux0(4 * std::size_t(n_), 0.0f);
    const float alpha_rest = std::min(p.alpha0, p.alpha_cap);
    for (Index c = 0; c < n_; ++c)
      if (is_fluid(s.flags[c])) {
        for (int a = 0; a < 3; ++a) aux0[a * n_ + c] = s.initial_u[a];
        aux0[3 * n_ + c] = alpha_rest;
      }
    Exec::upload(aux_.get(), aux0.data(), aux0.size() * sizeof(float));
    Exec::upload(aux_prev_.get(), aux0.data(), aux0.size() * sizeof(float));
    make_halo_buffers();
    make_regions(s);
    make_port_segments(s);
    Exec::synchronize();
  }

  ~StepperImpl() override {
    if (port_sums_host_) Exec::release_host(port_sums_host_);
    if (port_theta_host_) Exec::release_host(port_theta_host_);
    if (segment_scratch_) Exec::release(segment_scratch_);
    for (auto& axis : host_buffer_)
      for (auto& side : axis)
        for (float* b : side)
          if (b) Exec::release_host(b);
  }

  std::string describe() const override { return Exec::describe(); }

  void advance(long long steps) override {
    for (long long s = 0; s < steps; ++s) step();
    Exec::synchronize();
  }

  Health health() override {
    HealthOfCell<P> map{grid_, flags_.get(), f_a_.get(), theta_.get(), aux()};
    return Exec::reduce(grid_.cells_interior(), Health::identity(), map, HealthCombine{});
  }

  BoundaryHeat take_boundary_heat() override {
    BoundaryHeat out;
    take(heat_acc_, out.faces);
    take(link_heat_, out.links);
    return out;
  }

  void download_theta(std::vector<float>& out) override {
    out.resize(n_);
    Exec::download(out.data(), theta_.get(), n_ * sizeof(float));
  }

  // The per-step coupling traffic: 2 doubles per port down, 1 float per port up, through
  // pinned host buffers; everything else stays on the device.
  void port_sums(std::vector<double>& out) override {
    const std::size_t ports = std::size_t(ports_);
    out.assign(2 * ports, 0.0);
    const Index links = Index(port_links_.size());
    if (ports == 0 || links == 0) return;
    Exec::range(links, PortLinkTerms{port_links_.get(), links_.get(), link_params_.get(), theta_.get(), links,
                                     port_terms_.get()});
    Exec::segmented_sum(port_terms_.get(), segment_begin_.get(), segment_end_.get(), 2 * ports_, port_sums_.get(),
                        segment_scratch_, segment_scratch_bytes_);
    Exec::synchronize();
    Exec::download(port_sums_host_, port_sums_.get(), 2 * ports * sizeof(double));
    for (std::size_t p = 0; p < ports; ++p) {
      out[2 * p] = port_sums_host_[p];
      out[2 * p + 1] = port_sums_host_[ports + p];
    }
  }

  void set_port_theta(const std::vector<float>& theta) override {
    if (ports_ == 0) return;
    std::copy(theta.begin(), theta.begin() + ports_, port_theta_host_);
    Exec::upload(port_theta_.get(), port_theta_host_, std::size_t(ports_) * sizeof(float));
    Exec::range(Index(ports_), SetPortTheta{port_cell_start_.get(), port_cells_.get(), port_theta_.get(), theta_.get()});
  }

  void set_link_params(const std::vector<FlowLinkParams>& params) override {
    Exec::upload(link_params_.get(), params.data(), link_params_.size() * sizeof(FlowLinkParams));
  }

  void reset_statistics() override {
    Exec::range(Index(statistics_.size()), Fill{statistics_.get(), 0.0f});
    statistics_samples_ = 0;
  }

  void accumulate_statistics() override {
    ++statistics_samples_;
    Exec::interior(grid_, AccumulateStatistics{theta_.get(), aux(), statistics(), 1.0f / float(statistics_samples_)});
  }

  void download_statistics(HostStatistics& out) override {
    Exec::synchronize();
    const StatisticsView v = statistics();
    auto get = [&](std::vector<float>& h, const float* src) {
      h.resize(n_);
      Exec::download(h.data(), src, n_ * sizeof(float));
    };
    get(out.theta_mean, v.theta_mean());
    get(out.theta_m2, v.theta_m2());
    get(out.ux_mean, v.u_mean(0));
    get(out.uy_mean, v.u_mean(1));
    get(out.uz_mean, v.u_mean(2));
    get(out.u_m2, v.u_m2());
    out.samples = statistics_samples_;
  }

  long long statistics_samples() const override { return statistics_samples_; }

  FieldTotals field_totals() override {
    const FieldSums s = Exec::reduce(grid_.cells_interior(), FieldSums::identity(),
                                     FieldSumsOfCell{grid_, flags_.get(), theta_.get(), aux()}, FieldSumsCombine{});
    return {s.theta, s.speed, s.cells};
  }

  void save_state(HostState& out) override {
    Exec::synchronize();
    populations_out(out.f);
    copy_out(out.theta, theta_);
    copy_out(out.aux, aux_);
    copy_out(out.statistics, statistics_);
    out.statistics_samples = statistics_samples_;
    copy_out(out.boundary_heat_faces, heat_acc_);
    copy_out(out.boundary_heat_links, link_heat_);
  }

  void load_state(const HostState& in) override {
    populations_in(in.f);
    copy_in(in.theta, theta_);
    copy_in(in.theta, theta_new_);
    copy_in(in.aux, aux_);
    copy_in(in.aux, aux_prev_);
    copy_in(in.statistics, statistics_);
    statistics_samples_ = in.statistics_samples;
    copy_in(in.boundary_heat_faces, heat_acc_);
    copy_in(in.boundary_heat_links, link_heat_);
    Exec::synchronize();
    // The state's halos may be another block's (a restart on another rank count): refill
    // them from the neighbours.
    exchange_state();
  }

  void download(HostFields& out) override {
    DeviceArray<Exec, float> rho(n_);
    Exec::interior(grid_, Density<P>{f_a_.get(), n_, rho.get()});
    Exec::synchronize();
    auto get = [&](std::vector<float>& v, const float* src) {
      v.resize(n_);
      Exec::download(v.data(), src, n_ * sizeof(float));
    };
    get(out.theta, theta_.get());
    get(out.ux, aux().ux());
    get(out.uy, aux().uy());
    get(out.uz, aux().uz());
    get(out.rho, rho.get());
    get(out.alpha, aux().alpha());
  }

 private:
  AuxView aux() const { return AuxView{aux_.get(), n_}; }
  StatisticsView statistics() const { return StatisticsView{statistics_.get(), n_}; }

  template <class T>
  static void copy_out(std::vector<T>& host, const DeviceArray<Exec, T>& dev) {
    host.resize(dev.size());
    if (!host.empty()) Exec::download(host.data(), dev.get(), dev.size() * sizeof(T));
  }
  template <class T>
  static void copy_in(const std::vector<T>& host, DeviceArray<Exec, T>& dev) {
    if (host.size() != dev.size()) throw std::invalid_argument("state of another grid");
    if (!host.empty()) Exec::upload(dev.get(), host.data(), dev.size() * sizeof(T));
  }

  // The host state's populations are FP32 whatever the storage (population_storage.hpp).
  void populations_out(std::vector<float>& host) {
    if constexpr (std::is_same_v<P, float>) {
      copy_out(host, f_a_);
    } else {
      DeviceArray<Exec, float> wide(f_a_.size());
      Exec::range(Index(f_a_.size()), PopulationsToFloat<P>{f_a_.get(), wide.get()});
      Exec::synchronize();
      copy_out(host, wide);
    }
  }
  void populations_in(const std::vector<float>& host) {
    if constexpr (std::is_same_v<P, float>) {
      copy_in(host, f_a_);
    } else {
      DeviceArray<Exec, float> wide(f_a_.size());
      copy_in(host, wide);
      Exec::range(Index(f_a_.size()), PopulationsFromFloat<P>{wide.get(), f_a_.get()});
      Exec::synchronize();
    }
  }

  // Downloads a counter array and restarts it at zero.
  static void take(DeviceArray<Exec, double>& acc, std::vector<double>& out) {
    out.assign(acc.size(), 0.0);
    if (out.empty()) return;
    Exec::download(out.data(), acc.get(), out.size() * sizeof(double));
    const std::vector<double> zero(out.size(), 0.0);
    Exec::upload(acc.get(), zero.data(), zero.size() * sizeof(double));
  }

  // Segments of the port-link terms: port p's mass terms, then (offset by the link count)
  // its heat terms, so one segmented sum gives all 2 x ports sums.
  void make_port_segments(const Scene& s) {
    const Index links = Index(s.port_links.size());
    std::vector<Index> begin(2 * std::size_t(ports_)), end(2 * std::size_t(ports_));
    for (int p = 0; p < ports_; ++p) {
      begin[p] = s.port_link_start[p];
      end[p] = s.port_link_start[p + 1];
      begin[ports_ + p] = links + s.port_link_start[p];
      end[ports_ + p] = links + s.port_link_start[p + 1];
    }
    segment_begin_ = DeviceArray<Exec, Index>(begin);
    segment_end_ = DeviceArray<Exec, Index>(end);
    port_terms_ = DeviceArray<Exec, double>(2 * std::size_t(links));
    if (ports_ > 0) {
      port_sums_host_ = Exec::template allocate_host<double>(2 * std::size_t(ports_));
      port_theta_host_ = Exec::template allocate_host<float>(std::size_t(ports_));
    }
  }

  // One field's part of a face exchange: which components cross, how deep. The
  // populations (in their storage) or a float field.
  struct HaloField {
    P* populations;
    float* base;
    int components[2][19];  // per side: the components that leave through that face
    int count[2];
    int depth;
  };

  // What the next cell update reads of the neighbours' cells, in one message per face.
  // Populations cross a face only along the directions that point through it: 5 of 19,
  // one layer deep. Temperature goes two layers deep (the bounded advection reads the cell
  // two upwind of a face). The last step's velocity and diffusivity (AuxView's four
  // components) one layer: the hybrid stress reads the face neighbours' velocities and the
  // heat diffusion their diffusivity.
  std::array<HaloField, 3> state_fields(int axis) const {
    namespace q19 = lattice::d3q19;
    HaloField f{f_a_.get(), nullptr, {}, {0, 0}, 1};
    for (int d = 1; d < q19::Q; ++d) {
      const int c = axis == 0 ? q19::cx(d) : axis == 1 ? q19::cy(d) : q19::cz(d);
      if (c < 0) f.components[0][f.count[0]++] = d;
      if (c > 0) f.components[1][f.count[1]++] = d;
    }
    HaloField t{nullptr, theta_.get(), {{0}, {0}}, {1, 1}, kHalo};
    HaloField a{nullptr, aux_.get(), {{0, 1, 2, 3}, {0, 1, 2, 3}}, {4, 4}, 1};
    return {f, t, a};
  }

  Index slab_values(int axis, const HaloField* fields, int nfields, int side) const {
    Index values = 0;
    for (int f = 0; f < nfields; ++f)
      values += face_slab(grid_, axis, side, fields[f].depth, false).cells() * fields[f].count[side];
    return values;
  }

  void make_halo_buffers() {
    for (int axis = 0; axis < 3; ++axis) {
      const auto fields = state_fields(axis);
      Index most = 0;
      for (int side = 0; side < 2; ++side) most = std::max(most, slab_values(axis, fields.data(), int(fields.size()), side));
      halo_values_[axis] = std::size_t(most);
      for (int side = 0; side < 2; ++side) {
        if (!channel_->has_neighbour(axis, side)) continue;
        for (int dir = 0; dir < 2; ++dir) {
          device_buffer_[axis][side][dir] = DeviceArray<Exec, float>(halo_values_[axis]);
          host_buffer_[axis][side][dir] = Exec::template allocate_host<float>(halo_values_[axis]);
        }
      }
    }
  }

  // Copies the fields' slabs of one face to or from its device buffer (dir 0: send, 1: receive).
  void copy_slabs(int axis, int side, const HaloField* fields, int nfields, bool receive) {
    float* buffer = device_buffer_[axis][side][receive ? 1 : 0].get();
    Index at = 0;
    for (int f = 0; f < nfields; ++f) {
      // A field arrives through a face in the components the neighbour sent through its
      // opposite face.
      const int from_side = receive ? 1 - side : side;
      const Slab slab = face_slab(grid_, axis, side, fields[f].depth, receive);
      const HaloField& h = fields[f];
      at += h.populations ? copy_slab(slab, h.populations, h, from_side, buffer + at, !receive)
                          : copy_slab(slab, h.base, h, from_side, buffer + at, !receive);
    }
  }

  template <class T>
  Index copy_slab(const Slab& slab, T* field, const HaloField& h, int from_side, float* buffer, bool to_buffer) {
    SlabCopy<T> copy{grid_, slab, field, n_, {}, h.count[from_side], buffer, to_buffer};
    for (int c = 0; c < copy.count; ++c) copy.component[c] = h.components[from_side][c];
    const Index values = slab.cells() * copy.count;
    Exec::range(values, copy);
    return values;
  }

  // Fills one axis' halo cells that belong to the domain (a neighbour's, or a periodic
  // image), in two halves so that the inner cells can be swept while the slabs travel:
  // begin_axis packs and hands the slabs to the channel, end_axis waits and unpacks. The
  // buffers are staged through pinned host memory: a CUDA-aware MPI could take device
  // buffers, but Debian's OpenMPI is not one.
  void begin_axis(int axis, const HaloField* fields, int nfields) {
    HaloTransfer& t = transfer_[axis];
    t = HaloTransfer{};
    const bool direct = channel_->takes_device_buffers();
    for (int side = 0; side < 2; ++side) {
      if (!channel_->has_neighbour(axis, side)) continue;
      t.active = true;
      t.send[side] = direct ? device_buffer_[axis][side][0].get() : host_buffer_[axis][side][0];
      t.recv[side] = direct ? device_buffer_[axis][side][1].get() : host_buffer_[axis][side][1];
    }
    if (!t.active) return;
    // The two sides' slabs have the same size (5 populations each way, the same depths).
    t.count = std::size_t(slab_values(axis, fields, nfields, 0));
    const int n_axis = axis == 0 ? grid_.nx : axis == 1 ? grid_.ny : grid_.nz;
    if (n_axis < kHalo) {
      // A block thinner than the halo wraps onto itself (a periodic axis one cell deep):
      // the first pass fills the inner halo layer, which the second sends on as the outer
      // one. Done here, whole; end_axis has nothing left to do.
      for (int pass = 0; pass < 2; ++pass) {
        stage_out(axis, fields, nfields);
        channel_->exchange(axis, t.send, t.recv, t.count);
        stage_in(axis, fields, nfields);
      }
      t.active = false;
      return;
    }
    stage_out(axis, fields, nfields);
    channel_->begin_exchange(axis, t.send, t.recv, t.count);
  }
  void end_axis(int axis, const HaloField* fields, int nfields) {
    if (!transfer_[axis].active) return;
    channel_->end_exchange(axis);
    stage_in(axis, fields, nfields);
    transfer_[axis].active = false;
  }
  void stage_out(int axis, const HaloField* fields, int nfields) {
    const HaloTransfer& t = transfer_[axis];
    for (int side = 0; side < 2; ++side)
      if (t.send[side]) copy_slabs(axis, side, fields, nfields, false);
    Exec::synchronize();  // the slabs are packed before MPI or the copy reads them
    if (channel_->takes_device_buffers()) return;
    for (int side = 0; side < 2; ++side)
      if (t.send[side]) Exec::download(t.send[side], device_buffer_[axis][side][0].get(), t.count * sizeof(float));
  }
  void stage_in(int axis, const HaloField* fields, int nfields) {
    const HaloTransfer& t = transfer_[axis];
    for (int side = 0; side < 2; ++side)
      if (t.recv[side]) {
        if (!channel_->takes_device_buffers())
          Exec::upload(device_buffer_[axis][side][1].get(), t.recv[side], t.count * sizeof(float));
        copy_slabs(axis, side, fields, nfields, true);
      }
  }
  // A whole exchange, nothing swept in between (a loaded state's halos).
  void exchange_state() {
    for (int axis = 0; axis < 3; ++axis) {
      const auto fields = state_fields(axis);
      begin_axis(axis, fields.data(), int(fields.size()));
      end_axis(axis, fields.data(), int(fields.size()));
    }
  }

  // The inner cells read no halo cell a neighbour fills: they are kHalo cells or more from
  // every face with a neighbour (the update reads populations, velocities and
  // diffusivities one cell away and temperatures two). They are swept in three chunks
  // along z, one while each axis' slabs travel; the outer shell, up to six slabs, after. A
  // block without neighbours is one chunk, swept as the contiguous span.
  void make_regions(const Scene& s) {
    const int n[3] = {grid_.nx, grid_.ny, grid_.nz};
    int lo[3], hi[3];
    bool any = false, empty = false;
    for (int a = 0; a < 3; ++a) {
      const bool below = channel_->has_neighbour(a, 0), above = channel_->has_neighbour(a, 1);
      any = any || below || above;
      lo[a] = below ? kHalo : 0;
      hi[a] = n[a] - (above ? kHalo : 0);
      empty = empty || hi[a] <= lo[a];
    }
    split_ = any;
    auto slab = [](int x0, int x1, int y0, int y1, int z0, int z1) {
      return Slab{{x0, y0, z0}, {x1 - x0, y1 - y0, z1 - z0}};
    };
    chunks_.clear();
    outer_.clear();
    if (!any) return;
    std::vector<Index> inner_links, outer_links;
    if (empty) {
      outer_.push_back(slab(0, n[0], 0, n[1], 0, n[2]));
    } else {
      const int depth = hi[2] - lo[2];
      for (int c = 0; c < 3; ++c) chunks_.push_back(slab(lo[0], hi[0], lo[1], hi[1], lo[2] + depth * c / 3, lo[2] + depth * (c + 1) / 3));
      outer_.push_back(slab(0, n[0], 0, n[1], 0, lo[2]));
      outer_.push_back(slab(0, n[0], 0, n[1], hi[2], n[2]));
      outer_.push_back(slab(0, n[0], 0, lo[1], lo[2], hi[2]));
      outer_.push_back(slab(0, n[0], hi[1], n[1], lo[2], hi[2]));
      outer_.push_back(slab(0, lo[0], lo[1], hi[1], lo[2], hi[2]));
      outer_.push_back(slab(hi[0], n[0], lo[1], hi[1], lo[2], hi[2]));
    }
    for (std::size_t k = 0; k < s.flow_links.size(); ++k) {
      const FlowLink& link = s.flow_links[k];
      const auto c = grid_.coords(link.cell);
      bool inner = !empty;
      if (link.kind == kLinkPanel) {
        // A panel entry writes the slots both of its cells pull from: applied after the
        // inner sweep, it would come too late for an inner cell beside an outer one. It
        // needs the exchange only where one of its cells is a halo cell.
        const int d[3] = {lattice::d3q19::cx(link.dir), lattice::d3q19::cy(link.dir), lattice::d3q19::cz(link.dir)};
        for (int a = 0; a < 3; ++a) inner = inner && c[a] >= 0 && c[a] < n[a] && c[a] - d[a] >= 0 && c[a] - d[a] < n[a];
      } else {
        for (int a = 0; a < 3; ++a) inner = inner && c[a] >= lo[a] && c[a] < hi[a];
      }
      (inner ? inner_links : outer_links).push_back(Index(k));
    }
    inner_links_ = DeviceArray<Exec, Index>(inner_links);
    outer_links_ = DeviceArray<Exec, Index>(outer_links);
  }

  template <class F>
  void sweep(const Slab& b, const F& f) {
    Exec::box(grid_, b, f);
  }
  ApplyFlowLinks<P> link_kernel() {
    return ApplyFlowLinks<P>{grid_, links_.get(), link_params_.get(), f_a_.get(), aux(), theta_.get(), link_heat_.get()};
  }
  void apply_links(const DeviceArray<Exec, Index>& which) {
    Exec::range(Index(which.size()), Subset<ApplyFlowLinks<P>>{link_kernel(), which.get()});
  }

  // One time step. f_a_ holds the post-collision populations of the last step, theta_ the
  // temperature, aux_ the last step's velocity and diffusivity; all are swapped at the end.
  void step() {
    const CellUpdate<P> update{grid_,         params_,           f_a_.get(), f_b_.get(), flags_.get(),
                            theta_.get(),  theta_new_.get(),  aux(),      AuxView{aux_prev_.get(), n_}};
    if (!split_) {
      Exec::range(Index(links_.size()), link_kernel());
      Exec::interior(grid_, update);
    } else {
      apply_links(inner_links_);
      for (int axis = 0; axis < 3; ++axis) {
        const auto fields = state_fields(axis);
        begin_axis(axis, fields.data(), int(fields.size()));
        if (std::size_t(axis) < chunks_.size()) sweep(chunks_[axis], update);
        end_axis(axis, fields.data(), int(fields.size()));
      }
      apply_links(outer_links_);
      for (const Slab& b : outer_) sweep(b, update);
    }
    aux_.swap(aux_prev_);  // from here on aux() is this step's, aux_prev_ the diffusivity the update used
    if (outlet_cells_.size())
      Exec::range(Index(outlet_cells_.size()), RelaxToEquilibrium<P>{outlet_cells_.get(), f_b_.get(), n_});
    if (porous_.size()) Exec::range(Index(porous_.size()), PorousDrag<P>{porous_.get(), f_b_.get(), aux()});
    if (jets_.size()) Exec::range(Index(jets_.size()), JetMomentum<P>{jets_.get(), f_b_.get(), aux()});
    if (panel_cells_.size())
      Exec::range(Index(panel_cells_.size()),
                  PanelHeat<P>{grid_, panel_cells_.get(), f_a_.get(), flags_.get(), theta_.get(), theta_new_.get(),
                               AuxView{aux_prev_.get(), n_}, f_b_.get()});
    Exec::range(Index(heat_cells_.size()),
                ApplyHeatBoundaries<P>{heat_cells_.get(), heat_faces_.get(), theta_.get(), theta_new_.get(),
                                    AuxView{aux_prev_.get(), n_}, f_b_.get(), heat_acc_.get()});
    Exec::range(Index(sources_.size()), ApplyHeatSources<P>{sources_.get(), theta_new_.get(), f_b_.get(), n_});
    f_a_.swap(f_b_);
    theta_.swap(theta_new_);
  }

  std::shared_ptr<HaloChannel> channel_;
  Grid grid_;
  FlowParams params_;
  Index n_;
  DeviceArray<Exec, P> f_a_, f_b_;
  DeviceArray<Exec, float> theta_, theta_new_, aux_, aux_prev_;
  DeviceArray<Exec, DeviceFlag> flags_;
  DeviceArray<Exec, FlowLink> links_;
  DeviceArray<Exec, FlowLinkParams> link_params_;
  DeviceArray<Exec, HeatBoundaryCell> heat_cells_;
  DeviceArray<Exec, HeatFace> heat_faces_;
  DeviceArray<Exec, HeatSourceCell> sources_;
  DeviceArray<Exec, double> heat_acc_, link_heat_;
  DeviceArray<Exec, PorousCell> porous_;
  DeviceArray<Exec, JetCell> jets_;
  DeviceArray<Exec, PanelCell> panel_cells_;
  DeviceArray<Exec, Index> outlet_cells_;
  DeviceArray<Exec, Index> port_links_, port_cell_start_, port_cells_;
  int ports_;
  DeviceArray<Exec, float> port_theta_;
  DeviceArray<Exec, double> port_sums_;
  DeviceArray<Exec, Index> segment_begin_, segment_end_;
  DeviceArray<Exec, double> port_terms_;
  void* segment_scratch_ = nullptr;
  std::size_t segment_scratch_bytes_ = 0;
  double* port_sums_host_ = nullptr;  // pinned
  float* port_theta_host_ = nullptr;  // pinned
  DeviceArray<Exec, float> statistics_;
  long long statistics_samples_ = 0;
  // Inner and outer regions (make_regions) and the flow links of each.
  bool split_ = false;
  std::vector<Slab> chunks_, outer_;
  DeviceArray<Exec, Index> inner_links_, outer_links_;
  // An axis' exchange under way: its host buffers and size.
  struct HaloTransfer {
    bool active = false;
    float* send[2] = {nullptr, nullptr};
    float* recv[2] = {nullptr, nullptr};
    std::size_t count = 0;
  };
  HaloTransfer transfer_[3];
  // Halo staging per axis and side: [0] what leaves, [1] what arrives.
  std::size_t halo_values_[3] = {0, 0, 0};
  DeviceArray<Exec, float> device_buffer_[3][2][2];
  float* host_buffer_[3][2][2] = {};
};

}  // namespace rackflow::kernels
