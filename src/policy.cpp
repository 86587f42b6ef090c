#include "hotplan/policy.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "document_readers.hpp"
#include "hotplan/civil.hpp"

namespace hotplan {

namespace {

constexpr std::pair<std::string_view, RebootSetting> kRebootSettings[] = {
    {"IfRequired", RebootSetting::if_required}, {"Never", RebootSetting::never}, {"Always", RebootSetting::always}};

bool contains(const std::vector<Kb>& list, Kb kb) { return std::find(list.begin(), list.end(), kb) != list.end(); }
bool contains(const std::vector<UpdateClassification>& list, UpdateClassification c) {
  return std::find(list.begin(), list.end(), c) != list.end();
}

std::string classification_list(const std::vector<UpdateClassification>& list) {
  std::string out;
  for (const auto c : list) out += (out.empty() ? "" : ", ") + std::string(classification_id(c));
  return out.empty() ? "none" : out;
}

std::vector<UpdateClassification> read_classifications(const JsonNode& node) {
  const std::size_t n = node.array_size();
  std::vector<UpdateClassification> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto element = node.element(i);
    const auto c = read_classification(element);
    if (contains(out, c)) element.fail(fmt::format("{} is listed twice", classification_id(c)));
    out.push_back(c);
  }
  return out;
}

std::vector<Kb> read_kbs(const JsonNode& node) {
  const std::size_t n = node.array_size();
  std::vector<Kb> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto element = node.element(i);
    const auto kb = read_kb(element);
    if (contains(out, kb)) element.fail(fmt::format("{} is listed twice", kb.str()));
    out.push_back(kb);
  }
  return out;
}

// A KB in both lists is a contradiction the owner should resolve, not a silent precedence.
void reject_overlap(const JsonNode& second, const std::vector<Kb>& first, const std::vector<Kb>& second_list,
                    std::string_view first_name) {
  for (std::size_t i = 0; i < second_list.size(); ++i) {
    if (contains(first, second_list[i])) {
      second.element(i).fail(fmt::format("{} is also in {}", second_list[i].str(), first_name));
    }
  }
}

MaintenanceConfiguration parse_maintenance(const JsonNode& root) {
  root.expect_object({"type", "name", "classifications", "include_kbs", "exclude_kbs", "exclude_reboot_required",
                      "reboot", "max_duration"});
  MaintenanceConfiguration mc;
  if (auto name = root.find("name")) (void)name->string();
  if (auto list = root.find("classifications")) mc.classifications = read_classifications(*list);
  if (auto list = root.find("include_kbs")) mc.include_kbs = read_kbs(*list);
  if (auto list = root.find("exclude_kbs")) {
    mc.exclude_kbs = read_kbs(*list);
    reject_overlap(*list, mc.include_kbs, mc.exclude_kbs, "include_kbs");
  }
  if (mc.classifications.empty() && mc.include_kbs.empty()) {
    root.fail("a maintenance configuration needs \"classifications\" or \"include_kbs\": as given it installs nothing");
  }
  if (auto flag = root.find("exclude_reboot_required")) mc.exclude_reboot_required = flag->boolean();
  if (auto reboot = root.find("reboot")) mc.reboot = read_enum(*reboot, kRebootSettings);
  if (auto max = root.find("max_duration")) {
    mc.max_duration = read_minutes_duration(*max);
  }
  return mc;
}

PatchBaseline parse_baseline(const JsonNode& root) {
  root.expect_object({"type", "name", "rules", "approved", "rejected"});
  PatchBaseline pb;
  if (auto name = root.find("name")) (void)name->string();
  if (auto rules = root.find("rules")) {
    const std::size_t n = rules->array_size();
    for (std::size_t i = 0; i < n; ++i) {
      const auto node = rules->element(i);
      node.expect_object({"classifications", "min_severity", "approve_after_days"});
      PatchRule rule;
      const auto list = node.at("classifications");
      rule.classifications = read_classifications(list);
      if (rule.classifications.empty()) list.fail("expected at least one classification");
      if (auto sev = node.find("min_severity")) rule.min_severity = read_severity(*sev);
      if (auto days = node.find("approve_after_days"))
        rule.approve_after_days = static_cast<int>(days->integer(0, kMaxApproveAfterDays));
      pb.rules.push_back(std::move(rule));
    }
  }
  if (auto list = root.find("approved")) pb.approved = read_kbs(*list);
  if (auto list = root.find("rejected")) {
    pb.rejected = read_kbs(*list);
    reject_overlap(*list, pb.approved, pb.rejected, "approved");
  }
  if (pb.rules.empty() && pb.approved.empty()) {
    root.fail("a patch baseline needs \"rules\" or \"approved\": as given it approves nothing");
  }
  return pb;
}

// Why one rule does not approve `u` as of `as_of`; empty when it does.
std::string rule_refusal(const PatchRule& rule, const CatalogUpdate& u, date::sys_days as_of) {
  if (!contains(rule.classifications, u.classification)) {
    return fmt::format("classification {} is not in {}", classification_id(u.classification),
                       classification_list(rule.classifications));
  }
  if (u.severity < rule.min_severity) {
    return fmt::format("severity {} is below {}", severity_id(u.severity), severity_id(rule.min_severity));
  }
  const auto approval = u.released + date::days{rule.approve_after_days};
  if (approval > as_of) {
    return fmt::format("auto-approved {} days after release, on {}, after {}", rule.approve_after_days,
                       format_date(approval), format_date(as_of));
  }
  return {};
}

PolicyDecision decide(const AutomaticByPlatform&, const CatalogUpdate& u, date::sys_days) {
  if (u.classification == UpdateClassification::critical || u.classification == UpdateClassification::security) {
    return {true, {}};
  }
  // "Definition updates are not...", but "Updates-classified updates", not "Updates updates".
  const auto name = u.classification == UpdateClassification::updates
                        ? std::string("Updates-classified")
                        : std::string(classification_id(u.classification));
  return {false,
          fmt::format("{} updates are not installed by automatic guest patching (Critical and Security only)", name)};
}

PolicyDecision decide(const MaintenanceConfiguration& mc, const CatalogUpdate& u, date::sys_days) {
  if (contains(mc.exclude_kbs, u.kb)) return {false, "excluded by the maintenance configuration (exclude_kbs)"};
  if (mc.exclude_reboot_required && u.may_restart()) {
    return {false,
            fmt::format("the maintenance configuration excludes updates that may restart, and this one's reboot is "
                        "\"{}\"",
                        reboot_behaviour_id(u.reboot))};
  }
  if (contains(mc.include_kbs, u.kb)) return {true, {}};
  if (!contains(mc.classifications, u.classification)) {
    return {false, fmt::format("classification {} is not in the maintenance configuration's classifications ({})",
                               classification_id(u.classification), classification_list(mc.classifications))};
  }
  return {true, {}};
}

PolicyDecision decide(const PatchBaseline& pb, const CatalogUpdate& u, date::sys_days as_of) {
  if (contains(pb.rejected, u.kb)) return {false, "rejected by the patch baseline"};
  if (contains(pb.approved, u.kb)) return {true, {}};
  std::string refusals;
  for (std::size_t i = 0; i < pb.rules.size(); ++i) {
    const auto refusal = rule_refusal(pb.rules[i], u, as_of);
    if (refusal.empty()) return {true, {}};
    refusals += fmt::format("{}rule {}: {}", refusals.empty() ? "" : "; ", i + 1, refusal);
  }
  if (pb.rules.empty()) return {false, "not in the patch baseline's approved list"};
  return {false, fmt::format("no patch baseline rule approves it as of {} ({})", format_date(as_of), refusals)};
}

}  // namespace

std::string_view reboot_setting_id(RebootSetting r) noexcept {
  for (const auto& [name, value] : kRebootSettings) {
    if (value == r) return name;
  }
  return "IfRequired";
}

namespace {

Policy read_policy(const JsonNode& root) {
  const auto type = root.at("type");
  static constexpr std::pair<std::string_view, int> kTypes[] = {
      {kAutomaticByPlatform, 0}, {"maintenance-configuration", 1}, {"patch-baseline", 2}};
  switch (read_enum(type, kTypes)) {
    case 0:
      root.expect_object({"type", "name"});
      return AutomaticByPlatform{};
    case 1:
      return parse_maintenance(root);
    default:
      return parse_baseline(root);
  }
}

}  // namespace

Policy parse_policy(const Json& document) { return read_policy(JsonNode(document, "")); }

Policy parse_policy_text(std::string_view text, std::string_view source) {
  return detail::read_json_text(text, source, false, read_policy);
}

Policy load_policy(const std::string& spec) {
  if (spec == kAutomaticByPlatform) return AutomaticByPlatform{};
  return detail::read_json_file(spec, read_policy);
}

std::string_view policy_type_id(const Policy& policy) noexcept {
  switch (policy.index()) {
    case 0:
      return kAutomaticByPlatform;
    case 1:
      return "maintenance-configuration";
    default:
      return "patch-baseline";
  }
}

RebootSetting reboot_setting(const Policy& policy) noexcept {
  if (const auto* mc = std::get_if<MaintenanceConfiguration>(&policy)) return mc->reboot;
  return RebootSetting::if_required;
}

PolicyDecision evaluate(const Policy& policy, const CatalogUpdate& update, date::sys_days as_of) {
  return std::visit([&](const auto& p) { return decide(p, update, as_of); }, policy);
}

}  // namespace hotplan
