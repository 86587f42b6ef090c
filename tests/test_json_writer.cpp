// The streamed JSON text is byte for byte the Json value's dump(2): one
// serialiser, two writers (json_writer.hpp).
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "fleet_generator.hpp"
#include "hotplan/hotplan.hpp"
#include "hotplan/limits.hpp"
#include "plan_horizon.hpp"
#include "support.hpp"

using namespace hotplan;

namespace {

template <typename Write>
std::string streamed(Write&& write) {
  std::ostringstream out;
  write(out);
  return out.str();
}

}  // namespace

TEST_CASE("plan / calendar / check and windows text equal their Json values' dump(2)") {
  const auto fleet = load_fleet(test::source_path("data/examples/fleet.json"));
  const auto calendars = CalendarSet::shipped();
  const auto catalog = load_catalog(test::source_path("data/examples/catalog.json"));
  const auto policy = load_policy(std::string(kAutomaticByPlatform));
  for (const bool with_catalog : {false, true}) {
    CAPTURE(with_catalog);
    const auto plan = make_plan(fleet, calendars, date::year{2025} / date::October, 14,
                                {with_catalog ? &catalog : nullptr, with_catalog ? &policy : nullptr, true});
    CHECK(streamed([&](std::ostream& o) { write_plan_json(o, plan); }) == plan_to_json(plan).dump(2) + "\n");
  }
  const auto months = calendars[Product::ws2025].months(date::year{2025} / date::October, 24);
  CHECK(streamed([&](std::ostream& o) { write_calendar_json(o, Product::ws2025, months); }) ==
        calendar_to_json(Product::ws2025, months).dump(2) + "\n");
  CHECK(streamed([&](std::ostream& o) { write_check_json(o, fleet, calendars); }) ==
        check_to_json(fleet, calendars).dump(2) + "\n");
  const auto& zone = find_time_zone("Europe/Berlin", "tz");
  const auto windows = offpeak_windows(zone, {}, date::local_days{date::year{2026} / 3 / 27},
                                       date::local_days{date::year{2026} / 3 / 30});
  CHECK(streamed([&](std::ostream& o) { write_windows_json(o, zone.name(), windows); }) ==
        windows_to_json(zone.name(), windows).dump(2) + "\n");
  CHECK(streamed([&](std::ostream& o) { write_windows_json(o, "UTC", {}); }) ==
        windows_to_json("UTC", {}).dump(2) + "\n");
}

TEST_CASE("a plan written a slice at a time is the whole plan's text, and fails before writing anything") {
  const auto calendars = CalendarSet::shipped();
  const auto catalog = load_catalog(test::source_path("data/examples/catalog.json"));
  const auto policy = load_policy(std::string(kAutomaticByPlatform));
  // More machines than one slice, an unknown KB (the fleet-level warning comes
  // before the machines), several threads.
  FleetShape shape;
  shape.machines = kPlanSliceMachines * 2 + 17;
  shape.time_zones = {"Europe/Berlin", "Asia/Kolkata", "America/Sao_Paulo"};
  auto fleet = generate_fleet(shape);
  fleet.machines[kPlanSliceMachines + 3].installed_kb = *Kb::parse("KB5999999");
  fleet.as_of = date::sys_days{date::year{2025} / date::October / 25};
  for (const bool with_catalog : {false, true}) {
    CAPTURE(with_catalog);
    const PlanOptions options{with_catalog ? &catalog : nullptr, with_catalog ? &policy : nullptr, true, 2};
    const auto from = date::year{2026} / date::January;  // two months after the as_of
    const auto plan = make_plan(fleet, calendars, from, 6, options);
    REQUIRE(unknown_kb_summary(plan).has_value());
    CHECK(streamed([&](std::ostream& o) { write_plan_json(o, fleet, calendars, from, 6, options); }) ==
          plan_to_json(plan).dump(2) + "\n");
    CHECK(streamed([&](std::ostream& o) { write_plan_csv(o, fleet, calendars, from, 6, options); }) ==
          streamed([&](std::ostream& o) { write_plan_csv(o, plan); }));
  }
  const auto empty = make_plan(Fleet{}, calendars, date::year{2026} / date::November, 2);
  CHECK(streamed([&](std::ostream& o) {
          write_plan_json(o, Fleet{}, calendars, date::year{2026} / date::November, 2);
        }) == plan_to_json(empty).dump(2) + "\n");

  // Over the machine-month limit: the same error as make_plan's, and not a byte written.
  Fleet big;
  big.machines.assign(limits::kMaxPlanMachineMonths / 600 + 1, hotpatch_ready_machine("m"));
  std::ostringstream out;
  std::string expected;
  try {
    (void)plan_fleet(big, date::year{2030} / date::January, 600, calendars);
  } catch (const LimitError& e) {
    expected = e.what();
  }
  REQUIRE_FALSE(expected.empty());
  CHECK_THROWS_WITH_AS(write_plan_json(out, big, calendars, date::year{2030} / date::January, 600), expected.c_str(),
                       LimitError);
  CHECK(out.str().empty());
  // Before the fleet's as_of: make_plan's error, nothing written.
  std::string before;
  try {
    (void)make_plan(fleet, calendars, date::year{2025} / date::October, 2);
  } catch (const InputError& e) {
    before = e.what();
  }
  REQUIRE_FALSE(before.empty());
  CHECK_THROWS_WITH_AS(write_plan_csv(out, fleet, calendars, date::year{2025} / date::October, 2), before.c_str(),
                       InputError);
  CHECK(out.str().empty());
}

TEST_CASE("an unknown time zone of a machine built in code, past the first slice, fails before the first byte") {
  // A fleet built in code holds names, not resolved zones; every machine's zone is
  // resolved before any is planned, so a streamed plan never stops part way.
  FleetShape shape;
  shape.machines = kPlanSliceMachines + 40;
  auto fleet = generate_fleet(shape);
  const std::size_t bad = kPlanSliceMachines + 7;
  fleet.machines[bad].zone = nullptr;
  fleet.machines[bad].time_zone = "Mars/Olympus_Mons";
  const auto calendars = CalendarSet::shipped();
  const auto from = date::year{2026} / date::January;
  const auto expected_where = "/machines/" + std::to_string(bad) + "/time_zone";
  for (const unsigned threads : {1U, 2U}) {
    CAPTURE(threads);
    const PlanOptions options{nullptr, nullptr, true, threads};
    std::ostringstream out;
    try {
      write_plan_json(out, fleet, calendars, from, 3, options);
      FAIL("no error");
    } catch (const InputError& e) {
      CHECK(e.path() == expected_where);
    }
    CHECK(out.str().empty());
    int slices = 0;
    CHECK_THROWS_AS(
        make_plan_in_slices(fleet, calendars, from, 3, options, kPlanSliceMachines, [&](FleetPlan&&) { ++slices; }),
        InputError);
    CHECK(slices == 0);
    CHECK_THROWS_AS((void)make_plan(fleet, calendars, from, 3, options), InputError);
  }
}

TEST_CASE("strings are escaped as nlohmann escapes them: quotes / backslashes / controls / UTF-8 as is") {
  auto machine = test::eligible_machine("m");
  machine["installed_kb"] = "KB5999999";
  auto fleet = parse_fleet(test::fleet_of({machine}));
  // A fleet built in code may hold what a fleet file may not.
  fleet.machines[0].id = "a \"quoted\" \\ id\t\x01 café ✓";
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2026} / date::November, 2);
  const auto text = streamed([&](std::ostream& o) { write_plan_json(o, plan); });
  CHECK(text == plan_to_json(plan).dump(2) + "\n");
  CHECK(text.find(R"("a \"quoted\" \\ id\t\u0001 café ✓")") != std::string::npos);
  // An empty fleet: empty arrays print as [].
  const auto empty = make_plan(Fleet{}, CalendarSet::shipped(), date::year{2026} / date::November, 2);
  CHECK(streamed([&](std::ostream& o) { write_plan_json(o, empty); }) == plan_to_json(empty).dump(2) + "\n");
}

TEST_CASE("every length and every position of a character to escape is written as dump(2) writes it") {
  // The text writer checks and copies eight bytes at a time, a short string's
  // bytes as overlapping halves or ends: a character to escape at any position
  // of strings of 0 to 24 bytes, alone and beside another.
  int checked = 0;
  for (std::size_t length = 0; length <= 24; ++length) {
    const std::string plain(length, 'a');
    CHECK(streamed([&](std::ostream& o) { write_windows_json(o, plain, {}); }) ==
          windows_to_json(plain, {}).dump(2) + "\n");
    for (std::size_t at = 0; at < length; ++at) {
      for (const char special : {'"', '\\', '\0', '\x01', '\t', '\x1f', ' ', '\x7f'}) {
        for (const bool beside : {false, true}) {
          auto text = plain;
          text[at] = special;
          if (beside && at + 1 < length) text[at + 1] = '\n';
          CAPTURE(length);
          CAPTURE(at);
          CAPTURE(static_cast<int>(special));
          CHECK(streamed([&](std::ostream& o) { write_windows_json(o, text, {}); }) ==
                windows_to_json(text, {}).dump(2) + "\n");
          ++checked;
        }
      }
    }
  }
  CHECK(checked == 2 * 8 * (24 * 25 / 2));
  // UTF-8 as is, in every position of the last word.
  for (std::size_t at = 0; at < 12; ++at) {
    std::string text(12, 'b');
    text.replace(at, 1, "\u00e9");
    CHECK(streamed([&](std::ostream& o) { write_windows_json(o, text, {}); }) ==
          windows_to_json(text, {}).dump(2) + "\n");
  }
}

TEST_CASE("rollout and classify text equal their Json values' dump(2)") {
  const auto calendars = CalendarSet::shipped();
  const auto catalog = load_catalog(test::source_path("data/examples/catalog.json"));
  const auto policy = load_policy(std::string(kAutomaticByPlatform));
  // A generated fleet with zones, availability sets, dependencies and ineligible
  // machines, two failed updates (stopped sets, held phases), with and without a catalog.
  FleetShape shape;
  shape.machines = 3000;
  shape.dependencies = 0.01;
  shape.time_zones = {"Europe/Berlin", "America/New_York", "Asia/Kolkata"};
  const auto generated = generate_fleet(shape);
  RolloutOptions failing;
  failing.failed = {generated.machines[7].id, generated.machines[2000].id};
  const auto example = load_fleet(test::source_path("data/examples/fleet.json"));
  for (const bool with_catalog : {false, true}) {
    CAPTURE(with_catalog);
    const PlanOptions options{with_catalog ? &catalog : nullptr, with_catalog ? &policy : nullptr, true, 1};
    for (const auto* fleet : {&example, &generated}) {
      const auto rollout = make_rollout(*fleet, calendars, date::year{2025} / date::November, options,
                                        fleet == &generated ? failing : RolloutOptions{});
      CHECK(!rollout.batches.empty());
      CHECK(streamed([&](std::ostream& o) { write_rollout_json(o, rollout); }) ==
            rollout_to_json(rollout).dump(2) + "\n");
    }
  }
  CHECK(streamed([&](std::ostream& o) { write_rollout_json(o, Rollout{}); }) ==
        rollout_to_json(Rollout{}).dump(2) + "\n");

  for (const auto* name : {"automatic-by-platform", "data/examples/policies/maintenance-configuration.json",
                           "data/examples/policies/patch-baseline.json"}) {
    CAPTURE(name);
    const std::string path = std::string(name).find('/') == std::string::npos ? name : test::source_path(name);
    const auto each_policy = load_policy(path);
    ClassifyRequest request;
    request.month = date::year{2025} / date::November;
    request.fleet = &example;
    request.machine_id = example.machines.front().id;
    for (const bool with_machine : {false, true}) {
      CAPTURE(with_machine);
      if (!with_machine) {
        request.fleet = nullptr;
        request.machine_id.reset();
      }
      const auto result = classify_request(catalog, each_policy, request, calendars).result;
      CHECK(streamed([&](std::ostream& o) { write_classify_json(o, result); }) ==
            classify_to_json(result).dump(2) + "\n");
    }
  }
  CHECK(streamed([&](std::ostream& o) { write_classify_json(o, ClassifyResult{}); }) ==
        classify_to_json(ClassifyResult{}).dump(2) + "\n");
}

TEST_CASE("rollout and classify --json from the CLI are the library's Json values") {
  const auto fleet_path = test::source_path("data/examples/fleet.json");
  const auto catalog_path = test::source_path("data/examples/catalog.json");
  // Dated, and one machine's update failing: batches, failures and machines not patched.
  auto document = load_json_file(fleet_path);
  document["as_of"] = "2025-10-25";
  const auto fleet = parse_fleet(document);
  const std::string dated = "/tmp/hotplan-test-json-writer-fleet.json";
  const std::string failures = "/tmp/hotplan-test-json-writer-failures.json";
  std::ofstream(dated) << document.dump();
  std::ofstream(failures) << Json{{"failed", {fleet.machines.front().id}}}.dump();
  const auto rollout =
      test::run_cli("rollout --fleet " + dated + " --month 2025-11 --failures " + failures + " --json");
  std::remove(dated.c_str());
  std::remove(failures.c_str());
  REQUIRE(rollout.exit_code == 0);
  RolloutOptions failing;
  failing.failed = {fleet.machines.front().id};
  CHECK(rollout.out ==
        rollout_to_json(make_rollout(fleet, CalendarSet::shipped(), date::year{2025} / date::November, {}, failing))
                .dump(2) +
            "\n");
  const auto classify =
      test::run_cli("classify --catalog " + catalog_path + " --policy automatic-by-platform --month 2025-11 --json");
  REQUIRE(classify.exit_code == 0);
  ClassifyRequest request;
  request.month = date::year{2025} / date::November;
  CHECK(classify.out ==
        classify_to_json(classify_request(load_catalog(catalog_path), load_policy(std::string(kAutomaticByPlatform)),
                                          request, CalendarSet::shipped())
                             .result)
                .dump(2) +
            "\n");
}

TEST_CASE("plan --json from the CLI is the library's Json value") {
  const auto result = test::run_cli("plan --fleet " + test::source_path("data/examples/fleet.json") +
                                    " --from 2025-10 --months 12 --json");
  REQUIRE(result.exit_code == 0);
  const auto fleet = load_fleet(test::source_path("data/examples/fleet.json"));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::October, 12);
  CHECK(result.out == plan_to_json(plan).dump(2) + "\n");
}

TEST_CASE("printing without iostreams: dates, instants, local times, KBs and builds as fmt and date print them") {
  // The reference forms the digit writers replaced (civil.hpp, zones.cpp, kb.hpp, build.hpp).
  const auto reference_utc = [](date::sys_seconds t) {
    const auto day = date::floor<date::days>(t);
    const date::hh_mm_ss time{t - day};
    const date::year_month_day ymd{day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count());
  };
  const auto reference_local = [](const ZonedInstant& z) {
    const auto offset = z.offset.count();
    const auto magnitude = offset < 0 ? -offset : offset;
    auto text = fmt::format("{}{}{:02}:{:02}", date::format("%FT%T", z.local()), offset < 0 ? '-' : '+',
                            magnitude / 3600, magnitude / 60 % 60);
    if (magnitude % 60 != 0) text += fmt::format(":{:02}", magnitude % 60);
    return text;
  };
  for (const date::sys_seconds t :
       {date::sys_seconds{}, date::sys_seconds{date::sys_days{date::year{2026} / 3 / 29} + std::chrono::seconds{3599}},
        date::sys_seconds{date::sys_days{date::year{2099} / 12 / 31} + std::chrono::seconds{86399}},
        date::sys_seconds{date::sys_days{date::year{2100} / 1 / 1} + std::chrono::hours{23}}}) {
    CHECK(format_utc(t) == reference_utc(t));
    for (const auto offset : {0, 3600, -3600, 19800, -16200, -2670, 45900, 50400, -43200}) {
      const ZonedInstant z{t, std::chrono::seconds{offset}};
      CHECK(format_local(z) == reference_local(z));
    }
  }
  CHECK(format_year_month(date::year{1970} / date::January) == "1970-01");
  CHECK(format_date(date::year{2100} / 12 / 31) == "2100-12-31");
  // Africa/Monrovia ran 44 min 30 s behind UTC until 1972: offsets keep their seconds.
  const auto& monrovia = find_time_zone("Africa/Monrovia", "tz");
  CHECK(format_local(monrovia.zoned(date::sys_days{date::year{1971} / 6 / 1})) == "1971-05-31T23:15:30-00:44:30");
  CHECK(Kb::parse("KB5066835")->str() == "KB5066835");
  CHECK(Kb::parse("kb0123456")->str() == "KB0123456");
  CHECK(Kb::parse("KB000000")->str() == "KB000000");
  CHECK(Kb::parse("KB99999999")->str() == "KB99999999");
  CHECK(Build::parse("26100.6899")->str() == "26100.6899");
  CHECK(Build::parse("0.0")->str() == "0.0");
  CHECK(Build::parse("999999999.999999999")->str() == "999999999.999999999");
}
