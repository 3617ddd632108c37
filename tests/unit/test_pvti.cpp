// Parallel field output: .vti pieces placed in the domain, the .pvti listing them, and
// the tiling check. Built twice where VTK is found: test_pvti with the product's writer
// (rackflow_post: VTK's own) and test_pvti_plain with the hand-written one (the GPU
// machine's), so VTK's parallel reader opens what either writes. Without VTK only the
// file names, the tiling check and the .pvti text are tested.
#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "postprocess/field_writer.hpp"
#include "postprocess/pvti_writer.hpp"

#ifdef RACKFLOW_HAVE_VTK
#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkXMLImageDataReader.h>
#include <vtkXMLPImageDataReader.h>
#endif

namespace rackflow::post {
namespace {

namespace fs = std::filesystem;

using Cells3 = std::array<long long, 3>;

// 13 x 7 x 5 cells split 2 x 2 x 1 unevenly (7 + 6 along x, 4 + 3 along y): every piece
// differs in size, so a piece put in a neighbour's place shows.
constexpr Cells3 kDomain{13, 7, 5};
const std::vector<CellBox> kSplit = {{{0, 0, 0}, {7, 4, 5}},
                                     {{7, 0, 0}, {13, 4, 5}},
                                     {{0, 4, 0}, {7, 7, 5}},
                                     {{7, 4, 0}, {13, 7, 5}}};
constexpr std::array<double, 3> kOrigin_m{-1.5, 2.0, 0.25};
constexpr double kSpacing_m = 0.125;

long long global_index(const Cells3& cell) {
  return cell[0] + kDomain[0] * (cell[1] + kDomain[1] * cell[2]);
}

// The piece `box` of a field whose every value is a function of the global cell index g,
// each array's differently (at most 455, exact in float), so a cell that came from the
// wrong piece, or an array read under another's name, shows.
Snapshot piece(const CellBox& box, bool with_statistics) {
  Snapshot s;
  for (int d = 0; d < 3; ++d) s.cells[d] = int(box.end_cells[d] - box.begin_cells[d]);
  s.offset_cells = box.begin_cells;
  s.domain_cells = kDomain;
  s.origin_m = kOrigin_m;
  s.spacing_m = kSpacing_m;
  for (int k = 0; k < s.cells[2]; ++k)
    for (int j = 0; j < s.cells[1]; ++j)
      for (int i = 0; i < s.cells[0]; ++i) {
        const float g = float(global_index({box.begin_cells[0] + i, box.begin_cells[1] + j, box.begin_cells[2] + k}));
        s.temperature_c.push_back(g);
        s.velocity_m_s.insert(s.velocity_m_s.end(), {g, 2 * g, -g});
        s.pressure_pa.push_back(-0.5f * g);
        s.object_id.push_back(std::int32_t(g) - 100);
        if (with_statistics) {
          s.temperature_mean_c.push_back(g + 0.25f);
          s.temperature_rms_k.push_back(0.5f * g);
          s.velocity_mean_m_s.insert(s.velocity_mean_m_s.end(), {-g, g, 3 * g});
          s.velocity_rms_m_s.push_back(g + 1);
        }
      }
  return s;
}

class Pvti : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rackflow_pvti_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  // Writes the four pieces of output 10 and its .pvti, as four ranks and rank 0 would.
  fs::path write_output(bool with_statistics) {
    std::vector<PvtiPiece> listed;
    for (std::size_t rank = 0; rank < kSplit.size(); ++rank) {
      const Snapshot s = piece(kSplit[rank], with_statistics);
      EXPECT_TRUE(s.is_piece());
      write_vti(s, dir_ / piece_file_name(10, int(rank)));
      listed.push_back({cell_box(s), piece_file_name(10, int(rank))});
    }
    const fs::path pvti = dir_ / parallel_file_name(10);
    write_pvti(pvti_description(piece(kSplit[0], with_statistics), listed), pvti);
    return pvti;
  }
  fs::path dir_;
};

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(PvtiNames, AreZeroPadded) {
  EXPECT_EQ(piece_file_name(10, 3), "fields_000010_r0003.vti");
  EXPECT_EQ(piece_file_name(0, 12345), "fields_000000_r12345.vti");
  EXPECT_EQ(parallel_file_name(10), "fields_000010.pvti");
  EXPECT_THROW(piece_file_name(-1, 0), std::invalid_argument);
  EXPECT_THROW(piece_file_name(0, -1), std::invalid_argument);
  EXPECT_THROW(parallel_file_name(-1), std::invalid_argument);
}

TEST(SnapshotPlace, WholeDomainIsNoPiece) {
  Snapshot s;
  s.cells = {13, 7, 5};
  EXPECT_FALSE(s.is_piece());  // domain_cells all zero: the snapshot is the domain
  s.domain_cells = kDomain;
  EXPECT_FALSE(s.is_piece());
  s.cells = {6, 4, 5};
  EXPECT_TRUE(s.is_piece());
  s.offset_cells = {7, 0, 0};
  EXPECT_TRUE(s.is_piece());
  EXPECT_EQ(s.whole_cells(), kDomain);
}

TEST_F(Pvti, APieceOutsideItsDomainIsRefused) {
  Snapshot s = piece(kSplit[3], false);
  s.offset_cells[0] = 8;  // cells 8..14 of 13
  EXPECT_THROW(write_vti(s, dir_ / "bad.vti"), std::invalid_argument);
  s = piece(kSplit[3], false);
  s.domain_cells = {0, 0, 0};  // an offset piece that claims to be the domain
  EXPECT_THROW(write_vti(s, dir_ / "bad.vti"), std::invalid_argument);
  s = piece(kSplit[0], false);
  s.offset_cells[2] = -1;
  EXPECT_THROW(write_vti(s, dir_ / "bad.vti"), std::invalid_argument);
  EXPECT_TRUE(fs::is_empty(dir_));
}

// The message of the invalid_argument check_tiling throws, "" if it accepts.
std::string tiling_error(const std::vector<CellBox>& pieces) {
  try {
    check_tiling(kDomain, pieces);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(CheckTiling, AcceptsAnExactTiling) {
  EXPECT_EQ(tiling_error(kSplit), "");
  EXPECT_EQ(tiling_error({{{0, 0, 0}, kDomain}}), "");
}

TEST(CheckTiling, NamesTheOverlap) {
  std::vector<CellBox> pieces = kSplit;
  pieces[1].begin_cells[0] = 6;  // x cells 6..13 against piece 0's 0..7
  const std::string e = tiling_error(pieces);
  EXPECT_NE(e.find("piece 0"), std::string::npos) << e;
  EXPECT_NE(e.find("piece 1"), std::string::npos) << e;
  EXPECT_NE(e.find("overlap in cells [6, 7) x [0, 4) x [0, 5)"), std::string::npos) << e;
}

TEST(CheckTiling, NamesTheGap) {
  std::vector<CellBox> pieces = kSplit;
  pieces[3].begin_cells[1] = 5;  // y cell 4 of x 7..13 is nobody's
  const std::string e = tiling_error(pieces);
  EXPECT_NE(e.find("no piece covers cells [7, 13) x [4, 5) x [0, 5)"), std::string::npos) << e;
  EXPECT_NE(e.find("30 of the domain's 455 cells are missing"), std::string::npos) << e;
  pieces.pop_back();
  EXPECT_NE(tiling_error(pieces).find("no piece covers cells [7, 13) x [4, 7) x [0, 5)"),
            std::string::npos);
}

TEST(CheckTiling, RefusesEmptyAndOutsidePieces) {
  std::vector<CellBox> pieces = kSplit;
  pieces[2].end_cells[2] = 6;  // z up to 6 of 5
  EXPECT_NE(tiling_error(pieces).find("piece 2 (cells [0, 7) x [4, 7) x [0, 6)) reaches outside"),
            std::string::npos)
      << tiling_error(pieces);
  pieces = kSplit;
  pieces.push_back({{3, 3, 3}, {3, 4, 4}});
  EXPECT_NE(tiling_error(pieces).find("piece 4 (cells [3, 3) x [3, 4) x [3, 4)) is empty"),
            std::string::npos);
  EXPECT_NE(tiling_error({}).find("no pieces"), std::string::npos);
}

TEST_F(Pvti, AGapIsNotWritten) {
  std::vector<PvtiPiece> listed = {{kSplit[0], "a.vti"}, {kSplit[1], "b.vti"}, {kSplit[2], "c.vti"}};
  EXPECT_THROW(write_pvti(pvti_description(piece(kSplit[0], false), listed), dir_ / "gap.pvti"),
               std::invalid_argument);
  EXPECT_TRUE(fs::is_empty(dir_));
}

// What any reader relies on, in every build: the whole extent in points, one Piece per
// rank whose point extents share their boundaries, the arrays the pieces hold.
TEST_F(Pvti, ListsThePiecesByPointExtent) {
  const std::string pvti = read_text(write_output(false));
  for (const char* text :
       {"<VTKFile type=\"PImageData\" version=\"1.0\" byte_order=\"LittleEndian\" "
        "header_type=\"UInt64\">",
        "<PImageData WholeExtent=\"0 13 0 7 0 5\" GhostLevel=\"0\" Origin=\"-1.5 2 0.25\" "
        "Spacing=\"0.125 0.125 0.125\">",
        "<PCellData Scalars=\"temperature_C\" Vectors=\"velocity_m_s\">",
        "<PDataArray type=\"Float32\" Name=\"velocity_m_s\" NumberOfComponents=\"3\"/>",
        "<PDataArray type=\"Int32\" Name=\"object_id\" NumberOfComponents=\"1\"/>",
        "<Piece Extent=\"0 7 0 4 0 5\" Source=\"fields_000010_r0000.vti\"/>",
        "<Piece Extent=\"7 13 0 4 0 5\" Source=\"fields_000010_r0001.vti\"/>",
        "<Piece Extent=\"0 7 4 7 0 5\" Source=\"fields_000010_r0002.vti\"/>",
        "<Piece Extent=\"7 13 4 7 0 5\" Source=\"fields_000010_r0003.vti\"/>"})
    EXPECT_NE(pvti.find(text), std::string::npos) << text << " missing in\n" << pvti;
  EXPECT_EQ(pvti.find("temperature_mean_C"), std::string::npos);
  for (int rank = 0; rank < 4; ++rank) EXPECT_TRUE(fs::exists(dir_ / piece_file_name(10, rank)));
}

#ifdef RACKFLOW_HAVE_VTK

// The value of a cell array at a cell, through the image's own cell numbering.
double value_at(vtkImageData* image, vtkDataArray* array, const Cells3& cell, int component) {
  int ijk[3] = {int(cell[0]), int(cell[1]), int(cell[2])};
  return array->GetComponent(image->ComputeCellId(ijk), component);
}

TEST_F(Pvti, OpensAsOneDatasetWithEveryCellFromItsPiece) {
  const fs::path pvti = write_output(false);
  vtkNew<vtkXMLPImageDataReader> reader;
  reader->SetFileName(pvti.string().c_str());
  reader->Update();
  ASSERT_EQ(reader->GetErrorCode(), 0u);
  vtkImageData* image = reader->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  EXPECT_EQ(dims[0], 14);  // points: cells + 1
  EXPECT_EQ(dims[1], 8);
  EXPECT_EQ(dims[2], 6);
  double origin[3], spacing[3];
  image->GetOrigin(origin);
  image->GetSpacing(spacing);
  for (int d = 0; d < 3; ++d) {
    EXPECT_DOUBLE_EQ(origin[d], kOrigin_m[d]);
    EXPECT_DOUBLE_EQ(spacing[d], kSpacing_m);
  }

  vtkCellData* cells = image->GetCellData();
  ASSERT_EQ(cells->GetNumberOfArrays(), 4);
  for (const FieldArray& a : field_arrays(false)) {
    vtkDataArray* array = cells->GetArray(a.name);
    ASSERT_NE(array, nullptr) << a.name;
    EXPECT_EQ(array->GetNumberOfComponents(), a.components) << a.name;
    EXPECT_EQ(array->GetNumberOfTuples(), 455) << a.name;
    EXPECT_EQ(array->GetDataType(), std::string(a.type) == "Int32" ? VTK_INT : VTK_FLOAT) << a.name;
  }
  vtkDataArray* t = cells->GetArray(field_names::temperature);
  vtkDataArray* u = cells->GetArray(field_names::velocity);
  vtkDataArray* p = cells->GetArray(field_names::pressure);
  vtkDataArray* id = cells->GetArray(field_names::object_id);
  EXPECT_EQ(cells->GetScalars(), t);
  EXPECT_EQ(cells->GetVectors(), u);
  int wrong = 0;
  for (long long k = 0; k < kDomain[2]; ++k)
    for (long long j = 0; j < kDomain[1]; ++j)
      for (long long i = 0; i < kDomain[0]; ++i) {
        const double g = double(global_index({i, j, k}));
        const bool right = value_at(image, t, {i, j, k}, 0) == g &&
                           value_at(image, u, {i, j, k}, 1) == 2 * g &&
                           value_at(image, p, {i, j, k}, 0) == -0.5 * g &&
                           value_at(image, id, {i, j, k}, 0) == g - 100;
        if (!right && ++wrong <= 5) ADD_FAILURE() << "cell " << i << "," << j << "," << k;
      }
  EXPECT_EQ(wrong, 0);
}

TEST_F(Pvti, DeclaresTheStatisticsWhenThePiecesHaveThem) {
  const fs::path pvti = write_output(true);
  vtkNew<vtkXMLPImageDataReader> reader;
  reader->SetFileName(pvti.string().c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  vtkCellData* cells = image->GetCellData();
  ASSERT_EQ(cells->GetNumberOfArrays(), 8);
  for (const FieldArray& a : field_arrays(true)) {
    vtkDataArray* array = cells->GetArray(a.name);
    ASSERT_NE(array, nullptr) << a.name;
    EXPECT_EQ(array->GetNumberOfComponents(), a.components) << a.name;
  }
  // A cell of the last piece, through each statistic's own formula.
  const Cells3 cell{9, 5, 3};
  const double g = double(global_index(cell));
  EXPECT_EQ(value_at(image, cells->GetArray(field_names::temperature_mean), cell, 0), g + 0.25);
  EXPECT_EQ(value_at(image, cells->GetArray(field_names::temperature_rms), cell, 0), 0.5 * g);
  EXPECT_EQ(value_at(image, cells->GetArray(field_names::velocity_mean), cell, 2), 3 * g);
  EXPECT_EQ(value_at(image, cells->GetArray(field_names::velocity_rms), cell, 0), g + 1);
}

// A piece opened alone (no .pvti) lies where it belongs in the domain.
TEST_F(Pvti, APieceAloneSitsInItsPlace) {
  write_output(false);
  vtkNew<vtkXMLImageDataReader> reader;
  reader->SetFileName((dir_ / piece_file_name(10, 3)).string().c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  int extent[6];
  image->GetExtent(extent);
  EXPECT_EQ((std::array<int, 6>{extent[0], extent[1], extent[2], extent[3], extent[4], extent[5]}),
            (std::array<int, 6>{7, 13, 4, 7, 0, 5}));
  double bounds[6];
  image->GetBounds(bounds);
  EXPECT_DOUBLE_EQ(bounds[0], kOrigin_m[0] + 7 * kSpacing_m);
  EXPECT_DOUBLE_EQ(bounds[1], kOrigin_m[0] + 13 * kSpacing_m);
  EXPECT_DOUBLE_EQ(bounds[2], kOrigin_m[1] + 4 * kSpacing_m);
  EXPECT_DOUBLE_EQ(bounds[5], kOrigin_m[2] + 5 * kSpacing_m);
  const Cells3 cell{8, 6, 2};
  EXPECT_EQ(value_at(image, image->GetCellData()->GetArray(field_names::temperature), cell, 0),
            double(global_index(cell)));
}

#endif  // RACKFLOW_HAVE_VTK

}  // namespace
}  // namespace rackflow::post
