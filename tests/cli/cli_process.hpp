// Running the rackflow binary from a test: to completion with its output captured, or in
// the background so a test can signal it; plus the small case files the CLI tests share.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace rackflow::test {

namespace fs = std::filesystem;

inline std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// A fresh, empty directory under the system's temporary directory.
inline fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("rackflow-cli-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct Finished {
  int exit_code = -1;  // -1: ended by a signal
  std::string output;  // stdout and stderr together
};

// Runs `rackflow <args>` (args already shell-quoted) to completion.
inline Finished run_cli(const std::string& args) {
  Finished f;
  FILE* pipe = ::popen((std::string(RACKFLOW_CLI) + " " + args + " 2>&1").c_str(), "r");
  if (!pipe) return f;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) f.output.append(buffer, n);
  const int status = ::pclose(pipe);
  f.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return f;
}

// rackflow running in the background, its output in a log file.
class Background {
 public:
  Background(const std::vector<std::string>& args, const fs::path& log) {
    std::vector<std::string> argv_text{RACKFLOW_CLI};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    ok_ = posix_spawn(&pid_, argv[0], &files, nullptr, argv.data(), environ) == 0;
    posix_spawn_file_actions_destroy(&files);
  }
  ~Background() {
    if (ok_ && !done_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  bool started() const { return ok_; }
  void signal(int sig) const { ::kill(pid_, sig); }
  // The exit code once it has ended (-1 if ended by a signal), or -2 after `limit_s`.
  int wait(double limit_s) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit_s);
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        done_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -2;
  }

 private:
  pid_t pid_ = 0;
  bool ok_ = false, done_ = false;
};

// Every "*.part" under `dir`.
inline std::vector<fs::path> part_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".part") out.push_back(e.path());
  return out;
}

// 64 cells with a dt of about 0.03 s: minutes of simulated time take a fraction of a second.
inline const char* kTinyCase = R"(name: tiny
domain: {size: [1.0, 1.0, 1.0], resolution: 0.25}
gravity: [0, 0, 0]
run: {end_time: 10, max_velocity: 0.5}
boxes:
  - {name: heater, kind: heat_source, min: [0.25, 0.25, 0.25], max: [0.75, 0.75, 0.75], power: 10 W}
)";

// A hall of 15 x 12 x 12 cells: two racks and a cooling unit, an hour to run (a signal ends it).
inline const char* kTinyHall = R"(name: tiny-hall
domain: {size: [3.0, 2.4, 2.4], resolution: 0.2}
initial: {temperature: 22}
run: {end_time: 1 h}
hall:
  ashrae_class: A1
  monitor_interval: 1 s
  rack_rows:
    - {name: R, start: [0.9, 0.9], count: 2, facing: -y, power: 5 kW, delta_t: 12 K}
  coolers:
    - {name: crac-1, kind: crac, position: [0.0, 0.0], size: [0.6, 0.6, 1.8], facing: +x,
       airflow: 1.0 m3/s, capacity: 20 kW, supply_temperature: 20 °C}
)";

// A valid case whose grid (2.5e10 cells) no host holds: check passes it, the run is
// refused at its start, after the cleanup of the directory it runs into. (No case the
// parser accepts diverges from its parameters, docs/case-format.md "Limits".)
inline const char* kTooLarge = R"(name: too-large
domain: {size: [100, 100, 20], resolution: 0.02}
run: {end_time: 10, max_velocity: 1.0}
)";

}  // namespace rackflow::test
