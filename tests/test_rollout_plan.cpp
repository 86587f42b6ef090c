// The rollout takes each machine's month from the plan: from the fleet's as_of,
// with the catalog's restarts, so `plan` and `rollout` never disagree.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <map>

#include "fleet_generator.hpp"
#include "support.hpp"

using namespace hotplan;
using hotplan::test::eligible_machine;
using hotplan::test::fleet_of;
using hotplan::test::run_cli;
using hotplan::test::source_path;

namespace {

constexpr date::year_month kNovember2025 = date::year{2025} / date::November;
constexpr date::year_month kFebruary2026 = date::year{2026} / date::February;

std::string write_temp(const std::string& name, const Json& content) {
  const std::string path = std::string(HOTPLAN_SOURCE_DIR) + "/build/" + name;
  std::ofstream(path) << content.dump();
  return path;
}

Policy excluding_kb5070881() {
  return parse_policy(Json::parse(R"({"type": "maintenance-configuration", "classifications": ["Critical", "Security"],
                                      "exclude_kbs": ["KB5070881"]})"));
}

// Whether the plan's month installs anything, as the rollout reads it.
bool installs(const PlanStep& step) { return installs_monthly_release(step); }

}  // namespace

TEST_CASE("a fleet as of October 2025 rolled out for February 2026 gets the hotpatch its plan shows") {
  auto fleet_json = fleet_of({eligible_machine("a"), eligible_machine("b")});  // on KB5066835
  fleet_json["as_of"] = "2025-10-20";
  const auto path = write_temp("rollout_plan_fleet.json", fleet_json);

  const auto plan = run_cli("plan --fleet " + path + " --months 4 --json");
  REQUIRE(plan.exit_code == 0);
  const auto plan_doc = Json::parse(plan.out);
  CHECK(plan_doc["from"] == "2025-11");  // the first release after the inventory's day
  CHECK(plan_doc["as_of"] == "2025-10-20");
  CHECK(plan_doc["machines"][0]["months"][3]["month"] == "2026-02");
  CHECK(plan_doc["machines"][0]["months"][3]["offer"] == "hotpatch");

  const auto rollout = run_cli("rollout --fleet " + path + " --month 2026-02 --json");
  REQUIRE(rollout.exit_code == 0);
  const auto rollout_doc = Json::parse(rollout.out);
  std::size_t hotpatches = 0;
  for (const auto& batch : rollout_doc["batches"]) {
    hotpatches += batch["offers"]["hotpatch"].get<std::size_t>();
    CHECK(batch["offers"]["restarting"] == 0);
    CHECK(batch["end_utc"].get<std::string>() > batch["start_utc"].get<std::string>());
  }
  CHECK(hotpatches == 2);  // not the regular update it would get re-planned from the inventory alone

  const auto text = run_cli("rollout --fleet " + path + " --month 2026-02");
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("inventory as of 2025-10-20 (the fleet's as_of)") != std::string::npos);
  CHECK(text.out.find("hotpatch 1, no restart") != std::string::npos);
  CHECK(text.out.find("starts 2026-02-1") != std::string::npos);  // local start time with its offset

  const auto ics = run_cli("rollout --fleet " + path + " --month 2026-02 --ics");
  REQUIRE(ics.exit_code == 0);
  std::size_t events = 0;
  for (auto at = ics.out.find("BEGIN:VEVENT"); at != std::string::npos; at = ics.out.find("BEGIN:VEVENT", at + 1))
    ++events;
  CHECK(events == rollout_doc["batches"].size() + 2);  // one per batch, one per machine
  CHECK(ics.out.find("SUMMARY:Rollout 2026-02 batch 1") != std::string::npos);
  CHECK(ics.out.find("SUMMARY:a: rollout 2026-02 batch") != std::string::npos);
  CHECK(ics.out.find("DTSTART:" + rollout_doc["batches"][0]["start_utc"].get<std::string>().substr(0, 4)) !=
        std::string::npos);
}

TEST_CASE("rollout text: long machine lists are counted / a held phase is one line with its count") {
  Json machines = Json::array();
  for (int i = 0; i < 45; ++i) {
    auto m = eligible_machine(fmt::format("w{:02}", i));
    m["region"] = i < 20 ? "westeurope" : "northeurope";
    machines.push_back(m);
  }
  Json fleet_json{{"machines", machines},
                  {"regions", {{"westeurope", {{"pair", "northeurope"}}}, {"northeurope", {{"pair", "westeurope"}}}}},
                  {"as_of", "2026-04-20"}};
  const auto path = write_temp("rollout_plan_long.json", fleet_json);
  const auto failures = write_temp("rollout_plan_failures.json", Json{{"failed", {"w20"}}});  // northeurope: phase 1
  const auto text = run_cli("rollout --fleet " + path + " --month 2026-05 --failures " + failures);
  REQUIRE(text.exit_code == 0);
  // Northeurope's 25 go 12 at a time; the first batch has 11 healthy machines: ten listed.
  CHECK(text.out.find("machines (11): w21, w22, w23, w24, w25, w26, w27, w28, w29, w30, ... and 1 more") !=
        std::string::npos);
  const auto held = text.out.find("[held-by-failure] phase 2 is held");
  REQUIRE(held != std::string::npos);
  CHECK(text.out.find("[held-by-failure]", held + 1) == std::string::npos);  // one line
  CHECK(text.out.find(": 20 machines", held) != std::string::npos);
}

TEST_CASE("a month the inventory already reflects is an error naming the as_of / without as_of, today's") {
  auto fleet_json = fleet_of({eligible_machine("a")});
  fleet_json["as_of"] = "2025-10-20";
  const auto path = write_temp("rollout_plan_past.json", fleet_json);
  auto result = run_cli("rollout --fleet " + path + " --month 2025-10");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("--month") != std::string::npos);
  CHECK(result.err.find("2025-10-20") != std::string::npos);
  result = run_cli("plan --fleet " + path + " --from 2025-10");
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("--from") != std::string::npos);

  const auto undated = write_temp("rollout_plan_undated.json", fleet_of({eligible_machine("a")}));
  result = run_cli("rollout --fleet " + undated + " --month 2025-11");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("today") != std::string::npos);

  fleet_json["as_of"] = "2025-13-01";
  result = run_cli("rollout --fleet " + write_temp("rollout_plan_bad.json", fleet_json) + " --month 2026-01");
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("/as_of") != std::string::npos);
}

TEST_CASE("as_of decides the first planned month: a release on the inventory's day is installed") {
  CHECK(first_month_after(date::sys_days{date::year{2025} / date::October / 13}) == date::year{2025} / date::October);
  CHECK(first_month_after(date::sys_days{date::year{2025} / date::October / 14}) == kNovember2025);
  CHECK(first_month_after(date::sys_days{date::year{2025} / date::December / 31}) == date::year{2026} / date::January);
}

TEST_CASE("a plan from a later month than the as_of carries the months between: it equals the whole plan's tail") {
  auto off = eligible_machine("off");
  off["installed_kb"] = "KB5070881";  // off the chain until the January 2026 baseline
  off["build"] = "26100.6905";
  auto fleet = parse_fleet(fleet_of({eligible_machine("on"), off}));
  fleet.as_of = date::sys_days{date::year{2025} / date::October / 25};
  const auto whole = make_plan(fleet, CalendarSet::shipped(), kNovember2025, 6, {nullptr, nullptr, false, 1});
  const auto tail = make_plan(fleet, CalendarSet::shipped(), kFebruary2026, 3, {nullptr, nullptr, false, 1});
  REQUIRE(tail.from == kFebruary2026);
  for (std::size_t m = 0; m < fleet.machines.size(); ++m) {
    REQUIRE(tail.machines[m].steps.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(describe(tail.machines[m].steps[i]) == describe(whole.machines[m].steps[i + 3]));
      CHECK(tail.machines[m].steps[i].offer == whole.machines[m].steps[i + 3].offer);
    }
  }
  // Re-planned from the inventory alone, the off-chain machine would still get the regular update in February.
  CHECK(tail.machines[1].steps[0].offer == Offer::hotpatch);
}

TEST_CASE("rollout --catalog: a hotpatch month that restarts only for a .NET update restarts in the rollout too") {
  auto fleet_json = fleet_of({eligible_machine("a")});
  fleet_json["as_of"] = "2025-10-20";
  const auto fleet = parse_fleet(fleet_json);
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const auto policy = excluding_kb5070881();
  const auto plain = make_rollout(fleet, CalendarSet::shipped(), kNovember2025, {}, {});
  REQUIRE(plain.batches.size() == 1);
  CHECK(plain.batches[0].offers.hotpatch == 1);
  CHECK(plain.batches[0].offers.restarting == 0);
  const auto with_catalog =
      make_rollout(fleet, CalendarSet::shipped(), kNovember2025, {&catalog, &policy, false, 1}, {});
  REQUIRE(with_catalog.batches.size() == 1);
  CHECK(with_catalog.batches[0].offers.hotpatch == 1);
  CHECK(with_catalog.batches[0].offers.restarting == 1);  // .NET KB5071234, as plan --catalog says
  // A regular update's time: the .NET restart takes longer than the 15-minute hotpatch.
  CHECK(with_catalog.batches[0].end - with_catalog.batches[0].start == fleet.install_durations.lcu);
}

TEST_CASE("plan and rollout agree on every machine's month over generated fleets / with catalog restarts") {
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const Policy automatic = AutomaticByPlatform{};
  const Policy excluding = excluding_kb5070881();
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    FleetShape shape;
    shape.seed = seed;
    shape.machines = 300;
    shape.regions = 2 + seed;
    shape.zones_per_region = seed % 3;
    shape.ineligible = 0.2;
    shape.dependencies = 0.05;
    shape.time_zones = {"UTC", "Europe/Berlin", "Tokyo Standard Time", "America/New_York"};
    auto fleet = generate_fleet(shape);
    fleet.as_of = date::sys_days{date::year{2025} / date::October / 20};
    for (const Policy* policy : {static_cast<const Policy*>(nullptr), &automatic, &excluding}) {
      const PlanOptions options{policy ? &catalog : nullptr, policy, false, 1};
      const auto plan = make_plan(fleet, CalendarSet::shipped(), kNovember2025, 4, options);
      for (int i = 0; i < plan.months; ++i) {
        const auto month = kNovember2025 + date::months{i};
        CAPTURE(seed);
        CAPTURE(format_year_month(month));
        const auto rollout = make_rollout(fleet, CalendarSet::shipped(), month, options, {});
        for (const auto& c : rollout.checks) {
          INFO(c.rule << ": " << c.detail);
          CHECK(c.ok);
        }
        std::map<std::string, const PlanStep*> step_of;
        for (const auto& m : plan.machines) step_of[m.id] = &m.steps[static_cast<std::size_t>(i)];
        BatchOffers expected;
        for (const auto& b : rollout.batches) {
          for (const auto* list : {&b.machines, &b.failed}) {
            for (const auto& id : *list) {
              const auto& step = *step_of.at(id);
              CHECK(installs(step));
              expected.hotpatch += step.offer == Offer::hotpatch ? 1 : 0;
              expected.restarting += step.reboot ? 1 : 0;
            }
          }
        }
        std::size_t restarting = 0;
        std::size_t hotpatch = 0;
        for (const auto& b : rollout.batches) {
          restarting += b.offers.restarting;
          hotpatch += b.offers.hotpatch;
        }
        CHECK(restarting == expected.restarting);
        CHECK(hotpatch == expected.hotpatch);
        for (const auto& s : rollout.not_patched) {
          CHECK((s.reason == SkipReason::offer_none) == !installs(*step_of.at(s.id)));
        }
      }
    }
  }
}
