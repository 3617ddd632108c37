// Exit codes of rackflow (README.md, "Command line").
#pragma once

namespace rackflow::cli {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;         // anything else: I/O, out of memory, no device
constexpr int kExitInvalidCase = 2;   // the case file is wrong (CaseError)
constexpr int kExitDiverged = 3;      // the run left physical bounds
constexpr int kExitNotSteady = 4;     // steady state was asked for and not reached
constexpr int kExitUsage = 64;        // bad command line (EX_USAGE)
constexpr int kExitSignalBase = 128;  // interrupted: 128 + the signal (130 SIGINT, 143 SIGTERM)

}  // namespace rackflow::cli
