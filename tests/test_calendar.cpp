#include <doctest/doctest.h>

#include "hotplan/hotplan.hpp"
#include "support.hpp"

using namespace hotplan;
using namespace date::literals;

namespace {
date::year_month ym(int y, unsigned m) { return date::year{y} / date::month{m}; }
}  // namespace

TEST_CASE("Patch Tuesday is the second Tuesday and releases at 10:00 Pacific") {
  CHECK(patch_tuesday(ym(2025, 10)) == date::sys_days{2025_y / date::October / 14});
  // July 2025 starts on a Tuesday: the second Tuesday is the 8th.
  CHECK(patch_tuesday(ym(2025, 7)) == date::sys_days{2025_y / date::July / 8});
  // Daylight saving time: 17:00Z; standard time: 18:00Z.
  CHECK(format_utc(patch_tuesday_release(ym(2025, 10))) == "2025-10-14T17:00:00Z");
  CHECK(format_utc(patch_tuesday_release(ym(2025, 11))) == "2025-11-11T18:00:00Z");
  // March 2026: DST starts on the 8th, Patch Tuesday is the 10th.
  CHECK(format_utc(patch_tuesday_release(ym(2026, 3))) == "2026-03-10T17:00:00Z");
}

TEST_CASE("ws2025 months come from data where it speaks and from the rule beyond it") {
  const auto& cal = Calendar::shipped(Product::ws2025);
  const auto oct = cal.month(ym(2025, 10));
  CHECK(oct.kind == MonthKind::baseline);
  CHECK(oct.status == DataStatus::published);
  CHECK(oct.offer.kb->str() == "KB5066835");
  CHECK(oct.offer.build->str() == "26100.6899");
  CHECK(oct.reference == "https://support.microsoft.com/help/5066835");
  REQUIRE(oct.out_of_band.size() == 3);
  CHECK(oct.out_of_band[0].kb.str() == "KB5070773");
  CHECK(oct.out_of_band[1].kb.str() == "KB5070881");
  CHECK_FALSE(oct.out_of_band[1].keeps_chain);
  CHECK(oct.out_of_band[2].kb.str() == "KB5070893");
  CHECK(oct.out_of_band[2].keeps_chain);

  CHECK(cal.first_supported() == ym(2024, 11));
  CHECK(cal.month(ym(2025, 11)).offer.kb->str() == "KB5068966");
  CHECK(cal.month(ym(2025, 11)).lcu.kb->str() == "KB5068861");
  CHECK(cal.month(ym(2026, 1)).offer.kb->str() == "KB5073379");
  // June 2026 was an unplanned baseline; July 2026 a planned baseline (not a hotpatch
  // at 26100.32860, which is May 2026's regular update KB5087539).
  CHECK(cal.kind(ym(2026, 6)) == MonthKind::unplanned_baseline);
  CHECK(cal.kind(ym(2026, 7)) == MonthKind::baseline);
  CHECK(cal.status(ym(2026, 7)) == DataStatus::published);
  CHECK(cal.month(ym(2026, 7)).offer_status == DataStatus::reported);
  CHECK(cal.month(ym(2026, 5)).lcu.build->str() == "26100.32860");
  // September 2026: an unplanned baseline known only from secondary sources.
  CHECK(cal.kind(ym(2026, 9)) == MonthKind::unplanned_baseline);
  CHECK(cal.status(ym(2026, 9)) == DataStatus::reported);
  // Planned months without KBs: their kind is Microsoft's, their KB unknown.
  CHECK(cal.kind(ym(2026, 10)) == MonthKind::baseline);
  CHECK(cal.status(ym(2026, 10)) == DataStatus::published);
  CHECK_FALSE(cal.month(ym(2026, 11)).offer.kb.has_value());
  CHECK(cal.data_through() == ym(2026, 12));
  // Beyond the data the January/April/July/October rule projects.
  CHECK(cal.kind(ym(2027, 4)) == MonthKind::baseline);
  CHECK(cal.kind(ym(2027, 5)) == MonthKind::hotpatch);
  CHECK(cal.status(ym(2027, 5)) == DataStatus::projected);
  CHECK(cal.newest_build() == Build{26100, 33451});
}

TEST_CASE("ws2022 Azure Edition: every month since January 2024 / June 2026 a baseline / hotpatch ends") {
  const auto& cal = Calendar::shipped(Product::ws2022_azure_edition);
  CHECK(cal.first_supported() == ym(2024, 1));
  CHECK(cal.kind(ym(2026, 6)) == MonthKind::unplanned_baseline);
  CHECK(cal.month(ym(2026, 6)).offer.kb->str() == "KB5094128");
  CHECK(cal.month(ym(2026, 5)).lcu.kb->str() == "KB5087545");
  REQUIRE(cal.hotpatch_end().has_value());
  CHECK(cal.hotpatch_end()->last_month == ym(2027, 10));
  CHECK(cal.hotpatch_end()->status == DataStatus::reported);
  CHECK(cal.kind(ym(2027, 9)) == MonthKind::hotpatch);
  CHECK(cal.kind(ym(2027, 11)) == MonthKind::regular);
  CHECK(cal.status(ym(2027, 11)) == DataStatus::reported);
  CHECK(cal.next_baseline_after(ym(2027, 10)) == ym(2027, 11));
  CHECK_FALSE(cal.month(ym(2027, 12)).note.empty());
}

TEST_CASE("a default-constructed Calendar is empty / not out of bounds") {
  const Calendar empty;
  CHECK(empty.kind(date::year{1970} / date::January) == MonthKind::baseline);
  CHECK(empty.status(date::year{1970} / date::January) == DataStatus::projected);
  CHECK(empty.month(date::year{1970} / date::February).kind == MonthKind::hotpatch);
  CHECK(empty.find(*Kb::parse("KB5066835")) == nullptr);
}

TEST_CASE("known KBs know their chain") {
  const auto& cal = Calendar::shipped(Product::ws2025);
  const auto* baseline = cal.find(*Kb::parse("KB5066835"));
  REQUIRE(baseline != nullptr);
  CHECK(baseline->role == UpdateRole::baseline);
  CHECK(baseline->chain_baseline == ym(2025, 10));
  const auto* off = cal.find(*Kb::parse("KB5070881"));
  REQUIRE(off != nullptr);
  CHECK(off->role == UpdateRole::out_of_band);
  CHECK_FALSE(off->chain_baseline.has_value());
  const auto* on = cal.find(*Kb::parse("KB5070893"));
  REQUIRE(on != nullptr);
  CHECK(on->chain_baseline == ym(2025, 10));
  const auto* hotpatch = cal.find(*Kb::parse("KB5087423"));
  REQUIRE(hotpatch != nullptr);
  CHECK(hotpatch->role == UpdateRole::hotpatch);
  CHECK(hotpatch->chain_baseline == ym(2026, 4));
  const auto* lcu = cal.find(*Kb::parse("KB5087539"));
  REQUIRE(lcu != nullptr);
  CHECK(lcu->role == UpdateRole::lcu);
  CHECK_FALSE(lcu->chain_baseline.has_value());
  CHECK(cal.find(*Kb::parse("KB1234567")) == nullptr);
}

TEST_CASE("ws2022 Azure Edition: the 2024 unplanned August baseline") {
  const auto& cal = Calendar::shipped(Product::ws2022_azure_edition);
  CHECK(cal.kind(ym(2024, 7)) == MonthKind::baseline);
  CHECK(cal.kind(ym(2024, 8)) == MonthKind::unplanned_baseline);
  CHECK(cal.month(ym(2024, 8)).offer.kb->str() == "KB5041160");
  CHECK(cal.month(ym(2024, 9)).offer.kb->str() == "KB5042880");
  CHECK(cal.month(ym(2024, 9)).lcu.kb->str() == "KB5042881");
  CHECK(cal.baseline_at_or_before(ym(2024, 9)) == ym(2024, 8));
  CHECK(cal.next_baseline_after(ym(2024, 9)) == ym(2024, 10));
}

TEST_CASE("calendar data is validated with JSON pointers") {
  auto error_path = [](const char* text) -> std::string {
    try {
      (void)calendar_from_json(Json::parse(text));
    } catch (const InputError& e) {
      return e.path();
    }
    return "no error";
  };
  CHECK(error_path(R"({"product":"ws2030","months":[]})") == "/product");
  CHECK(error_path(R"({"product":"ws2025","months":[{"month":"2025-01","kind":"baseline"}]})") == "/months/0");
  CHECK(error_path(R"({"product":"ws2025","months":[{"month":"2025-01","kind":"baseline","status":"projected"}]})") ==
        "/months/0/status");
  CHECK(error_path(R"({"product":"ws2025","months":[{"month":"2025-01","kind":"baseline","status":"published",
      "date":"2025-02-11"}]})") == "/months/0/date");
  CHECK(error_path(R"({"product":"ws2025","first_month":"2025-00","months":[]})") == "/first_month");
  CHECK(error_path(R"({"product":"ws2025","hotpatch_end":{"month":"2027-10"},"months":[]})") == "/hotpatch_end");
  CHECK(error_path(R"({"product":"ws2025","months":[{"month":"2025-13"}]})") == "/months/0/month");
  CHECK(error_path(R"({"product":"ws2025","months":[{"month":"2025-02"},{"month":"2025-01"}]})") == "/months/1/month");
  CHECK(error_path(R"({"product":"ws2025","months":[{"month":"2025-01","kind":"weekly"}]})") == "/months/0/kind");
  CHECK(
      error_path(
          R"({"product":"ws2025","months":[{"month":"2025-01","kind":"baseline","status":"published","kb":"KB12"}]})") ==
      "/months/0/kb");
  CHECK(
      error_path(
          R"({"product":"ws2025","months":[{"month":"2025-01","kind":"baseline","status":"published","build":"20348.1"}]})") ==
      "/months/0/build");
  CHECK(error_path(
            R"({"product":"ws2025","months":[{"month":"2025-01","kind":"baseline","status":"published","lcu":{}}]})") ==
        "/months/0/lcu");
  CHECK(error_path(R"({"product":"ws2025","months":[{"month":"2025-01","colour":"red"}]})") == "/months/0/colour");
  CHECK(
      error_path(
          R"({"product":"ws2025","months":[{"month":"2025-01","kind":"baseline","status":"published","kb":"KB5000001"}],
      "out_of_band":[{"date":"2025-01-20","kb":"KB5000001","keeps_chain":true}]})") == "/out_of_band/0/kb");
  CHECK(error_path(R"({"product":"ws2025","months":[{"month":"2025-01"}],
      "out_of_band":[{"date":"2025-02-30","kb":"KB5000001","keeps_chain":true}]})") == "/out_of_band/0/date");
  CHECK(error_path(R"({"product":"ws2025","months":[{"month":"2025-01"}],
      "out_of_band":[{"date":"2025-02-03","kb":"KB5000001","keeps_chain":"yes"}]})") == "/out_of_band/0/keeps_chain");
}

TEST_CASE("hotplan calendar --json has the documented shape") {
  const auto result = test::run_cli("calendar --product ws2025 --from 2025-10 --months 6 --json");
  REQUIRE(result.exit_code == 0);
  const auto doc = Json::parse(result.out);
  CHECK(doc["product"] == "ws2025");
  REQUIRE(doc["months"].size() == 6);
  const auto& first = doc["months"][0];
  CHECK(first["month"] == "2025-10");
  CHECK(first["kind"] == "baseline");
  CHECK(first["status"] == "published");
  CHECK(first["reference"] == "https://support.microsoft.com/help/5066835");
  CHECK(first["patch_tuesday"] == "2025-10-14");
  CHECK(first["release_utc"] == "2025-10-14T17:00:00Z");
  CHECK(first["kb"] == "KB5066835");
  CHECK(first["build"] == "26100.6899");
  CHECK(doc["months"][1]["kb"] == "KB5068966");
  CHECK(doc["months"][1]["lcu_kb"] == "KB5068861");
  const auto far = Json::parse(test::run_cli("calendar --product ws2025 --from 2027-02 --months 1 --json").out);
  CHECK(far["months"][0]["status"] == "projected");
  CHECK(far["months"][0]["kb"].is_null());
  CHECK(far["months"][0]["kb_status"].is_null());
}

TEST_CASE("hotplan calendar rejects bad options with exit code 2") {
  CHECK(test::run_cli("calendar --product ws2030 --from 2025-10").exit_code == 2);
  CHECK(test::run_cli("calendar --from 2025-13").exit_code == 2);
  CHECK(test::run_cli("calendar --from 1969-12").exit_code == 2);
  // Before the first supported month of the product's data.
  CHECK(test::run_cli("calendar --from 2024-10").exit_code == 2);
  CHECK(test::run_cli("calendar --product ws2022-azure-edition --from 2024-01").exit_code == 0);
  CHECK(test::run_cli("calendar --from 2025-10 --months 0").exit_code == 2);
  CHECK(test::run_cli("calendar --from 2025-10 --months 100000").exit_code == 2);
  CHECK(test::run_cli("calendar --from 2100-06 --months 12").exit_code == 2);
  CHECK(test::run_cli("calendar --from 2025-10 --months abc").exit_code == 2);
  CHECK(test::run_cli("calendar --from 2025-10 --calendar /nonexistent.json").exit_code == 2);
  CHECK(test::run_cli("frobnicate").exit_code == 2);
  const auto bad = test::run_cli("calendar --from 2025-13 --json");
  CHECK(bad.out.empty());
}

TEST_CASE("release instants after 2037 follow daylight saving like every window (one time-zone path)") {
  // date/tz stops daylight saving after 2037; hotplan's TimeZone extends it by the POSIX rule.
  CHECK(format_utc(patch_tuesday_release(ym(2040, 6))) == "2040-06-12T17:00:00Z");
  CHECK(format_utc(patch_tuesday_release(ym(2040, 12))) == "2040-12-11T18:00:00Z");
  CHECK(format_utc(patch_tuesday_release(ym(2099, 7))) == "2099-07-14T17:00:00Z");
  const auto cli = test::run_cli("calendar --product ws2025 --from 2040-06 --months 1 --json");
  REQUIRE(cli.exit_code == 0);
  CHECK(Json::parse(cli.out)["months"][0]["release_utc"] == "2040-06-12T17:00:00Z");
  // A plan window in 2045 starts after that release, in the machine's own summer time.
  auto machine = test::eligible_machine("m");
  machine["time_zone"] = "Europe/Berlin";
  const auto fleet = parse_fleet(test::fleet_of({machine}));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), ym(2045, 7), 1);
  REQUIRE(plan.machines[0].steps[0].window.has_value());
  CHECK(format_local(plan.machines[0].steps[0].window->start) == "2045-07-11T22:00:00+02:00");
}

TEST_CASE("a rollout after 2037 starts at the summer-time release") {
  const auto cli =
      test::run_cli("rollout --fleet " + test::source_path("data/examples/fleet.json") + " --month 2040-06 --json");
  REQUIRE(cli.exit_code == 0);
  CHECK(Json::parse(cli.out)["release_utc"] == "2040-06-12T17:00:00Z");
}
