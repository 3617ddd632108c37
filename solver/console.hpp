// Progress for people: a live bar when stderr is a terminal, periodic log lines when it
// is not (batch jobs, CI), so logs stay readable.
#pragma once

#include <chrono>

#include "run_loop.hpp"

namespace rackflow::solver {

class ConsoleProgress {
 public:
  explicit ConsoleProgress(bool quiet = false);
  void update(const Progress& p, const EnergyBalance& e);
  void finish();

 private:
  bool quiet_, tty_;
  std::chrono::steady_clock::time_point last_line_;
  bool printed_ = false;
};

}  // namespace rackflow::solver
