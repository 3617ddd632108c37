// write_vti without VTK, for builds that lack it (the GPU machine): the VTK XML
// ImageData format written by hand, as VTK writes it with appended raw binary data and no
// compression. Each array in the appended block is a UInt64 byte count followed by the
// values; a DataArray's offset counts from the byte after the '_' marker.
#include <charconv>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "postprocess/atomic_file.hpp"
#include "postprocess/field_writer.hpp"

namespace rackflow::post {

namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the appended block is written in host byte order and declared LittleEndian");

// Shortest text that reads back as the same double, independent of the C++ locale.
std::string number(double value) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

template <class T>
std::uint64_t byte_count(const std::vector<T>& values) {
  return std::uint64_t(values.size()) * sizeof(T);
}

template <class T>
void append_block(std::ofstream& out, const std::vector<T>& values) {
  const std::uint64_t bytes = byte_count(values);
  out.write(reinterpret_cast<const char*>(&bytes), sizeof bytes);
  out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(bytes));
}

std::string header(const Snapshot& s) {
  // Point indices offset .. offset + n per axis: "0 nx 0 ny 0 nz" for the whole domain.
  std::string extent;
  for (int d = 0; d < 3; ++d)
    extent += (d ? " " : "") + std::to_string(s.offset_cells[d]) + " " +
              std::to_string(s.offset_cells[d] + s.cells[d]);
  const std::string dx = number(s.spacing_m);
  std::uint64_t offset = 0;
  // One <DataArray> line per array, in the order the blocks are appended.
  auto array = [&offset](const char* type, const char* name, int components,
                         std::uint64_t bytes) {
    std::string line = std::string("        <DataArray type=\"") + type + "\" Name=\"" + name +
                       "\" NumberOfComponents=\"" + std::to_string(components) +
                       "\" format=\"appended\" offset=\"" + std::to_string(offset) + "\"/>\n";
    offset += sizeof(std::uint64_t) + bytes;
    return line;
  };
  std::string h;
  h += "<?xml version=\"1.0\"?>\n";
  h += "<VTKFile type=\"ImageData\" version=\"1.0\" byte_order=\"LittleEndian\" "
       "header_type=\"UInt64\">\n";
  h += "  <ImageData WholeExtent=\"" + extent + "\" Origin=\"" + number(s.origin_m[0]) + " " +
       number(s.origin_m[1]) + " " + number(s.origin_m[2]) + "\" Spacing=\"" + dx + " " + dx +
       " " + dx + "\" Direction=\"1 0 0 0 1 0 0 0 1\">\n";
  h += "    <Piece Extent=\"" + extent + "\">\n";
  h += "      <PointData>\n      </PointData>\n";
  // Active scalars and vectors: what ParaView colours by and glyphs on opening.
  h += std::string("      <CellData Scalars=\"") + field_names::temperature + "\" Vectors=\"" +
       field_names::velocity + "\">\n";
  h += array("Float32", field_names::temperature, 1, byte_count(s.temperature_c));
  h += array("Float32", field_names::velocity, 3, byte_count(s.velocity_m_s));
  h += array("Float32", field_names::pressure, 1, byte_count(s.pressure_pa));
  h += array("Int32", field_names::object_id, 1, byte_count(s.object_id));
  if (s.has_statistics()) {
    h += array("Float32", field_names::temperature_mean, 1, byte_count(s.temperature_mean_c));
    h += array("Float32", field_names::temperature_rms, 1, byte_count(s.temperature_rms_k));
    h += array("Float32", field_names::velocity_mean, 3, byte_count(s.velocity_mean_m_s));
    h += array("Float32", field_names::velocity_rms, 1, byte_count(s.velocity_rms_m_s));
  }
  h += "      </CellData>\n";
  h += "    </Piece>\n";
  h += "  </ImageData>\n";
  h += "  <AppendedData encoding=\"raw\">\n   _";
  return h;
}

}  // namespace

void write_vti(const Snapshot& s, const std::filesystem::path& file) {
  check_snapshot(s);
  write_file_atomically(file, [&s](const std::filesystem::path& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot open " + tmp.string() + " for writing");
    out << header(s);
    append_block(out, s.temperature_c);
    append_block(out, s.velocity_m_s);
    append_block(out, s.pressure_pa);
    append_block(out, s.object_id);
    if (s.has_statistics()) {  // in the order header() declares them
      append_block(out, s.temperature_mean_c);
      append_block(out, s.temperature_rms_k);
      append_block(out, s.velocity_mean_m_s);
      append_block(out, s.velocity_rms_m_s);
    }
    out << "\n  </AppendedData>\n</VTKFile>\n";
    out.close();  // flushes: a full disk shows up here, not after the rename
    if (!out) throw std::runtime_error("error while writing " + tmp.string());
  });
}

}  // namespace rackflow::post
