// The hand-written .vti writer (postprocess/vti_writer_plain.cpp), built into this test in
// every build, so its files are read back even where the product uses the VTK writer:
// by a small reader of its own for the format the writer declares (VTK XML ImageData,
// appended raw data, UInt64 block sizes), and, in builds with VTK, by VTK's own reader.
#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "postprocess/field_writer.hpp"

#ifdef RACKFLOW_HAVE_VTK
#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkXMLImageDataReader.h>
#endif

namespace rackflow::post {
namespace {

namespace fs = std::filesystem;

// 3x2x2 cells whose values encode their index, so misplaced values show.
Snapshot tiny_snapshot() {
  Snapshot s;
  s.cells = {3, 2, 2};
  s.origin_m = {1.0, -2.0, 0.25};
  s.spacing_m = 0.125;
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n; ++i) {
    s.temperature_c.push_back(20.0f + float(i));
    s.velocity_m_s.insert(s.velocity_m_s.end(), {float(i), -float(i), 0.5f * float(i)});
    s.pressure_pa.push_back(-1.5f * float(i));
    s.object_id.push_back(std::int32_t(i % 3) - 1);
  }
  return s;
}

// The value of attribute `name` in the tag that starts at `tag` ("" when absent).
std::string attribute(const std::string& xml, std::size_t tag, const std::string& name) {
  const std::size_t end = xml.find('>', tag);
  const std::string key = " " + name + "=\"";
  const std::size_t at = xml.find(key, tag);
  if (at == std::string::npos || at > end) return "";
  const std::size_t begin = at + key.size();
  return xml.substr(begin, xml.find('"', begin) - begin);
}

template <std::size_t N>
std::array<double, N> numbers(const std::string& text) {
  std::array<double, N> v{};
  const char* p = text.c_str();
  for (auto& x : v) {
    char* next = nullptr;
    x = std::strtod(p, &next);
    p = next;
  }
  return v;
}

struct DataArray {
  std::string type, name;
  int components = 0;
  std::uint64_t offset = 0;
};

// What a reader of the declared format sees: the image's geometry, the cell arrays, and
// the appended section (from the byte after its '_' marker to its closing tag).
struct VtiFile {
  std::array<double, 6> extent{};
  std::array<double, 3> origin{}, spacing{};
  std::string scalars, vectors, byte_order, header_type, encoding;
  std::vector<DataArray> arrays;
  std::string appended;

  const DataArray* find(const std::string& name) const {
    for (const auto& a : arrays)
      if (a.name == name) return &a;
    return nullptr;
  }
  // The block of array `a`: a UInt64 byte count, then the values.
  template <class T>
  std::vector<T> values(const DataArray& a) const {
    std::uint64_t bytes = 0;
    if (a.offset + sizeof bytes > appended.size()) return {};
    std::memcpy(&bytes, appended.data() + a.offset, sizeof bytes);
    if (a.offset + sizeof bytes + bytes > appended.size() || bytes % sizeof(T)) return {};
    std::vector<T> v(bytes / sizeof(T));
    std::memcpy(v.data(), appended.data() + a.offset + sizeof bytes, bytes);
    return v;
  }
};

VtiFile read_vti(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  VtiFile v;
  const std::size_t head = xml.find("<VTKFile ");
  const std::size_t image = xml.find("<ImageData ");
  const std::size_t cells = xml.find("<CellData");
  const std::size_t cells_end = xml.find("</CellData>");
  const std::size_t data = xml.find("<AppendedData ");
  const std::size_t data_end = xml.rfind("</AppendedData>");
  if (head == std::string::npos || image == std::string::npos || cells == std::string::npos ||
      cells_end == std::string::npos || data == std::string::npos || data_end == std::string::npos)
    return v;
  v.byte_order = attribute(xml, head, "byte_order");
  v.header_type = attribute(xml, head, "header_type");
  v.extent = numbers<6>(attribute(xml, image, "WholeExtent"));
  v.origin = numbers<3>(attribute(xml, image, "Origin"));
  v.spacing = numbers<3>(attribute(xml, image, "Spacing"));
  v.scalars = attribute(xml, cells, "Scalars");
  v.vectors = attribute(xml, cells, "Vectors");
  for (std::size_t t = xml.find("<DataArray ", cells); t < cells_end; t = xml.find("<DataArray ", t + 1)) {
    DataArray a;
    a.type = attribute(xml, t, "type");
    a.name = attribute(xml, t, "Name");
    a.components = std::atoi(attribute(xml, t, "NumberOfComponents").c_str());
    a.offset = std::strtoull(attribute(xml, t, "offset").c_str(), nullptr, 10);
    v.arrays.push_back(a);
  }
  v.encoding = attribute(xml, data, "encoding");
  const std::size_t marker = xml.find('_', xml.find('>', data));
  // Up to the closing tag: the blocks, then the whitespace the writer lays out before it.
  if (marker < data_end) v.appended = xml.substr(marker + 1, data_end - marker - 1);
  return v;
}

class PlainVti : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rackflow_vti_plain_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path dir_;
};

TEST_F(PlainVti, ReadsBackAsWritten) {
  const Snapshot s = tiny_snapshot();
  const fs::path file = dir_ / "fields.vti";
  write_vti(s, file);
  const VtiFile v = read_vti(file);
  EXPECT_EQ(v.byte_order, "LittleEndian");
  EXPECT_EQ(v.header_type, "UInt64");
  EXPECT_EQ(v.encoding, "raw");
  EXPECT_EQ(v.extent, (std::array<double, 6>{0, 3, 0, 2, 0, 2}));
  EXPECT_EQ(v.origin, (std::array<double, 3>{1.0, -2.0, 0.25}));
  EXPECT_EQ(v.spacing, (std::array<double, 3>{0.125, 0.125, 0.125}));
  EXPECT_EQ(v.scalars, field_names::temperature);
  EXPECT_EQ(v.vectors, field_names::velocity);

  // Every array's block lies inside the appended section and holds one tuple per cell.
  std::uint64_t end = 0;
  for (const DataArray& a : v.arrays) {
    const std::size_t value = a.type == "Float64" ? 8 : 4;
    const auto bytes = v.values<char>(a).size();
    EXPECT_EQ(bytes, s.size() * std::size_t(a.components) * value) << a.name;
    end = std::max<std::uint64_t>(end, a.offset + 8 + bytes);
  }
  ASSERT_LE(end, v.appended.size());
  EXPECT_EQ(v.appended.find_first_not_of(" \n", end), std::string::npos)
      << "bytes in the appended section that no array claims";

  const DataArray* t = v.find(field_names::temperature);
  const DataArray* u = v.find(field_names::velocity);
  const DataArray* p = v.find(field_names::pressure);
  const DataArray* id = v.find(field_names::object_id);
  ASSERT_TRUE(t && u && p && id);
  EXPECT_EQ(t->type, "Float32");
  EXPECT_EQ(u->components, 3);
  EXPECT_EQ(id->type, "Int32");
  EXPECT_EQ(v.values<float>(*t), s.temperature_c);
  EXPECT_EQ(v.values<float>(*u), s.velocity_m_s);
  EXPECT_EQ(v.values<float>(*p), s.pressure_pa);
  EXPECT_EQ(v.values<std::int32_t>(*id), s.object_id);
}

// A piece of a 10 x 5 x 4 domain at cells (7, 3, 2): both extents in the domain's point
// indices, the origin the domain's, the values its own (in every build, VTK or not).
TEST_F(PlainVti, APieceDeclaresItsPlaceInTheDomain) {
  Snapshot s = tiny_snapshot();
  s.offset_cells = {7, 3, 2};
  s.domain_cells = {10, 5, 4};
  const fs::path file = dir_ / "fields_r0001.vti";
  write_vti(s, file);
  const VtiFile v = read_vti(file);
  EXPECT_EQ(v.extent, (std::array<double, 6>{7, 10, 3, 5, 2, 4}));
  EXPECT_EQ(v.origin, (std::array<double, 3>{1.0, -2.0, 0.25}));
  std::ifstream in(file, std::ios::binary);
  const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(xml.find("<Piece Extent=\"7 10 3 5 2 4\">"), std::string::npos);
  const DataArray* t = v.find(field_names::temperature);
  ASSERT_TRUE(t);
  EXPECT_EQ(v.values<float>(*t), s.temperature_c);
}

#ifdef RACKFLOW_HAVE_VTK
// The plain writer's file, opened by VTK's reader (what ParaView uses).
TEST_F(PlainVti, ReadsBackThroughVTK) {
  const Snapshot s = tiny_snapshot();
  const fs::path file = dir_ / "fields.vti";
  write_vti(s, file);
  vtkNew<vtkXMLImageDataReader> reader;
  reader->SetFileName(file.string().c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  EXPECT_EQ(dims[0], 4);
  EXPECT_EQ(dims[1], 3);
  EXPECT_EQ(dims[2], 3);
  vtkCellData* cells = image->GetCellData();
  vtkDataArray* t = cells->GetArray(field_names::temperature);
  vtkDataArray* u = cells->GetArray(field_names::velocity);
  vtkDataArray* id = cells->GetArray(field_names::object_id);
  ASSERT_TRUE(t && u && id);
  EXPECT_EQ(cells->GetScalars(), t);
  EXPECT_EQ(t->GetNumberOfTuples(), 12);
  EXPECT_DOUBLE_EQ(t->GetComponent(11, 0), 31.0);
  EXPECT_DOUBLE_EQ(u->GetComponent(11, 1), -11.0);
  EXPECT_EQ(id->GetComponent(5, 0), 1);
}
#endif

}  // namespace
}  // namespace rackflow::post
