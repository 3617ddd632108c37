// Which files a rerun removes: exactly those rackflow writes, and their ".part"s.
#include <gtest/gtest.h>

#include "run_files.hpp"

namespace rackflow::cli {
namespace {

TEST(RunFiles, RackflowsOwnFilesAndTheirPartsAreRunOutput) {
  for (const char* name :
       {"fields_000000.vti", "fields_0099.vti", "fields.pvd", "summary.json", "report.md", "report.json", "racks.csv",
        "servers.csv", "inlet_history.csv", "objects.csv", "slice_inlet_height.png", "slice_hottest_rack_intake.png",
        "plan_inlet_max.png", "fields_000003.vti.part", "report.md.part", "fields.pvd.part"})
    EXPECT_TRUE(is_run_output(name)) << name;
}

TEST(RunFiles, OtherFilesAreNot) {
  for (const char* name : {"notes.txt", "report.md.bak", "my_report.md", "fields_.vti", "fields_12a.vti",
                           "fields_1.vtu", "fields.pvd.part.part", ".part", "summary.json~", "Report.md"})
    EXPECT_FALSE(is_run_output(name)) << name;
}

}  // namespace
}  // namespace rackflow::cli
