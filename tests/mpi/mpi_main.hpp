// main() of the MPI test binaries: MPI up before GoogleTest, and one rank's failure made
// the job's (every rank runs every test; the comparisons are made on rank 0).
#pragma once

#include <gtest/gtest.h>

#include "comm.hpp"

#define RACKFLOW_MPI_TEST_MAIN                                                       \
  int main(int argc, char** argv) {                                                  \
    const rackflow::solver::Comm& comm = rackflow::solver::Comm::init(&argc, &argv); \
    testing::InitGoogleTest(&argc, argv);                                            \
    if (!comm.root()) {                                                              \
      auto& listeners = testing::UnitTest::GetInstance()->listeners();               \
      delete listeners.Release(listeners.default_result_printer());                  \
    }                                                                                \
    const int failed = RUN_ALL_TESTS();                                              \
    return comm.any(failed != 0) ? 1 : 0;                                            \
  }
