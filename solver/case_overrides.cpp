#include "case_overrides.hpp"

#include <stdexcept>

#include "yaml_overrides.hpp"

namespace rackflow {

CaseOverride parse_override(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos)
    throw std::invalid_argument("--set \"" + text + "\": expected KEY=VALUE, e.g. run.end_time=10 min or "
                                "hall.coolers[crah-2].fail_at=30 s");
  CaseOverride o{text.substr(0, eq), text.substr(eq + 1)};
  // Spaces around '=' are how people write it in a shell; inside the value they matter ("30 s").
  auto trim = [](std::string& s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
  };
  trim(o.key);
  trim(o.value);
  detail::split_override_path(o);  // throws for a key that is not a path
  return o;
}

}  // namespace rackflow
