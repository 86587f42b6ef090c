#pragma once
// Small text helpers shared by the stages.
#include <algorithm>
#include <cctype>
#include <string_view>

namespace hotplan::detail {

// ASCII case-insensitive equality: Azure returns image references and Windows
// time zone ids in any case.
inline bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace hotplan::detail
