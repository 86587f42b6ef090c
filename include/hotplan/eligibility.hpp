#pragma once
// Hotpatch prerequisites. Every failing prerequisite is reported at once, each
// as a sentence, so an administrator fixes them in one pass.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hotplan/fleet.hpp"

namespace hotplan {

enum class Prerequisite : std::uint8_t {
  edition,
  build,
  preview,
  vbs,
  uefi,
  secure_boot,
  generation,
  arc,
  image,
  vmss,
  licence,
};

std::string_view prerequisite_id(Prerequisite p) noexcept;

struct EligibilityFailure {
  Prerequisite prerequisite;
  std::string sentence;
};

// Marketplace image SKUs that support hotpatch (publisher MicrosoftWindowsServer,
// offer WindowsServer); custom images are not supported.
bool is_supported_image(Product product, const ImageRef& image) noexcept;

[[nodiscard]] std::vector<EligibilityFailure> check_eligibility(const Machine& machine);

// True when hotpatch needs the Arc subscription licence: Standard or Datacenter
// Windows Server 2025 (Azure Edition has hotpatch built in).
constexpr bool needs_arc_licence(const Machine& machine) noexcept {
  return machine.product == Product::ws2025 && machine.edition != Edition::datacenter_azure_edition;
}

// The October 2025 licensing issue: on Arc-enabled Standard/Datacenter machines
// running the October 2025 baseline (26100.6899) or later, the hotpatch licence
// could expire; without the workaround, regular updates with restart until and
// including the first baseline after the issue month.
inline constexpr date::year_month kArcLicenceIssueMonth = date::year{2025} / date::October;
inline constexpr Build kArcLicenceIssueFirstBuild{26100, 6899};

}  // namespace hotplan
