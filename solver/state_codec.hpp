// Plain bytes for state that is the same on every rank (the hall model's), so that it
// travels in a checkpoint as one opaque blob (solver/checkpoint.hpp, dataset /model).
//
// Little-endian whatever the host; a count (64-bit) before every string, vector and the
// presence flag before an optional. Structs are written member by member through a
// `visit_members(io, value)` overload found by argument-dependent lookup, the SAME list for
// writing and reading, so the two cannot disagree.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "hall_model.hpp"

namespace rackflow::solver {

namespace codec_detail {
template <std::size_t N> struct UnsignedOf;
template <> struct UnsignedOf<1> { using type = std::uint8_t; };
template <> struct UnsignedOf<2> { using type = std::uint16_t; };
template <> struct UnsignedOf<4> { using type = std::uint32_t; };
template <> struct UnsignedOf<8> { using type = std::uint64_t; };
}  // namespace codec_detail

class ByteWriter {
 public:
  template <class T>
  void field(const T& v) {
    if constexpr (std::is_arithmetic_v<T>) {
      using U = typename codec_detail::UnsignedOf<sizeof(T)>::type;
      U bits;
      std::memcpy(&bits, &v, sizeof(T));
      for (std::size_t b = 0; b < sizeof(T); ++b) bytes_.push_back(std::uint8_t(std::uint64_t(bits) >> (8 * b)));
    } else {
      visit_members(*this, v);
    }
  }
  void field(const std::string& s) {
    count(s.size());
    bytes_.insert(bytes_.end(), s.begin(), s.end());
  }
  template <class T>
  void field(const std::vector<T>& v) {
    count(v.size());
    for (const auto& x : v) field(x);
  }
  template <class T>
  void field(const std::optional<T>& v) {
    field(v.has_value());
    if (v) field(*v);
  }

  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  void count(std::size_t n) { field(std::uint64_t(n)); }
  std::vector<std::uint8_t> bytes_;
};

// Throws std::runtime_error when the bytes end before the value does, or when a count
// promises more than the bytes left hold.
class ByteReader {
 public:
  explicit ByteReader(const std::vector<std::uint8_t>& bytes) : bytes_(bytes) {}

  template <class T>
  void field(T& v) {
    if constexpr (std::is_arithmetic_v<T>) {
      using U = typename codec_detail::UnsignedOf<sizeof(T)>::type;
      need(sizeof(T));
      std::uint64_t bits = 0;
      for (std::size_t b = 0; b < sizeof(T); ++b) bits |= std::uint64_t(bytes_[at_ + b]) << (8 * b);
      at_ += sizeof(T);
      const U narrow = U(bits);
      std::memcpy(&v, &narrow, sizeof(T));
    } else {
      visit_members(*this, v);
    }
  }
  void field(std::string& s) {
    const std::size_t n = count(1);
    s.assign(bytes_.begin() + std::ptrdiff_t(at_), bytes_.begin() + std::ptrdiff_t(at_ + n));
    at_ += n;
  }
  template <class T>
  void field(std::vector<T>& v) {
    // Every element takes at least one byte, so a count beyond the bytes left is corrupt.
    v.assign(count(1), T{});
    for (auto& x : v) field(x);
  }
  template <class T>
  void field(std::optional<T>& v) {
    bool present = false;
    field(present);
    if (present) {
      v.emplace();
      field(*v);
    } else {
      v.reset();
    }
  }

  std::size_t remaining() const { return bytes_.size() - at_; }

 private:
  void need(std::size_t n) const {
    if (n > remaining())
      throw std::runtime_error("state blob truncated: " + std::to_string(n) + " more bytes needed at byte " +
                               std::to_string(at_) + " of " + std::to_string(bytes_.size()));
  }
  std::size_t count(std::size_t min_bytes_each) {
    std::uint64_t n = 0;
    field(n);
    if (n > remaining() / min_bytes_each)
      throw std::runtime_error("state blob corrupt: a count of " + std::to_string(n) + " at byte " +
                               std::to_string(at_) + " exceeds the " + std::to_string(remaining()) + " bytes left");
    return std::size_t(n);
  }
  const std::vector<std::uint8_t>& bytes_;
  std::size_t at_ = 0;
};

// The hall model's whole changing state (HallModel::State, every member of its Dynamic).
std::vector<std::uint8_t> encode_hall_state(const HallModel::State& state);
// Throws std::runtime_error when the blob is truncated or has bytes left over.
HallModel::State decode_hall_state(const std::vector<std::uint8_t>& bytes);

}  // namespace rackflow::solver
