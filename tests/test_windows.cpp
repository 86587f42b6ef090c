// Off-peak windows, release-relative windows, maintenance schedules, the plan's
// windows and the `hotplan windows` command.
#include <doctest/doctest.h>

#include <algorithm>

#include "support.hpp"

using namespace hotplan;
using namespace std::chrono_literals;

namespace {

date::sys_seconds utc(int y, unsigned m, unsigned d, std::chrono::minutes t) {
  return date::sys_days{date::year{y} / m / d} + t;
}
date::local_days day(int y, unsigned m, unsigned d) { return date::local_days{date::year{y} / m / d}; }
const TimeZone& zone(std::string_view name) { return find_time_zone(name, "test"); }

InstallWindow window_on(std::string_view name, date::local_days d, const OffpeakPolicy& policy = {}) {
  const auto w = offpeak_window(zone(name), policy, d);
  REQUIRE(w);
  return *w;
}

OffpeakPolicy policy(TimeOfDay start, TimeOfDay end) {
  OffpeakPolicy p;
  p.start = start;
  p.end = end;
  return p;
}

}  // namespace

TEST_CASE("22:00-06:00 lasts 7 h on spring-forward nights and 9 h on fall-back nights") {
  struct Case {
    const char* zone;
    date::local_days spring;
    date::local_days fall;
    std::chrono::minutes shorter;
  };
  for (const auto& c : {Case{"Europe/Berlin", day(2026, 3, 28), day(2026, 10, 24), 60min},
                        Case{"America/New_York", day(2026, 3, 7), day(2026, 10, 31), 60min},
                        Case{"Europe/Dublin", day(2026, 3, 28), day(2026, 10, 24), 60min},
                        Case{"Australia/Lord_Howe", day(2026, 10, 3), day(2026, 4, 4), 30min},
                        Case{"Australia/Sydney", day(2026, 10, 3), day(2026, 4, 4), 60min},
                        Case{"America/Santiago", day(2026, 9, 5), day(2026, 4, 4), 60min},
                        Case{"Africa/Casablanca", day(2026, 3, 21), day(2026, 2, 14), 60min}}) {
    CAPTURE(c.zone);
    CHECK(window_on(c.zone, c.spring).length() == 8h - c.shorter);
    CHECK(window_on(c.zone, c.fall).length() == 8h + c.shorter);
    CHECK(window_on(c.zone, c.spring + date::days{7}).length() == 8h);
  }
  const auto berlin = window_on("Europe/Berlin", day(2026, 3, 28));
  CHECK(berlin.start.utc == utc(2026, 3, 28, 21h));
  CHECK(berlin.end.utc == utc(2026, 3, 29, 4h));
  CHECK(format_local(berlin.start) == "2026-03-28T22:00:00+01:00");
  CHECK(format_local(berlin.end) == "2026-03-29T06:00:00+02:00");
  const auto fall = window_on("Europe/Berlin", day(2026, 10, 24));
  CHECK(fall.start.utc == utc(2026, 10, 24, 20h));
  CHECK(fall.end.utc == utc(2026, 10, 25, 5h));
}

TEST_CASE("zones without daylight saving keep 8 h windows all year") {
  for (const char* name : {"Asia/Tokyo", "Asia/Kolkata"}) {
    const auto windows = offpeak_windows(zone(name), {}, day(2026, 1, 1), day(2026, 12, 31));
    CHECK(windows.size() == 365);
    for (const auto& w : windows) CHECK(w.length() == 8h);
  }
  CHECK(window_on("Asia/Kolkata", day(2026, 6, 1)).start.utc == utc(2026, 6, 1, 16h + 30min));
}

TEST_CASE("each DST rule at the window's ends (Europe/Berlin)") {
  // A start in the gap begins at the transition instant.
  const auto gap_start = window_on("Europe/Berlin", day(2026, 3, 29), policy(TimeOfDay::at(2, 30), TimeOfDay::at(5)));
  CHECK(gap_start.start.utc == utc(2026, 3, 29, 1h));
  CHECK(format_local(gap_start.start) == "2026-03-29T03:00:00+02:00");
  // An end in the gap ends at the transition instant.
  const auto gap_end = window_on("Europe/Berlin", day(2026, 3, 28), policy(TimeOfDay::at(23), TimeOfDay::at(2, 30)));
  CHECK(gap_end.end.utc == utc(2026, 3, 29, 1h));
  // An ambiguous start takes the earlier instant.
  const auto repeated_start =
      window_on("Europe/Berlin", day(2026, 10, 25), policy(TimeOfDay::at(2, 30), TimeOfDay::at(5)));
  CHECK(repeated_start.start.utc == utc(2026, 10, 25, 30min));
  CHECK(format_local(repeated_start.start) == "2026-10-25T02:30:00+02:00");
  // An ambiguous end takes the later instant.
  const auto repeated_end =
      window_on("Europe/Berlin", day(2026, 10, 24), policy(TimeOfDay::at(23), TimeOfDay::at(2, 30)));
  CHECK(repeated_end.end.utc == utc(2026, 10, 25, 1h + 30min));
  CHECK(format_local(repeated_end.end) == "2026-10-25T02:30:00+01:00");
  // A window entirely inside the gap does not happen that night.
  CHECK_FALSE(
      offpeak_window(zone("Europe/Berlin"), policy(TimeOfDay::at(2, 15), TimeOfDay::at(2, 45)), day(2026, 3, 29)));
  CHECK(offpeak_window(zone("Europe/Berlin"), policy(TimeOfDay::at(2, 15), TimeOfDay::at(2, 45)), day(2026, 3, 30)));
}

TEST_CASE("days select the day a window starts on - max_duration caps it") {
  OffpeakPolicy p;
  p.days = {};
  p.days.add(date::Saturday);
  const auto windows = offpeak_windows(zone("UTC"), p, day(2026, 3, 1), day(2026, 3, 31));
  REQUIRE(windows.size() == 4);
  for (const auto& w : windows) CHECK(date::weekday{date::floor<date::days>(w.start.utc)} == date::Saturday);
  p = OffpeakPolicy{};
  p.max_duration = 4h;
  CHECK(window_on("UTC", day(2026, 1, 1), p).length() == 4h);
  // A cap that lands after the fall-back transition carries the new offset.
  p.max_duration = 6h + 30min;
  const auto capped = window_on("Europe/Berlin", day(2026, 10, 24), p);
  CHECK(capped.end.utc == utc(2026, 10, 25, 2h + 30min));
  CHECK(format_local(capped.end) == "2026-10-25T03:30:00+01:00");
}

TEST_CASE("release-relative windows: first at or after the release / then up to the 30-day deadline") {
  const auto release = patch_tuesday_release(date::year{2026} / date::March);  // 2026-03-10 17:00Z
  REQUIRE(release == utc(2026, 3, 10, 17h));
  const auto windows = release_windows(zone("Europe/Berlin"), {}, release);
  REQUIRE(windows.size() == 30);
  CHECK(windows.front().start.utc == utc(2026, 3, 10, 21h));
  CHECK(windows.back().start.utc == utc(2026, 4, 8, 20h));
  for (const auto& w : windows) CHECK(w.start.utc < release + kInstallDeadline);
  // Tokyo is already past 22:00 on the release's evening: the first window is the next night.
  const auto tokyo = first_window_at_or_after(zone("Asia/Tokyo"), {}, release);
  REQUIRE(tokyo);
  CHECK(tokyo->start.utc == utc(2026, 3, 11, 13h));
  // A window starting exactly at the release counts.
  CHECK(first_window_at_or_after(zone("UTC"), {}, utc(2026, 3, 10, 22h))->start.utc == utc(2026, 3, 10, 22h));
}

TEST_CASE("maintenance schedules: monthly Nth weekday with offset / weekly days / DST") {
  MaintenanceSchedule monthly;
  monthly.recurrence = MaintenanceSchedule::Recurrence::monthly;
  monthly.nth_weekday = date::Tuesday[2];
  monthly.day_offset = 3;
  monthly.start = TimeOfDay::at(3);
  monthly.duration = 2h;
  const auto occurrences = schedule_occurrences(monthly, zone("Europe/Berlin"), day(2026, 1, 1), day(2026, 3, 31));
  REQUIRE(occurrences.size() == 3);
  CHECK(occurrences[0].start.utc == utc(2026, 1, 16, 2h));  // second Tuesday 2026-01-13, +3 days
  CHECK(occurrences[2].start.utc == utc(2026, 3, 13, 2h));
  CHECK(occurrences[2].length() == 2h);
  // An offset that crosses into the next month still lands on the right day.
  monthly.nth_weekday = date::Tuesday[5];
  monthly.day_offset = 0;
  CHECK(schedule_occurrences(monthly, zone("UTC"), day(2026, 1, 1), day(2026, 12, 31)).size() == 4);
  monthly.day_offset = 40;
  CHECK_THROWS_AS((void)schedule_occurrences(monthly, zone("UTC"), day(2026, 1, 1), day(2026, 2, 1)), InputError);

  MaintenanceSchedule weekly;
  weekly.days = {};
  weekly.days.add(date::Sunday);
  weekly.start = TimeOfDay::at(2, 30);
  weekly.duration = 1h;
  const auto sundays = schedule_occurrences(weekly, zone("Europe/Berlin"), day(2026, 3, 22), day(2026, 4, 5));
  REQUIRE(sundays.size() == 3);
  CHECK(sundays[1].start.utc == utc(2026, 3, 29, 1h));  // 02:30 does not exist: starts at the transition
  CHECK(sundays[1].end.utc == utc(2026, 3, 29, 2h));
  weekly.days = {};
  CHECK_THROWS_AS((void)schedule_occurrences(weekly, zone("UTC"), day(2026, 1, 1), day(2026, 2, 1)), InputError);
}

TEST_CASE("plan windows: each machine-month with an offer gets its first window after the release") {
  auto berlin = test::eligible_machine("vm-berlin");
  berlin["time_zone"] = "W. Europe Standard Time";
  auto never = test::eligible_machine("vm-unenrolled");
  const auto fleet = parse_fleet(test::fleet_of({berlin, never}));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2026} / date::March, 3);
  int with_window = 0;
  for (const auto& machine : plan.machines) {
    for (const auto& step : machine.steps) {
      CAPTURE(format_year_month(step.month));
      CHECK(step.window.has_value() == (step.offer != Offer::none));
      if (step.window) {
        ++with_window;
        CHECK(step.window->start.utc >= patch_tuesday_release(step.month));
      }
    }
  }
  CHECK(with_window > 0);
  const auto& march = plan.machines[0].steps[0];
  REQUIRE(march.window);
  CHECK(march.window->start.utc == utc(2026, 3, 10, 21h));
  const auto json = to_json(march);
  CHECK(json.at("window").at("start_local") == "2026-03-10T22:00:00+01:00");
  CHECK(json.at("window").at("end_utc") == "2026-03-11T05:00:00Z");
}

TEST_CASE("hotplan plan --json carries window objects / null for offer none") {
  const auto result = test::run_cli("plan --fleet " + test::source_path("data/examples/fleet.json") +
                                    " --from 2026-03 --months 2 --json");
  REQUIRE(result.exit_code == 0);
  const auto plan = Json::parse(result.out);
  int checked = 0;
  for (const auto& machine : plan.at("machines")) {
    for (const auto& month : machine.at("months")) {
      CHECK(month.at("window").is_null() == (month.at("offer") == "none"));
      ++checked;
    }
  }
  CHECK(checked > 0);
}

TEST_CASE("hotplan windows --json lists windows by local start date") {
  const auto result = test::run_cli("windows --tz 'W. Europe Standard Time' --from 2026-03-28 --to 2026-03-29 --json");
  REQUIRE(result.exit_code == 0);
  const auto out = Json::parse(result.out);
  CHECK(out.at("tz") == "Europe/Berlin");
  REQUIRE(out.at("windows").size() == 2);
  CHECK(out.at("windows")[0] == Json{{"start_utc", "2026-03-28T21:00:00Z"},
                                     {"end_utc", "2026-03-29T04:00:00Z"},
                                     {"start_local", "2026-03-28T22:00:00+01:00"},
                                     {"end_local", "2026-03-29T06:00:00+02:00"}});
  const auto custom =
      Json::parse(test::run_cli("windows --tz UTC --from 2026-03-02 --to 2026-03-08 --start 01:00 --end 03:00 "
                                "--days Mon,wednesday --max-duration PT1H --json")
                      .out);
  REQUIRE(custom.at("windows").size() == 2);
  CHECK(custom.at("windows")[1].at("start_utc") == "2026-03-04T01:00:00Z");
  CHECK(custom.at("windows")[1].at("end_utc") == "2026-03-04T02:00:00Z");
}

TEST_CASE("hotplan windows rejects each bad input with exit code 2") {
  const std::string base = "windows --tz UTC --from 2026-01-01 --to 2026-01-31";
  for (const std::string args :
       {base + " --start 25:00", base + " --start 7:5", base + " --end 24:00", base + " --days ''",
        base + " --days Mon,Funday", base + " --days Mon,", base + " --start 22:00 --end 22:00",
        base + " --max-duration 4h", std::string("windows --tz Nowhere/City --from 2026-01-01 --to 2026-01-31"),
        std::string("windows --tz UTC --from 1969-12-31 --to 2026-01-31"),
        std::string("windows --tz UTC --from 2026-01-01 --to 2101-01-01"),
        std::string("windows --tz UTC --from 2026-02-01 --to 2026-01-31"),
        std::string("windows --tz UTC --from 2026-02-30 --to 2026-03-31"), base + " --json --ics"}) {
    CAPTURE(args);
    const auto result = test::run_cli(args);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
  }
  CHECK(test::run_cli(base).exit_code == 0);
}

TEST_CASE("a month with no OS offer still gets a window when catalog updates restart it") {
  const auto result = test::run_cli("plan --fleet " + test::source_path("data/examples/fleet.json") +
                                    " --from 2025-10 --months 2 --catalog " +
                                    test::source_path("data/examples/catalog.json") + " --json");
  REQUIRE(result.exit_code == 0);
  const auto doc = Json::parse(result.out);
  const auto& october = doc["machines"][0]["months"][0];
  CHECK(october["offer"] == "none");
  CHECK(october["reboot"] == true);
  CHECK(october["window"].is_object());
  // Without the catalog the same month installs nothing and has no window.
  const auto plain = Json::parse(test::run_cli("plan --fleet " + test::source_path("data/examples/fleet.json") +
                                               " --from 2025-10 --months 1 --json")
                                     .out);
  CHECK(plain["machines"][0]["months"][0]["window"].is_null());
}

TEST_CASE("each out-of-band install gets its own first window at or after its own release") {
  auto machine = test::eligible_machine("arc-file-01");
  machine["install_oob"] = true;
  const auto fleet = parse_fleet(test::fleet_of({machine}));
  // October 2025: the baseline is installed; KB5070773 (10-20), KB5070881 (10-23) and
  // KB5070893 (10-24) install out of band. January 2026: the baseline, then KB5077793
  // (01-17) and KB5078135 (01-24).
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::October, 4);
  const auto& october = plan.machines[0].steps[0];
  CHECK(october.offer == Offer::none);
  CHECK(october.reason == StepReason::out_of_band);
  CHECK_FALSE(october.window.has_value());  // nothing from Patch Tuesday installs
  REQUIRE(october.out_of_band_windows.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(october.out_of_band_installed[i].kb.str());
    REQUIRE(october.out_of_band_windows[i].has_value());
    CHECK(october.out_of_band_windows[i]->start.utc >= release_instant(october.out_of_band_installed[i].date));
  }
  CHECK(october.out_of_band_windows[1]->start.utc == utc(2025, 10, 23, 22h));  // UTC machine: 22:00 that day
  const auto& january = plan.machines[0].steps[3];
  CHECK(january.offer == Offer::baseline);
  REQUIRE(january.window.has_value());
  REQUIRE(january.out_of_band_windows.size() == 2);
  CHECK(january.out_of_band_windows[1]->start.utc == utc(2026, 1, 24, 22h));
  // JSON: each installed out-of-band release carries its window; the ICS an event each.
  const auto json = to_json(october);
  CHECK(json["reason_code"] == "out-of-band");
  CHECK(json["window"].is_null());
  CHECK(json["out_of_band"][1]["window"]["start_utc"] == "2025-10-23T22:00:00Z");
  const auto events = plan_ics_events(plan);
  CHECK(std::count_if(events.begin(), events.end(), [](const IcsEvent& e) {
          return e.summary.find("out-of-band KB5070881 (RESTART)") != std::string::npos &&
                 e.window.start.utc == utc(2025, 10, 23, 22h);
        }) == 1);
  CHECK(std::none_of(events.begin(), events.end(), [](const IcsEvent& e) {
    return e.window.start.utc < utc(2025, 10, 20, 0h);  // nothing before the first release existed
  }));
}

TEST_CASE("a plan window must fit the install duration / the rule rollout uses") {
  auto machine = test::eligible_machine("short");
  machine["offpeak"] = Json{{"start", "22:00"}, {"end", "22:01"}};  // one minute a night
  auto ok = test::eligible_machine("long");
  const auto fleet = parse_fleet(test::fleet_of({machine, ok}));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::November, 3);
  for (const auto& step : plan.machines[0].steps) {
    CAPTURE(format_year_month(step.month));
    CHECK(step.offer != Offer::none);
    CHECK_FALSE(step.window.has_value());  // a 15-minute hotpatch or 1-hour baseline never fits
  }
  CHECK(plan.machines[1].steps[0].window.has_value());
  // install_window itself: the first window at least as long as the install, before the deadline.
  OffpeakPolicy policy;
  const auto release = patch_tuesday_release(date::year{2025} / date::November);
  const auto first = install_window(zone("UTC"), policy, release, std::chrono::hours{8});
  REQUIRE(first.has_value());
  CHECK(first->length() >= std::chrono::hours{8});
  CHECK_FALSE(install_window(zone("UTC"), policy, release, std::chrono::hours{9}).has_value());
}
