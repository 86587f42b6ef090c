#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "hotplan/hotplan.hpp"
#include "support.hpp"

using namespace hotplan;

namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(test::source_path("tests/data/import/" + name), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const Json* find_product(const std::vector<Json>& calendars, std::string_view id) {
  for (const auto& c : calendars) {
    if (c["product"] == id) return &c;
  }
  return nullptr;
}

const Json* find_month(const Json& product, std::string_view month) {
  for (const auto& m : product["months"]) {
    if (m["month"] == month) return &m;
  }
  return nullptr;
}

const Json* find_oob(const Json& product, std::string_view kb) {
  for (const auto& o : product["out_of_band"]) {
    if (o["kb"] == kb) return &o;
  }
  return nullptr;
}

// The error message parse_release_page gives for `page`, or "" if it parses.
std::string page_error(const std::string& page) {
  try {
    (void)parse_release_page(page, "PAGE");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const std::string kCalendarHeader =
    "| Month | Update type | Type | Availability date | Build | KB article |\n|---|---|---|---|---|---|\n";

// A Markdown page with one ws2025 calendar table holding `rows`.
std::string page_with_rows(const std::string& rows) {
  return "## Windows Server 2025 (OS build 26100)\n\n### Calendar year 2026\n\n" + kCalendarHeader + rows;
}

bool has_change(const std::vector<CalendarChange>& changes, ChangeKind kind, std::string_view subject) {
  return std::any_of(changes.begin(), changes.end(),
                     [&](const CalendarChange& c) { return c.kind == kind && c.subject == subject; });
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("hotplan_import_test_" + name)).string();
}

}  // namespace

TEST_CASE("the browser-saved HTML page gives ws2025's calendar / release history and out-of-band releases") {
  const auto page = parse_release_page(read_fixture("release-info.html"), "release-info.html");
  // Headings inside <script> and comments are not page content; Windows Server 2019 is ignored.
  REQUIRE(page.calendars.size() == 1);
  const Json& ws2025 = page.calendars.front();
  CHECK(ws2025["product"] == "ws2025");
  CHECK(ws2025["months"].size() == 15);  // 2025-10 .. 2026-12

  // <strong>Baseline</strong><br>(Restart), a KB inside <a>, a KB split by <span>.
  const Json* oct = find_month(ws2025, "2025-10");
  REQUIRE(oct != nullptr);
  CHECK((*oct)["kind"] == "baseline");
  CHECK((*oct)["status"] == "published");
  CHECK((*oct)["kb"] == "KB5066835");
  CHECK((*oct)["reference"] == "https://support.microsoft.com/help/5066835");
  CHECK_FALSE(oct->contains("lcu"));
  const Json* dec = find_month(ws2025, "2025-12");
  REQUIRE(dec != nullptr);
  CHECK((*dec)["kb"] == "KB5072014");
  CHECK((*dec)["build"] == "26100.7392");
  CHECK((*dec)["lcu"]["kb"] == "KB5072033");  // the month's "B" release

  // The &#42; footnote on the update type: an unplanned baseline.
  const Json* june = find_month(ws2025, "2026-06");
  REQUIRE(june != nullptr);
  CHECK((*june)["kind"] == "unplanned-baseline");
  CHECK((*june)["date"] == "2026-06-09");
  CHECK(june->contains("note"));

  // Future rows: &nbsp; or empty cells, no KB, the page as reference.
  const Json* july = find_month(ws2025, "2026-07");
  REQUIRE(july != nullptr);
  CHECK((*july)["kind"] == "baseline");
  CHECK_FALSE(july->contains("kb"));
  CHECK_FALSE(july->contains("build"));
  CHECK_FALSE(july->contains("date"));
  CHECK((*july)["reference"] == std::string(kReleaseInfoPageUrl));

  // "2025-11 OOB" rows: keeps_chain unknown (absent).
  REQUIRE(ws2025["out_of_band"].size() == 2);
  const Json* oob = find_oob(ws2025, "KB5070893");
  REQUIRE(oob != nullptr);
  CHECK((*oob)["date"] == "2025-10-24");
  CHECK((*oob)["build"] == "26100.6905");
  CHECK_FALSE(oob->contains("keeps_chain"));
  CHECK(ws2025["out_of_band"][0]["kb"] == "KB5070893");  // by date
  // The result is valid calendar data.
  CHECK_NOTHROW((void)calendar_from_json(ws2025));
}

TEST_CASE("the Markdown page gives both products / with links / bold / escaped and bare footnote marks") {
  const auto page = parse_release_page(read_fixture("release-info.md"), "release-info.md");
  REQUIRE(page.calendars.size() == 2);
  const Json* ws2025 = find_product(page.calendars, "ws2025");
  const Json* ws2022 = find_product(page.calendars, "ws2022-azure-edition");
  REQUIRE(ws2025 != nullptr);
  REQUIRE(ws2022 != nullptr);
  CHECK((*ws2025)["months"].size() == 12);
  CHECK((*ws2022)["months"].size() == 8);

  CHECK((*find_month(*ws2025, "2026-02"))["kb"] == "KB5075942");             // [KB](link)
  CHECK((*find_month(*ws2025, "2026-04"))["kind"] == "baseline");            // **bold**
  CHECK((*find_month(*ws2025, "2026-06"))["kind"] == "unplanned-baseline");  // Security\*
  CHECK((*find_month(*ws2022, "2026-06"))["kind"] == "unplanned-baseline");  // Security*
  CHECK((*find_month(*ws2025, "2026-05"))["kind"] == "hotpatch");
  const Json& march_lcu = (*find_month(*ws2025, "2026-03"))["lcu"];
  CHECK(march_lcu["kb"] == "KB5078740");
  CHECK(march_lcu["build"] == "26100.32522");
  CHECK(march_lcu["reference"] == "https://support.microsoft.com/help/5078740");
  CHECK((*find_month(*ws2022, "2026-05"))["lcu"]["kb"] == "KB5087545");
  const Json* aug = find_month(*ws2022, "2026-08");
  REQUIRE(aug != nullptr);
  CHECK((*aug)["kind"] == "hotpatch");
  CHECK_FALSE(aug->contains("kb"));
  CHECK_FALSE(aug->contains("lcu"));
  CHECK(find_oob(*ws2025, "KB5091157") != nullptr);
  CHECK(find_oob(*ws2022, "KB5082314") != nullptr);
}

TEST_CASE("a malformed page is an error naming the page / the product / the table and the row") {
  const auto malformed = page_error(read_fixture("malformed.md"));
  CHECK(malformed.find("PAGE: Windows Server 2025, Calendar year 2026, row 3") != std::string::npos);
  CHECK(malformed.find("KB50787X6") != std::string::npos);

  CHECK(page_error("# Some other page\n\nNothing here.\n").find("found no \"Windows Server 2025") != std::string::npos);
  CHECK(page_error("## Windows Server 2025 (OS build 26100)\n\nNo tables.\n").find("found no \"Calendar year\"") !=
        std::string::npos);
  const auto missing_column = page_error(
      "## Windows Server 2025 (OS build 26100)\n### Calendar year 2026\n| Month | Update type | Type | KB article "
      "|\n|---|---|---|---|\n| January | Security | Hotpatch | KB5073379 |\n");
  CHECK(missing_column.find("PAGE: Windows Server 2025, Calendar year 2026: the table has no \"Availability date\"") !=
        std::string::npos);

  const auto row = [](const std::string& cells) { return page_error(page_with_rows(cells)); };
  CHECK(row("| Smarch | S | Hotpatch | | | |\n").find("row 1: expected a month of 2026") != std::string::npos);
  CHECK(row("| March | S | Reboot | | | |\n").find("expected the type Baseline (Restart) or Hotpatch") !=
        std::string::npos);
  CHECK(row("| March | S | Hotpatch | 2026-13-10 | | |\n").find("expected an availability date") != std::string::npos);
  CHECK(row("| March | S | Hotpatch | 2026-04-14 | | |\n").find("2026-04-14 is not in 2026-03") != std::string::npos);
  CHECK(row("| March | S | Hotpatch | | 20348.4830 | |\n").find("expected a build such as 26100.1234") !=
        std::string::npos);
  CHECK(
      row("| March | S | Hotpatch | | | |\n| March | S | Hotpatch | | | |\n").find("row 2: 2026-03 is listed twice") !=
      std::string::npos);
  CHECK(row("| March | S | Hotpatch |\n").find("row 1: the row has 3 cells") != std::string::npos);
  // The same KB twice: the calendar format's own check, named by the page and product.
  CHECK(row("| February | S | Hotpatch | | | KB5075942 |\n| March | S | Hotpatch | | | KB5075942 |\n")
            .find("PAGE: Windows Server 2025: /months/1/kb") != std::string::npos);

  const std::string history_header =
      "## Windows Server 2025 (OS build 26100)\n### Calendar year 2026\n" + kCalendarHeader +
      "| March | S | Hotpatch | | | |\n\n## Windows Server 2025 (OS build 26100)\n"
      "| Servicing option | Update type | Availability date | Build | KB article |\n|---|---|---|---|---|\n";
  CHECK(page_error(history_header + "| LTSC | March B | 2026-03-10 | 26100.32522 | KB5078740 |\n")
            .find("PAGE: Windows Server 2025, release history, row 1: expected an update type") != std::string::npos);
  CHECK(page_error(history_header + "| LTSC | 2026-04 OOB | | 26100.32698 | KB5091157 |\n")
            .find("the availability date is missing") != std::string::npos);
  // Other update kinds of the history ("D" previews) are not hotpatch data.
  CHECK(page_error(history_header + "| LTSC | 2026-03 D | 2026-03-24 | 26100.32600 | KB5079999 |\n").empty());
}

TEST_CASE("hostile pages are errors or data / never crashes / and oversized pages are a LimitError") {
  CHECK_THROWS_AS((void)parse_release_page(std::string(limits::kMaxPageBytes + 1, ' '), "big"), LimitError);
  const std::vector<std::string> hostile{
      "",
      "<",
      "<html><table><tr><td>",
      "<html><h2>Windows Server 2025 (OS build 26100)</h2><h3>Calendar year 2026<table><tr><td>Month",
      "<html><body>&#xFFFFFFFF; &#55296; &#0; &bogus; &amp &#x; <!-- unterminated",
      "<html><script>never closed",
      "<table><table><table></table></tr></td></th><td></td>",
      "| a |\n|---|\n| b |",
      "## Windows Server 2025 (OS build 26100)\n### Calendar year 2026\n|\n|-|\n|\n",
      "## Windows Server 2025 (OS build\n### Calendar year 99999999999999999\n",
      std::string(1000, '<') + std::string(1000, '|') + std::string(1000, '&'),
  };
  for (const auto& page : hostile) {
    CAPTURE(page.substr(0, 60));
    CHECK_THROWS_AS((void)parse_release_page(page, "hostile"), InputError);
  }
  // Tables of more cells than any real page: a LimitError naming the page, not gigabytes of cells.
  CHECK_THROWS_AS((void)parse_release_page("| a |\n|---|\n" + std::string(200000, '|'), "pipes"), LimitError);
  std::string cells = "<html><table><tr>";
  for (int i = 0; i < 200000; ++i) cells += "<td>";
  CHECK_THROWS_AS((void)parse_release_page(cells, "cells"), LimitError);
  // Many raw-text elements: each is skipped in time proportional to its own length.
  std::string scripts = "<html>";
  for (int i = 0; i < 200000; ++i) scripts += "<script>x</script><style>y</style>";
  CHECK_THROWS_AS((void)parse_release_page(scripts, "scripts"), InputError);
  // Character references decode in headings and cells (&nbsp; &amp; &#42; &#x2A;).
  const std::string html =
      "<html><h2>Windows&nbsp;Server&#x20;2025 (OS build 26100)</h2><h3>Calendar year 2026</h3><table>"
      "<tr><th>Month</th><th>Update&nbsp;type</th><th>Type</th><th>Availability date</th><th>Build</th>"
      "<th>KB&#32;article</th></tr><tr><td>June</td><td>Security &amp; quality&#x2A;</td>"
      "<td>Baseline&nbsp;(Restart)</td><td>2026-06-09</td><td>26100.32995</td><td>KB5094125</td></tr></table></html>";
  const auto page = parse_release_page(html, "entities.html");
  REQUIRE(page.calendars.size() == 1);
  CHECK(page.calendars.front()["months"][0]["kind"] == "unplanned-baseline");
}

TEST_CASE("merging page data over current data: page facts win / current facts the page lacks stay") {
  const Json current = Json::parse(R"({
    "product": "ws2025", "description": "current", "first_month": "2024-11",
    "months": [
      {"month": "2025-01", "kind": "baseline", "status": "published", "kb": "KB5050009", "build": "26100.2894"},
      {"month": "2026-06", "kind": "hotpatch", "status": "published"},
      {"month": "2026-07", "kind": "baseline", "status": "published", "date": "2026-07-14", "kb": "KB5099536",
       "build": "26100.33158", "kb_status": "reported", "note": "from build manifests"},
      {"month": "2026-08", "kind": "hotpatch", "status": "reported", "kb": "KB5120228", "build": "26100.33222"},
      {"month": "2026-09", "kind": "hotpatch", "status": "published", "kb": "KB5999991",
       "lcu": {"kb": "KB5999992", "build": "26100.33438", "status": "reported"}}
    ],
    "out_of_band": [
      {"date": "2025-10-24", "kb": "KB5070893", "keeps_chain": true},
      {"date": "2026-04-19", "kb": "KB5091157", "keeps_chain": false, "note": "LCU line"}
    ]})");
  const Json page = Json::parse(R"({
    "product": "ws2025", "source": "the page",
    "months": [
      {"month": "2026-06", "kind": "unplanned-baseline", "status": "published", "date": "2026-06-09",
       "kb": "KB5094125", "build": "26100.32995", "note": "initially planned as a hotpatch"},
      {"month": "2026-07", "kind": "baseline", "status": "published"},
      {"month": "2026-08", "kind": "hotpatch", "status": "published"},
      {"month": "2026-09", "kind": "unplanned-baseline", "status": "published"},
      {"month": "2026-12", "kind": "hotpatch", "status": "published"}
    ],
    "out_of_band": [
      {"date": "2026-04-19", "kb": "KB5091157", "build": "26100.32698", "status": "published"},
      {"date": "2026-09-14", "kb": "KB5129235", "build": "26100.33451", "status": "published"}
    ]})");
  std::vector<CalendarChange> changes;
  const Json merged = merge_page_calendar(current, page, changes);
  CHECK_NOTHROW((void)calendar_from_json(merged));
  CHECK(merged["description"] == "current");
  CHECK(merged["source"] == "the page");
  CHECK(merged["first_month"] == "2024-11");

  // Older months the page no longer shows stay.
  CHECK((*find_month(merged, "2025-01"))["kb"] == "KB5050009");
  // A planned hotpatch that became a baseline, with its KB.
  CHECK(has_change(changes, ChangeKind::kind_changed, "2026-06"));
  CHECK(has_change(changes, ChangeKind::kb_added, "2026-06"));
  CHECK((*find_month(merged, "2026-06"))["kb"] == "KB5094125");
  // A reported KB of a month the page lists without KB stays, still reported.
  const Json& july = *find_month(merged, "2026-07");
  CHECK(july["kb"] == "KB5099536");
  CHECK(july["kb_status"] == "reported");
  CHECK(july["date"] == "2026-07-14");
  CHECK(july["note"] == "from build manifests");
  CHECK_FALSE(has_change(changes, ChangeKind::kind_changed, "2026-07"));
  // A reported month is now published; its reported KB stays reported.
  CHECK(has_change(changes, ChangeKind::now_published, "2026-08"));
  CHECK((*find_month(merged, "2026-08"))["status"] == "published");
  CHECK((*find_month(merged, "2026-08"))["kb_status"] == "reported");
  // A hotpatch month that became a baseline: its hotpatch KB goes, its regular update is the baseline.
  const Json& sep = *find_month(merged, "2026-09");
  CHECK(has_change(changes, ChangeKind::kind_changed, "2026-09"));
  CHECK(has_change(changes, ChangeKind::kb_dropped, "2026-09"));
  CHECK(sep["kb"] == "KB5999992");
  CHECK(sep["kb_status"] == "reported");
  CHECK_FALSE(sep.contains("lcu"));
  CHECK(has_change(changes, ChangeKind::new_month, "2026-12"));

  // Out-of-band: known verdicts stay, new releases are flagged as unknown.
  const Json& known = *find_oob(merged, "KB5091157");
  CHECK(known["keeps_chain"] == false);
  CHECK(known["build"] == "26100.32698");
  CHECK(known["note"] == "LCU line");
  CHECK(find_oob(merged, "KB5070893") != nullptr);
  CHECK(has_change(changes, ChangeKind::new_out_of_band, "KB5129235"));
  CHECK(has_change(changes, ChangeKind::chain_unknown, "KB5129235"));
  CHECK_FALSE(find_oob(merged, "KB5129235")->contains("keeps_chain"));
  CHECK_FALSE(has_change(changes, ChangeKind::new_out_of_band, "KB5091157"));
  CHECK_FALSE(has_change(changes, ChangeKind::chain_unknown, "KB5091157"));

  // Importing the merged data again changes nothing but the unknown verdict.
  Json again = page;
  std::vector<CalendarChange> second;
  (void)merge_page_calendar(merged, again, second);
  REQUIRE(second.size() == 1);
  CHECK(second.front().kind == ChangeKind::chain_unknown);
}

TEST_CASE("import over the shipped data and a user file: a month that changed kind is reported") {
  // A user file from when the page still listed June 2026 as a hotpatch.
  const std::vector<CalendarLayer> layers{
      {"old.json", Json::parse(R"({"product": "ws2025", "months": [{"month": "2026-06", "kind": "hotpatch",
         "status": "published", "reference": "https://learn.microsoft.com/windows/release-health/windows-server-release-info"}]})")}};
  const auto page = parse_release_page(read_fixture("release-info.md"), "release-info.md");
  const auto result = import_release_page(page, layers);
  REQUIRE(result.calendars.size() == 2);
  CHECK(has_change(result.changes, ChangeKind::kind_changed, "2026-06"));
  CHECK(has_change(result.changes, ChangeKind::kb_added, "2026-06"));
  // Shipped months older than the page's tables stay.
  CHECK(find_month(*find_product(result.calendars, "ws2025"), "2024-11") != nullptr);
  CHECK(find_month(*find_product(result.calendars, "ws2022-azure-edition"), "2024-08") != nullptr);
  const auto json = changes_to_json(result.changes);
  CHECK(json[0].contains("change"));
  CHECK(json[0].contains("text"));
}

TEST_CASE("CLI: calendar import writes calendar JSON that --calendar loads") {
  const auto out = temp_path("md.json");
  std::filesystem::remove(out);
  const auto result =
      test::run_cli("calendar import " + test::source_path("tests/data/import/release-info.md") + " -o " + out);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("wrote " + out) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out + ".tmp"));
  const Json written = load_json_file(out);
  REQUIRE(written["calendars"].size() == 2);
  const auto calendars = written["calendars"].get<std::vector<Json>>();
  const Json* ws2025 = find_product(calendars, "ws2025");
  REQUIRE(ws2025 != nullptr);
  CHECK((*find_month(*ws2025, "2026-06"))["kind"] == "unplanned-baseline");
  CHECK((*find_month(*ws2025, "2026-06"))["kb"] == "KB5094125");
  CHECK((*find_month(*ws2025, "2026-05"))["lcu"]["kb"] == "KB5087539");
  CHECK((*find_month(*ws2025, "2026-12"))["kind"] == "hotpatch");
  CHECK(find_oob(*ws2025, "KB5078135") != nullptr);
  const Json* ws2022 = find_product(calendars, "ws2022-azure-edition");
  REQUIRE(ws2022 != nullptr);
  CHECK((*find_month(*ws2022, "2026-05"))["lcu"]["kb"] == "KB5087545");

  const auto shown = test::run_cli("calendar --calendar " + out + " --product ws2025 --from 2026-06 --months 6 --json");
  REQUIRE(shown.exit_code == 0);
  const Json cal = Json::parse(shown.out);
  REQUIRE(cal["months"].size() == 6);
  CHECK(cal["months"][0]["month"] == "2026-06");
  CHECK(cal["months"][0]["kind"] == "unplanned-baseline");
  CHECK(cal["months"][0]["kb"] == "KB5094125");
  CHECK(cal["months"][1]["kind"] == "baseline");
  std::filesystem::remove(out);
}

TEST_CASE("CLI: calendar import reads standard input and prints changes as JSON") {
  const auto out = temp_path("stdin.json");
  const auto old = temp_path("old.json");
  std::ofstream(old) << R"({"product": "ws2025", "months": [{"month": "2026-06", "kind": "hotpatch",
    "status": "published"}]})";
  const auto result = test::run_cli("calendar import - -o " + out + " --calendar " + old + " --json < " +
                                    test::source_path("tests/data/import/release-info.html"));
  REQUIRE(result.exit_code == 0);
  const Json printed = Json::parse(result.out);
  CHECK(printed["page"] == "standard input");
  CHECK(printed["calendars"][0]["product"] == "ws2025");
  bool kind_changed = false;
  for (const auto& c : printed["changes"]) kind_changed |= c["change"] == "kind-changed" && c["subject"] == "2026-06";
  CHECK(kind_changed);
  CHECK(std::filesystem::exists(out));
  std::filesystem::remove(out);
  std::filesystem::remove(old);
}

TEST_CASE("CLI: a malformed page exits 2 / prints nothing and writes nothing") {
  const auto out = temp_path("bad.json");
  std::filesystem::remove(out);
  const auto result =
      test::run_cli("calendar import " + test::source_path("tests/data/import/malformed.md") + " -o " + out);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_FALSE(std::filesystem::exists(out));
  CHECK_FALSE(std::filesystem::exists(out + ".tmp"));
  // A page that merges into invalid data (a KB the current data holds elsewhere) writes nothing either.
  const auto page = temp_path("clash.md");
  std::ofstream(page) << page_with_rows("| March | S | Hotpatch | 2026-03-10 | 26100.32463 | KB5066835 |\n");
  CHECK(test::run_cli("calendar import " + page + " -o " + out).exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(out));
  std::filesystem::remove(page);

  CHECK(test::run_cli("calendar import /nonexistent.md -o " + out).exit_code == 2);
  CHECK(test::run_cli("calendar import " + test::source_path("tests/data/import/release-info.md")).exit_code == 2);
  CHECK(test::run_cli("calendar import " + test::source_path("tests/data/import/release-info.md") + " -o " + out +
                      " --calendar /nonexistent.json")
            .exit_code == 2);
  CHECK(test::run_cli("calendar --calendar /dev/null import " + test::source_path("tests/data/import/release-info.md") +
                      " -o " + out)
            .exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(out));
  // The calendar command itself still needs --from.
  CHECK(test::run_cli("calendar --product ws2025").exit_code == 2);
  CHECK(test::run_cli("calendar --product ws2025 --from 2026-06 --months 2").exit_code == 0);
}
