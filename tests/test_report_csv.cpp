// CSV for spreadsheets: RFC 4180 quoting, formula injection neutralised, one row
// per machine-month (plan) or per machine (rollout), and the CLI prints exactly
// what the library writes.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "support.hpp"

using namespace hotplan;
using namespace hotplan::test;

namespace {

constexpr date::year_month kNovember2025 = date::year{2025} / date::November;

// Splits CSV text into records of fields (RFC 4180, CRLF record ends), the
// reverse of the writer, so the tests read back what a spreadsheet would.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
      ++i;
    } else {
      field.push_back(c);
    }
  }
  return rows;
}

Fleet example_fleet_as_of_october() {
  auto document = load_json_file(source_path("data/examples/fleet.json"));
  document["as_of"] = "2025-10-25";
  return parse_fleet(document);
}

}  // namespace

TEST_CASE("csv_field quotes commas quotes and line breaks") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
}

TEST_CASE("csv_field neutralises a leading formula character") {
  CHECK(csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csv_field("+1") == "\"'+1\"");
  CHECK(csv_field("-2") == "\"'-2\"");
  CHECK(csv_field("@SUM(A1)") == "\"'@SUM(A1)\"");
  CHECK(csv_field("\tx") == "\"'\tx\"");
  // Only the first character counts: a formula character later on is text.
  CHECK(csv_field("a=b") == "a=b");
  CHECK(csv_field("2026-03-28T22:00:00-05:00") == "2026-03-28T22:00:00-05:00");
}

TEST_CASE("plan csv has one row per machine-month with the step's fields") {
  const auto fleet = parse_fleet(load_json_file(source_path("data/examples/fleet.json")));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::October, 6);
  std::ostringstream out;
  write_plan_csv(out, plan);
  const auto rows = parse_csv(out.str());
  REQUIRE(rows.size() == 1 + plan.machines.size() * 6);
  CHECK(rows[0] == std::vector<std::string>{"id", "product", "month", "offer", "kb", "restart", "restarts",
                                            "reason_code", "reason", "window_start_utc", "window_end_utc",
                                            "window_start_local", "window_end_local", "status"});
  std::size_t row = 1;
  for (const auto& m : plan.machines) {
    for (const auto& s : m.steps) {
      const auto& r = rows[row++];
      REQUIRE(r.size() == 14);
      CHECK(r[0] == m.id);
      CHECK(r[2] == format_year_month(s.month));
      CHECK(r[3] == offer_id(s.offer));
      CHECK(r[4] == (s.update.kb ? s.update.kb->str() : ""));
      CHECK(r[5] == (s.reboot ? "yes" : "no"));
      CHECK(r[7] == step_reason_id(s.reason));
      CHECK(r[8] == describe(s));
      CHECK(r[9] == (s.window ? format_utc(s.window->start.utc) : ""));
      CHECK(r[12] == (s.window ? format_local(s.window->end) : ""));
      CHECK(r[13] == (s.assumption.empty() ? std::string(data_status_id(s.status)) : "assumed"));
    }
  }
}

TEST_CASE("plan csv neutralises a hostile machine id") {
  auto machine = eligible_machine("=cmd|' /C calc'!A0");
  const auto fleet = parse_fleet(fleet_of({machine, eligible_machine("plain, with comma")}));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::November, 1);
  std::ostringstream out;
  write_plan_csv(out, plan);
  const auto rows = parse_csv(out.str());
  REQUIRE(rows.size() == 3);
  CHECK(rows[1][0] == "'=cmd|' /C calc'!A0");
  CHECK(rows[2][0] == "plain, with comma");
}

TEST_CASE("rollout csv lists every machine once with its batch or why not") {
  const auto fleet = example_fleet_as_of_october();
  RolloutOptions options;
  options.failed = {fleet.machines.front().id};
  const auto rollout = make_rollout(fleet, CalendarSet::shipped(), kNovember2025, {}, options);
  std::ostringstream out;
  write_rollout_csv(out, rollout);
  const auto rows = parse_csv(out.str());
  REQUIRE(rows.size() == 1 + fleet.machines.size());
  CHECK(rows[0] == std::vector<std::string>{"id", "state", "batch", "phase", "region", "zone", "start_utc", "end_utc",
                                            "reason", "detail"});
  std::set<std::string> ids;
  std::size_t failed = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    REQUIRE(rows[i].size() == 10);
    ids.insert(rows[i][0]);
    if (rows[i][1] == "failed") ++failed;
    if (rows[i][1] == "not-patched") {
      CHECK(rows[i][2].empty());
      CHECK_FALSE(rows[i][8].empty());
    } else {
      CHECK_FALSE(rows[i][2].empty());
      CHECK(rows[i][6].size() == 20);
    }
  }
  CHECK(ids.size() == fleet.machines.size());
  CHECK(failed == 1);
}

TEST_CASE("cli plan --csv and rollout --csv print what the library writes") {
  const auto fleet = parse_fleet(load_json_file(source_path("data/examples/fleet.json")));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::October, 4);
  std::ostringstream expected;
  write_plan_csv(expected, plan);
  const auto result =
      run_cli("plan --fleet " + source_path("data/examples/fleet.json") + " --from 2025-10 --months 4 --csv");
  CHECK(result.exit_code == 0);
  CHECK(result.out == expected.str());

  auto document = load_json_file(source_path("data/examples/fleet.json"));
  document["as_of"] = "2025-10-25";
  const std::string path = "/tmp/hotplan-test-report-csv-fleet.json";
  std::ofstream(path) << document.dump();
  const auto rollout = make_rollout(parse_fleet(document), CalendarSet::shipped(), kNovember2025, {}, {});
  std::ostringstream expected_rollout;
  write_rollout_csv(expected_rollout, rollout);
  const auto rolled = run_cli("rollout --fleet " + path + " --month 2025-11 --csv");
  CHECK(rolled.exit_code == 0);
  CHECK(rolled.out == expected_rollout.str());
  std::remove(path.c_str());
}

TEST_CASE("cli --csv with --json is a usage error and bad input prints nothing") {
  const auto both = run_cli("plan --fleet " + source_path("data/examples/fleet.json") + " --csv --json");
  CHECK(both.exit_code == 2);
  CHECK(both.out.empty());
  const auto bad = run_cli("plan --fleet " + source_path("data/examples/fleet.json") + " --from 2025-13 --csv");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("--from") != std::string::npos);
}
