#include "run_files.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <system_error>

#include "postprocess/field_writer.hpp"
#include "postprocess/hall_pictures.hpp"
#include "postprocess/hall_report.hpp"

namespace rackflow::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPartSuffix = ".part";

// "fields_" + digits + ".vti", as post::field_file_name makes them.
bool is_field_file(const std::string& name) {
  const std::string prefix = "fields_", suffix = ".vti";
  if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  const auto first = name.begin() + prefix.size(), last = name.end() - suffix.size();
  return std::all_of(first, last, [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool is_named_output(const std::string& name) {
  if (is_field_file(name) || name == "fields.pvd" || name == kSummaryFile || name == kObjectsFile) return true;
  const auto named = [&name](const char* file) { return name == file; };
  return std::any_of(std::begin(post::kReportFiles), std::end(post::kReportFiles), named) ||
         std::any_of(std::begin(post::kPictureFiles), std::end(post::kPictureFiles), named);
}

}  // namespace

bool is_run_output(const std::string& name) {
  const std::string part = kPartSuffix;
  if (name.size() > part.size() && name.compare(name.size() - part.size(), part.size(), part) == 0)
    return is_named_output(name.substr(0, name.size() - part.size()));
  return is_named_output(name);
}

int remove_previous_run(const fs::path& dir) {
  int removed = 0;
  std::error_code missing;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, missing)) {
    if (!e.is_regular_file() || !is_run_output(e.path().filename().string())) continue;
    fs::remove(e.path());  // throws naming the file when it cannot go: a stale report must not stay
    ++removed;
  }
  return removed;
}

FileOutput::FileOutput(const fs::path& dir, bool quiet) : dir_(dir), series_(dir), progress_(quiet) {}

void FileOutput::output(const Snapshot& s) {
  const std::string name = post::field_file_name(index_++);
  post::write_vti(s, dir_ / name);
  series_.add(s.time_s, name);
}

void FileOutput::monitor(const solver::Progress& p, const EnergyBalance& e) { progress_.update(p, e); }

void FileOutput::finish() { progress_.finish(); }

}  // namespace rackflow::cli
