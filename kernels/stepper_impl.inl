// One implementation of the time step for every launch layer (Exec = CpuExec, CudaExec).
// Included by stepper_cpu.cpp and stepper_cuda.cu: the same source compiled twice.
#pragma once

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>
#include <utility>

#include "coupling_kernels.hpp"
#include "diagnostics.hpp"
#include "flow_kernels.hpp"
#include "halo.hpp"
#include "halo_kernels.hpp"
#include "heat_kernels.hpp"
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

template <class Exec>
class StepperImpl final : public Stepper {
 public:
  StepperImpl(const Scene& s, const FlowParams& p, std::shared_ptr<HaloChannel> channel)
      : channel_(channel ? std::move(channel) : std::make_shared<SelfChannel>(s.periodic)), grid_(s.grid), params_(p), n_(s.grid.cells_padded()),
        f_a_(std::size_t(lattice::d3q19::Q) * n_), f_b_(std::size_t(lattice::d3q19::Q) * n_),
        theta_(n_), theta_new_(n_), aux_(4 * std::size_t(n_)), aux_prev_(4 * std::size_t(n_)), flags_(s.flags),
        links_(s.flow_links), link_params_(s.flow_link_params), heat_cells_(s.heat_cells),
        heat_faces_(s.heat_faces), sources_(s.heat_source_cells),
        heat_acc_(std::vector<double>(6 * s.heat_cells.size(), 0.0)),
        link_heat_(std::vector<double>(s.flow_links.size(), 0.0)),
        porous_(s.porous_cells),
        outlet_cells_(s.flow_outlet_cells),
        port_link_start_(s.port_link_start), port_links_(s.port_links),
        port_cell_start_(s.port_cell_start), port_cells_(s.port_cells), ports_(s.ports()),
        port_theta_(std::size_t(s.ports())), port_sums_(2 * std::size_t(s.ports())),
        statistics_(std::size_t(StatisticsView::kArrays) * n_) {
    std::vector<float> theta0(n_, s.initial_theta);
    for (const auto& [cell, th] : s.fixed_theta_cells) theta0[cell] = th;
    Exec::upload(theta_.get(), theta0.data(), n_ * sizeof(float));
    Exec::upload(theta_new_.get(), theta0.data(), n_ * sizeof(float));
    InitialPopulations init{f_a_.get(), n_, {s.initial_u[0], s.initial_u[1], s.initial_u[2]}};
    Exec::range(n_, init);
    // Velocity of the initial state, so the first pressure-boundary step has one.
    std::vector<float> aux0(4 * std::size_t(n_), 0.0f);
    for (Index c = 0; c < n_; ++c)
      if (is_fluid(s.flags[c]))
        for (int a = 0; a < 3; ++a) aux0[a * n_ + c] = s.initial_u[a];
    Exec::upload(aux_.get(), aux0.data(), aux0.size() * sizeof(float));
    Exec::upload(aux_prev_.get(), aux0.data(), aux0.size() * sizeof(float));
    make_halo_buffers();
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
    HealthOfCell map{grid_, flags_.get(), f_a_.get(), theta_.get(), aux()};
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
    copy_out(out.f, f_a_);
    copy_out(out.theta, theta_);
    copy_out(out.aux, aux_);
    copy_out(out.statistics, statistics_);
    out.statistics_samples = statistics_samples_;
    copy_out(out.boundary_heat_faces, heat_acc_);
    copy_out(out.boundary_heat_links, link_heat_);
  }

  void load_state(const HostState& in) override {
    copy_in(in.f, f_a_);
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
    // them from the neighbours, the previous step's velocities included.
    exchange_flow_and_heat();
    exchange_aux(aux_prev_.get());
    exchange_aux(aux_.get());
  }

  void download(HostFields& out) override {
    DeviceArray<Exec, float> rho(n_);
    Exec::interior(grid_, Density{f_a_.get(), n_, rho.get()});
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

  // One field's part of a face exchange: which components cross, how deep.
  struct HaloField {
    float* base;
    int components[2][19];  // per side: the components that leave through that face
    int count[2];
    int depth;
  };

  // Populations cross a face only along the directions that point through it: 5 of 19,
  // one layer deep. Temperature goes two layers deep (the bounded advection reads the cell
  // two upwind of a face).
  std::array<HaloField, 2> flow_and_heat_fields(int axis) const {
    namespace q19 = lattice::d3q19;
    HaloField f{f_a_.get(), {}, {0, 0}, 1};
    for (int d = 1; d < q19::Q; ++d) {
      const int c = axis == 0 ? q19::cx(d) : axis == 1 ? q19::cy(d) : q19::cz(d);
      if (c < 0) f.components[0][f.count[0]++] = d;
      if (c > 0) f.components[1][f.count[1]++] = d;
    }
    HaloField t{theta_.get(), {{0}, {0}}, {1, 1}, kHalo};
    return {f, t};
  }

  // Velocity and diffusivity (AuxView's four components), two layers: the heat sweep reads
  // the face diffusivity and the hybrid stress the neighbours' velocities.
  HaloField aux_field(float* base) const { return HaloField{base, {{0, 1, 2, 3}, {0, 1, 2, 3}}, {4, 4}, kHalo}; }

  Index slab_values(int axis, const HaloField* fields, int nfields, int side) const {
    Index values = 0;
    for (int f = 0; f < nfields; ++f)
      values += face_slab(grid_, axis, side, fields[f].depth, false).cells() * fields[f].count[side];
    return values;
  }

  void make_halo_buffers() {
    for (int axis = 0; axis < 3; ++axis) {
      const auto fh = flow_and_heat_fields(axis);
      const HaloField aux = aux_field(aux_.get());
      Index most = 0;
      for (int side = 0; side < 2; ++side)
        most = std::max({most, slab_values(axis, fh.data(), 2, side), slab_values(axis, &aux, 1, side)});
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
      SlabCopy copy{grid_, slab, fields[f].base, n_, {}, fields[f].count[from_side], buffer + at, !receive};
      for (int c = 0; c < copy.count; ++c) copy.component[c] = fields[f].components[from_side][c];
      const Index values = slab.cells() * copy.count;
      Exec::range(values, copy);
      at += values;
    }
  }

  // Fills one axis' halo cells that belong to the domain (a neighbour's, or a periodic
  // image). The buffers are staged through pinned host memory: a CUDA-aware MPI could take
  // device buffers, but Debian's OpenMPI is not one.
  void exchange_axis(int axis, const HaloField* fields, int nfields) {
    float* send[2] = {nullptr, nullptr};
    float* recv[2] = {nullptr, nullptr};
    bool any = false;
    for (int side = 0; side < 2; ++side) {
      if (!channel_->has_neighbour(axis, side)) continue;
      any = true;
      send[side] = host_buffer_[axis][side][0];
      recv[side] = host_buffer_[axis][side][1];
    }
    if (!any) return;
    // A block thinner than the halo wraps onto itself (a periodic axis one cell deep): the
    // first pass fills the inner halo layer, which the second sends on as the outer one.
    const int n_axis = axis == 0 ? grid_.nx : axis == 1 ? grid_.ny : grid_.nz;
    for (int pass = 0; pass < (n_axis < kHalo ? 2 : 1); ++pass) exchange_pass(axis, fields, nfields, send, recv);
  }

  void exchange_pass(int axis, const HaloField* fields, int nfields, float* const send[2], float* const recv[2]) {
    for (int side = 0; side < 2; ++side)
      if (send[side]) copy_slabs(axis, side, fields, nfields, false);
    // The two sides' slabs have the same size (5 populations each way, the same depths).
    const std::size_t count = std::size_t(slab_values(axis, fields, nfields, 0));
    Exec::synchronize();
    for (int side = 0; side < 2; ++side)
      if (send[side]) Exec::download(send[side], device_buffer_[axis][side][0].get(), count * sizeof(float));
    channel_->exchange(axis, send, recv, count);
    for (int side = 0; side < 2; ++side)
      if (recv[side]) {
        Exec::upload(device_buffer_[axis][side][1].get(), recv[side], count * sizeof(float));
        copy_slabs(axis, side, fields, nfields, true);
      }
  }
  // The slabs of both fields travel in one message per face.
  void exchange_flow_and_heat() {
    for (int axis = 0; axis < 3; ++axis) {
      const auto fields = flow_and_heat_fields(axis);
      exchange_axis(axis, fields.data(), 2);
    }
  }
  void exchange_aux(float* base) {
    const HaloField aux = aux_field(base);
    for (int axis = 0; axis < 3; ++axis) exchange_axis(axis, &aux, 1);
  }

  // One time step. f_a_ holds the post-collision populations of the last step, theta_ the
  // temperature; both are swapped at the end.
  void step() {
    exchange_flow_and_heat();
    Exec::range(Index(links_.size()), ApplyFlowLinks{grid_, links_.get(), link_params_.get(), f_a_.get(),
                                                     aux(), theta_.get(), link_heat_.get()});
    Exec::interior(grid_, StreamCollide{grid_, params_, f_a_.get(), f_b_.get(), flags_.get(), theta_.get(),
                                        aux(), AuxView{aux_prev_.get(), n_}});
    aux_.swap(aux_prev_);  // from here on aux() is this step's
    if (outlet_cells_.size())
      Exec::range(Index(outlet_cells_.size()), RelaxToEquilibrium{outlet_cells_.get(), f_b_.get(), n_});
    if (porous_.size()) Exec::range(Index(porous_.size()), PorousDrag{porous_.get(), f_b_.get(), aux()});
    exchange_aux(aux_.get());
    // f_a_ still holds what the flow sweep streamed: the heat moves with the same masses.
    Exec::interior(grid_, HeatSweep{grid_, flags_.get(), f_a_.get(), theta_.get(), theta_new_.get(), aux()});
    Exec::range(Index(heat_cells_.size()),
                ApplyHeatBoundaries{heat_cells_.get(), heat_faces_.get(), theta_.get(),
                                    theta_new_.get(), aux(), f_b_.get(), heat_acc_.get()});
    Exec::range(Index(sources_.size()), ApplyHeatSources{sources_.get(), theta_new_.get(), f_b_.get(), n_});
    f_a_.swap(f_b_);
    theta_.swap(theta_new_);
  }

  std::shared_ptr<HaloChannel> channel_;
  Grid grid_;
  FlowParams params_;
  Index n_;
  DeviceArray<Exec, float> f_a_, f_b_, theta_, theta_new_, aux_, aux_prev_;
  DeviceArray<Exec, std::uint8_t> flags_;
  DeviceArray<Exec, FlowLink> links_;
  DeviceArray<Exec, FlowLinkParams> link_params_;
  DeviceArray<Exec, HeatBoundaryCell> heat_cells_;
  DeviceArray<Exec, HeatFace> heat_faces_;
  DeviceArray<Exec, HeatSourceCell> sources_;
  DeviceArray<Exec, double> heat_acc_, link_heat_;
  DeviceArray<Exec, PorousCell> porous_;
  DeviceArray<Exec, Index> outlet_cells_;
  DeviceArray<Exec, Index> port_link_start_, port_links_, port_cell_start_, port_cells_;
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
  // Halo staging per axis and side: [0] what leaves, [1] what arrives.
  std::size_t halo_values_[3] = {0, 0, 0};
  DeviceArray<Exec, float> device_buffer_[3][2][2];
  float* host_buffer_[3][2][2] = {};
};

}  // namespace rackflow::kernels
