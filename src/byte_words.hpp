#pragma once
// Eight bytes at a time: the classic has-zero-byte and has-less-than bit tricks,
// for scans that look for a few characters in long runs of text.
#include <cstdint>
#include <cstring>

namespace hotplan::detail {

inline constexpr std::uint64_t kByteOnes = 0x0101010101010101ULL;
inline constexpr std::uint64_t kByteHighBits = 0x8080808080808080ULL;

// The eight bytes at `p`, the first in the lowest byte on a little-endian machine.
inline std::uint64_t load_word(const char* p) noexcept {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// The bytes of `word` equal to `c`, as their high bits. Only the lowest is
// exact (a borrow may mark bytes above a match), which is all a search needs.
constexpr std::uint64_t bytes_equal(std::uint64_t word, char c) noexcept {
  const std::uint64_t x = word ^ (kByteOnes * static_cast<unsigned char>(c));
  return (x - kByteOnes) & ~x & kByteHighBits;
}

// The bytes of `word` below `limit` (at most 128), as their high bits, the lowest exact.
constexpr std::uint64_t bytes_below(std::uint64_t word, unsigned char limit) noexcept {
  return (word - kByteOnes * limit) & ~word & kByteHighBits;
}

}  // namespace hotplan::detail
