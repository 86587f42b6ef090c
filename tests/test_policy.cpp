#include <doctest/doctest.h>

#include "support.hpp"

using namespace hotplan;
using hotplan::test::source_path;

namespace {

CatalogUpdate make(const char* kb, UpdateClassification c, Severity s = Severity::important,
                   RebootBehaviour reboot = RebootBehaviour::never) {
  CatalogUpdate u{*Kb::parse(kb),
                  "t",
                  {Product::ws2025},
                  c,
                  s,
                  UpdateCategory::other,
                  date::sys_days{date::year{2025} / 11 / 11},
                  reboot,
                  {},
                  {}};
  return u;
}

const date::sys_days kNov20{date::year{2025} / 11 / 20};

std::string policy_error_path(const Json& doc) {
  try {
    (void)parse_policy(doc);
  } catch (const InputError& e) {
    return e.path();
  }
  return "no error";
}

}  // namespace

TEST_CASE("automatic-by-platform installs Critical and Security only") {
  const Policy p = load_policy("automatic-by-platform");
  CHECK(evaluate(p, make("KB5000001", UpdateClassification::critical), kNov20).approved);
  CHECK(evaluate(p, make("KB5000001", UpdateClassification::security), kNov20).approved);
  const auto definition = evaluate(p, make("KB5000001", UpdateClassification::definition), kNov20);
  CHECK_FALSE(definition.approved);
  CHECK(definition.reason.rfind("Definition updates are not installed by automatic guest patching", 0) == 0);
  CHECK_FALSE(evaluate(p, make("KB5000001", UpdateClassification::update_rollup), kNov20).approved);
  CHECK_FALSE(evaluate(p, make("KB5000001", UpdateClassification::tools), kNov20).approved);
}

TEST_CASE("maintenance configuration: classifications / include / exclude / exclude_reboot_required") {
  const auto p = load_policy(source_path("data/examples/policies/maintenance-configuration.json"));
  const auto& mc = std::get<MaintenanceConfiguration>(p);
  CHECK(mc.max_duration == std::chrono::hours{3});
  CHECK(mc.reboot == RebootSetting::if_required);
  CHECK(evaluate(p, make("KB5000001", UpdateClassification::update_rollup), kNov20).approved);
  CHECK_FALSE(evaluate(p, make("KB5000001", UpdateClassification::tools), kNov20).approved);
  // include_kbs approves outside the classifications
  CHECK(evaluate(p, make("KB5071410", UpdateClassification::updates), kNov20).approved);
  // exclude_kbs wins over a matching classification
  const auto excluded = evaluate(p, make("KB5070881", UpdateClassification::security), kNov20);
  CHECK_FALSE(excluded.approved);
  CHECK(excluded.reason.find("exclude_kbs") != std::string::npos);

  MaintenanceConfiguration strict = mc;
  strict.exclude_reboot_required = true;
  CHECK_FALSE(evaluate(strict,
                       make("KB5000001", UpdateClassification::security, Severity::important, RebootBehaviour::may),
                       kNov20)
                  .approved);
  CHECK_FALSE(
      evaluate(strict, make("KB5071410", UpdateClassification::updates, Severity::low, RebootBehaviour::always), kNov20)
          .approved);
  CHECK(evaluate(strict, make("KB5000001", UpdateClassification::security, Severity::important, RebootBehaviour::never),
                 kNov20)
            .approved);
}

TEST_CASE("patch baseline: severity / approval delay as of a date / approved and rejected lists") {
  const auto p = load_policy(source_path("data/examples/policies/patch-baseline.json"));
  const auto important = make("KB5000001", UpdateClassification::security, Severity::important);
  CHECK_FALSE(evaluate(p, important, date::sys_days{date::year{2025} / 11 / 17}).approved);  // 6 days after release
  CHECK(evaluate(p, important, date::sys_days{date::year{2025} / 11 / 18}).approved);        // 7 days
  const auto moderate = evaluate(p, make("KB5000001", UpdateClassification::security, Severity::moderate), kNov20);
  CHECK_FALSE(moderate.approved);
  CHECK(moderate.reason.find("severity Moderate is below Important") != std::string::npos);
  // the Definition rule approves at once, whatever the severity
  CHECK(evaluate(p, make("KB5000001", UpdateClassification::definition, Severity::unspecified),
                 date::sys_days{date::year{2025} / 11 / 11})
            .approved);
  // approved list: outside every rule; rejected list: inside one
  CHECK(evaluate(p, make("KB5070893", UpdateClassification::tools, Severity::low), kNov20).approved);
  CHECK_FALSE(evaluate(p, make("KB5070881", UpdateClassification::security, Severity::critical), kNov20).approved);
}

TEST_CASE("bad policy input names its JSON pointer") {
  CHECK(policy_error_path(Json{{"type", "weekly"}}) == "/type");
  CHECK(policy_error_path(Json{{"classifications", Json::array({"Security"})}}) == "");
  CHECK(policy_error_path(Json{{"type", "maintenance-configuration"}, {"classifications", Json::array({"Securty"})}}) ==
        "/classifications/0");
  CHECK(policy_error_path(Json{{"type", "maintenance-configuration"},
                               {"classifications", Json::array({"Security"})},
                               {"max_duration", "3 hours"}}) == "/max_duration");
  CHECK(policy_error_path(Json{{"type", "maintenance-configuration"},
                               {"classifications", Json::array({"Security"})},
                               {"reboot", "Sometimes"}}) == "/reboot");
  CHECK(policy_error_path(Json{{"type", "maintenance-configuration"},
                               {"classifications", Json::array({"Security"})},
                               {"include_kbs", Json::array({"KB5000001"})},
                               {"exclude_kbs", Json::array({"KB5000001"})}}) == "/exclude_kbs/0");
  CHECK(policy_error_path(Json{{"type", "maintenance-configuration"}}) == "");
  CHECK(policy_error_path(Json{{"type", "patch-baseline"},
                               {"rules", Json::array({Json{{"classifications", Json::array({"Security"})},
                                                           {"min_severity", "Huge"}}})}}) == "/rules/0/min_severity");
  CHECK(policy_error_path(Json{{"type", "patch-baseline"},
                               {"rules", Json::array({Json{{"classifications", Json::array({"Security"})},
                                                           {"approve_after_days", -1}}})}}) ==
        "/rules/0/approve_after_days");
  CHECK(policy_error_path(Json{{"type", "patch-baseline"},
                               {"approved", Json::array({"KB5000001"})},
                               {"rejected", Json::array({"KB5000001"})}}) == "/rejected/0");
}
