// A catalog update the policy approves that takes a machine off its hotpatch
// chain changes the months after it: the plan re-runs the trajectory with it.
#include <doctest/doctest.h>

#include <algorithm>

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

Kb kb(const char* text) { return *Kb::parse(text); }

std::vector<Kb> out_of_band_kbs(const TrajectoryStep& step) {
  std::vector<Kb> out;
  for (const auto& oob : step.out_of_band_installed) out.push_back(oob.kb);
  return out;
}

ClassifyOutcome classify_machine(const char* machine_id, const Policy& policy, date::year_month month) {
  const auto fleet = load_fleet(source_path("data/examples/fleet.json"));
  ClassifyRequest request;
  request.fleet = &fleet;
  request.machine_id = machine_id;
  request.month = month;
  return classify_request(load_catalog(source_path("data/examples/catalog.json")), policy, request,
                          CalendarSet::shipped());
}

const SkippedUpdate* skipped(const ClassifyResult& r, const char* id) {
  for (const auto& s : r.skipped) {
    if (s.kb == kb(id)) return &s;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("an approved off-chain OOB (KB5070881) gives the LCU with restart until the January 2026 baseline") {
  const auto plan = plan_with(eligible_machine("m1"), AutomaticByPlatform{});
  REQUIRE(plan.steps.size() == 4);
  const auto& oct = plan.steps[0];
  CHECK(oct.reason == StepReason::out_of_band);  // the machine runs the October baseline already
  CHECK(oct.reboot);
  REQUIRE(oct.out_of_band_installed.size() == 2);
  CHECK(oct.out_of_band_installed[0].kb == *Kb::parse("KB5070881"));
  CHECK(oct.out_of_band_installed[1].kb == *Kb::parse("KB5070893"));  // approved too; it does not bring it back
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
  CHECK(contains(describe(plan.steps[1]), "installed KB5070893 (26100.6905) is not on the chain"));
  CHECK(plan.steps[3].offer == Offer::baseline);  // the January baseline puts it back on the chain
  // October restarts twice (KB5070881, then KB5070893, which the policy also approves).
  CHECK(plan.steps[0].restarts == 2);
  CHECK(plan.restart_months == 4);
  CHECK(plan.restarts == 5);
}

TEST_CASE("a maintenance configuration that excludes KB5070881 keeps the hotpatches") {
  const auto policy = parse_policy(Json::parse(
      R"({"type": "maintenance-configuration", "classifications": ["Critical", "Security"], "exclude_kbs": ["KB5070881"]})"));
  const auto plan = plan_with(eligible_machine("m1"), policy);
  // The chain-keeping KB5070893, approved too, installs and keeps it on the chain.
  CHECK(out_of_band_kbs(plan.steps[0]) == std::vector<Kb>{kb("KB5070893")});
  CHECK(plan.steps[0].out_of_band_installed[0].keeps_chain);
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

TEST_CASE("a machine that takes the calendar's OOBs itself installs KB5070881 once / as the trajectory says") {
  auto machine = eligible_machine("m1");
  machine["install_oob"] = true;
  const auto with_catalog = plan_with(machine, AutomaticByPlatform{});
  const auto without =
      plan_fleet(parse_fleet(fleet_of({machine})), kOctober2025, 4, CalendarSet::shipped()).machines.front();
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

TEST_CASE("KB5070881 then KB5070893: install_oob and an approving catalog reach the same state / off the chain") {
  auto takes_oob = eligible_machine("oob");
  takes_oob["install_oob"] = true;
  const auto by_oob =
      make_plan(parse_fleet(fleet_of({takes_oob})), CalendarSet::shipped(), kOctober2025, 4).machines.front();
  // automatic-by-platform approves both October out-of-band releases of the catalog.
  const auto by_catalog = plan_with(eligible_machine("catalog"), AutomaticByPlatform{});
  for (const auto* plan : {&by_oob, &by_catalog}) {
    CAPTURE(plan->id);
    REQUIRE(plan->steps.size() == 4);
    const auto october = out_of_band_kbs(plan->steps[0]);
    REQUIRE(october.size() >= 2);
    CHECK(october[october.size() - 2] == kb("KB5070881"));
    CHECK(october.back() == kb("KB5070893"));
    // The machine runs KB5070893 afterwards, and is still off the chain until January.
    CHECK(plan->steps[1].before.id.kb == kb("KB5070893"));
    CHECK(plan->steps[1].offer == Offer::lcu);
    CHECK(plan->steps[1].reason == StepReason::off_chain);
    CHECK(plan->steps[2].offer == Offer::lcu);
    CHECK(plan->steps[3].offer == Offer::baseline);
    CHECK(
        contains(plan->steps[1].assumption, "KB5070893 keeps the hotpatch chain, but the machine had already left it"));
  }
}

TEST_CASE("a chain-keeping OOB approved by the catalog does not bring back a machine that was off the chain") {
  auto off = eligible_machine("off");
  off["installed_kb"] = "KB5070881";
  off["build"] = "26100.6905";
  auto takes_oob = off;
  takes_oob["install_oob"] = true;
  const auto by_oob =
      make_plan(parse_fleet(fleet_of({takes_oob})), CalendarSet::shipped(), kOctober2025, 4).machines.front();
  const auto policy = parse_policy(Json::parse(
      R"({"type": "maintenance-configuration", "classifications": ["Critical"], "include_kbs": ["KB5070893"]})"));
  const auto by_catalog = plan_with(off, policy);
  for (const auto* plan : {&by_oob, &by_catalog}) {
    CAPTURE(plan->id);
    CHECK(out_of_band_kbs(plan->steps[0]) == std::vector<Kb>{kb("KB5070893")});
    CHECK(plan->steps[1].before.id.kb == kb("KB5070893"));
    CHECK(plan->steps[1].offer == Offer::lcu);
    CHECK(plan->steps[2].offer == Offer::lcu);
  }
}

TEST_CASE("the catalog does not re-approve the installed update / nor what the installed update includes") {
  // arc-sql-01 runs KB5070881: it is not told to restart for it, nor warned about leaving the chain.
  const auto on_oob = classify_machine("arc-sql-01", AutomaticByPlatform{}, kOctober2025);
  REQUIRE(skipped(on_oob.result, "KB5070881"));
  CHECK(skipped(on_oob.result, "KB5070881")->code == SkipCode::installed);
  CHECK(skipped(on_oob.result, "KB5070881")->reason == "KB5070881 is already installed");
  CHECK(on_oob.result.chain_breakers.empty());
  for (const auto& c : on_oob.result.restart_causes) CHECK(c.kb != kb("KB5070881"));
  CHECK(skip_code_id(SkipCode::installed) == "installed");

  // A machine on the November regular update: the catalog says it supersedes the October ones.
  auto on_lcu = eligible_machine("lcu");
  on_lcu["installed_kb"] = "KB5068861";
  on_lcu["build"] = "26100.7171";
  const auto lcu_plan = plan_with(on_lcu, AutomaticByPlatform{});
  CHECK(lcu_plan.steps[0].out_of_band_installed.empty());
  CHECK(lcu_plan.steps[0].restarts == 1);  // only for the October .NET update KB5066130
  CHECK(contains(describe(lcu_plan.steps[0]), "restart for KB5066130"));
  CHECK_FALSE(contains(describe(lcu_plan.steps[0]), "warning"));
  CHECK_FALSE(contains(describe(lcu_plan.steps[0]), "KB5070881"));
  CHECK_FALSE(contains(describe(lcu_plan.steps[0]), "KB5070893"));

  // A machine on the November hotpatch: released after the October OOBs, which it therefore includes.
  auto on_hotpatch = eligible_machine("hotpatch");
  on_hotpatch["installed_kb"] = "KB5068966";
  on_hotpatch["build"] = "26100.7092";
  const auto fleet = parse_fleet(fleet_of({on_hotpatch}));
  ClassifyRequest request;
  request.fleet = &fleet;
  request.machine_id = "hotpatch";
  request.month = kOctober2025;
  const auto r = classify_request(load_catalog(source_path("data/examples/catalog.json")), AutomaticByPlatform{},
                                  request, CalendarSet::shipped())
                     .result;
  for (const char* id : {"KB5070881", "KB5070893"}) {
    CAPTURE(id);
    REQUIRE(skipped(r, id));
    CHECK(skipped(r, id)->code == SkipCode::superseded);
    CHECK(contains(skipped(r, id)->reason, "installed KB5068966"));
  }
  CHECK(r.chain_breakers.empty());
  CHECK(r.out_of_band.empty());
  for (const auto& c : r.restart_causes) CHECK(c.kb == kb("KB5066130"));  // .NET: not included by an OS update
}

TEST_CASE("exclude_reboot_required holds back the regular update: no restart / in classify and in plan alike") {
  const auto policy = load_policy(source_path("tests/data/no-restart-policy.json"));
  const auto nov = date::year{2025} / date::November;
  // arc-sql-01 runs KB5070881: off the chain, its November update is the LCU KB5068861, which always restarts.
  const auto outcome = classify_machine("arc-sql-01", policy, nov);
  REQUIRE(outcome.machine);
  REQUIRE(outcome.machine->steps.front().offer == Offer::lcu);
  REQUIRE(skipped(outcome.result, "KB5068861"));
  CHECK(skipped(outcome.result, "KB5068861")->code == SkipCode::policy);
  CHECK_FALSE(outcome.result.reboot);
  CHECK(outcome.result.restart_causes.empty());
  REQUIRE_FALSE(outcome.result.warnings.empty());
  CHECK(contains(outcome.result.warnings.front(), "the policy holds back KB5068861"));

  const auto fleet = load_fleet(source_path("data/examples/fleet.json"));
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), nov, 1, {&catalog, &policy, false, 1});
  const auto sql = std::find_if(plan.machines.begin(), plan.machines.end(),
                                [](const MachinePlan& m) { return m.id == "arc-sql-01"; });
  REQUIRE(sql != plan.machines.end());
  const auto& step = sql->steps.front();
  CHECK(step.reboot == outcome.result.reboot);
  CHECK_FALSE(step.reboot);
  CHECK(contains(describe(step), "the policy holds back KB5068861"));

  // Through the CLI, with the policy file: the two commands agree.
  const auto classify_cli =
      hotplan::test::run_cli("classify --catalog " + source_path("data/examples/catalog.json") + " --policy " +
                             source_path("tests/data/no-restart-policy.json") + " --fleet " +
                             source_path("data/examples/fleet.json") + " --machine arc-sql-01 --month 2025-11 --json");
  REQUIRE(classify_cli.exit_code == 0);
  CHECK(Json::parse(classify_cli.out)["reboot"] == false);
  const auto plan_cli =
      hotplan::test::run_cli("plan --fleet " + source_path("data/examples/fleet.json") +
                             " --from 2025-11 --months 1 --catalog " + source_path("data/examples/catalog.json") +
                             " --policy " + source_path("tests/data/no-restart-policy.json") + " --json");
  REQUIRE(plan_cli.exit_code == 0);
  const auto plan_doc = Json::parse(plan_cli.out);  // named: a range over a temporary's member dangles
  for (const auto& m : plan_doc["machines"]) {
    if (m["id"] == "arc-sql-01") CHECK(m["months"][0]["reboot"] == false);
  }
}

TEST_CASE("restarts count restarts / restart_months count months: two OOBs after a baseline make three") {
  auto machine = eligible_machine("m1");
  machine["install_oob"] = true;
  // January 2026: the baseline, then out-of-band KB5077793 (17th) and KB5078135 (24th),
  // both on the regular line; February and March: the LCU until the April baseline.
  const auto whole = make_plan(parse_fleet(fleet_of({machine})), CalendarSet::shipped(),
                               date::year{2026} / date::January, 3, {nullptr, nullptr, false, 1});
  const auto& plan = whole.machines.front();
  REQUIRE(plan.steps.size() == 3);
  CHECK(plan.steps[0].out_of_band_installed.size() == 2);
  CHECK(plan.steps[0].restarts == 3);
  CHECK(plan.steps[1].restarts == 1);
  CHECK(plan.steps[2].restarts == 1);
  CHECK(plan.restart_months == 3);
  CHECK(plan.restarts == 5);
  const auto json = plan_to_json(whole)["machines"][0];
  CHECK(json["restarts"] == 5);
  CHECK(json["restart_months"] == 3);
  CHECK(json["months"][0]["restarts"] == 3);
  CHECK_FALSE(json.contains("reboots"));
}

TEST_CASE("plan --catalog: a month's catalog restart joins the OS restart / or is one restart of its own") {
  // November 2025 hotpatch (no restart) with .NET KB5071234: one restart; an off-chain
  // machine's LCU month with the same .NET update: still one.
  const auto on_chain = plan_with(
      eligible_machine("on"),
      parse_policy(Json::parse(
          R"({"type": "maintenance-configuration", "classifications": ["Critical", "Security"], "exclude_kbs": ["KB5070881"]})")));
  CHECK(on_chain.steps[1].offer == Offer::hotpatch);
  CHECK(on_chain.steps[1].restarts == 1);
  auto off = eligible_machine("off");
  off["installed_kb"] = "KB5070881";
  off["build"] = "26100.6905";
  const auto off_chain = plan_with(off, AutomaticByPlatform{});
  CHECK(off_chain.steps[1].offer == Offer::lcu);
  CHECK(off_chain.steps[1].restarts == 1);
  int restarts = 0;
  int months = 0;
  for (const auto& s : off_chain.steps) {
    restarts += s.restarts;
    months += s.reboot ? 1 : 0;
  }
  CHECK(off_chain.restarts == restarts);
  CHECK(off_chain.restart_months == months);
}
