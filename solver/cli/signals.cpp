#include "signals.hpp"

#include <unistd.h>

#include "postprocess/atomic_file.hpp"

namespace rackflow::cli {

namespace {

volatile std::sig_atomic_t g_stop_signal = 0;

// Async-signal-safe only: a flag, unlink and _exit.
extern "C" void on_stop_signal(int sig) {
  if (g_stop_signal != 0) {
    post::unlink_current_part();
    _exit(128 + sig);
  }
  g_stop_signal = sig;
}

}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: a write the first signal interrupts carries on, so the final files are whole.
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

const volatile std::sig_atomic_t* stop_flag() { return &g_stop_signal; }

int stop_signal_received() { return int(g_stop_signal); }

}  // namespace rackflow::cli
