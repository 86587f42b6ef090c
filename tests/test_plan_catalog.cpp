// A catalog update the policy approves that takes a machine off its hotpatch
// chain changes the months after it: the plan re-runs the trajectory with it.
#include <doctest/doctest.h>

#include "support.hpp"

using namespace hotplan;
using hotplan::test::eligible_machine;
using hotplan::test::fleet_of;
using hotplan::test::source_path;

namespace {

const date::year_month kOctober2025 = date::year{2025} / date::October;

MachinePlan plan_with(const Json& machine, const Policy& policy) {
  const auto fleet = parse_fleet(fleet_of({machine}));
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  PlanOptions options;
  options.catalog = &catalog;
  options.policy = &policy;
  options.install_windows = false;
  return make_plan(fleet, CalendarSet::shipped(), kOctober2025, 4, options).machines.front();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("an approved off-chain OOB (KB5070881) gives the LCU with restart until the January 2026 baseline") {
  const auto plan = plan_with(eligible_machine("m1"), AutomaticByPlatform{});
  REQUIRE(plan.steps.size() == 4);
  const auto& oct = plan.steps[0];
  CHECK(oct.reason == StepReason::out_of_band);  // the machine runs the October baseline already
  CHECK(oct.reboot);
  REQUIRE(oct.out_of_band_installed.size() == 1);
  CHECK(oct.out_of_band_installed[0].kb == *Kb::parse("KB5070881"));
  CHECK(contains(describe(oct),
                 "installs out-of-band KB5070881 (26100.6905) (2025-10-23) with restart, which takes "
                 "it off the hotpatch chain"));
  CHECK(contains(describe(oct), "warning: the policy approves out-of-band KB5070881"));
  for (std::size_t i : {1U, 2U}) {
    const auto& step = plan.steps[i];
    CAPTURE(describe(step));
    CHECK(step.offer == Offer::lcu);
    CHECK(step.reason == StepReason::off_chain);
    CHECK(step.reboot);
    CHECK(contains(describe(step), "is not on the chain of baseline KB5066835; regular update"));
    CHECK(contains(describe(step), "with restart until the 2026-01 baseline"));
  }
  CHECK(contains(describe(plan.steps[1]), "installed KB5070881 (26100.6905) is not on the chain"));
  CHECK(plan.steps[3].offer == Offer::baseline);  // the January baseline puts it back on the chain
  CHECK(plan.reboots == 4);
}

TEST_CASE("a maintenance configuration that excludes KB5070881 keeps the hotpatches") {
  const auto policy = parse_policy(Json::parse(
      R"({"type": "maintenance-configuration", "classifications": ["Critical", "Security"], "exclude_kbs": ["KB5070881"]})"));
  const auto plan = plan_with(eligible_machine("m1"), policy);
  CHECK(plan.steps[0].out_of_band_installed.empty());
  CHECK_FALSE(contains(describe(plan.steps[0]), "warning"));
  CHECK(plan.steps[1].offer == Offer::hotpatch);
  CHECK(plan.steps[2].offer == Offer::hotpatch);
}

TEST_CASE("KB5070893 approved alone keeps the machine on the chain") {
  const auto policy = parse_policy(Json::parse(
      R"({"type": "maintenance-configuration", "classifications": ["Critical"], "include_kbs": ["KB5070893"]})"));
  const auto plan = plan_with(eligible_machine("m1"), policy);
  CHECK_FALSE(contains(describe(plan.steps[0]), "warning"));
  CHECK(plan.steps[1].offer == Offer::hotpatch);
  CHECK(plan.steps[2].offer == Offer::hotpatch);
  CHECK(plan.steps[1].reason == StepReason::hotpatch);
}

TEST_CASE("a machine that takes the calendar's OOBs itself installs KB5070881 once, as the trajectory says") {
  auto machine = eligible_machine("m1");
  machine["install_oob"] = true;
  const auto with_catalog = plan_with(machine, AutomaticByPlatform{});
  const auto without = plan_fleet(parse_fleet(fleet_of({machine})), kOctober2025, 4, CalendarSet::shipped()).machines.front();
  int kb5070881 = 0;
  for (const auto& oob : with_catalog.steps[0].out_of_band_installed) kb5070881 += oob.kb == *Kb::parse("KB5070881");
  CHECK(kb5070881 == 1);
  for (std::size_t i = 0; i < without.steps.size(); ++i) CHECK(with_catalog.steps[i].offer == without.steps[i].offer);
}

TEST_CASE("hotplan plan --catalog through the CLI shows the LCU after KB5070881") {
  const auto r = hotplan::test::run_cli("plan --fleet " + source_path("data/examples/fleet.json") +
                                        " --from 2025-10 --months 4 --catalog " +
                                        source_path("data/examples/catalog.json") + " --json");
  REQUIRE(r.exit_code == 0);
  const auto json = Json::parse(r.out);
  const auto& web = json["machines"][0];
  REQUIRE(web["id"] == "az-web-01");
  CHECK(web["months"][1]["offer"] == "lcu");
  CHECK(web["months"][2]["offer"] == "lcu");
  CHECK(web["months"][3]["offer"] == "baseline");
}
