#include "postprocess/atomic_file.hpp"

#include <fstream>
#include <stdexcept>
#include <system_error>

namespace rackflow::post {

namespace fs = std::filesystem;

fs::path part_path(const fs::path& target) {
  fs::path tmp = target;
  tmp += ".part";
  return tmp;
}

void write_file_atomically(const fs::path& target,
                           const std::function<void(const fs::path& tmp)>& writer) {
  const fs::path tmp = part_path(target);
  try {
    writer(tmp);
    fs::rename(tmp, target);
  } catch (...) {
    std::error_code ignored;  // the original error is the one worth reporting
    fs::remove(tmp, ignored);
    throw;
  }
}

void write_file_atomically(const fs::path& target, const std::string& contents) {
  write_file_atomically(target, [&contents](const fs::path& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot open " + tmp.string() + " for writing");
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.close();  // flushes: a full disk shows up here, not after the rename
    if (!out) throw std::runtime_error("error while writing " + tmp.string());
  });
}

}  // namespace rackflow::post
