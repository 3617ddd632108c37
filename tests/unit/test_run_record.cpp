// How a run ended and where it came from, as summary.json and the report state it; the
// objects table; the temporary-file registry a second signal relies on.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "postprocess/atomic_file.hpp"
#include "postprocess/objects_csv.hpp"
#include "postprocess/run_state_text.hpp"
#include "postprocess/summary_json.hpp"

namespace rackflow::post {
namespace {

namespace fs = std::filesystem;

RunSummary ended_at(double t_s) {
  RunSummary s;
  s.case_name = "hall";
  s.simulated_time_s = t_s;
  s.steps = 1000;
  s.lattice.cells = {15, 12, 10};
  s.lattice.dx_m = 0.2;
  s.lattice.dt_s = 0.004;
  s.lattice.tau_flow = 0.5001;
  s.lattice.lattice_mach = 0.1;
  s.provenance.version = "0.1.0";
  s.provenance.commit = "1a2b3c4";
  s.provenance.case_file = "cases/hall.yaml";
  s.provenance.case_sha256 = std::string(64, 'f');
  return s;
}

RunSummary not_converged() {
  RunSummary s = ended_at(30);
  s.steady.requested = true;
  s.steady.tolerance = 0.005;
  s.steady.window_s = 10;
  s.steady.unmet = "rack A01 inlet mean changed 0.12 K per window, tolerance 0.05 K";
  return s;
}

TEST(RunState, InterruptedRunSaysSoEverywhere) {
  RunSummary s = ended_at(12.34);
  s.end = RunEnd::Interrupted;
  s.signal = SIGTERM;
  EXPECT_EQ(run_state_markdown(s).rfind("**Interrupted at t = 12.3 s by SIGTERM: ", 0), 0u) << run_state_markdown(s);
  const std::string json = summary_to_json(s);
  EXPECT_NE(json.find("\"status\": \"interrupted\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"end\": \"interrupted\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"interrupted_by\": \"SIGTERM\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"state\": \"interrupted at t = 12.3 s by SIGTERM\""), std::string::npos) << json;
  s.signal = SIGINT;
  EXPECT_NE(summary_to_json(s).find("\"interrupted_by\": \"SIGINT\""), std::string::npos);
}

TEST(RunState, UnreachedSteadyStateIsABoldNotConverged) {
  const RunSummary s = not_converged();
  EXPECT_EQ(run_state_markdown(s),
            "**Not converged: the run ended at t = 30.0 s before reaching steady state (rack A01 inlet mean "
            "changed 0.12 K per window, tolerance 0.05 K); the figures below are not a steady answer.**\n\n");
  const std::string json = summary_to_json(s);
  EXPECT_NE(json.find("\"status\": \"not_converged\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"reached_at_s\": null"), std::string::npos) << json;
  EXPECT_NE(json.find("\"unmet\": \"rack A01 inlet mean changed"), std::string::npos) << json;
}

TEST(RunState, SteadyAndTransientRunsSayWhichTheyAre) {
  RunSummary steady = not_converged();
  steady.steady.reached = true;
  steady.steady.reached_at_s = 84;
  steady.steady.unmet.clear();
  steady.end = RunEnd::SteadyState;
  EXPECT_EQ(run_state_markdown(steady).rfind("Steady state reached at t = 84.0 s (tolerance 0.005)", 0), 0u)
      << run_state_markdown(steady);
  EXPECT_NE(summary_to_json(steady).find("\"status\": \"completed\""), std::string::npos);

  RunSummary transient = ended_at(120);
  transient.averaging = {60, 120, 30};
  EXPECT_EQ(run_state_markdown(transient),
            "Transient: the figures below are the state at the end time, t = 120.0 s (steady state was not "
            "requested). Inlet figures are time means over t = 60.0–120.0 s, 30 samples.\n\n");
}

TEST(RunState, TraceabilityNamesGridLatticeBuildCaseSteadyAndAveraging) {
  const std::string md = traceability_markdown(not_converged());
  for (const std::string& line :
       {std::string("## Traceability\n"), std::string("- Grid: 15 × 12 × 10 cells (1800), dx = 0.2 m\n"),
        std::string("- Lattice: dt = 0.004 s, tau = 0.5001, lattice Mach 0.1"),
        std::string("- rackflow: version 0.1.0, commit 1a2b3c4\n"),
        "- Case file: `cases/hall.yaml`, SHA-256 `" + std::string(64, 'f') + "`\n",
        std::string("- Run end: end_time at t = 30.0 s after 1000 steps\n"),
        std::string("- Steady state: requested: tolerance 0.005, window 10.0 s, no stop before 0.0 s; not reached "
                    "(rack A01"),
        std::string("- Averaging: instantaneous: no averaging\n")})
    EXPECT_NE(md.find(line), std::string::npos) << line << "\n" << md;
  const std::string json = summary_to_json(not_converged());
  for (const char* key : {"\"provenance\": {", "\"commit\": \"1a2b3c4\"", "\"case_file\": \"cases/hall.yaml\"",
                          "\"averaging\": {", "\"active\": false", "\"steady_state\": {", "\"requested\": true"})
    EXPECT_NE(json.find(key), std::string::npos) << key << "\n" << json;
}

TEST(RunState, FailedRunSummaryCarriesStatusAndMessage) {
  const std::string json =
      failed_summary_to_json(ended_at(0), RunFailure{"diverged", "run diverged at step 50 (t = 0.2 s): \"hot\""});
  EXPECT_EQ(json.rfind("{\n  \"status\": \"diverged\",\n  \"message\": \"run diverged at step 50", 0), 0u) << json;
  EXPECT_NE(json.find("\\\"hot\\\""), std::string::npos) << json;  // escaped
  EXPECT_NE(json.find("\"case_sha256\""), std::string::npos) << json;
  EXPECT_EQ(json.find("simulated_time_s"), std::string::npos) << json;  // not known, not written
}

TEST(ObjectsCsv, OneRowPerLabelQuotedWhereNeeded) {
  EXPECT_EQ(objects_csv({{1, "R01", "solid"}, {-2, "crac-1/supply, east", "velocity_inlet"}}),
            "id,name,kind\n1,R01,solid\n-2,\"crac-1/supply, east\",velocity_inlet\n");
}

// What a second signal's handler does: the file being written disappears, and so does the
// write (its rename fails), leaving neither the target nor a ".part".
TEST(AtomicFile, CurrentPartCanBeUnlinkedMidWrite) {
  const fs::path target = fs::temp_directory_path() / "rackflow-current-part.txt";
  fs::remove(target);
  bool existed = false;
  EXPECT_THROW(write_file_atomically(target,
                                     [&](const fs::path& tmp) {
                                       std::ofstream(tmp) << "half";
                                       existed = fs::exists(tmp);
                                       unlink_current_part();
                                     }),
               std::exception);
  EXPECT_TRUE(existed);
  EXPECT_FALSE(fs::exists(part_path(target)));
  EXPECT_FALSE(fs::exists(target));
  write_file_atomically(target, std::string("whole"));
  unlink_current_part();  // nothing is being written now: the finished file stays
  EXPECT_TRUE(fs::exists(target));
  fs::remove(target);
}

}  // namespace
}  // namespace rackflow::post
