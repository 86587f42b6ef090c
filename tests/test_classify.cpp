#include <doctest/doctest.h>

#include <set>

#include "plan_horizon.hpp"
#include "support.hpp"

using namespace hotplan;
using hotplan::test::eligible_machine;
using hotplan::test::fleet_of;
using hotplan::test::run_cli;
using hotplan::test::source_path;

namespace {

Kb kb(const char* text) { return *Kb::parse(text); }
date::sys_days day(int y, unsigned m, unsigned d) { return date::sys_days{date::year{y} / m / d}; }

CatalogUpdate make(const char* id, UpdateCategory category, RebootBehaviour reboot = RebootBehaviour::never,
                   std::vector<Kb> supersedes = {}, std::vector<Kb> prerequisites = {},
                   date::sys_days released = day(2025, 11, 11)) {
  return {kb(id),   "t",    {Product::ws2025},     UpdateClassification::security, Severity::important, category,
          released, reboot, std::move(supersedes), std::move(prerequisites)};
}

ClassifyOptions options_at(date::sys_days as_of) {
  return ClassifyOptions{as_of, std::nullopt, std::nullopt, nullptr, CalendarSet::shipped()};
}

const ApprovedUpdate* approved(const ClassifyResult& r, const char* id) {
  for (const auto& a : r.approved) {
    if (a.kb == kb(id)) return &a;
  }
  return nullptr;
}
const SkippedUpdate* skipped(const ClassifyResult& r, const char* id) {
  for (const auto& s : r.skipped) {
    if (s.kb == kb(id)) return &s;
  }
  return nullptr;
}

const Policy kAuto = AutomaticByPlatform{};

// The example machine's trajectory for one month.
TrajectoryStep step_for(const Json& machine, date::year_month month) {
  const auto fleet = parse_fleet(fleet_of({machine}));
  return plan_machine(fleet.machines.front(), PlanHorizon(Calendar::shipped(Product::ws2025), month, 1)).steps.front();
}

}  // namespace

TEST_CASE("only the newest of a supersedence chain installs / the others name it") {
  const Catalog catalog({make("KB5000003", UpdateCategory::dotnet, RebootBehaviour::never, {kb("KB5000002")}),
                         make("KB5000002", UpdateCategory::dotnet, RebootBehaviour::never, {kb("KB5000001")}),
                         make("KB5000001", UpdateCategory::dotnet)});
  const auto r = classify(catalog, kAuto, options_at(day(2025, 11, 30)));
  REQUIRE(r.approved.size() == 1);
  CHECK(r.approved[0].kb == kb("KB5000003"));
  REQUIRE(skipped(r, "KB5000001"));
  CHECK(skipped(r, "KB5000001")->code == SkipCode::superseded);
  CHECK(skipped(r, "KB5000001")->reason.find("KB5000003") != std::string::npos);
  CHECK(skipped(r, "KB5000002")->reason.find("KB5000003") != std::string::npos);
}

TEST_CASE("a superseded update installs when what supersedes it is not applicable") {
  // KB5000002 supersedes KB5000001 but is released after the as-of day.
  const Catalog catalog(
      {make("KB5000002", UpdateCategory::dotnet, RebootBehaviour::never, {kb("KB5000001")}, {}, day(2025, 12, 9)),
       make("KB5000001", UpdateCategory::dotnet)});
  const auto r = classify(catalog, kAuto, options_at(day(2025, 11, 30)));
  CHECK(approved(r, "KB5000001"));
  REQUIRE(skipped(r, "KB5000002"));
  CHECK(skipped(r, "KB5000002")->code == SkipCode::not_released);
}

TEST_CASE("install order: prerequisites first / servicing stack first / otherwise catalog order") {
  const Catalog catalog(
      {make("KB5000010", UpdateCategory::dotnet),
       make("KB5000011", UpdateCategory::os_cumulative, RebootBehaviour::always, {}, {kb("KB5000013")}),
       make("KB5000012", UpdateCategory::driver), make("KB5000013", UpdateCategory::other),
       make("KB5000014", UpdateCategory::ssu)});
  const auto r = classify(catalog, kAuto, options_at(day(2025, 11, 30)));
  std::vector<std::string> order;
  for (const auto& a : r.approved) order.push_back(a.kb.str());
  CHECK(order == std::vector<std::string>{"KB5000014", "KB5000010", "KB5000013", "KB5000011", "KB5000012"});
  for (std::size_t i = 0; i < r.approved.size(); ++i) CHECK(r.approved[i].order == static_cast<int>(i) + 1);
}

TEST_CASE("a missing prerequisite holds the dependent back / and what depends on it") {
  const Catalog catalog(
      {make("KB5000020", UpdateCategory::os_cumulative, RebootBehaviour::always, {}, {kb("KB4999999")}),
       make("KB5000021", UpdateCategory::dotnet, RebootBehaviour::may, {}, {kb("KB5000020")}),
       make("KB5000022", UpdateCategory::other, RebootBehaviour::never, {}, {kb("KB5000023")}),
       {kb("KB5000023"),
        "tools",
        {Product::ws2025},
        UpdateClassification::tools,
        Severity::low,
        UpdateCategory::other,
        day(2025, 11, 11),
        RebootBehaviour::never,
        {},
        {}}});
  const auto r = classify(catalog, kAuto, options_at(day(2025, 11, 30)));
  CHECK(r.approved.empty());
  REQUIRE(skipped(r, "KB5000020"));
  CHECK(skipped(r, "KB5000020")->code == SkipCode::missing_prerequisite);
  CHECK(skipped(r, "KB5000020")->reason.find("KB4999999, which is not in the catalog") != std::string::npos);
  CHECK(skipped(r, "KB5000021")->code == SkipCode::missing_prerequisite);
  CHECK(skipped(r, "KB5000021")->reason.find("KB5000020") != std::string::npos);
  // a prerequisite the policy skips
  CHECK(skipped(r, "KB5000022")->reason.find("KB5000023, which is not installed (Tools updates") != std::string::npos);
  CHECK_FALSE(r.reboot);
}

TEST_CASE("a superseded prerequisite is satisfied by the update that supersedes it") {
  const Catalog catalog(
      {make("KB5000031", UpdateCategory::ssu, RebootBehaviour::never, {kb("KB5000030")}),
       make("KB5000030", UpdateCategory::ssu),
       make("KB5000032", UpdateCategory::os_cumulative, RebootBehaviour::always, {}, {kb("KB5000030")})});
  const auto r = classify(catalog, kAuto, options_at(day(2025, 11, 30)));
  REQUIRE(approved(r, "KB5000031"));
  REQUIRE(approved(r, "KB5000032"));
  CHECK(approved(r, "KB5000031")->order < approved(r, "KB5000032")->order);
}

TEST_CASE("every entry of the example catalog appears exactly once / under every policy and month") {
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const std::vector<Policy> policies = {
      AutomaticByPlatform{}, load_policy(source_path("data/examples/policies/maintenance-configuration.json")),
      load_policy(source_path("data/examples/policies/patch-baseline.json"))};
  for (const auto& policy : policies) {
    for (int m = 0; m < 12; ++m) {
      const auto month = date::year{2025} / date::October + date::months{m};
      const auto r = classify(catalog, policy,
                              {last_day_of_cycle(month), month, Product::ws2025, nullptr, CalendarSet::shipped()});
      std::multiset<std::uint32_t> seen;
      for (const auto& a : r.approved) seen.insert(a.kb.number());
      for (const auto& s : r.skipped) seen.insert(s.kb.number());
      CHECK(seen.size() == catalog.size());
      for (const auto& u : catalog.updates()) CHECK(seen.count(u.kb.number()) == 1);
    }
  }
}

TEST_CASE("release cycle: a month holds updates from its Patch Tuesday up to the next one") {
  const Catalog catalog({make("KB5000040", UpdateCategory::other, RebootBehaviour::never, {}, {}, day(2025, 11, 10)),
                         make("KB5000041", UpdateCategory::other, RebootBehaviour::never, {}, {}, day(2025, 11, 11)),
                         make("KB5000042", UpdateCategory::other, RebootBehaviour::never, {}, {}, day(2025, 12, 8)),
                         make("KB5000043", UpdateCategory::other, RebootBehaviour::never, {}, {}, day(2025, 12, 9))});
  const auto nov = date::year{2025} / date::November;
  const auto r = classify(catalog, kAuto, {last_day_of_cycle(nov), nov, std::nullopt, nullptr, CalendarSet::shipped()});
  CHECK(skipped(r, "KB5000040")->code == SkipCode::other_cycle);  // October's cycle
  CHECK(approved(r, "KB5000041"));
  CHECK(approved(r, "KB5000042"));
  CHECK(skipped(r, "KB5000043")->code == SkipCode::other_cycle);
}

TEST_CASE("an update for another product is skipped for this machine") {
  auto other = make("KB5000050", UpdateCategory::other);
  other.products = {Product::ws2022_azure_edition};
  const Catalog catalog({other});
  auto options = options_at(day(2025, 11, 30));
  options.product = Product::ws2025;
  const auto r = classify(catalog, kAuto, options);
  REQUIRE(skipped(r, "KB5000050"));
  CHECK(skipped(r, "KB5000050")->code == SkipCode::product);
}

TEST_CASE("hotpatch month: a .NET update that may restart restarts the machine and is named") {
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const auto nov = date::year{2025} / date::November;
  const auto step = step_for(eligible_machine("m1"), nov);
  REQUIRE(step.offer == Offer::hotpatch);
  const auto r =
      classify(catalog, kAuto, {last_day_of_cycle(nov), nov, Product::ws2025, &step, CalendarSet::shipped()});
  CHECK(r.reboot);
  REQUIRE(r.restart_causes.size() == 1);
  CHECK(r.restart_causes[0].kb == kb("KB5071234"));
  CHECK(r.restart_causes[0].text == "KB5071234 (.NET, may restart)");
  // the hotpatch is what the machine installs; the month's LCU is not offered to it
  CHECK(approved(r, "KB5068966"));
  REQUIRE(skipped(r, "KB5068861"));
  CHECK(skipped(r, "KB5068861")->code == SkipCode::not_offered);
}

TEST_CASE("hotpatch month: without restarting updates there is no restart") {
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const auto nov = date::year{2025} / date::November;
  const auto step = step_for(eligible_machine("m1"), nov);
  MaintenanceConfiguration no_restarts;
  no_restarts.classifications = {UpdateClassification::critical, UpdateClassification::security};
  no_restarts.exclude_reboot_required = true;
  const auto r =
      classify(catalog, no_restarts, {last_day_of_cycle(nov), nov, Product::ws2025, &step, CalendarSet::shipped()});
  CHECK_FALSE(r.reboot);
  CHECK(r.restart_causes.empty());
  CHECK(approved(r, "KB5068966"));
  CHECK(skipped(r, "KB5071234")->code == SkipCode::policy);
}

TEST_CASE("a driver that always restarts restarts a hotpatch month under a policy that approves it") {
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const auto may = date::year{2026} / date::May;
  auto machine = eligible_machine("m1");
  machine["installed_kb"] = "KB5082063";
  machine["build"] = "26100.32690";
  const auto step = step_for(machine, may);
  REQUIRE(step.offer == Offer::hotpatch);
  MaintenanceConfiguration mc;
  mc.classifications = {UpdateClassification::updates};
  const auto r = classify(catalog, mc, {last_day_of_cycle(may), may, Product::ws2025, &step, CalendarSet::shipped()});
  CHECK(r.reboot);
  REQUIRE(r.restart_causes.size() == 1);
  CHECK(r.restart_causes[0].text == "KB5087510 (driver, always restarts)");
}

TEST_CASE("reboot setting Never leaves restarts pending / Always restarts") {
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const auto nov = date::year{2025} / date::November;
  const auto step = step_for(eligible_machine("m1"), nov);
  MaintenanceConfiguration mc;
  mc.classifications = {UpdateClassification::critical, UpdateClassification::security};
  mc.reboot = RebootSetting::never;
  const auto never =
      classify(catalog, mc, {last_day_of_cycle(nov), nov, Product::ws2025, &step, CalendarSet::shipped()});
  CHECK_FALSE(never.reboot);
  CHECK_FALSE(never.warnings.empty());
  mc.reboot = RebootSetting::always;
  mc.classifications = {UpdateClassification::definition};
  const auto always =
      classify(catalog, mc, {last_day_of_cycle(nov), nov, Product::ws2025, &step, CalendarSet::shipped()});
  CHECK(always.reboot);
  CHECK(always.restart_causes.empty());
}

TEST_CASE("chain guard: the October 2025 OOBs / KB5070881 flagged and KB5070893 not") {
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const auto oct = date::year{2025} / date::October;
  const auto step = step_for(eligible_machine("m1"), oct);
  const auto r =
      classify(catalog, kAuto, {last_day_of_cycle(oct), oct, Product::ws2025, &step, CalendarSet::shipped()});
  REQUIRE(approved(r, "KB5070881"));
  REQUIRE(approved(r, "KB5070893"));
  CHECK(r.chain_breakers == std::vector<Kb>{kb("KB5070881")});
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("exclude KB5070881") != std::string::npos);

  // The example maintenance configuration excludes it: no warning.
  const auto mc = load_policy(source_path("data/examples/policies/maintenance-configuration.json"));
  const auto guarded =
      classify(catalog, mc, {last_day_of_cycle(oct), oct, Product::ws2025, &step, CalendarSet::shipped()});
  CHECK(guarded.chain_breakers.empty());
  CHECK(skipped(guarded, "KB5070881")->reason.find("exclude_kbs") != std::string::npos);
}

TEST_CASE("chain guard: an unknown OOB cumulative update is not trusted / a machine off the chain is not warned") {
  const Catalog catalog(
      {make("KB5999999", UpdateCategory::os_cumulative, RebootBehaviour::always, {}, {}, day(2025, 11, 20))});
  const auto nov = date::year{2025} / date::November;
  const auto on_chain = step_for(eligible_machine("m1"), nov);
  const auto r =
      classify(catalog, kAuto, {last_day_of_cycle(nov), nov, Product::ws2025, &on_chain, CalendarSet::shipped()});
  CHECK(r.chain_breakers == std::vector<Kb>{kb("KB5999999")});
  auto off = eligible_machine("m2");
  off["installed_kb"] = "KB5070881";
  off["build"] = "26100.6905";
  const auto off_chain = step_for(off, nov);
  REQUIRE(off_chain.offer == Offer::lcu);
  const auto r2 =
      classify(catalog, kAuto, {last_day_of_cycle(nov), nov, Product::ws2025, &off_chain, CalendarSet::shipped()});
  CHECK(r2.chain_breakers.empty());
  CHECK(r2.reboot);
}

TEST_CASE("plan --catalog: a hotpatch month restarts for .NET / its reason names the KB / restarts recounted") {
  const auto fleet = parse_fleet(fleet_of({eligible_machine("m1")}));
  const auto without = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::November, 2);
  const int before = without.machines[0].restarts;
  CHECK_FALSE(without.machines[0].steps[0].reboot);
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const auto plan =
      make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::November, 2, {&catalog, &kAuto, true, 1});
  const auto& nov = plan.machines[0].steps[0];
  CHECK(nov.reboot);
  CHECK(describe(nov).find("; restart for KB5071234 (.NET, may restart)") != std::string::npos);
  CHECK(plan.machines[0].restarts == before + 2);  // November and December (.NET KB5072200)
  CHECK(plan.machines[0].restart_months == 2);
  const auto json = plan_to_json(plan);
  CHECK(json["machines"][0]["months"][0]["reboot"] == true);
}

TEST_CASE("classify --json through the CLI: approved / skipped / reboot / reboot_kbs / warnings") {
  const auto r = run_cli("classify --catalog " + source_path("data/examples/catalog.json") +
                         " --policy automatic-by-platform --fleet " + source_path("data/examples/fleet.json") +
                         " --machine az-web-01 --month 2025-11 --json");
  REQUIRE(r.exit_code == 0);
  const auto json = Json::parse(r.out);
  CHECK(json["reboot"] == true);
  CHECK(json["reboot_kbs"] == Json::array({"KB5071234"}));
  CHECK(json["approved"][0]["kb"] == "KB5068780");
  CHECK(json["approved"][0]["order"] == 1);
  CHECK(json["approved"].size() + json["skipped"].size() ==
        load_catalog(source_path("data/examples/catalog.json")).size());
  CHECK(json.contains("warnings"));
}

TEST_CASE("classify_request: a machine's product and month offer decide - bad requests name the argument") {
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const auto fleet = load_fleet(source_path("data/examples/fleet.json"));
  const Policy policy = AutomaticByPlatform{};
  ClassifyRequest request;
  request.fleet = &fleet;
  request.machine_id = "az-app-2022";
  request.as_of = date::sys_days{date::year{2025} / date::November / 20};
  const auto outcome = classify_request(catalog, policy, request, CalendarSet::shipped());
  REQUIRE(outcome.machine);
  CHECK(outcome.month == date::year{2025} / date::November);  // the as-of day's release cycle
  CHECK(std::any_of(outcome.result.skipped.begin(), outcome.result.skipped.end(),
                    [](const SkippedUpdate& s) { return s.code == SkipCode::product; }));

  request.machine_id = "nope";
  CHECK_THROWS_WITH_AS(static_cast<void>(classify_request(catalog, policy, request, CalendarSet::shipped())),
                       doctest::Contains("no machine \"nope\" in the fleet"), InputError);
  request.machine_id.reset();
  try {
    static_cast<void>(classify_request(catalog, policy, request, CalendarSet::shipped()));
    FAIL("expected InputError");
  } catch (const InputError& e) {
    CHECK(e.path() == "machine");
  }
}
