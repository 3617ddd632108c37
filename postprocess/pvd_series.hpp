// The time series ParaView opens: DIR/fields.pvd, a VTK Collection listing one field file
// per output time. Rewritten atomically after every output, so a run that is still going,
// or was killed, always leaves a .pvd that opens and lists only finished files.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace rackflow::post {

// "fields_000010.vti" for output index 10; throws std::invalid_argument if index < 0.
std::string field_file_name(int output_index);

class PvdSeries {
 public:
  // Writes an empty collection at once: a fields.pvd left by an earlier run in the same
  // directory would otherwise list that run's files alongside this one's.
  explicit PvdSeries(const std::filesystem::path& directory);

  // Records a field file already written (name relative to the directory) and rewrites
  // the .pvd. Entries stay in the order they were added. Throws std::invalid_argument
  // for a non-finite time (ParaView cannot read one) and keeps the .pvd as it was.
  void add(double time_s, const std::string& relative_file);

  const std::filesystem::path& path() const { return path_; }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    double time_s;
    std::string file;
  };

  void rewrite() const;

  std::filesystem::path path_;
  std::vector<Entry> entries_;
};

}  // namespace rackflow::post
