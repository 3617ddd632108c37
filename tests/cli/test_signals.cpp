// SIGTERM and SIGINT during a run: it stops at a step boundary, writes the final fields,
// summary and report marked interrupted, and exits 128 + the signal; a second signal ends
// it at once. No ".part" survives either way.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include "cli_process.hpp"

namespace rackflow::test {
namespace {

// Long enough for the run to be under way (parsing and set-up take well under a second).
constexpr auto kRunningFor = std::chrono::seconds(2);
constexpr auto kBetweenSignals = std::chrono::milliseconds(50);
// After the first signal: at most 16 steps, then the final files of a 2160-cell hall.
constexpr double kFinishWithinS = 30.0;

struct Interrupted {
  int exit_code;
  fs::path out;
  std::string log;
};

Interrupted interrupt_hall_run(const std::string& name, int sig, bool twice) {
  const fs::path dir = fresh_dir(name);
  write_text(dir / "hall.yaml", kTinyHall);
  Background run({"run", (dir / "hall.yaml").string(), "--quiet", "--out", (dir / "out").string()}, dir / "log");
  EXPECT_TRUE(run.started());
  std::this_thread::sleep_for(kRunningFor);
  run.signal(sig);
  int rc = -2;
  if (twice) {
    // Apart, so the first is delivered before the second is sent: two pending at once merge.
    std::this_thread::sleep_for(kBetweenSignals);
    run.signal(sig);
    rc = run.wait(1.0);  // at once: no final files are written
  } else {
    rc = run.wait(kFinishWithinS);
  }
  return {rc, dir / "out", read_text(dir / "log")};
}

// fields.pvd lists the initial state and a final one, which exists.
void expect_final_fields(const fs::path& out) {
  const std::string pvd = read_text(out / "fields.pvd");
  EXPECT_NE(pvd.find("file=\"fields_000000.vti\""), std::string::npos) << pvd;
  EXPECT_NE(pvd.find("file=\"fields_000001.vti\""), std::string::npos) << pvd;
  EXPECT_TRUE(fs::exists(out / "fields_000001.vti"));
}

TEST(Signals, SigtermStopsTheRunAndMarksEveryResultInterrupted) {
  const Interrupted r = interrupt_hall_run("sigterm", SIGTERM, false);
  EXPECT_EQ(r.exit_code, 143) << r.log;
  const std::string md = read_text(r.out / "report.md");
  EXPECT_NE(md.find("**Interrupted at t = "), std::string::npos) << md;
  EXPECT_NE(md.find(" by SIGTERM: "), std::string::npos) << md;
  const std::string summary = read_text(r.out / "summary.json");
  EXPECT_NE(summary.find("\"end\": \"interrupted\""), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"interrupted_by\": \"SIGTERM\""), std::string::npos) << summary;
  EXPECT_NE(read_text(r.out / "report.json").find("\"status\": \"interrupted\""), std::string::npos);
  expect_final_fields(r.out);
  EXPECT_TRUE(part_files(r.out).empty());
  fs::remove_all(r.out.parent_path());
}

TEST(Signals, SigintExits130) {
  const Interrupted r = interrupt_hall_run("sigint", SIGINT, false);
  EXPECT_EQ(r.exit_code, 130) << r.log;
  EXPECT_NE(read_text(r.out / "summary.json").find("\"interrupted_by\": \"SIGINT\""), std::string::npos);
  EXPECT_NE(read_text(r.out / "report.md").find(" by SIGINT: "), std::string::npos);
  expect_final_fields(r.out);
  EXPECT_TRUE(part_files(r.out).empty());
  fs::remove_all(r.out.parent_path());
}

TEST(Signals, SecondSignalEndsAtOnceLeavingNoPartFile) {
  const Interrupted r = interrupt_hall_run("twice", SIGTERM, true);
  EXPECT_EQ(r.exit_code, 143) << r.log;
  EXPECT_TRUE(part_files(r.out).empty());
  fs::remove_all(r.out.parent_path());
}

// The base run takes a second of simulated time; the signal lands in the first headroom
// trial (at least 30 s of simulated time), which stops within one sample.
TEST(Signals, InterruptedHeadroomReportsWhatItHas) {
  const fs::path dir = fresh_dir("headroom");
  write_text(dir / "hall.yaml", kTinyHall);
  Background run({"headroom", (dir / "hall.yaml").string(), "--end-time", "1", "--quiet", "--out",
                  (dir / "out").string()},
                 dir / "log");
  ASSERT_TRUE(run.started());
  std::this_thread::sleep_for(kRunningFor);
  run.signal(SIGTERM);
  EXPECT_EQ(run.wait(kFinishWithinS), 143) << read_text(dir / "log");
  EXPECT_NE(read_text(dir / "log").find("headroom: interrupted by SIGTERM after 0 of 2 racks"), std::string::npos)
      << read_text(dir / "log");
  EXPECT_NE(read_text(dir / "out" / "report.md").find("`rackflow headroom` computes it"), std::string::npos);
  EXPECT_TRUE(part_files(dir / "out").empty());
  fs::remove_all(dir);
}

// A run that checkpoints writes one when SIGTERM stops it (a batch system's notice), and a
// second run continues from it: from where the first stopped, not from the start.
TEST(Signals, SigtermWritesACheckpointThatARunContinuesFrom) {
#ifndef RACKFLOW_CLI_HAS_CHECKPOINTS
  GTEST_SKIP() << "this rackflow has no parallel HDF5: no checkpoints";
#endif
  const fs::path dir = fresh_dir("checkpoint");
  write_text(dir / "hall.yaml", kTinyHall);
  Background run({"run", (dir / "hall.yaml").string(), "--quiet", "--checkpoint-every", "1 h", "--out",
                  (dir / "out").string()},
                 dir / "log");
  ASSERT_TRUE(run.started());
  std::this_thread::sleep_for(kRunningFor);
  run.signal(SIGTERM);
  ASSERT_EQ(run.wait(kFinishWithinS), 143) << read_text(dir / "log");
  ASSERT_TRUE(fs::exists(dir / "out" / "checkpoint.h5")) << read_text(dir / "log");
  EXPECT_FALSE(fs::exists(dir / "out" / "checkpoint.h5.part"));
  // Continue from it for a moment: the second run starts where the first stopped.
  Background again({"run", (dir / "hall.yaml").string(), "--restart", (dir / "out" / "checkpoint.h5").string(),
                    "--out", (dir / "out2").string()},
                   dir / "log2");
  ASSERT_TRUE(again.started());
  std::this_thread::sleep_for(kRunningFor);
  again.signal(SIGTERM);
  EXPECT_EQ(again.wait(kFinishWithinS), 143) << read_text(dir / "log2");
  const std::string log = read_text(dir / "log2");
  const std::size_t at = log.find("restarting at t = ");
  ASSERT_NE(at, std::string::npos) << log;
  EXPECT_GT(std::stod(log.substr(at + 18)), 0.0) << log;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rackflow::test
