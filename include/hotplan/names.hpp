#pragma once
// One table per enum whose values are both printed and read: each value's name
// stated once, serving both directions (`name_of` and `parse_name`).
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace hotplan {

template <typename Enum>
using NameEntry = std::pair<std::string_view, Enum>;

// The name of `value` in `table` (the first entry's name if it is missing, which
// a table that lists every value never hits).
template <typename Enum, std::size_t N>
constexpr std::string_view name_of(Enum value, const NameEntry<Enum> (&table)[N]) noexcept {
  for (const auto& [name, v] : table) {
    if (v == value) return name;
  }
  return table[0].first;
}

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> parse_name(std::string_view text, const NameEntry<Enum> (&table)[N]) noexcept {
  for (const auto& [name, v] : table) {
    if (name == text) return v;
  }
  return std::nullopt;
}

}  // namespace hotplan
