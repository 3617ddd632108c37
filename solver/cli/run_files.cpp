#include "run_files.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iterator>
#include <system_error>

#include "postprocess/field_writer.hpp"
#include "postprocess/hall_pictures.hpp"
#include "postprocess/hall_report.hpp"
#include "postprocess/pvti_writer.hpp"

namespace rackflow::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPartSuffix = ".part";

// "fields_" + digits + ".vti" (post::field_file_name), + "_r" + digits + ".vti" for a
// rank's piece (post::piece_file_name), or + ".pvti" (post::parallel_file_name).
bool is_field_file(const std::string& name) {
  const std::string prefix = "fields_";
  if (name.rfind(prefix, 0) != 0) return false;
  auto digits = [](const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  };
  const std::string rest = name.substr(prefix.size());
  for (const std::string suffix : {".vti", ".pvti"}) {
    if (rest.size() <= suffix.size() || rest.compare(rest.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    const std::string stem = rest.substr(0, rest.size() - suffix.size());
    const std::size_t r = stem.find("_r");
    if (r == std::string::npos) return digits(stem);
    return suffix == ".vti" && digits(stem.substr(0, r)) && digits(stem.substr(r + 2));
  }
  return false;
}

bool is_named_output(const std::string& name) {
  if (is_field_file(name) || name == "fields.pvd" || name == kSummaryFile || name == kObjectsFile ||
      name == kCheckpointFile)
    return true;
  const auto named = [&name](const char* file) { return name == file; };
  return std::any_of(std::begin(post::kReportFiles), std::end(post::kReportFiles), named) ||
         post::is_picture_file(name);
}

}  // namespace

bool is_run_output(const std::string& name) {
  const std::string part = kPartSuffix;
  if (name.size() > part.size() && name.compare(name.size() - part.size(), part.size(), part) == 0)
    return is_named_output(name.substr(0, name.size() - part.size()));
  return is_named_output(name);
}

int remove_previous_run(const fs::path& dir, const fs::path& keep) {
  int removed = 0;
  std::error_code missing, none;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, missing)) {
    if (!e.is_regular_file() || !is_run_output(e.path().filename().string())) continue;
    if (!keep.empty() && fs::equivalent(e.path(), keep, none)) continue;
    fs::remove(e.path());  // throws naming the file when it cannot go: a stale report must not stay
    ++removed;
  }
  return removed;
}

FileOutput::FileOutput(const fs::path& dir, bool quiet, const solver::Decomposition& decomposition,
                       const solver::Comm& comm)
    : dir_(dir), comm_(comm), decomposition_(decomposition),
      series_(comm.root() ? std::optional<post::PvdSeries>(std::in_place, dir) : std::nullopt),
      progress_(quiet || !comm.root()) {}

void FileOutput::output(const Snapshot& s) {
  const int index = index_++;
  if (comm_.size() == 1) {
    const std::string name = post::field_file_name(index);
    post::write_vti(s, dir_ / name);
    series_->add(s.time_s, name);
    return;
  }
  // Each rank its piece; the .pvti and the series only once every piece is whole, so a
  // run stopped at any moment lists only complete states.
  post::write_vti(s, dir_ / post::piece_file_name(index, comm_.rank()));
  comm_.barrier();
  if (!comm_.root()) return;
  std::vector<post::PvtiPiece> pieces;
  for (int r = 0; r < comm_.size(); ++r) {
    const Grid b = decomposition_.block(r);
    post::CellBox box;
    for (int a = 0; a < 3; ++a) box.begin_cells[a] = b.origin[a];
    box.end_cells = {b.origin[0] + b.nx, b.origin[1] + b.ny, b.origin[2] + b.nz};
    pieces.push_back({box, post::piece_file_name(index, r)});
  }
  const std::string name = post::parallel_file_name(index);
  post::write_pvti(post::pvti_description(s, std::move(pieces)), dir_ / name);
  series_->add(s.time_s, name);
}

void FileOutput::monitor(const solver::Progress& p, const EnergyBalance& e) { progress_.update(p, e); }

void FileOutput::warning(const std::string& text) {
  if (comm_.root()) std::fprintf(stderr, "\rwarning: %s\n", text.c_str());
}

void FileOutput::finish() { progress_.finish(); }

}  // namespace rackflow::cli
