// SHA-256 (FIPS 180-4) of a byte string, for the case file's fingerprint in every report:
// two results with the same hash came from the same case text.
#pragma once

#include <string>
#include <string_view>

namespace rackflow::cli {

// 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace rackflow::cli
