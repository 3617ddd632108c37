#include "postprocess/png_writer.hpp"

#include <zlib.h>

#include <stdexcept>

#include "postprocess/atomic_file.hpp"

namespace rackflow::post {

namespace {

void append_u32_big_endian(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(char((value >> shift) & 0xFF));
}

// length, type, data, then the CRC-32 of type and data (PNG spec §5.3).
void append_chunk(std::string& out, const char type[4], const std::string& data) {
  append_u32_big_endian(out, std::uint32_t(data.size()));
  const std::size_t type_at = out.size();
  out.append(type, 4);
  out += data;
  const auto* bytes = reinterpret_cast<const Bytef*>(out.data() + type_at);
  append_u32_big_endian(out,
                        std::uint32_t(crc32(crc32(0L, Z_NULL, 0), bytes, uInt(4 + data.size()))));
}

std::string header_data(int width, int height) {
  std::string ihdr;
  append_u32_big_endian(ihdr, std::uint32_t(width));
  append_u32_big_endian(ihdr, std::uint32_t(height));
  ihdr += char(8);  // bit depth
  ihdr += char(2);  // colour type: RGB
  ihdr += char(0);  // compression: deflate
  ihdr += char(0);  // filter method 0
  ihdr += char(0);  // no interlace
  return ihdr;
}

// Every row is preceded by its filter type; 0 (none) is enough for pictures made of flat
// colour areas, which deflate compresses well as they are.
std::string compressed_rows(int width, int height, const std::vector<std::uint8_t>& rgb) {
  const std::size_t row_bytes = 3 * std::size_t(width);
  std::string raw;
  raw.reserve(std::size_t(height) * (1 + row_bytes));
  for (int y = 0; y < height; ++y) {
    raw.push_back(char(0));
    raw.append(reinterpret_cast<const char*>(rgb.data()) + y * row_bytes, row_bytes);
  }
  uLongf size = compressBound(uLong(raw.size()));
  std::string packed(size, '\0');
  const int rc = compress2(reinterpret_cast<Bytef*>(packed.data()), &size,
                           reinterpret_cast<const Bytef*>(raw.data()), uLong(raw.size()), 6);
  if (rc != Z_OK)
    throw std::runtime_error("PNG: zlib compress2 failed (code " + std::to_string(rc) + ")");
  packed.resize(size);
  return packed;
}

}  // namespace

std::string encode_png(int width, int height, const std::vector<std::uint8_t>& rgb) {
  if (width <= 0 || height <= 0)
    throw std::invalid_argument("PNG: image size " + std::to_string(width) + "x" +
                                std::to_string(height) + " (allowed: both > 0)");
  if (rgb.size() != 3 * std::size_t(width) * std::size_t(height))
    throw std::invalid_argument("PNG: " + std::to_string(rgb.size()) + " bytes for a " +
                                std::to_string(width) + "x" + std::to_string(height) +
                                " RGB image (expected 3 per pixel)");
  std::string png("\x89PNG\r\n\x1a\n", 8);
  append_chunk(png, "IHDR", header_data(width, height));
  append_chunk(png, "IDAT", compressed_rows(width, height, rgb));
  append_chunk(png, "IEND", std::string());
  return png;
}

void write_png(const std::filesystem::path& file, int width, int height,
               const std::vector<std::uint8_t>& rgb) {
  write_file_atomically(file, encode_png(width, height, rgb));
}

}  // namespace rackflow::post
