// iCalendar export: escaping, folding, CRLF, and hostile machine ids.
#include <doctest/doctest.h>

#include <sstream>

#include "fleet_generator.hpp"
#include "support.hpp"

using namespace hotplan;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> crlf_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find("\r\n", pos);
    REQUIRE(end != std::string::npos);  // every line ends in CRLF
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

}  // namespace

TEST_CASE("TEXT values escape backslash / comma / semicolon and newline") {
  CHECK(ics_escape_text("a\\b,c;d\ne") == "a\\\\b\\,c\\;d\\ne");
  CHECK(ics_escape_text("x\r\ny\rz") == "x\\ny\\nz");
  CHECK(ics_escape_text(std::string("bell\x07", 5)) == "bell ");
  CHECK(ics_escape_text("plain text: ok") == "plain text: ok");
}

TEST_CASE("long lines fold at 75 octets without splitting UTF-8") {
  const std::string line = "SUMMARY:" + std::string(200, 'x');
  const auto folded = crlf_lines(ics_fold_line(line));
  REQUIRE(folded.size() == 3);
  CHECK(folded[0].size() == 75);
  CHECK(folded[1].size() == 75);
  CHECK(folded[1][0] == ' ');
  std::string unfolded = folded[0];
  for (std::size_t i = 1; i < folded.size(); ++i) unfolded += folded[i].substr(1);
  CHECK(unfolded == line);
  // 'é' is two octets: no fold may cut between them.
  std::string accents = "DESCRIPTION:";
  for (int i = 0; i < 60; ++i) accents += "\xC3\xA9";
  for (const auto& l : crlf_lines(ics_fold_line(accents))) {
    CHECK(l.size() <= 75);
    CHECK((static_cast<unsigned char>(l.back()) & 0xC0U) != 0xC0U);  // never ends on a lead byte
  }
}

TEST_CASE("a machine id with a comma / semicolon or newline cannot break or inject into the file") {
  auto machine = test::eligible_machine("vm");
  machine["time_zone"] = "Europe/Berlin";
  auto fleet = parse_fleet(test::fleet_of({machine}));
  // A fleet file may not hold such an id any more; a fleet built in code may.
  fleet.machines[0].id = "evil,id;x\nEND:VCALENDAR\nBEGIN:VEVENT";
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2026} / date::March, 2);
  const auto ics = to_ics(plan_ics_events(plan), date::sys_seconds{date::sys_days{date::year{2026} / 1 / 1}});
  const auto lines = crlf_lines(ics);
  CHECK(lines.front() == "BEGIN:VCALENDAR");
  CHECK(lines.back() == "END:VCALENDAR");
  int calendars_ended = 0;
  int events = 0;
  for (const auto& l : lines) {
    CHECK(l.size() <= 75);
    calendars_ended += l == "END:VCALENDAR" ? 1 : 0;
    events += l == "BEGIN:VEVENT" ? 1 : 0;
  }
  CHECK(calendars_ended == 1);
  CHECK(events == 2);
  CHECK(ics.find("evil\\,id\\;x\\nEND:VCALENDAR\\nBEGIN:VEVENT") != std::string::npos);
  CHECK(ics.find("DTSTART:20260310T210000Z") != std::string::npos);
  CHECK(ics.find("DTEND:20260311T050000Z") != std::string::npos);
}

TEST_CASE("restart months are marked in the summary") {
  auto machine = test::eligible_machine("vm-1");
  const auto fleet = parse_fleet(test::fleet_of({machine}));
  const auto plan =
      make_plan(fleet, CalendarSet::shipped(), date::year{2026} / date::March, 3);  // April 2026 is a baseline
  const auto events = plan_ics_events(plan);
  REQUIRE(!events.empty());
  bool saw_restart = false;
  for (const auto& e : events) {
    const bool restart = e.summary.find("(RESTART)") != std::string::npos;
    saw_restart = saw_restart || restart;
    CHECK((restart || e.summary.find("(no restart)") != std::string::npos));
  }
  CHECK(saw_restart);
}

TEST_CASE("hotplan windows --ics and hotplan plan --ics write calendars") {
  const auto windows = test::run_cli("windows --tz Europe/Berlin --from 2026-03-28 --to 2026-03-30 --ics");
  REQUIRE(windows.exit_code == 0);
  const auto lines = crlf_lines(windows.out);
  CHECK(lines.front() == "BEGIN:VCALENDAR");
  CHECK(std::count(lines.begin(), lines.end(), "BEGIN:VEVENT") == 3);
  CHECK(windows.out.find("DTSTART:20260328T210000Z\r\nDTEND:20260329T040000Z") != std::string::npos);
  const auto plan = test::run_cli("plan --fleet " + test::source_path("data/examples/fleet.json") +
                                  " --from 2026-03 --months 2 --ics");
  REQUIRE(plan.exit_code == 0);
  CHECK(crlf_lines(plan.out).back() == "END:VCALENDAR");
}

TEST_CASE("ics_fold_line ends on runs of 75 or more UTF-8 continuation bytes") {
  for (const std::size_t run : {74U, 75U, 76U, 200U}) {
    CAPTURE(run);
    const std::string line = "SUMMARY:" + std::string(run, '\x80');
    const auto folded = ics_fold_line(line);
    std::size_t octets = 0;
    for (std::size_t start = 0; start < folded.size();) {
      const auto end = folded.find("\r\n", start);
      REQUIRE(end != std::string::npos);
      CHECK(end - start <= 75);
      start = end + 2;
    }
    // Unfolded, it is the line again.
    std::string unfolded;
    for (std::size_t i = 0; i < folded.size(); ++i) {
      if (folded.compare(i, 3, "\r\n ") == 0) {
        i += 2;
        continue;
      }
      if (folded.compare(i, 2, "\r\n") == 0) break;
      unfolded.push_back(folded[i]);
      ++octets;
    }
    CHECK(unfolded == line);
    CHECK(octets == line.size());
  }
}

TEST_CASE("write_ics streams exactly to_ics's text") {
  FleetShape shape;
  shape.machines = 3000;  // about a megabyte of calendar: drained several times
  shape.time_zones = {"Europe/Berlin", "Asia/Kolkata"};
  auto fleet = generate_fleet(shape);
  fleet.as_of = date::sys_days{date::year{2025} / date::October / 25};
  const auto rollout = make_rollout(fleet, CalendarSet::shipped(), date::year{2025} / date::November, {}, {});
  const date::sys_seconds stamp{date::sys_days{date::year{2026} / 1 / 1}};
  const auto events = rollout_ics_events(fleet, rollout);
  std::ostringstream out;
  write_ics(out, events, stamp);
  CHECK(out.str().size() > 512 * 1024);  // past the 256 KB drain threshold more than once
  CHECK(out.str() == to_ics(events, stamp));
  std::ostringstream none;
  write_ics(none, {}, stamp);
  CHECK(none.str() == to_ics({}, stamp));
}
