#include "postprocess/pvd_series.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "postprocess/atomic_file.hpp"
#include "postprocess/xml_text.hpp"

namespace rackflow::post {

std::string field_file_name(int output_index) {
  if (output_index < 0)
    throw std::invalid_argument("output index " + std::to_string(output_index) +
                                " is negative");
  char name[32];
  std::snprintf(name, sizeof name, "fields_%06d.vti", output_index);
  return name;
}

PvdSeries::PvdSeries(const std::filesystem::path& directory) : path_(directory / "fields.pvd") {
  rewrite();
}

void PvdSeries::add(double time_s, const std::string& relative_file) {
  if (!std::isfinite(time_s))
    throw std::invalid_argument("output time of " + relative_file + " is not finite");
  entries_.push_back({time_s, relative_file});
  try {
    rewrite();
  } catch (...) {
    entries_.pop_back();  // keep memory and disk in step, so a retry does not duplicate
    throw;
  }
}

void PvdSeries::rewrite() const {
  std::string xml;
  xml += "<?xml version=\"1.0\"?>\n";
  xml += "<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n";
  xml += "  <Collection>\n";
  for (const Entry& e : entries_)
    xml += "    <DataSet timestep=\"" + xml::number(e.time_s) + "\" group=\"\" part=\"0\" file=\"" +
           xml::attribute(e.file) + "\"/>\n";
  xml += "  </Collection>\n";
  xml += "</VTKFile>\n";
  write_file_atomically(path_, xml);
}

}  // namespace rackflow::post
