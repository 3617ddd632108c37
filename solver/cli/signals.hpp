// SIGINT and SIGTERM during a run (DESIGN.md §9): the first asks the run to stop at the
// next step boundary and write what it has; a second ends the process at once, removing
// the temporary file being written so that no ".part" survives.
#pragma once

#include <csignal>

namespace rackflow::cli {

// Installs the handlers for SIGINT and SIGTERM.
void install_stop_handlers();

// The flag RunControl::stop_signal watches: 0, or the number of the first signal received.
const volatile std::sig_atomic_t* stop_flag();

// The first signal received, 0 if none.
int stop_signal_received();

}  // namespace rackflow::cli
