#include "campaign_local.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <csignal>
#include <cstring>
#include <map>
#include <stdexcept>
#include <thread>

#include "campaign_records.hpp"
#include "exit_codes.hpp"
#include "signals.hpp"

extern char** environ;

namespace rackflow::cli {

namespace fs = std::filesystem;

namespace {

constexpr int kThreadsPerCpuJob = 4;

// Starts one child with stdout and stderr to `log`; returns its pid.
pid_t spawn(const std::vector<std::string>& args, const fs::path& log, int threads) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (threads <= 0 || std::string(*e).rfind("OMP_NUM_THREADS=", 0) != 0) env.emplace_back(*e);
  if (threads > 0) env.push_back("OMP_NUM_THREADS=" + std::to_string(threads));
  std::vector<char*> argv, envp;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const std::string& v : env) envp.push_back(const_cast<char*>(v.c_str()));
  envp.push_back(nullptr);
  // A process group of its own: a terminal's Ctrl-C reaches the campaign, which stops each
  // child with one SIGTERM (a second signal would end a child before it writes its record).
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = 0;
  const int err = posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(err));
  return pid;
}

std::vector<std::string> child_args(const PoolOptions& o, const std::string& scenario) {
  std::vector<std::string> args;
  if (o.ranks > 1) {
    args = {"mpirun", "-np", std::to_string(o.ranks), "--oversubscribe"};
    if (geteuid() == 0) args.push_back("--allow-run-as-root");
  }
  // Alone, a worker is this very program, even if a rebuild has replaced its file since
  // (/proc/self/exe names the running image, not the path). mpirun needs a path.
  const std::string program = o.ranks > 1 ? self_path() : "/proc/self/exe";
  const std::vector<std::string> own = {program, "campaign", o.campaign_file.string(), "--out",
                                        o.campaign_dir.string(), "--scenario", scenario, "--quiet"};
  args.insert(args.end(), own.begin(), own.end());
  if (!o.backend.empty()) args.insert(args.end(), {"--backend", o.backend});
  return args;
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

void say_outcome(const PoolOptions& o, const std::string& name, int code, std::size_t done, std::size_t total) {
  const fs::path dir = scenario_dir(o.campaign_dir, name);
  const auto r = read_record(dir);
  std::printf("[%zu/%zu] %-24s %s", done, total, name.c_str(), r ? r->status.c_str() : "no record");
  if (r) std::printf(" in %.1f s wall, %s", r->wall_s, r->started_from.c_str());
  if (code != 0) std::printf(" (exit %d; log: %s)", code, (dir / "run.log").c_str());
  std::printf("\n");
  if (r && !r->note.empty()) std::printf("    %s\n", r->note.c_str());
  std::fflush(stdout);
}

}  // namespace

std::string self_path() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot find this program's path (/proc/self/exe): " + ec.message());
  // Rebuilt while running: the path now holds the new build, which is what a script or
  // mpirun started later will run.
  const std::string deleted = " (deleted)";
  std::string path = p.string();
  if (path.size() > deleted.size() && path.compare(path.size() - deleted.size(), deleted.size(), deleted) == 0)
    path.resize(path.size() - deleted.size());
  return path;
}

int default_jobs(bool on_gpu, int threads) { return on_gpu ? 1 : std::max(1, threads / kThreadsPerCpuJob); }

std::vector<int> run_pool(const ExpandedCampaign& e, const std::vector<std::size_t>& todo, const PoolOptions& o) {
  std::vector<int> codes(todo.size(), -1);
  std::map<pid_t, std::size_t> running;  // pid -> position in todo
  std::size_t next = 0, finished = 0;
  const bool baseline_first = !todo.empty() && todo.front() == 0;
  bool baseline_failed = false;
  auto start = [&](std::size_t k, int threads) {
    const std::string& name = e.scenarios[todo[k]].name;
    const fs::path dir = scenario_dir(o.campaign_dir, name);
    fs::create_directories(dir);
    running.emplace(spawn(child_args(o, name), dir / "run.log", threads), k);
    if (!o.quiet) std::printf("start %-24s (log: %s)\n", name.c_str(), (dir / "run.log").c_str());
    std::fflush(stdout);
  };
  auto reap = [&](bool block) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, block ? 0 : WNOHANG);
    if (pid <= 0) return false;
    const auto it = running.find(pid);
    if (it == running.end()) return true;
    const std::size_t k = it->second;
    running.erase(it);
    codes[k] = exit_code_of(status);
    if (todo[k] == 0 && codes[k] != 0 && codes[k] != kExitNotSteady) baseline_failed = true;
    say_outcome(o, e.scenarios[todo[k]].name, codes[k], ++finished, todo.size());
    return true;
  };
  bool stopped = false;
  auto stop_all = [&] {
    if (stopped) return;
    stopped = true;
    std::printf("campaign: %s received, stopping %zu running scenario(s)\n",
                stop_signal_received() == SIGTERM ? "SIGTERM" : "SIGINT", running.size());
    for (const auto& [pid, k] : running) kill(pid, SIGTERM);
  };
  // The baseline alone, on every thread: the others may start from its state.
  if (baseline_first) {
    start(next++, o.baseline_threads);
    while (!running.empty()) {
      if (stop_signal_received() != 0) stop_all();
      if (!reap(false)) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  while ((next < todo.size() && !stopped) || !running.empty()) {
    if (stop_signal_received() != 0) stop_all();
    while (!stopped && next < todo.size() && int(running.size()) < o.jobs) {
      const Scenario& s = e.scenarios[todo[next]];
      if (baseline_failed && s.warm_start) {
        std::printf("skip  %-24s the baseline did not finish, and this scenario starts from it\n", s.name.c_str());
        ++next;
        ++finished;
        continue;
      }
      start(next++, o.threads_per_job);
    }
    if (!reap(false)) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return codes;
}

}  // namespace rackflow::cli
