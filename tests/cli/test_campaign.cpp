// rackflow campaign as a user runs it: a small N-1 campaign killed midway and run again,
// its warm-started answer against a cold start of the same scenario, the Slurm scripts of
// a dry run, --list, and --set on the command line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <csignal>

#include "cli_process.hpp"
#include "exit_codes.hpp"

namespace rackflow::test {
namespace {

using nlohmann::json;

const std::string kSmallHall = std::string(RACKFLOW_SOURCE_DIR) + "/tests/cluster/small-hall.yaml";

// The test's campaign: small-hall's baseline and each of its two CRAHs off (3 scenarios).
fs::path write_campaign(const fs::path& dir, const std::string& extra = "") {
  const fs::path file = dir / "n1.yaml";
  write_text(file, "name: small-n1\ncase: " + kSmallHall + "\n" + extra +
                       "scenarios:\n  - fail_each: coolers\n    mode: steady\n");
  return file;
}

json read_json(const fs::path& file) { return json::parse(read_text(file)); }

// Waits until `file` holds `text` (a scenario's record saying it runs), at most `limit_s`.
bool wait_for_text(const fs::path& file, const std::string& text, double limit_s) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit_s);
  while (std::chrono::steady_clock::now() < until) {
    if (read_text(file).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

std::map<std::string, double> rack_inlet_max_c(const fs::path& report) {
  std::map<std::string, double> out;
  const json j = read_json(report);
  for (const json& r : j["racks"]) out[r["name"]] = r["inlet_max_c"];
  return out;
}

#ifdef RACKFLOW_CLI_HAS_CHECKPOINTS
TEST(Campaign, KilledMidwayRerunsOnlyWhatDidNotFinishAndWarmMatchesCold) {
  const fs::path dir = fresh_dir("campaign");
  const fs::path campaign = write_campaign(dir), out = dir / "out";
  {
    Background run({"campaign", campaign.string(), "--out", out.string(), "--jobs", "1"}, dir / "first.log");
    ASSERT_TRUE(run.started());
    // Killed once the baseline has finished and the first failure is under way.
    ASSERT_TRUE(wait_for_text(out / "scenarios/off-crah-1/scenario.json", "\"running\"", 120)) << read_text(dir / "first.log");
    run.signal(SIGTERM);
    EXPECT_EQ(run.wait(60), 128 + SIGTERM) << read_text(dir / "first.log");
  }
  EXPECT_EQ(read_json(out / "scenarios/baseline/scenario.json")["status"], "finished");
  EXPECT_EQ(read_json(out / "scenarios/off-crah-1/scenario.json")["status"], "interrupted");
  if (fs::exists(out / "scenarios/off-crah-1/report.json"))
    EXPECT_EQ(read_json(out / "scenarios/off-crah-1/report.json")["run"]["status"], "interrupted");
  const auto baseline_report_time = fs::last_write_time(out / "scenarios/baseline/report.json");

  const Finished second = run_cli("campaign " + campaign.string() + " --out " + out.string() + " --jobs 1");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("1 of 3 scenarios finished earlier and are current"), std::string::npos) << second.output;
  EXPECT_EQ(fs::last_write_time(out / "scenarios/baseline/report.json"), baseline_report_time) << "the baseline ran again";
  const json report = read_json(out / "campaign.json");
  ASSERT_EQ(report["scenarios"].size(), 3u);
  for (const json& row : report["scenarios"]) EXPECT_EQ(row["status"], "steady") << row.dump();
  EXPECT_EQ(report["scenarios"][1]["restart_file"], (out / "scenarios/baseline/checkpoint.h5").string());

  // The same scenario from a cold start. Both runs stop when every steady criterion holds
  // to small-hall's steady_tolerance of 1 %, so their inlets may differ by up to about 1 %
  // of the rise over the supply air (~15 K): 0.15 K. Measured: 0.006 K.
  constexpr double kWarmColdToleranceK = 0.15;
  const Finished cold = run_cli("run " + kSmallHall + " --set 'hall.coolers[crah-1].fail_at=0 s' --quiet --out " +
                                (dir / "cold").string());
  ASSERT_EQ(cold.exit_code, 0) << cold.output;
  const auto warm_c = rack_inlet_max_c(out / "scenarios/off-crah-1/report.json");
  const auto cold_c = rack_inlet_max_c(dir / "cold/report.json");
  const auto base_c = rack_inlet_max_c(out / "scenarios/baseline/report.json");
  ASSERT_EQ(warm_c.size(), 4u);
  for (const auto& [rack, t_c] : cold_c) {
    EXPECT_NEAR(warm_c.at(rack), t_c, kWarmColdToleranceK) << rack;
    EXPECT_GT(t_c - base_c.at(rack), 5.0) << rack << ": the failure must show in the answer";
  }

  // Changing the campaign makes every earlier result stale: nothing reads as finished.
  write_campaign(dir, "set:\n  run.steady_tolerance: 0.02\n");
  const Finished list = run_cli("campaign " + campaign.string() + " --out " + out.string() + " --list");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_EQ(list.output.find("finished"), std::string::npos) << list.output;
  fs::remove_all(dir);
}
#endif

#ifdef RACKFLOW_CLI_HAS_CHECKPOINTS
// The checkpoint a warm start reads is written at the run's end, and its time step must be
// the restarting case's: populations hold velocities as u dt / dx.
TEST(Set, ARestartAtAnotherTimeStepIsRefused) {
  const fs::path dir = fresh_dir("restart-dt");
  write_text(dir / "tiny.yaml", kTinyCase);
  const Finished first = run_cli("run " + (dir / "tiny.yaml").string() + " --quiet --checkpoint-at-end --out " +
                                 (dir / "a").string());
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_TRUE(fs::exists(dir / "a/checkpoint.h5")) << first.output;
  const std::string restart = " --quiet --restart " + (dir / "a/checkpoint.h5").string();
  const Finished same = run_cli("run " + (dir / "tiny.yaml").string() + " --set run.end_time=12" + restart +
                                " --out " + (dir / "b").string());
  EXPECT_EQ(same.exit_code, 0) << same.output;
  const Finished faster = run_cli("run " + (dir / "tiny.yaml").string() + " --set run.end_time=12 --set run.max_velocity=1" +
                                  restart + " --out " + (dir / "c").string());
  EXPECT_EQ(faster.exit_code, cli::kExitInvalidCase) << faster.output;
  EXPECT_NE(faster.output.find("holds a state at dt = "), std::string::npos) << faster.output;
  fs::remove_all(dir);
}
#endif

// A baseline run for cold starts only wrote no checkpoint: once the campaign warm-starts
// from it, the baseline must run again rather than read as finished.
TEST(Campaign, ABaselineWithoutTheCheckpointWarmStartsNeedIsNotFinished) {
  const fs::path dir = fresh_dir("campaign-cold-baseline");
  const fs::path campaign = dir / "c.yaml", out = dir / "out";
  write_text(campaign, "name: b\ncase: " + kSmallHall + "\nwarm_start: false\nscenarios: []\n");
  const Finished cold = run_cli("campaign " + campaign.string() + " --out " + out.string());
  ASSERT_EQ(cold.exit_code, 0) << cold.output;
  EXPECT_FALSE(fs::exists(out / "scenarios/baseline/checkpoint.h5"));
  write_text(campaign, "name: b\ncase: " + kSmallHall + "\nscenarios:\n  - fail_each: [crah-1]\n");
  const Finished list = run_cli("campaign " + campaign.string() + " --out " + out.string() + " --list");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("baseline                   steady     cold  to run"), std::string::npos) << list.output;
  fs::remove_all(dir);
}

TEST(Campaign, SlurmDryRunWritesTheChainForWhatIsLeft) {
  const fs::path dir = fresh_dir("campaign-slurm");
  const fs::path campaign = dir / "c.yaml";
  write_text(campaign, "name: gpu-n1\ncase: " + kSmallHall + "\nrun: {ranks: 4}\nslurm: {partition: gpu, time_limit: 90 min}\n"
                       "scenarios:\n  - fail_each: coolers\n");
  const Finished f = run_cli("campaign " + campaign.string() + " --out " + (dir / "out").string() +
                             " --slurm --dry-run --gpus-per-task 2 --account proj7");
  ASSERT_EQ(f.exit_code, 0) << f.output;
  const std::string array = read_text(dir / "out/slurm/scenarios.sbatch");
  for (const std::string line : {"#SBATCH --array=1,2\n", "#SBATCH --partition=gpu\n", "#SBATCH --account=proj7\n",
                                 "#SBATCH --time=0-01:30:00\n", "#SBATCH --nodes=2\n", "#SBATCH --ntasks-per-node=2\n",
                                 "#SBATCH --gpus-per-node=2\n", "mpirun -np \"${SLURM_NTASKS}\""})
    EXPECT_NE(array.find(line), std::string::npos) << line << " not in\n" << array;
  EXPECT_EQ(array.find("--gpus-per-task"), std::string::npos) << "it hides a task's peers' GPUs (DESIGN.md §10)";
  const std::string submit = read_text(dir / "out/slurm/submit.sh");
  EXPECT_NE(submit.find("--dependency=afterok:${baseline} --kill-on-invalid-dep=yes scenarios.sbatch"), std::string::npos)
      << submit;
  EXPECT_NE(submit.find("--dependency=afterany:${after}"), std::string::npos) << submit;
  EXPECT_TRUE(fs::exists(dir / "out/slurm/baseline.sbatch"));
  EXPECT_TRUE(fs::exists(dir / "out/slurm/gather.sbatch"));
  EXPECT_TRUE(fs::exists(dir / "out/scenarios.json"));
  fs::remove_all(dir);
}

TEST(Campaign, ListAndUsageErrors) {
  const fs::path dir = fresh_dir("campaign-list");
  const fs::path campaign = write_campaign(dir);
  const Finished list = run_cli("campaign " + campaign.string() + " --out " + (dir / "out").string() + " --list");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("off-crah-2"), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("hall.coolers[crah-2].fail_at=0 s"), std::string::npos) << list.output;
  EXPECT_FALSE(fs::exists(dir / "out")) << "--list writes nothing";
  const Finished unknown = run_cli("campaign " + campaign.string() + " --scenario off-crah-9");
  EXPECT_EQ(unknown.exit_code, cli::kExitUsage) << unknown.output;
  EXPECT_NE(unknown.output.find("allowed: baseline, off-crah-1, off-crah-2"), std::string::npos) << unknown.output;
  const Finished warm_first = run_cli("campaign " + campaign.string() + " --out " + (dir / "none").string() +
                                      " --scenario off-crah-1");
  EXPECT_EQ(warm_first.exit_code, cli::kExitUsage) << warm_first.output;
  EXPECT_NE(warm_first.output.find("the baseline has not finished"), std::string::npos) << warm_first.output;
  write_text(dir / "bad.yaml", "name: bad\ncase: " + kSmallHall + "\nscenarios:\n  - fail_each: [crah-7]\n");
  const Finished bad = run_cli("campaign " + (dir / "bad.yaml").string() + " --list");
  EXPECT_EQ(bad.exit_code, cli::kExitInvalidCase) << bad.output;
  EXPECT_NE(bad.output.find("bad.yaml:4: scenarios[0]: \"crah-7\" names none of the base case's cooling units"),
            std::string::npos) << bad.output;
  fs::remove_all(dir);
}

TEST(Set, OnTheCommandLine) {
  const Finished bad = run_cli("check " + kSmallHall + " --set run.end_time");
  EXPECT_EQ(bad.exit_code, cli::kExitUsage) << bad.output;
  const Finished range = run_cli("check " + kSmallHall + " --set 'hall.coolers[crah-2].fail_at=-3 s'");
  EXPECT_EQ(range.exit_code, cli::kExitInvalidCase) << range.output;
  EXPECT_NE(range.output.find("small-hall.yaml --set hall.coolers[crah-2].fail_at=-3 s: hall.coolers[1].fail_at"),
            std::string::npos) << range.output;
  const Finished same = run_cli("check " + kSmallHall + " --set 'run.end_time=240 s'");
  EXPECT_EQ(same.exit_code, 0) << same.output;
  EXPECT_NE(same.output.find("warning: --set run.end_time=240 s changes nothing"), std::string::npos) << same.output;
}

}  // namespace
}  // namespace rackflow::test
