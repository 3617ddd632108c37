#include "postprocess/atomic_file.hpp"

#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace rackflow::post {

namespace fs = std::filesystem;

namespace {

// The temporary path being written, for unlink_current_part(). A signal handler may read
// it at any moment, so the flag is cleared while the buffer changes.
char g_current_part[4096];
volatile std::sig_atomic_t g_current_part_set = 0;

// Registers `tmp` for the time it exists under that name.
class CurrentPart {
 public:
  explicit CurrentPart(const fs::path& tmp) {
    const std::string& text = tmp.native();
    if (text.size() >= sizeof g_current_part) return;
    g_current_part_set = 0;
    std::memcpy(g_current_part, text.c_str(), text.size() + 1);
    g_current_part_set = 1;
  }
  ~CurrentPart() { g_current_part_set = 0; }
  CurrentPart(const CurrentPart&) = delete;
  CurrentPart& operator=(const CurrentPart&) = delete;
};

}  // namespace

void unlink_current_part() noexcept {
  if (g_current_part_set) ::unlink(g_current_part);
}

fs::path part_path(const fs::path& target) {
  fs::path tmp = target;
  tmp += ".part";
  return tmp;
}

void write_file_atomically(const fs::path& target,
                           const std::function<void(const fs::path& tmp)>& writer) {
  const fs::path tmp = part_path(target);
  const CurrentPart registered(tmp);
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
