#pragma once
// A Knowledge Base article id ("KB5066835"). Updates are matched by KB, never
// by build number: two October 2025 updates share build 26100.6905.
#include <compare>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "hotplan/packed_optional.hpp"

namespace hotplan {

class Kb {
 public:
  // "KB" (any case) followed by 6 to 8 digits; nullopt otherwise.
  static std::optional<Kb> parse(std::string_view text) noexcept {
    if (text.size() < 8 || text.size() > 10) return std::nullopt;
    if ((text[0] != 'K' && text[0] != 'k') || (text[1] != 'B' && text[1] != 'b')) return std::nullopt;
    std::uint32_t number = 0;
    for (char c : text.substr(2)) {
      if (c < '0' || c > '9') return std::nullopt;
      number = number * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return Kb(number, static_cast<std::uint8_t>(text.size() - 2));
  }

  [[nodiscard]] std::uint32_t number() const noexcept { return bits_ >> kDigitBits; }
  // "KB" and the digits, zero-padded to the length they were given in (6 to 8).
  [[nodiscard]] std::string str() const {
    char text[kMaxText];
    return {text, put(text)};
  }
  // str()'s text at `out`, which has room for kMaxText bytes; returns its end.
  // For writers that copy it on: no string of its own.
  static constexpr std::size_t kMaxText = 2 + 10;
  char* put(char* out) const noexcept {
    char digits[10];
    char* first = digits + sizeof digits;
    std::uint32_t rest = number();
    const auto width = static_cast<int>(bits_ & ((1U << kDigitBits) - 1));
    int length = 0;
    do {
      *--first = static_cast<char>('0' + rest % 10);
      rest /= 10;
      ++length;
    } while (rest != 0);
    for (; length < width && first > digits; ++length) *--first = '0';
    *out++ = 'K';
    *out++ = 'B';
    const auto count = static_cast<std::size_t>(digits + sizeof digits - first);
    std::memcpy(out, first, count);
    return out + count;
  }

  friend bool operator==(const Kb&, const Kb&) = default;
  friend auto operator<=>(const Kb&, const Kb&) = default;

 private:
  friend struct PackedNone<Kb>;
  static constexpr unsigned kDigitBits = 4;
  constexpr Kb(std::uint32_t number, std::uint8_t digits) : bits_(number << kDigitBits | digits) {}
  // The number (at most 8 digits, 27 bits) and how many digits it was written
  // with (keeps leading zeros of ids like KB0123456), in one word: a plan holds
  // several KBs per machine-month. Ordered by number, then digits.
  std::uint32_t bits_;
};

// No KB is written with zero digits.
template <>
struct PackedNone<Kb> {
  static constexpr Kb value() noexcept { return Kb(0, 0); }
};

}  // namespace hotplan

template <>
struct std::hash<hotplan::Kb> {
  std::size_t operator()(const hotplan::Kb& kb) const noexcept { return std::hash<std::uint32_t>{}(kb.number()); }
};
