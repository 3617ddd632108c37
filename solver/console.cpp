#include "console.hpp"

#include <unistd.h>

#include <cstdio>

namespace rackflow::solver {

namespace {
// Seconds as "1h02m", "3m05s" or "42s".
void format_duration(double s, char* buf, std::size_t n) {
  const long t = long(s + 0.5);
  if (t >= 3600) std::snprintf(buf, n, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  else if (t >= 60) std::snprintf(buf, n, "%ldm%02lds", t / 60, t % 60);
  else std::snprintf(buf, n, "%lds", t);
}
}  // namespace

ConsoleProgress::ConsoleProgress(bool quiet)
    : quiet_(quiet), tty_(isatty(STDERR_FILENO) == 1), last_line_(std::chrono::steady_clock::now()) {}

void ConsoleProgress::update(const Progress& p, const EnergyBalance& e) {
  if (quiet_) return;
  char eta[32];
  format_duration(p.eta_s, eta, sizeof eta);
  const double frac = p.total_steps > 0 ? double(p.step) / double(p.total_steps) : 1.0;
  if (tty_) {
    char bar[31];
    const int filled = int(frac * 30);
    for (int i = 0; i < 30; ++i) bar[i] = i < filled ? '#' : '.';
    bar[30] = 0;
    // \033[K clears what a longer previous line left behind.
    std::fprintf(stderr, "\r[%s] %5.1f%%  t = %.4g / %.4g s  %.0f steps/s  %.1f MLUPs/s  ETA %s  T_max %.1f °C\033[K",
                 bar, 100 * frac, p.time_s, p.end_time_s, p.steps_per_s, p.mlups, eta, p.max_temperature_c);
    printed_ = true;
    return;
  }
  // Batch logs: a line every 30 s of wall time, and the last one.
  const auto now = std::chrono::steady_clock::now();
  if (p.step < p.total_steps && now - last_line_ < std::chrono::seconds(30)) return;
  last_line_ = now;
  std::fprintf(stderr,
               "step %lld/%lld  t = %.4g s  %.0f steps/s  %.1f MLUPs/s  ETA %s  T_max %.2f °C  heat in %.4g W, "
               "out %.4g W\n",
               p.step, p.total_steps, p.time_s, p.steps_per_s, p.mlups, eta, p.max_temperature_c, e.heat_in_w,
               e.heat_out_w);
}

void ConsoleProgress::finish() {
  if (tty_ && printed_) std::fputc('\n', stderr);
}

}  // namespace rackflow::solver
