// The ranks of one simulation and the few collective operations the solver needs. With
// MPI (RACKFLOW_HAVE_MPI) it wraps MPI_COMM_WORLD; without, it is one rank and every
// operation is the identity, so the solver has one code path. This header has no MPI
// types: plain C++ files include it; comm_mpi.hpp gives MPI code the communicator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rackflow::solver {

class Comm {
 public:
  // The process's ranks: MPI_COMM_WORLD once MPI is initialised (main()), else one rank.
  static const Comm& world();
  // This process alone, one rank, whatever MPI says: a reference run inside an MPI job.
  static const Comm& self();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }

  // Element-wise sums over the ranks, in place. The order of the sum is MPI's: the same on
  // every rank, and fixed for a given rank count.
  void sum(double* values, std::size_t count) const;
  void sum(std::vector<double>& values) const { sum(values.data(), values.size()); }
  double sum(double value) const;
  long long sum(long long value) const;
  double max(double value) const;
  double min(double value) const;
  bool any(bool value) const;

  // The largest (or smallest) value over the ranks and where it is: the rank that holds it
  // and a 64-bit position there. Ties go to the lowest rank (MPI_MAXLOC's rule).
  struct Located {
    double value = 0;
    int rank = 0;
    long long where = -1;
  };
  Located max_at(double value, long long where) const;
  Located min_at(double value, long long where) const;
  // max_at element-wise, in two reductions whatever the count (a hall's servers at once).
  std::vector<Located> max_at(const std::vector<double>& values, const std::vector<long long>& where) const;

  // `text` from `from` to every rank.
  void broadcast(std::string& text, int from = 0) const;
  void broadcast(std::vector<std::uint8_t>& bytes, int from = 0) const;
  // Every rank's `mine`, concatenated in rank order, on `to` (empty elsewhere).
  std::vector<float> gather(const std::vector<float>& mine, int to = 0) const;
  void barrier() const;
  // Ends every rank of the job with `code`: for an error only this rank saw, which would
  // otherwise leave the others waiting in their next collective. Returns only without MPI.
  void abort(int code) const;

  // Initialises MPI when the build has it and the process was started by mpirun (or always
  // under MPI: a singleton is one rank); finalises at exit. Returns world().
  static const Comm& init(int* argc, char*** argv);
  static bool mpi_built();

 private:
  Comm() = default;
  int rank_ = 0, size_ = 1;
  bool mpi_ = false;
  friend struct CommAccess;
};

}  // namespace rackflow::solver
