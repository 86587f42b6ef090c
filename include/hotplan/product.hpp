#pragma once
// Products with separate hotpatch calendars. Windows 11 24H2 and Windows Server
// 2025 share build 26100, so everything is keyed by product, never by build.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "hotplan/build.hpp"
#include "hotplan/names.hpp"

namespace hotplan {

enum class Product : std::uint8_t { ws2025, ws2022_azure_edition };

inline constexpr std::array kAllProducts{Product::ws2025, Product::ws2022_azure_edition};

inline constexpr NameEntry<Product> kProductIds[] = {{"ws2025", Product::ws2025},
                                                     {"ws2022-azure-edition", Product::ws2022_azure_edition}};

constexpr std::string_view product_id(Product p) noexcept { return name_of(p, kProductIds); }

constexpr std::string_view product_name(Product p) noexcept {
  switch (p) {
    case Product::ws2025:
      return "Windows Server 2025";
    case Product::ws2022_azure_edition:
      return "Windows Server 2022 Datacenter: Azure Edition";
  }
  return "unknown";
}

// The OS build major every update of the product carries.
constexpr std::uint32_t product_build_major(Product p) noexcept { return p == Product::ws2025 ? 26100U : 20348U; }

// The lowest build hotpatch supports (Windows Server 2025 RTM: 26100.1742).
constexpr Build product_minimum_build(Product p) noexcept {
  return p == Product::ws2025 ? Build{26100, 1742} : Build{20348, 0};
}

inline std::optional<Product> parse_product(std::string_view id) noexcept { return parse_name(id, kProductIds); }

}  // namespace hotplan
