#include "hotplan/eligibility.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

#include "text.hpp"

namespace hotplan {

std::string_view prerequisite_id(Prerequisite p) noexcept {
  switch (p) {
    case Prerequisite::edition:
      return "edition";
    case Prerequisite::build:
      return "build";
    case Prerequisite::preview:
      return "preview";
    case Prerequisite::vbs:
      return "vbs";
    case Prerequisite::uefi:
      return "uefi";
    case Prerequisite::secure_boot:
      return "secure_boot";
    case Prerequisite::generation:
      return "generation";
    case Prerequisite::arc:
      return "arc";
    case Prerequisite::image:
      return "image";
    case Prerequisite::vmss:
      return "vmss";
    case Prerequisite::licence:
      return "licence";
  }
  return "edition";
}

namespace {
constexpr std::string_view kImagePublisher = "MicrosoftWindowsServer";
constexpr std::string_view kImageOffer = "WindowsServer";
constexpr std::array<std::string_view, 4> kWs2022Skus = {
    "2022-datacenter-azure-edition-core", "2022-datacenter-azure-edition-core-smalldisk",
    "2022-datacenter-azure-edition-hotpatch", "2022-datacenter-azure-edition-hotpatch-smalldisk"};
constexpr std::array<std::string_view, 4> kWs2025Skus = {
    "2025-datacenter-azure-edition", "2025-datacenter-azure-edition-core", "2025-datacenter-azure-edition-smalldisk",
    "2025-datacenter-azure-edition-core-smalldisk"};

// Azure image references compare without case (ARM and Resource Graph often
// return lower-case publishers).
using detail::equal_ignoring_case;

bool is_windows_server_marketplace(const ImageRef& image) noexcept {
  return equal_ignoring_case(image.publisher, kImagePublisher) && equal_ignoring_case(image.offer, kImageOffer);
}
}  // namespace

bool is_supported_image(Product product, const ImageRef& image) noexcept {
  if (!is_windows_server_marketplace(image)) return false;
  const auto& skus = product == Product::ws2025 ? kWs2025Skus : kWs2022Skus;
  return std::any_of(skus.begin(), skus.end(),
                     [&](std::string_view sku) { return equal_ignoring_case(sku, image.sku); });
}

std::vector<EligibilityFailure> check_eligibility(const Machine& m) {
  std::vector<EligibilityFailure> out;
  auto fail = [&out](Prerequisite p, std::string sentence) { out.push_back({p, std::move(sentence)}); };

  if (m.product == Product::ws2022_azure_edition && m.edition != Edition::datacenter_azure_edition) {
    fail(Prerequisite::edition,
         fmt::format("Windows Server 2022 supports hotpatch only on Datacenter: Azure Edition, not {}",
                     edition_id(m.edition)));
  }
  const auto major = product_build_major(m.product);
  const auto minimum = product_minimum_build(m.product);
  if (m.build.major != major) {
    fail(Prerequisite::build,
         fmt::format("build {} is not a {} build ({}.x)", m.build.str(), product_name(m.product), major));
  } else if (m.build < minimum) {
    fail(Prerequisite::build,
         fmt::format("build {} is older than {}, the first build hotpatch supports", m.build.str(), minimum.str()));
  }
  if (m.preview) fail(Prerequisite::preview, "preview and Insider builds get no hotpatches");
  if (m.vbs_status != 2) {
    fail(Prerequisite::vbs,
         fmt::format("virtualization-based security is not running (VirtualizationBasedSecurityStatus "
                     "is {}, must be 2)",
                     m.vbs_status));
  }
  if (!m.uefi) fail(Prerequisite::uefi, "firmware is not UEFI, which virtualization-based security requires");
  if (!m.secure_boot) fail(Prerequisite::secure_boot, "Secure Boot is off; virtualization-based security requires it");
  if (m.generation != 2)
    fail(Prerequisite::generation, "a Generation 1 VM cannot run UEFI Secure Boot; Generation 2 is required");
  if (needs_arc_licence(m) && !m.arc_connected) {
    fail(Prerequisite::arc, fmt::format("Windows Server 2025 {} needs an Azure Arc connection for hotpatch "
                                        "(only Azure Edition does not)",
                                        edition_id(m.edition)));
  }
  if (m.image && !is_supported_image(m.product, *m.image)) {
    const auto& skus = m.product == Product::ws2025 ? kWs2025Skus : kWs2022Skus;
    if (is_windows_server_marketplace(*m.image)) {
      // A Marketplace Windows Server image, just not an Azure Edition hotpatch one.
      fail(Prerequisite::image, fmt::format("Marketplace image SKU {} is not a hotpatch-capable {} image; hotpatch "
                                            "needs one of: {}",
                                            m.image->sku, product_name(m.product), fmt::join(skus, ", ")));
    } else {
      fail(Prerequisite::image,
           fmt::format("image {}:{}:{} is not a {} Windows Server Marketplace image (custom images are not "
                       "supported); hotpatch needs MicrosoftWindowsServer:WindowsServer with one of: {}",
                       m.image->publisher, m.image->offer, m.image->sku, product_name(m.product),
                       fmt::join(skus, ", ")));
    }
  }
  if (m.vmss_mode == VmssMode::uniform) {
    fail(Prerequisite::vmss, "virtual machine scale sets in Uniform orchestration do not support hotpatch");
  }
  if (needs_arc_licence(m) && m.licence == Licence::expired && !m.licence_remediated) {
    fail(Prerequisite::licence,
         "the Arc hotpatch licence has expired: regular updates with restart until the licensing workaround is "
         "applied (license_remediated) or, for the October 2025 licensing issue, until and including the first "
         "baseline after it");
  }
  return out;
}

}  // namespace hotplan
