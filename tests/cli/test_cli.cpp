// The rackflow command line end to end: help and version, option values with units and
// their errors, options of another command, headroom's rack check, reruns and failures.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_process.hpp"

namespace rackflow::test {
namespace {

constexpr int kUsage = 64;

// A JSON number after "key": (the first occurrence).
double json_number(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return std::nan("");
  return std::strtod(json.c_str() + at + key.size() + 3, nullptr);
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

TEST(CliHelp, TopLevelAndEverySubcommand) {
  for (const char* flag : {"--help", "-h"}) {
    const Finished top = run_cli(flag);
    EXPECT_EQ(top.exit_code, 0) << top.output;
    for (const char* command : {"check", "run", "headroom", "bench", "compare"})
      EXPECT_NE(top.output.find(command), std::string::npos) << top.output;
  }
  for (const char* command : {"check", "run", "headroom", "bench", "compare"})
    for (const char* flag : {"--help", "-h"}) {
      const Finished f = run_cli(std::string(command) + " " + flag);
      EXPECT_EQ(f.exit_code, 0) << command << " " << flag << ": " << f.output;
      EXPECT_NE(f.output.find(std::string("rackflow ") + command), std::string::npos) << f.output;
    }
}

TEST(CliHelp, VersionNamesProjectVersionAndCommit) {
  const Finished f = run_cli("--version");
  EXPECT_EQ(f.exit_code, 0) << f.output;
  EXPECT_NE(f.output.find(std::string("rackflow ") + RACKFLOW_EXPECTED_VERSION + " (commit "), std::string::npos)
      << f.output;
}

TEST(CliValues, EndTimeWithUnitIsConverted) {
  const fs::path dir = fresh_dir("end-time");
  write_text(dir / "tiny.yaml", kTinyCase);
  const Finished f = run_cli("run " + quoted(dir / "tiny.yaml") + " --quiet --end-time '2 min' --out " +
                             quoted(dir / "out"));
  ASSERT_EQ(f.exit_code, 0) << f.output;
  const std::string summary = read_text(dir / "out" / "summary.json");
  // The run stops at the first step at or past the end time: within one time step of it.
  const double dt_s = json_number(summary, "dt_s");
  ASSERT_GT(dt_s, 0) << summary;
  EXPECT_NEAR(json_number(summary, "simulated_time_s"), 120.0, dt_s) << summary;
  fs::remove_all(dir);
}

TEST(CliValues, BadValuesAreUsageErrorsNamingTheOption) {
  const fs::path dir = fresh_dir("bad-values");
  write_text(dir / "tiny.yaml", kTinyCase);
  for (const char* value : {"abc", "inf", "nan", "0", "-1", "1e400", "'3 kg'"}) {
    const Finished f = run_cli("run " + quoted(dir / "tiny.yaml") + " --end-time " + value + " --out " +
                               quoted(dir / "out"));
    EXPECT_EQ(f.exit_code, kUsage) << value << ": " << f.output;
    EXPECT_NE(f.output.find("--end-time"), std::string::npos) << f.output;
    EXPECT_NE(f.output.find("allowed: a time > 0 s"), std::string::npos) << f.output;
  }
  EXPECT_FALSE(fs::exists(dir / "out" / "summary.json"));  // refused before any run
  for (const char* value : {"nan", "inf", "0"}) {
    const Finished f = run_cli(std::string("bench --seconds ") + value);
    EXPECT_EQ(f.exit_code, kUsage) << value << ": " << f.output;
    EXPECT_NE(f.output.find("--seconds"), std::string::npos) << f.output;
  }
  for (const char* value : {"4", "5000", "x"}) {
    const Finished f = run_cli(std::string("bench --size ") + value);
    EXPECT_EQ(f.exit_code, kUsage) << value << ": " << f.output;
    EXPECT_NE(f.output.find("--size"), std::string::npos) << f.output;
  }
  const Finished backend = run_cli("check " + quoted(dir / "tiny.yaml") + " --backend gpu");
  EXPECT_EQ(backend.exit_code, kUsage) << backend.output;
  EXPECT_NE(backend.output.find("--backend"), std::string::npos) << backend.output;
  fs::remove_all(dir);
}

// `bench --backend kokkos` times the step through Kokkos where the build has it, and says
// how to get it where not (exit 1, not a usage error: the value is a known backend).
TEST(CliValues, BenchRunsOnTheKokkosBackend) {
  const Finished f = run_cli("bench --backend kokkos --size 16 --seconds 0.2");
#if defined(RACKFLOW_CLI_HAS_KOKKOS)
  EXPECT_EQ(f.exit_code, 0) << f.output;
  EXPECT_NE(f.output.find("backend:        kokkos ("), std::string::npos) << f.output;
  EXPECT_NE(f.output.find("MLUPs/s"), std::string::npos) << f.output;
#else
  EXPECT_EQ(f.exit_code, 1) << f.output;
  EXPECT_NE(f.output.find("RACKFLOW_ENABLE_KOKKOS=ON"), std::string::npos) << f.output;
#endif
}

// check --ranks prints what each rank of a decomposed run would get, before its verdict; a
// split that cannot be made, or a --ranks-grid that is not X,Y,Z, is a usage error.
TEST(CliValues, CheckPrintsTheDecompositionOrRefusesIt) {
  const std::string demo_room = quoted(fs::path(RACKFLOW_SOURCE_DIR) / "cases" / "demo-room.yaml");
  const Finished three = run_cli("check " + demo_room + " --ranks 3");
  EXPECT_EQ(three.exit_code, 0) << three.output;
  EXPECT_NE(three.output.find("decomposition for 3 ranks: 3 x 1 x 1 blocks of 13-14 x 30 x 25 cells"),
            std::string::npos)
      << three.output;
  EXPECT_NE(three.output.find("rank 2: cells [27, 40) x [0, 30) x [0, 25)"), std::string::npos) << three.output;
  EXPECT_LT(three.output.find("memory per rank"), three.output.find(": ok ("));
  for (const std::string& args : {std::string("--ranks-grid 2,x,1"), std::string("--ranks-grid 2,,1"),
                                  std::string("--ranks-grid 99999999999,1,1"), std::string("--ranks 2 --ranks-grid 3,1,1"),
                                  std::string("--ranks 100000"), std::string("--ranks 0")}) {
    const Finished f = run_cli("check " + demo_room + " " + args);
    EXPECT_EQ(f.exit_code, kUsage) << args << ": " << f.output;
    EXPECT_EQ(f.output.find(": ok ("), std::string::npos) << args << ": " << f.output;
  }
}

TEST(CliValues, OptionsOfAnotherCommandAreRefused) {
  const fs::path dir = fresh_dir("other-command");
  write_text(dir / "tiny.yaml", kTinyCase);
  const std::string tiny = quoted(dir / "tiny.yaml");
  const std::vector<std::string> misplaced{"check " + tiny + " --end-time 3", "run " + tiny + " --size 8",
                                           "run " + tiny + " --racks R01", "bench --out x", "bench --quiet"};
  for (const std::string& args : misplaced) {
    const Finished f = run_cli(args);
    EXPECT_EQ(f.exit_code, kUsage) << args << ": " << f.output;
  }
  const Finished none = run_cli("");
  EXPECT_EQ(none.exit_code, kUsage) << none.output;
  fs::remove_all(dir);
}

TEST(CliHeadroom, UnknownRackIsRefusedBeforeRunning) {
  const fs::path dir = fresh_dir("racks");
  write_text(dir / "hall.yaml", kTinyHall);  // an hour of simulated time: a run would not end
  const auto start = std::chrono::steady_clock::now();
  const Finished f = run_cli("headroom " + quoted(dir / "hall.yaml") + " --racks R01,R99 --quiet --out " +
                             quoted(dir / "out"));
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(f.exit_code, kUsage) << f.output;
  EXPECT_NE(f.output.find("--racks: no rack named 'R99'"), std::string::npos) << f.output;
  EXPECT_NE(f.output.find("R01, R02"), std::string::npos) << f.output;  // the allowed names
  EXPECT_LT(wall_s, 5.0);  // parsing only; generous for a loaded CI machine
  EXPECT_FALSE(fs::exists(dir / "out" / "fields.pvd"));
  fs::remove_all(dir);
}

TEST(CliReruns, RemovesAnEarlierRunsFilesAndKeepsTheUsers) {
  const fs::path dir = fresh_dir("rerun");
  write_text(dir / "tiny.yaml", kTinyCase);
  const fs::path out = dir / "out";
  for (const char* stale : {"fields_0099.vti", "report.md", "report.md.part", "slice_inlet_height.png",
                            "inlet_history.csv"})
    write_text(out / stale, "stale");
  write_text(out / "notes.txt", "mine");
  write_text(out / "report.md.bak", "mine too");
  const Finished f = run_cli("run " + quoted(dir / "tiny.yaml") + " --quiet --end-time 1 --out " + quoted(out));
  ASSERT_EQ(f.exit_code, 0) << f.output;
  for (const char* stale : {"fields_0099.vti", "report.md", "report.md.part", "slice_inlet_height.png",
                            "inlet_history.csv"})
    EXPECT_FALSE(fs::exists(out / stale)) << stale;  // the tiny case has no hall: no report of its own
  EXPECT_EQ(read_text(out / "notes.txt"), "mine");
  EXPECT_EQ(read_text(out / "report.md.bak"), "mine too");
  EXPECT_TRUE(fs::exists(out / "fields_000000.vti"));
  EXPECT_NE(read_text(out / "objects.csv").find("1,heater,heat_source\n"), std::string::npos);
  fs::remove_all(dir);
}

// A passing hall run, then a run into the same directory that fails at its start: no report
// survives to be mistaken for the second run's, and summary.json says it failed.
TEST(CliReruns, FailedRunAfterAPassLeavesNoReport) {
  const fs::path dir = fresh_dir("diverge");
  write_text(dir / "hall.yaml", kTinyHall);
  write_text(dir / "too-large.yaml", kTooLarge);
  const fs::path out = dir / "out";
  const Finished pass = run_cli("run " + quoted(dir / "hall.yaml") + " --quiet --end-time 1 --out " + quoted(out));
  ASSERT_EQ(pass.exit_code, 0) << pass.output;
  ASSERT_TRUE(fs::exists(out / "report.md"));
  const Finished fail = run_cli("run " + quoted(dir / "too-large.yaml") + " --quiet --out " + quoted(out));
  EXPECT_EQ(fail.exit_code, 2) << fail.output;
  for (const char* gone : {"report.md", "report.json", "racks.csv", "plan_inlet_max.png"})
    EXPECT_FALSE(fs::exists(out / gone)) << gone;
  const std::string summary = read_text(out / "summary.json");
  EXPECT_NE(summary.find("\"status\": \"failed\""), std::string::npos) << summary;
  EXPECT_NE(summary.find("host memory has"), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"case\": \"too-large\""), std::string::npos) << summary;
  EXPECT_TRUE(part_files(out).empty());
  fs::remove_all(dir);
}

// The report and summary name this build and the case file's SHA-256, as sha256sum
// (coreutils, independent of rackflow's own) computes it.
TEST(CliProvenance, ReportAndSummaryNameVersionCommitAndCaseHash) {
  const fs::path dir = fresh_dir("provenance");
  write_text(dir / "hall.yaml", kTinyHall);
  const std::string hash_cmd = "sha256sum " + quoted(dir / "hall.yaml") + " > " + quoted(dir / "hash");
  ASSERT_EQ(std::system(hash_cmd.c_str()), 0);
  const std::string hash = read_text(dir / "hash").substr(0, 64);
  const fs::path out = dir / "out";
  const Finished f = run_cli("run " + quoted(dir / "hall.yaml") + " --quiet --end-time 1 --out " + quoted(out));
  ASSERT_EQ(f.exit_code, 0) << f.output;
  const std::string md = read_text(out / "report.md");
  EXPECT_NE(md.find("## Traceability"), std::string::npos) << md;
  EXPECT_NE(md.find("SHA-256 `" + hash + "`"), std::string::npos) << md;
  EXPECT_NE(md.find(std::string("- rackflow: version ") + RACKFLOW_EXPECTED_VERSION + ", commit "), std::string::npos)
      << md;
  EXPECT_NE(md.find("- Grid: 15 × 12 × 12 cells (2160), dx = 0.2 m"), std::string::npos) << md;
  EXPECT_NE(md.find("Transient: the figures below are the state at the end time"), std::string::npos) << md;
  for (const fs::path& json : {out / "summary.json", out / "report.json"}) {
    const std::string text = read_text(json);
    EXPECT_NE(text.find("\"case_sha256\": \"" + hash + "\""), std::string::npos) << json;
    EXPECT_NE(text.find(std::string("\"version\": \"") + RACKFLOW_EXPECTED_VERSION + "\""), std::string::npos)
        << json;
    EXPECT_NE(text.find("\"steady_state\": {"), std::string::npos) << json;
    EXPECT_NE(text.find("\"averaging\": {"), std::string::npos) << json;
    EXPECT_NE(text.find("\"end\": \"end_time\""), std::string::npos) << json;
  }
  EXPECT_NE(read_text(out / "objects.csv").find("\n1,R01,solid\n"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rackflow::test
