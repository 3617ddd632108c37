// PNG output for the pictures (DESIGN.md §7): 8-bit RGB, no alpha, no interlace, one
// IDAT chunk compressed by zlib. Enough for any viewer; nothing in rackflow reads PNGs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rackflow::post {

// The bytes of a PNG file. `rgb` holds the rows top to bottom, 3*width bytes per row.
// Throws std::invalid_argument if a size is not positive or rgb.size() != 3*width*height,
// std::runtime_error if zlib fails.
std::string encode_png(int width, int height, const std::vector<std::uint8_t>& rgb);

// Writes encode_png(...) atomically (a temporary, then a rename).
void write_png(const std::filesystem::path& file, int width, int height,
               const std::vector<std::uint8_t>& rgb);

}  // namespace rackflow::post
