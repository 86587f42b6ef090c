// Zone resolution (IANA and Windows ids) and the three-way civil lookup.
#include <date/tz.h>
#include <doctest/doctest.h>

#include <thread>

#include "support.hpp"

using namespace hotplan;
using namespace std::chrono_literals;
using Kind = CivilLookup::Kind;

namespace {

date::sys_seconds utc(int y, unsigned m, unsigned d, std::chrono::minutes t) {
  return date::sys_days{date::year{y} / m / d} + t;
}
date::local_seconds local(int y, unsigned m, unsigned d, std::chrono::minutes t) {
  return date::local_days{date::year{y} / m / d} + t;
}
const TimeZone& zone(std::string_view name) { return find_time_zone(name, "test"); }

void check_skipped(std::string_view name, date::local_seconds l, date::sys_seconds transition) {
  CAPTURE(name);
  const auto r = zone(name).lookup(l);
  CHECK(r.kind == Kind::skipped);
  CHECK(r.trans == transition);
  CHECK(r.post < r.trans);
  CHECK(r.trans <= r.pre);
  CHECK(window_start_instant(r).utc == transition);
  CHECK(window_end_instant(r).utc == transition);
  CHECK(window_start_instant(r).offset == r.offset_after);
}

void check_repeated(std::string_view name, date::local_seconds l, date::sys_seconds earlier, date::sys_seconds later) {
  CAPTURE(name);
  const auto r = zone(name).lookup(l);
  CHECK(r.kind == Kind::repeated);
  CHECK(r.pre == earlier);
  CHECK(r.post == later);
  CHECK(window_start_instant(r).utc == earlier);  // ambiguous start: the earlier instant
  CHECK(window_end_instant(r).utc == later);      // ambiguous end: the later instant
}

}  // namespace

TEST_CASE("one-hour changes: Europe/Berlin and America/New_York") {
  check_skipped("Europe/Berlin", local(2026, 3, 29, 2h + 30min), utc(2026, 3, 29, 1h));
  check_repeated("Europe/Berlin", local(2026, 10, 25, 2h + 30min), utc(2026, 10, 25, 30min),
                 utc(2026, 10, 25, 1h + 30min));
  check_skipped("America/New_York", local(2026, 3, 8, 2h + 30min), utc(2026, 3, 8, 7h));
  check_repeated("America/New_York", local(2026, 11, 1, 1h + 30min), utc(2026, 11, 1, 5h + 30min),
                 utc(2026, 11, 1, 6h + 30min));
  const auto unique = zone("Europe/Berlin").lookup(local(2026, 7, 1, 12h));
  CHECK(unique.kind == Kind::unique);
  CHECK(unique.pre == utc(2026, 7, 1, 10h));
  CHECK(unique.offset_before == 2h);
}

TEST_CASE("thirty-minute changes: Australia/Lord_Howe") {
  // +10:30 -> +11:00 at 02:00 local on the first Sunday of October.
  check_skipped("Australia/Lord_Howe", local(2026, 10, 4, 2h + 15min), utc(2026, 10, 3, 15h + 30min));
  // +11:00 -> +10:30 at 02:00 local on the first Sunday of April: 01:30-02:00 repeats.
  check_repeated("Australia/Lord_Howe", local(2026, 4, 5, 1h + 45min), utc(2026, 4, 4, 14h + 45min),
                 utc(2026, 4, 4, 15h + 15min));
}

TEST_CASE("negative daylight saving: Europe/Dublin (IST is standard / GMT is the winter offset)") {
  check_skipped("Europe/Dublin", local(2026, 3, 29, 1h + 30min), utc(2026, 3, 29, 1h));
  check_repeated("Europe/Dublin", local(2026, 10, 25, 1h + 30min), utc(2026, 10, 25, 30min),
                 utc(2026, 10, 25, 1h + 30min));
}

TEST_CASE("irregular changes: Africa/Casablanca around Ramadan") {
  // +01 -> +00 at 03:00 on 2026-02-15, back to +01 at 02:00 on 2026-03-22.
  check_repeated("Africa/Casablanca", local(2026, 2, 15, 2h + 30min), utc(2026, 2, 15, 1h + 30min),
                 utc(2026, 2, 15, 2h + 30min));
  check_skipped("Africa/Casablanca", local(2026, 3, 22, 2h + 30min), utc(2026, 3, 22, 2h));
}

TEST_CASE("southern hemisphere: Australia/Sydney and America/Santiago") {
  check_repeated("Australia/Sydney", local(2026, 4, 5, 2h + 30min), utc(2026, 4, 4, 15h + 30min),
                 utc(2026, 4, 4, 16h + 30min));
  check_skipped("Australia/Sydney", local(2026, 10, 4, 2h + 30min), utc(2026, 10, 3, 16h));
  // Santiago changes at midnight: 24:00 -> 23:00 in April, 00:00 -> 01:00 in September.
  check_repeated("America/Santiago", local(2026, 4, 4, 23h + 30min), utc(2026, 4, 5, 2h + 30min),
                 utc(2026, 4, 5, 3h + 30min));
  check_skipped("America/Santiago", local(2026, 9, 6, 30min), utc(2026, 9, 6, 4h));
}

TEST_CASE("zones without daylight saving: Asia/Tokyo and Asia/Kolkata") {
  for (const auto& zone_offset : {std::pair{"Asia/Tokyo", std::chrono::seconds{9h}},
                                  std::pair{"Asia/Kolkata", std::chrono::seconds{5h + 30min}}}) {
    // Named copies, not structured bindings: doctest's CAPTURE is a lambda.
    const char* name = zone_offset.first;
    const auto offset = zone_offset.second;
    CAPTURE(name);
    CHECK(zone(name).transitions().empty());
    for (unsigned m = 1; m <= 12; ++m) {
      const auto r = zone(name).lookup(local(2026, m, 1, 2h + 30min));
      CHECK(r.kind == Kind::unique);
      CHECK(r.pre == utc(2026, m, 1, 2h + 30min) - offset);
    }
  }
  CHECK(format_local(zone("Asia/Kolkata").zoned(utc(2026, 1, 1, 0min))) == "2026-01-01T05:30:00+05:30");
  CHECK(format_local(zone("America/New_York").zoned(utc(2026, 1, 1, 0min))) == "2025-12-31T19:00:00-05:00");
}

TEST_CASE("daylight saving continues past 2037 (POSIX rule of the TZif file)") {
  CHECK(zone("America/New_York").offset_at(utc(2090, 7, 1, 0min)) == -4h);
  CHECK(zone("America/New_York").offset_at(utc(2090, 1, 1, 0min)) == -5h);
  CHECK(zone("Europe/Dublin").offset_at(utc(2050, 7, 1, 0min)) == 1h);
  CHECK(zone("Europe/Dublin").offset_at(utc(2050, 1, 1, 0min)) == 0h);
  CHECK(zone("Australia/Lord_Howe").offset_at(utc(2060, 7, 1, 0min)) == 10h + 30min);
  CHECK(zone("Australia/Lord_Howe").offset_at(utc(2060, 1, 1, 0min)) == 11h);
  check_skipped("Europe/Berlin", local(2100, 3, 28, 2h + 30min), utc(2100, 3, 28, 1h));
}

TEST_CASE("offset tables agree with date/tz wherever date/tz has explicit transitions") {
  for (const char* name : {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Europe/Dublin",
                           "Africa/Casablanca", "America/Santiago", "Australia/Sydney", "Asia/Kolkata"}) {
    CAPTURE(name);
    const auto& z = zone(name);
    int mismatches = 0;
    for (auto t = utc(1970, 1, 1, 0min); t < utc(2037, 1, 1, 0min); t += std::chrono::hours{25}) {
      mismatches += z.offset_at(t) != z.tz()->get_info(t).offset ? 1 : 0;
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("Windows ids resolve through CLDR territory 001") {
  CHECK(zone("W. Europe Standard Time").name() == "Europe/Berlin");
  CHECK(zone("Pacific Standard Time").name() == "America/Los_Angeles");
  CHECK(zone("Eastern Standard Time").name() == "America/New_York");
  CHECK(&zone("Tokyo Standard Time") == &zone("Asia/Tokyo"));  // one shared table
  CHECK(windows_zone_to_iana("AUS Eastern Standard Time") == std::optional<std::string_view>("Australia/Sydney"));
  CHECK_FALSE(windows_zone_to_iana("Europe/Berlin"));
  // Every id in the shipped mapping names a zone the OS database has.
  const auto mapping = load_json_file(test::source_path("data/zones/windows_zones.json"));
  CHECK(mapping.at("zones").size() > 100);
  for (const auto& item : mapping.at("zones").items()) {
    const std::string windows_id = item.key();
    const auto& iana = item.value();
    CAPTURE(windows_id);
    CHECK(zone(windows_id).name() == iana.get<std::string>());
  }
}

TEST_CASE("an unknown zone is an InputError suggesting the closest names") {
  try {
    (void)find_time_zone("Europe/Berln", "--tz");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.path() == "--tz");
    CHECK(std::string(e.message()).find("Europe/Berlin") != std::string::npos);
  }
  CHECK(closest_zone_names("W Europe Standard Time", 1) == std::vector<std::string>{"W. Europe Standard Time"});
}

TEST_CASE("suggestions for an unknown zone are the closest names in order, each once") {
  using Names = std::vector<std::string>;
  CHECK(closest_zone_names("Europe/Berln") == Names{"Europe/Berlin", "Europe/Dublin", "Europe/Jersey"});
  CHECK(closest_zone_names("america/new york") == Names{"America/New_York", "America/Dawson", "America/Denver"});
  CHECK(closest_zone_names("Pacific Standrd Time") ==
        Names{"Pacific Standard Time", "Pacific SA Standard Time", "SA Pacific Standard Time"});
  CHECK(closest_zone_names("Asia/Kolkatta") == Names{"Asia/Kolkata", "Asia/Calcutta", "Asia/Jakarta"});
  // "UTC" is both an IANA name and a Windows id: suggested once.
  CHECK(closest_zone_names("UTC+2") == Names{"UTC+12", "Etc/UTC", "UTC"});
  CHECK(closest_zone_names(std::string(80, 'z')) ==
        Names{"Africa/Brazzaville", "Europe/Zaporozhye", "America/Argentina/Mendoza"});
  CHECK(closest_zone_names("Europe/Berln", 0).empty());
  // A city alone is compared with the city part of each IANA name.
  CHECK(closest_zone_names("Tokio", 1) == Names{"Asia/Tokyo"});
  CHECK(closest_zone_names("berlin", 1) == Names{"Europe/Berlin"});
  CHECK(closest_zone_names("Sao Paulo", 1) == Names{"America/Sao_Paulo"});
}

TEST_CASE("an unknown zone's other errors") {
  CHECK_THROWS_AS((void)find_time_zone("", "x"), InputError);
  CHECK_THROWS_AS((void)find_time_zone("localtime", "x"), InputError);
  CHECK_THROWS_AS((void)find_time_zone("../../etc/passwd", "x"), InputError);
  CHECK_THROWS_AS((void)find_time_zone(std::string(5000, 'x'), "x"), InputError);
}

TEST_CASE("zone lookups are shared safely between threads") {
  std::vector<const TimeZone*> seen(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back(
        [&seen, i] { seen[i] = &find_time_zone(i % 2 ? "America/Chicago" : "Central Standard Time", "t"); });
  }
  for (auto& t : threads) t.join();
  for (const auto* z : seen) CHECK(z == seen[0]);
}

TEST_CASE("a fleet with a bad time zone fails at parse time with its pointer") {
  auto machine = test::eligible_machine("vm-1");
  machine["time_zone"] = "Mars/Olympus_Mons";
  try {
    (void)parse_fleet(test::fleet_of({test::eligible_machine("vm-0"), machine}));
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.path() == "/machines/1/time_zone");
  }
  machine["time_zone"] = "W. Europe Standard Time";
  CHECK(parse_fleet(test::fleet_of({machine})).machines[0].time_zone == "W. Europe Standard Time");
}
