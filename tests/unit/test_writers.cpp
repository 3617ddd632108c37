// Writers: JSON summary, atomic files, the .pvd series and the .vti field file.
#include <gtest/gtest.h>

#include <regex>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "postprocess/atomic_file.hpp"
#include "postprocess/field_writer.hpp"
#include "postprocess/pvd_series.hpp"
#include "postprocess/summary_json.hpp"

#ifdef RACKFLOW_HAVE_VTK
#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkObject.h>
#include <vtkXMLImageDataReader.h>
#endif

namespace rackflow::post {
namespace {

namespace fs = std::filesystem;

// Every test writes into its own fresh directory, so parallel ctest runs never collide.
class Writers : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rackflow_writers_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path dir_;
};

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// The JSON text of a member's value, up to the next ',' or line end ("\"key\": value").
std::string json_value(const std::string& json, const std::string& key) {
  const std::string tag = "\"" + key + "\": ";
  const auto pos = json.find(tag);
  if (pos == std::string::npos) return "<missing " + key + ">";
  const auto begin = pos + tag.size();
  return json.substr(begin, json.find_first_of(",\n}", begin) - begin);
}

// Brackets outside strings balance and never close before they open.
bool json_brackets_balance(const std::string& json) {
  std::string stack;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      stack += c == '{' ? '}' : ']';
    } else if (c == '}' || c == ']') {
      if (stack.empty() || stack.back() != c) return false;
      stack.pop_back();
    }
  }
  return stack.empty() && !in_string;
}

// Element tags nest properly (enough XML for the text these writers produce).
bool xml_tags_balance(const std::string& xml) {
  std::vector<std::string> open;
  for (auto lt = xml.find('<'); lt != std::string::npos; lt = xml.find('<', lt + 1)) {
    const auto gt = xml.find('>', lt);
    if (gt == std::string::npos) return false;
    const std::string tag = xml.substr(lt + 1, gt - lt - 1);
    if (tag.front() == '?') continue;
    const bool closing = tag.front() == '/';
    const std::string name =
        tag.substr(closing ? 1 : 0, tag.find_first_of(" />", closing ? 1 : 0) - (closing ? 1 : 0));
    if (closing) {
      if (open.empty() || open.back() != name) return false;
      open.pop_back();
    } else if (tag.back() != '/') {
      open.push_back(name);
    }
  }
  return open.empty();
}

RunSummary sample_summary() {
  RunSummary s;
  s.case_name = "demo-hall";
  s.backend = "cpu (2 threads)";
  s.lattice.dx_m = 0.05;
  s.lattice.dt_s = 1.0 / 3.0;
  s.lattice.cells = {120, 80, 40};
  s.lattice.tau_flow = 0.5001;
  s.lattice.nu_lu = 3.3e-5;
  s.lattice.alpha_lu = 4.7e-5;
  s.lattice.max_velocity_m_s = 3.5;
  s.lattice.lattice_mach = 0.1;
  s.lattice.memory_bytes = 8.0e8;
  s.steps = 123456;
  s.simulated_time_s = 600;
  s.wall_time_s = 42.5;
  s.mlups = 1234.5678;
  s.reached_steady_state = true;
  s.min_temperature_c = 18;
  s.max_temperature_c = 41.25;
  s.energy.flows = {{"supply (velocity_inlet)", -10000}, {"server-a (heat source)", 10200}};
  s.energy.heat_in_w = 10200;
  s.energy.heat_out_w = 10000;
  s.energy.storage_w = 100;
  s.energy.residual_w = 102;
  s.energy.window_s = 2.5;
  return s;
}

TEST(SummaryJson, HasTheDocumentedLayout) {
  const std::string json = summary_to_json(sample_summary());
  EXPECT_TRUE(json_brackets_balance(json)) << json;
  // Top-level members in the documented order.
  std::size_t last = 0;
  for (const char* key : {"status", "end", "interrupted_by", "state", "case", "backend", "lattice", "steps",
                          "simulated_time_s", "wall_time_s", "mlups", "reached_steady_state", "steady_state",
                          "averaging", "provenance", "temperature_c", "energy_balance"}) {
    const auto pos = json.find("\n  \"" + std::string(key) + "\": ");
    ASSERT_NE(pos, std::string::npos) << key << " missing in\n" << json;
    EXPECT_GT(pos, last) << key << " out of order";
    last = pos;
  }
  EXPECT_EQ(json_value(json, "case"), "\"demo-hall\"");
  EXPECT_EQ(json_value(json, "backend"), "\"cpu (2 threads)\"");
  EXPECT_NE(json.find("\"cells\": [120, 80, 40]"), std::string::npos);
  EXPECT_EQ(json_value(json, "dx_m"), "0.05");
  EXPECT_EQ(json_value(json, "dt_s"), "0.333333333");  // 9 significant digits
  EXPECT_EQ(json_value(json, "memory_bytes"), "800000000");
  EXPECT_EQ(json_value(json, "steps"), "123456");
  EXPECT_DOUBLE_EQ(std::stod(json_value(json, "mlups")), 1234.5678);
  EXPECT_EQ(json_value(json, "reached_steady_state"), "true");
  EXPECT_NE(json.find("\"temperature_c\": {\"min\": 18, \"max\": 41.25}"), std::string::npos);
  EXPECT_NE(json.find("{\"name\": \"supply (velocity_inlet)\", \"watts\": -10000}"),
            std::string::npos);
  EXPECT_NE(json.find("{\"name\": \"server-a (heat source)\", \"watts\": 10200}"),
            std::string::npos);
  // The energy balance's members in order, derived ratios included.
  last = json.find("\"energy_balance\"");
  for (const char* key : {"flows", "heat_in_w", "heat_out_w", "storage_w", "residual_w",
                          "relative_residual", "imbalance", "window_s"}) {
    const auto pos = json.find("\n    \"" + std::string(key) + "\": ", last);
    ASSERT_NE(pos, std::string::npos) << key << " missing in\n" << json;
    EXPECT_GT(pos, last) << key << " out of order";
    last = pos;
  }
  EXPECT_EQ(json_value(json, "heat_in_w"), "10200");
  EXPECT_EQ(json_value(json, "heat_out_w"), "10000");
  EXPECT_DOUBLE_EQ(std::stod(json_value(json, "relative_residual")), 0.01);
  EXPECT_EQ(json_value(json, "imbalance"), "0.0196078431");  // 200 / 10200, 9 digits
  EXPECT_EQ(json_value(json.substr(json.find("\"energy_balance\"")), "window_s"), "2.5");
}

TEST(SummaryJson, EscapesStrings) {
  RunSummary s = sample_summary();
  s.case_name = "hall \"A\"\\east\n\t\x01 °C";
  s.energy.flows = {};
  const std::string json = summary_to_json(s);
  EXPECT_EQ(json_value(json, "case"), "\"hall \\\"A\\\"\\\\east\\n\\t\\u0001 °C\"");
  EXPECT_NE(json.find("\"flows\": []"), std::string::npos);
  EXPECT_TRUE(json_brackets_balance(json)) << json;
}

TEST(SummaryJson, NonFiniteNumbersAreNull) {
  RunSummary s = sample_summary();
  s.wall_time_s = std::numeric_limits<double>::quiet_NaN();
  s.mlups = std::numeric_limits<double>::infinity();
  s.energy.flows[0].watts = -std::numeric_limits<double>::infinity();
  s.energy.heat_in_w = 0;  // relative_residual() is then 0, not a division by zero
  const std::string json = summary_to_json(s);
  EXPECT_EQ(json_value(json, "wall_time_s"), "null");
  EXPECT_EQ(json_value(json, "mlups"), "null");
  EXPECT_NE(json.find("\"watts\": null"), std::string::npos);
  EXPECT_EQ(json_value(json, "relative_residual"), "0");
  // No number token nan or inf (words such as "provenance" may contain the letters).
  EXPECT_FALSE(std::regex_search(json, std::regex(R"([:\[,]\s*-?(nan|inf))"))) << json;
}

TEST_F(Writers, SummaryFileMatchesTheText) {
  const fs::path file = dir_ / "report.json";
  write_summary_json(sample_summary(), file);
  EXPECT_EQ(read_file(file), summary_to_json(sample_summary()));
  EXPECT_FALSE(fs::exists(part_path(file)));
}

TEST_F(Writers, AtomicWriteReplacesTheTargetAndLeavesNoPart) {
  const fs::path file = dir_ / "out.txt";
  write_file_atomically(file, std::string("first"));
  write_file_atomically(file, std::string("second\0binary", 13));
  EXPECT_EQ(read_file(file), std::string("second\0binary", 13));
  EXPECT_EQ(part_path(file), dir_ / "out.txt.part");
  EXPECT_FALSE(fs::exists(part_path(file)));
}

TEST_F(Writers, FailingWriterLeavesNoTargetAndNoPart) {
  const fs::path file = dir_ / "out.txt";
  auto half_then_fail = [](const fs::path& tmp) {
    std::ofstream(tmp) << "half of it";
    throw std::runtime_error("killed");
  };
  EXPECT_THROW(write_file_atomically(file, half_then_fail), std::runtime_error);
  EXPECT_FALSE(fs::exists(file));
  EXPECT_FALSE(fs::exists(part_path(file)));

  write_file_atomically(file, std::string("good"));
  EXPECT_THROW(write_file_atomically(file, half_then_fail), std::runtime_error);
  EXPECT_EQ(read_file(file), "good");  // the earlier complete file survives
  EXPECT_FALSE(fs::exists(part_path(file)));
}

TEST_F(Writers, AtomicWriteIntoAMissingDirectoryThrows) {
  EXPECT_THROW(write_file_atomically(dir_ / "missing" / "out.txt", std::string("x")),
               std::runtime_error);
}

TEST(FieldFileName, IsZeroPaddedToSixDigits) {
  EXPECT_EQ(field_file_name(0), "fields_000000.vti");
  EXPECT_EQ(field_file_name(10), "fields_000010.vti");
  EXPECT_EQ(field_file_name(1234567), "fields_1234567.vti");
  EXPECT_THROW(field_file_name(-1), std::invalid_argument);
}

TEST_F(Writers, PvdListsEveryEntryInOrderAfterEachAdd) {
  std::ofstream(dir_ / "fields.pvd") << "stale file of an earlier run <DataSet";
  PvdSeries series(dir_);
  EXPECT_EQ(series.path(), dir_ / "fields.pvd");
  std::string pvd = read_file(series.path());
  EXPECT_TRUE(xml_tags_balance(pvd)) << pvd;
  EXPECT_EQ(count(pvd, "<DataSet"), 0u);

  for (int i = 0; i < 4; ++i) {
    series.add(0.5 * i, field_file_name(10 * i));
    EXPECT_EQ(series.size(), std::size_t(i + 1));
    pvd = read_file(series.path());
    EXPECT_EQ(pvd.rfind("<?xml version=\"1.0\"?>\n<VTKFile type=\"Collection\"", 0), 0u) << pvd;
    EXPECT_TRUE(xml_tags_balance(pvd)) << pvd;
    EXPECT_EQ(count(pvd, "<DataSet"), std::size_t(i + 1));
    EXPECT_FALSE(fs::exists(part_path(series.path())));
  }
  std::size_t last = 0;
  for (const char* entry : {"timestep=\"0\" group=\"\" part=\"0\" file=\"fields_000000.vti\"",
                            "timestep=\"0.5\" group=\"\" part=\"0\" file=\"fields_000010.vti\"",
                            "timestep=\"1\" group=\"\" part=\"0\" file=\"fields_000020.vti\"",
                            "timestep=\"1.5\" group=\"\" part=\"0\" file=\"fields_000030.vti\""}) {
    const auto pos = pvd.find(entry);
    ASSERT_NE(pos, std::string::npos) << entry << " missing in\n" << pvd;
    EXPECT_GT(pos, last);
    last = pos;
  }
}

TEST_F(Writers, PvdKeepsTimesExactAndNamesEscaped) {
  PvdSeries series(dir_);
  series.add(0.1, "a&b\".vti");
  const std::string pvd = read_file(series.path());
  EXPECT_NE(pvd.find("timestep=\"0.1\""), std::string::npos) << pvd;
  EXPECT_NE(pvd.find("file=\"a&amp;b&quot;.vti\""), std::string::npos) << pvd;

  EXPECT_THROW(series.add(std::numeric_limits<double>::quiet_NaN(), "x.vti"),
               std::invalid_argument);
  EXPECT_EQ(series.size(), 1u);
  EXPECT_EQ(read_file(series.path()), pvd);
}

// 3x2x2 cells whose values encode their index, so misplaced values show.
Snapshot tiny_snapshot() {
  Snapshot s;
  s.cells = {3, 2, 2};
  s.origin_m = {1.0, -2.0, 0.25};
  s.spacing_m = 0.125;
  s.time_s = 12.5;
  s.step = 250;
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n; ++i) {
    s.temperature_c.push_back(20.0f + float(i));
    s.velocity_m_s.insert(s.velocity_m_s.end(), {float(i), -float(i), 0.5f * float(i)});
    s.pressure_pa.push_back(-1.5f * float(i));
    s.object_id.push_back(std::int32_t(i % 3) - 1);
  }
  return s;
}

// tiny_snapshot() with time statistics whose values differ from the instantaneous ones and
// from each other, so an array written under the wrong name or out of order shows.
Snapshot tiny_snapshot_with_statistics() {
  Snapshot s = tiny_snapshot();
  for (std::size_t i = 0; i < s.size(); ++i) {
    s.temperature_mean_c.push_back(24.0f + 0.5f * float(i));
    s.temperature_rms_k.push_back(0.25f * float(i));
    s.velocity_mean_m_s.insert(s.velocity_mean_m_s.end(), {2.0f * float(i), 0.25f, -float(i)});
    s.velocity_rms_m_s.push_back(0.125f * float(i) + 0.5f);
  }
  return s;
}

TEST_F(Writers, VtiRejectsStatisticsOfTheWrongLength) {
  Snapshot s = tiny_snapshot_with_statistics();
  s.velocity_mean_m_s.pop_back();
  EXPECT_THROW(write_vti(s, dir_ / "bad.vti"), std::invalid_argument);
  s = tiny_snapshot_with_statistics();
  s.temperature_mean_c.clear();  // the others present: has_statistics() alone would miss it
  EXPECT_THROW(write_vti(s, dir_ / "bad.vti"), std::invalid_argument);
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(Writers, VtiRejectsAnInconsistentSnapshot) {
  Snapshot s = tiny_snapshot();
  s.pressure_pa.pop_back();
  EXPECT_THROW(write_vti(s, dir_ / "bad.vti"), std::invalid_argument);
  s = tiny_snapshot();
  s.spacing_m = 0;
  EXPECT_THROW(write_vti(s, dir_ / "bad.vti"), std::invalid_argument);
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(Writers, VtiIntoAMissingDirectoryThrowsAndLeavesNothing) {
#ifdef RACKFLOW_HAVE_VTK
  vtkObject::GlobalWarningDisplayOff();  // the exception carries the message; keep logs clean
#endif
  EXPECT_THROW(write_vti(tiny_snapshot(), dir_ / "missing" / "f.vti"), std::runtime_error);
#ifdef RACKFLOW_HAVE_VTK
  vtkObject::GlobalWarningDisplayOn();
#endif
  EXPECT_TRUE(fs::is_empty(dir_));
}

#ifdef RACKFLOW_HAVE_VTK

TEST_F(Writers, VtiReadsBackThroughVTK) {
  const Snapshot s = tiny_snapshot();
  const fs::path file = dir_ / field_file_name(1);
  write_vti(s, file);
  EXPECT_FALSE(fs::exists(part_path(file)));

  vtkNew<vtkXMLImageDataReader> reader;
  reader->SetFileName(file.string().c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  EXPECT_EQ(dims[0], 4);
  EXPECT_EQ(dims[1], 3);
  EXPECT_EQ(dims[2], 3);
  double spacing[3], origin[3];
  image->GetSpacing(spacing);
  image->GetOrigin(origin);
  for (int d = 0; d < 3; ++d) {
    EXPECT_DOUBLE_EQ(spacing[d], 0.125);
    EXPECT_DOUBLE_EQ(origin[d], s.origin_m[d]);
  }

  vtkCellData* cells = image->GetCellData();
  ASSERT_EQ(cells->GetNumberOfArrays(), 4);
  vtkDataArray* t = cells->GetArray(field_names::temperature);
  vtkDataArray* u = cells->GetArray(field_names::velocity);
  vtkDataArray* p = cells->GetArray(field_names::pressure);
  vtkDataArray* id = cells->GetArray(field_names::object_id);
  ASSERT_TRUE(t && u && p && id);
  EXPECT_EQ(t->GetDataType(), VTK_FLOAT);
  EXPECT_EQ(u->GetNumberOfComponents(), 3);
  EXPECT_EQ(id->GetDataType(), VTK_INT);
  EXPECT_EQ(t->GetNumberOfTuples(), 12);
  EXPECT_EQ(cells->GetScalars(), t);
  EXPECT_EQ(cells->GetVectors(), u);
  // Cell (i,j,k) = (2,1,1) is index 2 + 3*(1 + 2*1) = 11: VTK orders cells x fastest too.
  EXPECT_EQ(image->ComputeCellId(std::array<int, 3>{2, 1, 1}.data()), 11);
  EXPECT_DOUBLE_EQ(t->GetComponent(11, 0), 31.0);
  EXPECT_DOUBLE_EQ(u->GetComponent(11, 1), -11.0);
  EXPECT_DOUBLE_EQ(u->GetComponent(7, 2), 3.5);
  EXPECT_DOUBLE_EQ(p->GetComponent(4, 0), -6.0);
  EXPECT_EQ(id->GetComponent(0, 0), -1);
  EXPECT_EQ(id->GetComponent(5, 0), 1);
}

TEST_F(Writers, VtiStatisticsReadBackThroughVTK) {
  const Snapshot s = tiny_snapshot_with_statistics();
  const fs::path file = dir_ / field_file_name(2);
  write_vti(s, file);

  vtkNew<vtkXMLImageDataReader> reader;
  reader->SetFileName(file.string().c_str());
  reader->Update();
  vtkCellData* cells = reader->GetOutput()->GetCellData();
  ASSERT_EQ(cells->GetNumberOfArrays(), 8);
  vtkDataArray* t_mean = cells->GetArray("temperature_mean_C");
  vtkDataArray* t_rms = cells->GetArray("temperature_rms_K");
  vtkDataArray* u_mean = cells->GetArray("velocity_mean_m_s");
  vtkDataArray* u_rms = cells->GetArray("velocity_rms_m_s");
  ASSERT_TRUE(t_mean && t_rms && u_mean && u_rms);
  for (vtkDataArray* a : {t_mean, t_rms, u_mean, u_rms}) {
    EXPECT_EQ(a->GetDataType(), VTK_FLOAT) << a->GetName();
    EXPECT_EQ(a->GetNumberOfTuples(), 12) << a->GetName();
  }
  EXPECT_EQ(u_mean->GetNumberOfComponents(), 3);
  EXPECT_EQ(u_rms->GetNumberOfComponents(), 1);
  // ParaView still colours by the instantaneous temperature on opening.
  EXPECT_EQ(cells->GetScalars(), cells->GetArray(field_names::temperature));
  EXPECT_DOUBLE_EQ(t_mean->GetComponent(11, 0), 29.5);
  EXPECT_DOUBLE_EQ(t_rms->GetComponent(6, 0), 1.5);
  EXPECT_DOUBLE_EQ(u_mean->GetComponent(7, 0), 14.0);
  EXPECT_DOUBLE_EQ(u_mean->GetComponent(7, 1), 0.25);
  EXPECT_DOUBLE_EQ(u_mean->GetComponent(7, 2), -7.0);
  EXPECT_DOUBLE_EQ(u_rms->GetComponent(4, 0), 1.0);
  // The instantaneous arrays are untouched by the extra ones.
  EXPECT_DOUBLE_EQ(cells->GetArray(field_names::temperature)->GetComponent(11, 0), 31.0);
}

#else

// A UInt64 size prefix then raw little-endian values, as the header declares.
template <class T>
std::vector<T> read_block(const std::string& data, std::size_t& pos) {
  std::uint64_t bytes = 0;
  std::memcpy(&bytes, data.data() + pos, sizeof bytes);
  pos += sizeof bytes;
  std::vector<T> values(bytes / sizeof(T));
  std::memcpy(values.data(), data.data() + pos, bytes);
  pos += bytes;
  return values;
}

TEST_F(Writers, VtiHasTheVTKHeaderAndAppendedBlocks) {
  const Snapshot s = tiny_snapshot();
  const fs::path file = dir_ / field_file_name(1);
  write_vti(s, file);
  EXPECT_FALSE(fs::exists(part_path(file)));

  const std::string vti = read_file(file);
  const std::string marker = "<AppendedData encoding=\"raw\">\n   _";
  const auto start = vti.find(marker);
  ASSERT_NE(start, std::string::npos);
  const std::string header = vti.substr(0, start);
  for (const char* text :
       {"<VTKFile type=\"ImageData\" version=\"1.0\" byte_order=\"LittleEndian\" "
        "header_type=\"UInt64\">",
        "<ImageData WholeExtent=\"0 3 0 2 0 2\" Origin=\"1 -2 0.25\" "
        "Spacing=\"0.125 0.125 0.125\"",
        "<Piece Extent=\"0 3 0 2 0 2\">",
        "<CellData Scalars=\"temperature_C\" Vectors=\"velocity_m_s\">",
        "<DataArray type=\"Float32\" Name=\"temperature_C\" NumberOfComponents=\"1\" "
        "format=\"appended\" offset=\"0\"/>",
        "<DataArray type=\"Float32\" Name=\"velocity_m_s\" NumberOfComponents=\"3\" "
        "format=\"appended\" offset=\"56\"/>",
        "<DataArray type=\"Float32\" Name=\"pressure_Pa\" NumberOfComponents=\"1\" "
        "format=\"appended\" offset=\"208\"/>",
        "<DataArray type=\"Int32\" Name=\"object_id\" NumberOfComponents=\"1\" "
        "format=\"appended\" offset=\"264\"/>"})
    EXPECT_NE(header.find(text), std::string::npos) << text << " missing in\n" << header;

  // 4 size words and 12 cells x (1 + 3 + 1 float + 1 int32), then the closing tags.
  std::size_t pos = start + marker.size();
  const std::size_t appended = 4 * 8 + 12 * (4 + 12 + 4 + 4);
  const std::string trailer = "\n  </AppendedData>\n</VTKFile>\n";
  ASSERT_EQ(vti.size(), pos + appended + trailer.size());
  EXPECT_EQ(vti.substr(pos + appended), trailer);
  EXPECT_TRUE(xml_tags_balance(vti.substr(0, pos) + vti.substr(pos + appended)));

  EXPECT_EQ(read_block<float>(vti, pos), s.temperature_c);
  EXPECT_EQ(read_block<float>(vti, pos), s.velocity_m_s);
  EXPECT_EQ(read_block<float>(vti, pos), s.pressure_pa);
  EXPECT_EQ(read_block<std::int32_t>(vti, pos), s.object_id);
}

TEST_F(Writers, VtiStatisticsAreExtraCellArrays) {
  const Snapshot s = tiny_snapshot_with_statistics();
  const fs::path file = dir_ / field_file_name(2);
  write_vti(s, file);

  const std::string vti = read_file(file);
  const std::string marker = "<AppendedData encoding=\"raw\">\n   _";
  const auto start = vti.find(marker);
  ASSERT_NE(start, std::string::npos);
  const std::string header = vti.substr(0, start);
  // Offsets: 4 blocks of the existing arrays (320 bytes), then 8-byte size words and 12 cells
  // of 1, 1, 3 and 1 floats.
  for (const char* text :
       {"<DataArray type=\"Float32\" Name=\"temperature_mean_C\" NumberOfComponents=\"1\" "
        "format=\"appended\" offset=\"320\"/>",
        "<DataArray type=\"Float32\" Name=\"temperature_rms_K\" NumberOfComponents=\"1\" "
        "format=\"appended\" offset=\"376\"/>",
        "<DataArray type=\"Float32\" Name=\"velocity_mean_m_s\" NumberOfComponents=\"3\" "
        "format=\"appended\" offset=\"432\"/>",
        "<DataArray type=\"Float32\" Name=\"velocity_rms_m_s\" NumberOfComponents=\"1\" "
        "format=\"appended\" offset=\"584\"/>"})
    EXPECT_NE(header.find(text), std::string::npos) << text << " missing in\n" << header;
  EXPECT_EQ(count(header, "<DataArray "), 8u);
  // Inside <CellData>, like the instantaneous fields.
  EXPECT_LT(header.find("temperature_mean_C"), header.find("</CellData>"));

  std::size_t pos = start + marker.size();
  const std::size_t appended = 8 * 8 + 12 * (4 + 12 + 4 + 4) + 12 * (4 + 4 + 12 + 4);
  const std::string trailer = "\n  </AppendedData>\n</VTKFile>\n";
  ASSERT_EQ(vti.size(), pos + appended + trailer.size());
  EXPECT_TRUE(xml_tags_balance(vti.substr(0, pos) + vti.substr(pos + appended)));
  for (int skip = 0; skip < 3; ++skip) read_block<float>(vti, pos);
  read_block<std::int32_t>(vti, pos);
  EXPECT_EQ(read_block<float>(vti, pos), s.temperature_mean_c);
  EXPECT_EQ(read_block<float>(vti, pos), s.temperature_rms_k);
  EXPECT_EQ(read_block<float>(vti, pos), s.velocity_mean_m_s);
  EXPECT_EQ(read_block<float>(vti, pos), s.velocity_rms_m_s);
}

#endif  // RACKFLOW_HAVE_VTK

}  // namespace
}  // namespace rackflow::post
