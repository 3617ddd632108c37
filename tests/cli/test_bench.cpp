// rackflow bench as a user sees it: a case timed with its objects against the copy bandwidth
// measured in the same run, the box likewise, a bad case refused with its error, and the
// bytes-per-cell figures that check and bench print.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "cli_process.hpp"

namespace rackflow::test {
namespace {

constexpr int kInvalidCase = 2;
constexpr int kUsage = 64;

// The figures are printed to 4 significant digits (seconds to 1 ms of at least 0.3 s), so
// a figure recomputed from the others agrees to this relative error.
constexpr double kPrintedRelative = 5e-3;
// Below this no machine that runs rackflow copies memory (a 2010 laptop gives ~5 GB/s);
// above it none yet does (an H200's HBM3e peaks at 4,800 GB/s).
constexpr double kMinPlausibleCopyGbS = 0.1;
constexpr double kMaxPlausibleCopyGbS = 100000;
// Physical bounds of an FP32 D3Q19 cell: an update reads and writes its 19 populations at
// least once, and a cell holds at least one set of them, whatever the kernels do.
constexpr double kMinMovedFp32 = 2 * 19 * 4;
constexpr double kMinResidentFp32 = 19 * 4;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// The number after `label` in the output (its first occurrence), NaN when absent.
double number_after(const std::string& text, const std::string& label) {
  const auto at = text.find(label);
  if (at == std::string::npos) return std::nan("");
  return std::strtod(text.c_str() + at + label.size(), nullptr);
}

// The bytes-per-cell line of FP32: moved per update and resident.
void expect_fp32_cell_bytes(const std::string& out, double& moved, double& resident) {
  moved = number_after(out, "bytes/cell:     FP32: ");
  resident = number_after(out, " moved per cell update, ");
  EXPECT_GE(moved, kMinMovedFp32) << out;
  EXPECT_GE(resident, kMinResidentFp32) << out;
}

// What every bench prints: the MLUPs figure from its own steps, cells and seconds, and the
// effective bandwidth and share from MLUPs, bytes and the measured copy bandwidth.
void expect_consistent_bench(const std::string& out, double expected_cells, double min_seconds) {
  const double cells = number_after(out, "cells:          ");
  const double steps = number_after(out, "steps:          ");
  const double seconds = number_after(out, " in ");
  const double mlups = number_after(out, "MLUPs/s:        ");
  const double effective = number_after(out, "effective GB/s: ");
  const double copy = number_after(out, "copy GB/s:      ");
  const double share_pct = number_after(out, "share of copy:  ");
  double moved = 0, resident = 0;
  expect_fp32_cell_bytes(out, moved, resident);
  EXPECT_EQ(cells, expected_cells) << out;
  EXPECT_GE(steps, 1) << out;
  EXPECT_GE(seconds, min_seconds) << out;
  EXPECT_NEAR(mlups, steps * cells / seconds * 1e-6, kPrintedRelative * mlups) << out;
  EXPECT_NEAR(effective, mlups * 1e6 * moved * 1e-9, kPrintedRelative * effective) << out;
  EXPECT_GT(copy, kMinPlausibleCopyGbS) << out;
  EXPECT_LT(copy, kMaxPlausibleCopyGbS) << out;
  EXPECT_GT(share_pct, 0) << out;
  EXPECT_NEAR(share_pct, 100 * effective / copy, kPrintedRelative * share_pct) << out;
}

TEST(CliBench, CaseIsTimedWithItsObjectsAgainstTheCopyBandwidth) {
  const fs::path dir = fresh_dir("bench-case");
  write_text(dir / "hall.yaml", kTinyHall);  // an hour of simulated time: the bench stops on its own
  constexpr double kSeconds = 0.5;
  const Finished f = run_cli("bench --case " + quoted(dir / "hall.yaml") + " --backend cpu --seconds 0.5");
  ASSERT_EQ(f.exit_code, 0) << f.output;
  EXPECT_NE(f.output.find("case:           tiny-hall as `run` steps it"), std::string::npos) << f.output;
  // 3.0 x 2.4 x 2.4 m at 0.2 m: what run's MLUPs figure counts too.
  expect_consistent_bench(f.output, 15 * 12 * 12, kSeconds);
  fs::remove_all(dir);
}

TEST(CliBench, BoxIsKeptWithoutACase) {
  constexpr double kSeconds = 0.3;
  const Finished f = run_cli("bench --size 16 --backend cpu --seconds 0.3");
  ASSERT_EQ(f.exit_code, 0) << f.output;
  EXPECT_NE(f.output.find("box:            16^3 cells"), std::string::npos) << f.output;
  expect_consistent_bench(f.output, 16 * 16 * 16, kSeconds);
}

// --precision fp16 stores the box's populations in FP16: the run says so, and its effective
// bandwidth counts the FP16 line's bytes, fewer than FP32's by 2 bytes per population read
// and written (2 x 19 x 2).
TEST(CliBench, BoxInFp16CountsTheFp16Bytes) {
  const Finished f = run_cli("bench --size 16 --precision fp16 --backend cpu --seconds 0.3");
  ASSERT_EQ(f.exit_code, 0) << f.output;
  EXPECT_NE(f.output.find("one fused sweep), FP16"), std::string::npos) << f.output;
  const double moved32 = number_after(f.output, "bytes/cell:     FP32: ");
  const double moved16 = number_after(f.output, "bytes/cell:     FP16: ");
  EXPECT_EQ(moved32 - moved16, 2 * 19 * 2) << f.output;
  const double mlups = number_after(f.output, "MLUPs/s:        ");
  const double effective = number_after(f.output, "effective GB/s: ");
  EXPECT_NEAR(effective, mlups * 1e6 * moved16 * 1e-9, kPrintedRelative * effective) << f.output;
  const Finished both = run_cli("bench --case x.yaml --precision fp16");
  EXPECT_EQ(both.exit_code, kUsage) << both.output;
}

TEST(CliBench, BadCaseFailsWithTheCaseError) {
  const fs::path dir = fresh_dir("bench-bad");
  write_text(dir / "bad.yaml", "name: bad\ndomain: {size: [1.0, 1.0, 1.0], resolution: -0.25}\n"
                               "run: {end_time: 10, max_velocity: 0.5}\n");
  write_text(dir / "too-large.yaml", kTooLarge);
  const Finished bad = run_cli("bench --case " + quoted(dir / "bad.yaml"));
  EXPECT_EQ(bad.exit_code, kInvalidCase) << bad.output;
  EXPECT_NE(bad.output.find("bad.yaml:2: domain.resolution: value -0.25 m is out of range (allowed: > 0 m"),
            std::string::npos)
      << bad.output;
  const Finished large = run_cli("bench --case " + quoted(dir / "too-large.yaml"));
  EXPECT_EQ(large.exit_code, kInvalidCase) << large.output;
  EXPECT_NE(large.output.find("host memory has"), std::string::npos) << large.output;
  for (const Finished& f : {bad, large}) EXPECT_EQ(f.output.find("MLUPs/s"), std::string::npos) << f.output;
  const Finished both = run_cli("bench --case " + quoted(dir / "bad.yaml") + " --size 16");
  EXPECT_EQ(both.exit_code, kUsage) << both.output;
  EXPECT_NE(both.output.find("--size excludes --case"), std::string::npos) << both.output;
  fs::remove_all(dir);
}

// check prints both figures; the resident one, over the interior cells, fits in the memory
// estimate (which adds the halo cells and the boundary lists).
TEST(CliBench, CheckPrintsTheBytesPerCell) {
  const std::string demo_room = quoted(fs::path(RACKFLOW_SOURCE_DIR) / "cases" / "demo-room.yaml");
  const Finished f = run_cli("check " + demo_room);
  ASSERT_EQ(f.exit_code, 0) << f.output;
  double moved = 0, resident = 0;
  expect_fp32_cell_bytes(f.output, moved, resident);
  const auto at = f.output.find("lattice: ");
  ASSERT_NE(at, std::string::npos) << f.output;
  int nx = 0, ny = 0, nz = 0;
  ASSERT_EQ(std::sscanf(f.output.c_str() + at, "lattice: %d x %d x %d", &nx, &ny, &nz), 3) << f.output;
  const double cells = double(nx) * ny * nz;
  const double estimate_gib = number_after(f.output, "memory:  ");
  EXPECT_LE(resident * cells / kGiB, estimate_gib * (1 + kPrintedRelative)) << f.output;
}

}  // namespace
}  // namespace rackflow::test
