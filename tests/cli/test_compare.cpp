// rackflow compare: usage errors (exit 64) and the per-rack difference, on hand-made run
// directories (tests/run_dir_builder.hpp); no simulation runs.
#include <gtest/gtest.h>

#include "../run_dir_builder.hpp"
#include "cli_process.hpp"
#include "exit_codes.hpp"

namespace rackflow::test {
namespace {

FakeRun hall_at(double a01_c, double a02_c) {
  FakeRun run;
  run.racks = {{"a01", "A", 0, 0, {{"a01/s1", a01_c}}}, {"a02", "A", 1, 0, {{"a02/s1", a02_c}}}};
  run.coolers = {{"crah-1", 3, 0, 0.5, {}}};
  run.bins = {2, 0, 0, 0, 0, 0};
  return run;
}

class Compare : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    write_report_run(dir_ / "base", hall_at(24.0, 25.0));
    write_report_run(dir_ / "hot", hall_at(27.5, 25.0));
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string run_dir(const char* name) const { return "'" + (dir_ / name).string() + "'"; }
  fs::path dir_;
};

TEST_F(Compare, OneRunIsAUsageError) {
  const Finished f = run_cli("compare " + run_dir("base"));
  EXPECT_EQ(f.exit_code, cli::kExitUsage) << f.output;
  EXPECT_NE(f.output.find("at least two run directories"), std::string::npos) << f.output;
}

TEST_F(Compare, NotARunDirectoryIsAUsageError) {
  fs::create_directories(dir_ / "empty");
  const Finished f = run_cli("compare " + run_dir("base") + " " + run_dir("empty"));
  EXPECT_EQ(f.exit_code, cli::kExitUsage) << f.output;
  EXPECT_NE(f.output.find("is not a run directory"), std::string::npos) << f.output;
}

TEST_F(Compare, RunsOfDifferentHallsAreAUsageError) {
  FakeRun other = hall_at(24.0, 25.0);
  other.racks[1].name = "b07";
  write_report_run(dir_ / "other", other);
  const Finished f = run_cli("compare " + run_dir("base") + " " + run_dir("other"));
  EXPECT_EQ(f.exit_code, cli::kExitUsage) << f.output;
  EXPECT_NE(f.output.find("runs of different halls"), std::string::npos) << f.output;
}

TEST_F(Compare, PrintsThePerRackDifferenceAndWritesTheFiles) {
  const Finished f = run_cli("compare " + run_dir("base") + " " + run_dir("hot") + " --out " + run_dir("out"));
  ASSERT_EQ(f.exit_code, cli::kExitOk) << f.output;
  // a01: 27.5 − 24.0 = 3.5 K, the hotter run its worst; a02 unchanged.
  EXPECT_NE(f.output.find("| a01 | A | 24.0 | 27.5 | 3.5 | hot |"), std::string::npos) << f.output;
  EXPECT_NE(f.output.find("| a02 | A | 25.0 | 25.0 | 0.0 | base |"), std::string::npos) << f.output;
  EXPECT_NE(f.output.find("**Worst case: hot**"), std::string::npos) << f.output;
  for (const char* file : {"compare.md", "compare.json", "compare.csv", "compare_racks.csv", "compare_plans.png"})
    EXPECT_TRUE(fs::exists(dir_ / "out" / file)) << file;
}

}  // namespace
}  // namespace rackflow::test
