#include "comm.hpp"

#include <algorithm>
#include <cstdlib>

#ifdef RACKFLOW_HAVE_MPI
#include "comm_mpi.hpp"
#endif

namespace rackflow::solver {

struct CommAccess {
  static Comm& world() {
    static Comm c;
    return c;
  }
  static bool is_mpi(const Comm& c) { return c.mpi_; }
};

const Comm& Comm::world() { return CommAccess::world(); }

const Comm& Comm::self() {
  static const Comm c;  // rank 0 of 1, no MPI: every collective is the identity
  return c;
}

bool Comm::mpi_built() {
#ifdef RACKFLOW_HAVE_MPI
  return true;
#else
  return false;
#endif
}

#ifdef RACKFLOW_HAVE_MPI

namespace {
void finalize_mpi() {
  int done = 0;
  MPI_Finalized(&done);
  if (!done) MPI_Finalize();
}
}  // namespace

const Comm& Comm::init(int* argc, char*** argv) {
  Comm& c = CommAccess::world();
  int started = 0;
  MPI_Initialized(&started);
  if (!started) {
    MPI_Init(argc, argv);
    std::atexit(finalize_mpi);
  }
  // An error on one rank must end the job, not leave the others waiting: errors are
  // checked where they matter and MPI's own abort the job.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
  MPI_Comm_rank(MPI_COMM_WORLD, &c.rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &c.size_);
  c.mpi_ = true;
  return c;
}

// Comm::self() is one process whatever MPI says: MPI_COMM_SELF for MPI code (HDF5).
MPI_Comm mpi_comm(const Comm& comm) { return CommAccess::is_mpi(comm) ? MPI_COMM_WORLD : MPI_COMM_SELF; }

void Comm::sum(double* values, std::size_t count) const {
  if (mpi_ && size_ > 1 && count) MPI_Allreduce(MPI_IN_PLACE, values, int(count), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}
double Comm::sum(double v) const {
  sum(&v, 1);
  return v;
}
long long Comm::sum(long long v) const {
  if (mpi_ && size_ > 1) MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
  return v;
}
double Comm::max(double v) const {
  if (mpi_ && size_ > 1) MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return v;
}
double Comm::min(double v) const {
  if (mpi_ && size_ > 1) MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
  return v;
}
bool Comm::any(bool v) const {
  int x = v ? 1 : 0;
  if (mpi_ && size_ > 1) MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
  return x != 0;
}

namespace {
// MAXLOC/MINLOC carry an int location; the 64-bit position travels in a second reduction
// from the winning rank.
Comm::Located located(double value, long long where, int rank, MPI_Op op) {
  struct {
    double value;
    int rank;
  } in{value, rank}, out{};
  MPI_Allreduce(&in, &out, 1, MPI_DOUBLE_INT, op, MPI_COMM_WORLD);
  long long at = rank == out.rank ? where : 0;
  MPI_Bcast(&at, 1, MPI_LONG_LONG, out.rank, MPI_COMM_WORLD);
  return {out.value, out.rank, at};
}
}  // namespace

Comm::Located Comm::max_at(double value, long long where) const {
  if (!mpi_ || size_ == 1) return {value, 0, where};
  return located(value, where, rank_, MPI_MAXLOC);
}
Comm::Located Comm::min_at(double value, long long where) const {
  if (!mpi_ || size_ == 1) return {value, 0, where};
  return located(value, where, rank_, MPI_MINLOC);
}

std::vector<Comm::Located> Comm::max_at(const std::vector<double>& values, const std::vector<long long>& where) const {
  std::vector<Located> out(values.size());
  if (!mpi_ || size_ == 1) {
    for (std::size_t k = 0; k < values.size(); ++k) out[k] = {values[k], 0, where[k]};
    return out;
  }
  struct Pair {
    double value;
    int rank;
  };
  std::vector<Pair> pairs(values.size());
  for (std::size_t k = 0; k < values.size(); ++k) pairs[k] = {values[k], rank_};
  MPI_Allreduce(MPI_IN_PLACE, pairs.data(), int(pairs.size()), MPI_DOUBLE_INT, MPI_MAXLOC, MPI_COMM_WORLD);
  // Only the winning rank contributes its position, so a sum delivers it.
  std::vector<long long> at(values.size(), 0);
  for (std::size_t k = 0; k < values.size(); ++k)
    if (pairs[k].rank == rank_) at[k] = where[k];
  MPI_Allreduce(MPI_IN_PLACE, at.data(), int(at.size()), MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
  for (std::size_t k = 0; k < values.size(); ++k) out[k] = {pairs[k].value, pairs[k].rank, at[k]};
  return out;
}

void Comm::broadcast(std::string& text, int from) const {
  if (!mpi_ || size_ == 1) return;
  unsigned long long n = text.size();
  MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, from, MPI_COMM_WORLD);
  text.resize(n);
  if (n) MPI_Bcast(text.data(), int(n), MPI_CHAR, from, MPI_COMM_WORLD);
}
void Comm::broadcast(std::vector<std::uint8_t>& bytes, int from) const {
  if (!mpi_ || size_ == 1) return;
  unsigned long long n = bytes.size();
  MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, from, MPI_COMM_WORLD);
  bytes.resize(n);
  if (n) MPI_Bcast(bytes.data(), int(n), MPI_BYTE, from, MPI_COMM_WORLD);
}

std::vector<float> Comm::gather(const std::vector<float>& mine, int to) const {
  if (!mpi_ || size_ == 1) return mine;
  const int n = int(mine.size());
  std::vector<int> counts(size_), starts(size_);
  MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, to, MPI_COMM_WORLD);
  std::vector<float> all;
  if (rank_ == to) {
    long long total = 0;
    for (int r = 0; r < size_; ++r) starts[r] = int(total), total += counts[r];
    all.resize(std::size_t(total));
  }
  MPI_Gatherv(mine.data(), n, MPI_FLOAT, all.data(), counts.data(), starts.data(), MPI_FLOAT, to, MPI_COMM_WORLD);
  return all;
}

void Comm::barrier() const {
  if (mpi_ && size_ > 1) MPI_Barrier(MPI_COMM_WORLD);
}

void Comm::abort(int code) const {
  if (mpi_ && size_ > 1) MPI_Abort(MPI_COMM_WORLD, code);
}

#else  // one rank

const Comm& Comm::init(int*, char***) { return CommAccess::world(); }
void Comm::sum(double*, std::size_t) const {}
double Comm::sum(double v) const { return v; }
long long Comm::sum(long long v) const { return v; }
double Comm::max(double v) const { return v; }
double Comm::min(double v) const { return v; }
bool Comm::any(bool v) const { return v; }
Comm::Located Comm::max_at(double value, long long where) const { return {value, 0, where}; }
Comm::Located Comm::min_at(double value, long long where) const { return {value, 0, where}; }
std::vector<Comm::Located> Comm::max_at(const std::vector<double>& values, const std::vector<long long>& where) const {
  std::vector<Located> out(values.size());
  for (std::size_t k = 0; k < values.size(); ++k) out[k] = {values[k], 0, where[k]};
  return out;
}
void Comm::broadcast(std::string&, int) const {}
void Comm::broadcast(std::vector<std::uint8_t>&, int) const {}
std::vector<float> Comm::gather(const std::vector<float>& mine, int) const { return mine; }
void Comm::barrier() const {}
void Comm::abort(int) const {}

#endif

}  // namespace rackflow::solver
