#include "commands.hpp"

namespace rackflow::cli {

namespace {
const char* g_activity = "starting";
}  // namespace

void set_activity(const char* what) { g_activity = what; }
const char* activity() { return g_activity; }

}  // namespace rackflow::cli
