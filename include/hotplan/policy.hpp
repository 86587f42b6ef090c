#pragma once
// Update policies, as the owner of a machine chose them: Azure automatic VM guest
// patching, an Azure Update Manager maintenance configuration, or an AWS Systems
// Manager style patch baseline. A policy decides per update; classify.hpp applies
// it to a catalog.
#include <date/date.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hotplan/catalog.hpp"

namespace hotplan {

enum class RebootSetting : std::uint8_t { if_required, never, always };
std::string_view reboot_setting_id(RebootSetting r) noexcept;  // "IfRequired", "Never", "Always"

// Patch mode AutomaticByPlatform: Critical and Security updates only, restart if required.
struct AutomaticByPlatform {
  friend bool operator==(const AutomaticByPlatform&, const AutomaticByPlatform&) = default;
};

struct MaintenanceConfiguration {
  std::vector<UpdateClassification> classifications;
  std::vector<Kb> include_kbs;  // approved even outside the classifications
  std::vector<Kb> exclude_kbs;  // skipped whatever else applies
  bool exclude_reboot_required = false;
  RebootSetting reboot = RebootSetting::if_required;
  std::optional<std::chrono::minutes> max_duration;
  friend bool operator==(const MaintenanceConfiguration&, const MaintenanceConfiguration&) = default;
};

struct PatchRule {
  std::vector<UpdateClassification> classifications;
  Severity min_severity = Severity::unspecified;  // unspecified: any severity
  int approve_after_days = 0;
  friend bool operator==(const PatchRule&, const PatchRule&) = default;
};

struct PatchBaseline {
  std::vector<PatchRule> rules;
  std::vector<Kb> approved;  // approved whatever the rules say
  std::vector<Kb> rejected;  // never installed; wins over `approved`
  friend bool operator==(const PatchBaseline&, const PatchBaseline&) = default;
};

using Policy = std::variant<AutomaticByPlatform, MaintenanceConfiguration, PatchBaseline>;

inline constexpr std::string_view kAutomaticByPlatform = "automatic-by-platform";
inline constexpr int kMaxApproveAfterDays = 360;  // AWS Patch Manager's limit

// "automatic-by-platform", or the path of a policy JSON file.
Policy load_policy(const std::string& spec);

std::string_view policy_type_id(const Policy& policy) noexcept;
// How the policy restarts a machine; IfRequired except where a maintenance configuration says otherwise.
RebootSetting reboot_setting(const Policy& policy) noexcept;

// Whether the policy approves `update` on day `as_of`; when not, the sentence why.
struct PolicyDecision {
  bool approved = false;
  std::string reason;
};
PolicyDecision evaluate(const Policy& policy, const CatalogUpdate& update, date::sys_days as_of);

}  // namespace hotplan
