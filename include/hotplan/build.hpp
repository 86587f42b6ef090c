#pragma once
// An OS build number "major.revision" such as 26100.6899.
#include <charconv>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "hotplan/packed_optional.hpp"

namespace hotplan {

struct Build {
  std::uint32_t major = 0;
  std::uint32_t revision = 0;

  // Two runs of 1 to 9 digits separated by a dot; nullopt otherwise.
  static std::optional<Build> parse(std::string_view text) noexcept {
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    auto parse_part = [](std::string_view part) -> std::optional<std::uint32_t> {
      if (part.empty() || part.size() > 9) return std::nullopt;
      std::uint32_t value = 0;
      for (char c : part) {
        if (c < '0' || c > '9') return std::nullopt;
      }
      std::from_chars(part.data(), part.data() + part.size(), value);
      return value;
    };
    const auto major = parse_part(text.substr(0, dot));
    const auto revision = parse_part(text.substr(dot + 1));
    if (!major || !revision) return std::nullopt;
    return Build{*major, *revision};
  }

  [[nodiscard]] std::string str() const {
    char text[kMaxText];
    return {text, put(text)};
  }
  // str()'s text at `out`, which has room for kMaxText bytes; returns its end.
  // For writers that copy it on: no string of its own.
  static constexpr std::size_t kMaxText = 10 + 1 + 10;
  char* put(char* out) const noexcept {
    char text[kMaxText];
    char* first = text + sizeof text;
    const auto put_number = [&first](std::uint32_t value) {
      do {
        *--first = static_cast<char>('0' + value % 10);
        value /= 10;
      } while (value != 0);
    };
    put_number(revision);
    *--first = '.';
    put_number(major);
    const auto count = static_cast<std::size_t>(text + sizeof text - first);
    std::memcpy(out, first, count);
    return out + count;
  }

  friend bool operator==(const Build&, const Build&) = default;
  friend auto operator<=>(const Build&, const Build&) = default;
};

// No build number has ten digits.
template <>
struct PackedNone<Build> {
  static constexpr Build value() noexcept { return Build{0xFFFFFFFFU, 0xFFFFFFFFU}; }
};

}  // namespace hotplan
