// End to end: `mpirun -np 2 rackflow run` writes one .vti piece per rank and a .pvti that
// VTK's parallel XML reader opens as the whole domain, the pieces covering every cell
// exactly once, each cell's temperature that of a one-rank run of the same case (the
// engine alone is bitwise on any split: tests/mpi/test_decomposed_runs.cpp). And a hall
// run on 2 ranks writes its pictures, from the layers it gathers.
#include <gtest/gtest.h>
#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkXMLImageDataReader.h>
#include <vtkXMLPImageDataReader.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "cli/cli_process.hpp"

namespace rackflow::test {
namespace {

// 13 x 8 x 6 cells of 0.125 m, a heater in one corner: the 2 blocks along x are uneven
// (7 + 6 cells) and the heat makes every piece's temperatures differ.
const char* kPiecesCase = R"(name: pieces
domain: {size: [1.625, 1.0, 0.75], resolution: 0.125}
run: {end_time: 10, max_velocity: 0.5}
boxes:
  - {name: heater, kind: heat_source, min: [0.25, 0.25, 0.0], max: [0.75, 0.5, 0.5], power: 50 W}
)";
constexpr std::array<int, 3> kCells{13, 8, 6};
// About 20 steps of dt = 0.0144 s: the heater's warmth has spread over a few cells.
constexpr const char* kEndTime_s = "0.3";

// `rackflow run` on `ranks` processes (1: without mpirun) into `out`; returns its exit code.
int run_ranks(int ranks, const fs::path& case_file, const fs::path& out, const std::string& end_time_s) {
  const std::string args = "run " + case_file.string() + " --end-time " + end_time_s + " --out " + out.string() +
                           " --quiet";
  const std::string command = ranks == 1 ? std::string(RACKFLOW_CLI) + " " + args
                                         : std::string(RACKFLOW_MPIEXEC) + " --allow-run-as-root --oversubscribe -np " +
                                               std::to_string(ranks) + " " + RACKFLOW_CLI + " " + args;
  const int status = std::system((command + " > " + (out.string() + ".log") + " 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct ListedPiece {
  std::array<int, 6> extent;  // points: x0 x1 y0 y1 z0 z1
  std::string source;
};

// The pieces as the .pvti lists them, read from its text (not by the writer's code).
std::vector<ListedPiece> listed_pieces(const fs::path& pvti) {
  const std::string text = read_text(pvti);
  const std::regex piece(R"re(<Piece Extent="(-?\d+) (-?\d+) (-?\d+) (-?\d+) (-?\d+) (-?\d+)" Source="([^"]+)")re");
  std::vector<ListedPiece> out;
  for (auto m = std::sregex_iterator(text.begin(), text.end(), piece); m != std::sregex_iterator(); ++m) {
    ListedPiece p;
    for (int e = 0; e < 6; ++e) p.extent[e] = std::stoi((*m)[e + 1]);
    p.source = (*m)[7];
    out.push_back(p);
  }
  return out;
}

std::vector<float> temperatures(vtkImageData* image) {
  vtkDataArray* t = image->GetCellData()->GetArray("temperature_C");
  std::vector<float> out;
  if (!t) return out;
  for (vtkIdType c = 0; c < t->GetNumberOfTuples(); ++c) out.push_back(float(t->GetTuple1(c)));
  return out;
}

TEST(PvtiRun, TwoRanksOpenAsTheOneRankField) {
  const fs::path dir = fresh_dir("pvti-run");
  write_text(dir / "pieces.yaml", kPiecesCase);
  ASSERT_EQ(run_ranks(2, dir / "pieces.yaml", dir / "np2", kEndTime_s), 0) << read_text(dir / "np2.log");
  ASSERT_EQ(run_ranks(1, dir / "pieces.yaml", dir / "np1", kEndTime_s), 0) << read_text(dir / "np1.log");
  const fs::path pvti = dir / "np2" / "fields_000001.pvti";
  ASSERT_TRUE(fs::exists(pvti)) << read_text(dir / "np2.log");

  vtkNew<vtkXMLPImageDataReader> reader;
  reader->SetFileName(pvti.c_str());
  reader->Update();
  vtkImageData* whole = reader->GetOutput();
  int dims[3];
  whole->GetDimensions(dims);
  EXPECT_EQ((std::array<int, 3>{dims[0], dims[1], dims[2]}), (std::array<int, 3>{kCells[0] + 1, kCells[1] + 1, kCells[2] + 1}));
  EXPECT_EQ(reader->GetNumberOfPieces(), 2);

  // Each listed piece is where its file says it is, and together they cover every cell once.
  const std::vector<ListedPiece> pieces = listed_pieces(pvti);
  ASSERT_EQ(pieces.size(), 2u);
  std::vector<int> covered(std::size_t(kCells[0]) * kCells[1] * kCells[2], 0);
  for (const ListedPiece& p : pieces) {
    vtkNew<vtkXMLImageDataReader> alone;
    alone->SetFileName((pvti.parent_path() / p.source).c_str());
    alone->Update();
    int extent[6];
    alone->GetOutput()->GetExtent(extent);
    for (int e = 0; e < 6; ++e) EXPECT_EQ(extent[e], p.extent[e]) << p.source << " extent " << e;
    for (int k = std::max(p.extent[4], 0); k < std::min(p.extent[5], kCells[2]); ++k)
      for (int j = std::max(p.extent[2], 0); j < std::min(p.extent[3], kCells[1]); ++j)
        for (int i = std::max(p.extent[0], 0); i < std::min(p.extent[1], kCells[0]); ++i)
          ++covered[std::size_t(i) + std::size_t(kCells[0]) * (j + std::size_t(kCells[1]) * k)];
    EXPECT_LE(p.extent[1], kCells[0]);
    EXPECT_LE(p.extent[3], kCells[1]);
    EXPECT_LE(p.extent[5], kCells[2]);
  }
  EXPECT_EQ(std::count(covered.begin(), covered.end(), 1), long(covered.size())) << "every cell in exactly one piece";

  vtkNew<vtkXMLImageDataReader> one_rank;
  one_rank->SetFileName((dir / "np1" / "fields_000001.vti").c_str());
  one_rank->Update();
  const std::vector<float> got = temperatures(whole), want = temperatures(one_rank->GetOutput());
  ASSERT_EQ(got.size(), covered.size());
  ASSERT_EQ(want.size(), covered.size());
  long differing = 0;
  for (std::size_t c = 0; c < got.size(); ++c) differing += got[c] != want[c];
  EXPECT_EQ(differing, 0) << "cells whose temperature differs from the one-rank run's";
  EXPECT_NE(*std::min_element(want.begin(), want.end()), *std::max_element(want.begin(), want.end()))
      << "a uniform field would not show a misplaced piece";
  fs::remove_all(dir);
}

// rackflow run's pictures come from the layers it gathers: on 2 ranks all are written
// (the tiny hall has one row and no raised floor), and report.html embeds them.
TEST(PvtiRun, HallOnTwoRanksWritesItsPictures) {
  const fs::path dir = fresh_dir("pictures-run");
  write_text(dir / "tiny-hall.yaml", kTinyHall);
  ASSERT_EQ(run_ranks(2, dir / "tiny-hall.yaml", dir / "np2", "2"), 0) << read_text(dir / "np2.log");
  for (const char* picture : {"slice_inlet_height.png", "slice_hottest_rack_intake.png", "plan_inlet_max.png",
                              "elevation_inlet_R.png", "elevation_inlet_R.svg", "inlet_history.pdf"})
    EXPECT_GT(fs::file_size(dir / "np2" / picture), 1000u) << picture;
  EXPECT_NE(read_text(dir / "np2" / "report.html").find("data:image/svg+xml;base64,"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rackflow::test
