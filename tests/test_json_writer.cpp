// The streamed JSON text is byte for byte the Json value's dump(2): one
// serialiser, two writers (json_writer.hpp).
#include <doctest/doctest.h>

#include <sstream>

#include "hotplan/hotplan.hpp"
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

TEST_CASE("plan --json from the CLI is the library's Json value") {
  const auto result = test::run_cli("plan --fleet " + test::source_path("data/examples/fleet.json") +
                                    " --from 2025-10 --months 12 --json");
  REQUIRE(result.exit_code == 0);
  const auto fleet = load_fleet(test::source_path("data/examples/fleet.json"));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::October, 12);
  CHECK(result.out == plan_to_json(plan).dump(2) + "\n");
}
