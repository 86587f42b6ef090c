// The shipped release data against the chain rule, month by month, and the
// user's own calendar files layered over it.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "hotplan/hotplan.hpp"
#include "support.hpp"

using namespace hotplan;

namespace {

date::year_month ym(int y, unsigned m) { return date::year{y} / date::month{m}; }

Json machine_on(Product product, const Kb& kb, const Build& build) {
  auto m = test::eligible_machine("m");
  m["product"] = product_id(product);
  m["installed_kb"] = kb.str();
  m["build"] = build.str();
  m["hotpatch_enrolled"] = "2023-01-01";
  return m;
}

MachineTrajectory plan_one(const Json& machine, date::year_month from, int months,
                           const CalendarSet& calendars = CalendarSet::shipped()) {
  return plan_fleet(parse_fleet(test::fleet_of({machine})), from, months, calendars).machines.at(0);
}

// Writes `text` to a temporary file that is removed with the object.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name, const std::string& text)
      : path(std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/hotplan-test-" + name) {
    std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

}  // namespace

TEST_CASE("every published month: its hotpatch or baseline KB is on the chain the next month") {
  for (const Product product : kAllProducts) {
    const auto& cal = CalendarSet::shipped()[product];
    int checked = 0;
    for (auto month = *cal.first_supported(); month <= *cal.data_through(); month += date::months{1}) {
      const auto m = cal.month(month);
      if (!m.offer.kb || !m.offer.build) continue;
      CAPTURE(product_id(product));
      CAPTURE(format_year_month(month));
      const auto plan = plan_one(machine_on(product, *m.offer.kb, *m.offer.build), month + date::months{1}, 1);
      const auto& next = plan.steps.front();
      if (is_baseline(next.month_kind)) {
        CHECK(next.offer == Offer::baseline);
      } else {
        CHECK(next.offer == Offer::hotpatch);
        CHECK_FALSE(next.reboot);
        CHECK(next.reason == StepReason::hotpatch);
      }
      CHECK(next.assumption.empty());
      ++checked;
    }
    CHECK(checked >= 19);
  }
}

TEST_CASE("every published hotpatch month: its regular update restarts until and including the next baseline") {
  for (const Product product : kAllProducts) {
    const auto& cal = CalendarSet::shipped()[product];
    for (auto month = *cal.first_supported(); month <= *cal.data_through(); month += date::months{1}) {
      const auto m = cal.month(month);
      if (m.kind != MonthKind::hotpatch || !m.lcu.kb || !m.lcu.build) continue;
      CAPTURE(product_id(product));
      CAPTURE(format_year_month(month));
      const auto next_baseline = cal.next_baseline_after(month);
      const int months = months_between(month, next_baseline);
      const auto plan = plan_one(machine_on(product, *m.lcu.kb, *m.lcu.build), month + date::months{1}, months);
      for (const auto& step : plan.steps) {
        CAPTURE(format_year_month(step.month));
        CHECK(step.reboot);
        CHECK(step.offer == (step.month == next_baseline ? Offer::baseline : Offer::lcu));
      }
      CHECK(plan.steps.back().month == next_baseline);
    }
  }
}

TEST_CASE("every off-chain out-of-band release restarts until and including the next baseline") {
  for (const Product product : kAllProducts) {
    for (const auto& oob : CalendarSet::shipped()[product].out_of_band()) {
      if (oob.keeps_chain || !oob.build) continue;
      CAPTURE(oob.kb.str());
      const auto& cal = CalendarSet::shipped()[product];
      const auto from = release_cycle_month(oob.date) + date::months{1};
      const auto plan = plan_one(machine_on(product, oob.kb, *oob.build), from, 3);
      const auto first = plan.steps.front();
      CHECK(first.reboot);
      if (!is_baseline(first.month_kind)) CHECK(first.reason == StepReason::off_chain);
      CHECK(first.assumption.empty());
      (void)cal;
    }
  }
}

TEST_CASE("the issue's machines: November 2025 hotpatch and January 2026 baseline stay on the chain") {
  const auto nov = plan_one(machine_on(Product::ws2025, *Kb::parse("KB5068966"), Build{26100, 7092}), ym(2025, 12), 1);
  CHECK(nov.steps[0].offer == Offer::hotpatch);
  CHECK(nov.steps[0].update.kb->str() == "KB5072014");
  const auto jan = plan_one(machine_on(Product::ws2025, *Kb::parse("KB5073379"), Build{26100, 32230}), ym(2026, 2), 2);
  CHECK(jan.steps[0].offer == Offer::hotpatch);
  CHECK(jan.steps[1].offer == Offer::hotpatch);
  CHECK(jan.restarts == 0);
  // July 2026 restarts every enrolled machine.
  const auto jun = plan_one(machine_on(Product::ws2025, *Kb::parse("KB5094125"), Build{26100, 32995}), ym(2026, 7), 3);
  CHECK(jun.steps[0].offer == Offer::baseline);
  CHECK(jun.steps[0].status == DataStatus::reported);  // the KB is reported, the kind published
  CHECK(jun.steps[1].offer == Offer::hotpatch);
  CHECK(jun.steps[2].month_kind == MonthKind::unplanned_baseline);
  CHECK(jun.steps[2].status == DataStatus::reported);
}

TEST_CASE("an unknown installed KB is said / flagged as assumed until the next baseline") {
  auto m = machine_on(Product::ws2025, *Kb::parse("KB5999999"), Build{26100, 33900});
  const auto plan = plan_one(m, ym(2026, 11), 4);
  CHECK_FALSE(plan.installed_kb.known);
  CHECK(plan.installed_kb.newer_than_data);
  REQUIRE_FALSE(plan.warnings.empty());
  CHECK(plan.warnings.front().find("KB5999999") != std::string::npos);
  CHECK(plan.warnings.front().find("through 2026-12") != std::string::npos);
  CHECK(plan.warnings.front().find("import newer data") != std::string::npos);
  CHECK(plan.steps[0].reason == StepReason::off_chain);
  CHECK_FALSE(plan.steps[0].assumption.empty());
  CHECK_FALSE(plan.steps[1].assumption.empty());
  CHECK(plan.steps[2].offer == Offer::baseline);  // 2027-01
  CHECK(plan.steps[2].assumption.empty());
  CHECK(plan.steps[3].assumption.empty());
  // An old unknown build is not "newer than the data".
  const auto old = plan_one(machine_on(Product::ws2025, *Kb::parse("KB5999998"), Build{26100, 2000}), ym(2026, 11), 1);
  CHECK_FALSE(old.installed_kb.newer_than_data);
  CHECK(old.warnings.front().find("import newer data") == std::string::npos);
  // The fleet-level warning counts them; the JSON flags the months.
  auto other = machine_on(Product::ws2025, *Kb::parse("KB5999998"), Build{26100, 2000});
  other["id"] = "other";
  const auto fleet = make_plan(parse_fleet(test::fleet_of({m, other})), CalendarSet::shipped(), ym(2026, 11), 4);
  REQUIRE(unknown_kb_summary(fleet).has_value());
  CHECK(unknown_kb_summary(fleet)->find("2 machines") != std::string::npos);
  const auto json = plan_to_json(fleet);
  CHECK(json["warnings"].size() == 1);
  CHECK(json["machines"][0]["months"][0]["assumed"] == true);
  CHECK(json["machines"][0]["months"][2]["assumed"] == false);
  CHECK(json["machines"][0]["installed_kb_known"] == false);
}

TEST_CASE("past a product's hotpatch end every month is a regular update / and the plan says why") {
  auto m = machine_on(Product::ws2022_azure_edition, *Kb::parse("KB5094128"), Build{20348, 5256});
  const auto plan = plan_one(m, ym(2027, 10), 3);
  CHECK(plan.steps[0].offer == Offer::baseline);
  CHECK(plan.steps[1].offer == Offer::lcu);
  CHECK(plan.steps[1].reason == StepReason::hotpatch_ended);
  CHECK(plan.steps[1].reboot);
  CHECK(describe(plan.steps[1]).find("ends after 2027-10") != std::string::npos);
  CHECK(plan.steps[1].status == DataStatus::reported);
}

TEST_CASE("planning before a product's first supported month is an error that says so") {
  auto m = machine_on(Product::ws2025, *Kb::parse("KB5066835"), Build{26100, 6899});
  try {
    (void)plan_one(m, ym(2024, 6), 2);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.path() == "from");
    CHECK(std::string(e.what()).find("starts at 2024-11") != std::string::npos);
  }
  const auto fleet = test::fleet_of({m});
  TempFile file("first-month-fleet.json", fleet.dump());
  CHECK(test::run_cli("plan --fleet " + file.path + " --from 2024-06 --months 2").exit_code == 2);
}

TEST_CASE("user calendar files extend and override the shipped data month by month") {
  // A newer month's KB, and a November 2026 hotpatch KB the shipped data lacks.
  const Json update = Json::parse(R"({"product": "ws2025", "months": [
      {"month": "2026-10", "kind": "baseline", "status": "published", "kb": "KB5130001", "build": "26100.33500"},
      {"month": "2026-11", "kind": "hotpatch", "status": "published", "kb": "KB5130002", "build": "26100.33560",
       "lcu": {"kb": "KB5130003", "build": "26100.33600"}}],
    "out_of_band": [{"date": "2026-10-20", "kb": "KB5130004", "build": "26100.33510"}]})");
  const std::vector<CalendarLayer> layers{{"update.json", update}};
  const auto calendars = CalendarSet::with_layers(layers);
  const auto& cal = calendars[Product::ws2025];
  CHECK(cal.month(ym(2026, 10)).offer.kb->str() == "KB5130001");
  CHECK(cal.month(ym(2026, 9)).kind == MonthKind::unplanned_baseline);  // shipped months stay
  CHECK(cal.data_through() == ym(2026, 12));
  CHECK_FALSE(cal.out_of_band().back().chain_known);
  CHECK(&calendars[Product::ws2022_azure_edition] == &CalendarSet::shipped()[Product::ws2022_azure_edition]);
  CHECK(calendars.layer_names() == std::vector<std::string>{"update.json"});
  // A machine on the October 2026 baseline now hotpatches in November.
  auto m = machine_on(Product::ws2025, *Kb::parse("KB5130001"), Build{26100, 33500});
  const auto with_data = plan_one(m, ym(2026, 11), 1, calendars);
  CHECK(with_data.steps[0].offer == Offer::hotpatch);
  CHECK(with_data.steps[0].update.kb->str() == "KB5130002");
  const auto without = plan_one(m, ym(2026, 11), 1);
  CHECK(without.steps[0].offer == Offer::lcu);
  CHECK_FALSE(without.steps[0].assumption.empty());
  // An out-of-band release of unknown chain compatibility: assumed off the chain.
  auto oob = m;
  oob["install_oob"] = true;
  const auto unknown_chain = plan_one(oob, ym(2026, 10), 2, calendars);
  CHECK(unknown_chain.steps[0].assumption.find("KB5130004") != std::string::npos);
}

TEST_CASE("two user files that disagree on a month are an error naming both") {
  const Json a = Json::parse(
      R"({"product": "ws2025", "months": [{"month": "2026-11", "kind": "hotpatch", "status": "published"}]})");
  const Json b = Json::parse(
      R"({"product": "ws2025", "months": [{"month": "2026-11", "kind": "unplanned-baseline", "status": "reported"}]})");
  const std::vector<CalendarLayer> layers{{"a.json", a}, {"b.json", b}};
  try {
    (void)CalendarSet::with_layers(layers);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string what = e.what();
    CHECK(what.find("a.json") != std::string::npos);
    CHECK(what.find("b.json") != std::string::npos);
    CHECK(e.path() == "b.json:/months/0");
  }
  // The same content twice is no conflict; a bad layer points into its own file.
  const std::vector<CalendarLayer> same{{"a.json", a}, {"a2.json", a}};
  CHECK_NOTHROW((void)CalendarSet::with_layers(same));
  const std::vector<CalendarLayer> bad{
      {"bad.json", Json::parse(R"({"product": "ws2025", "months": [{"month": "x"}]})")}};
  CHECK_THROWS_WITH_AS((void)CalendarSet::with_layers(bad),
                       "bad.json:/months/0/month: expected a month YYYY-MM between 1970 and 2100, found \"x\"",
                       InputError);
  // {"calendars": [...]} holds several products.
  const Json both = Json::parse(R"({"calendars": [
      {"product": "ws2025", "months": [{"month": "2026-11", "kind": "hotpatch", "status": "published", "kb": "KB5130002"}]},
      {"product": "ws2022-azure-edition", "months": [{"month": "2026-11", "kind": "hotpatch", "status": "published", "kb": "KB5130012"}]}]})");
  const std::vector<CalendarLayer> multi{{"both.json", both}};
  const auto set = CalendarSet::with_layers(multi);
  CHECK(set[Product::ws2022_azure_edition].month(ym(2026, 11)).offer.kb->str() == "KB5130012");
}

TEST_CASE("every command takes --calendar - a product the files do not hold is an error") {
  const Json ws2025 = Json::parse(
      R"({"product": "ws2025", "months": [{"month": "2026-11", "kind": "hotpatch", "status": "published", "kb": "KB5130002"}]})");
  TempFile data("calendar-2025.json", ws2025.dump());
  const auto shown = test::run_cli("calendar --calendar " + data.path + " --from 2026-11 --months 1 --json");
  REQUIRE(shown.exit_code == 0);
  CHECK(Json::parse(shown.out)["months"][0]["kb"] == "KB5130002");
  CHECK(
      test::run_cli("calendar --calendar " + data.path + " --product ws2022-azure-edition --from 2026-11").exit_code ==
      2);
  auto example = load_json_file(test::source_path("data/examples/fleet.json"));
  example["as_of"] = "2026-10-05";  // the rollout needs an inventory from before the month
  TempFile dated("calendar-fleet.json", example.dump());
  const auto& fleet = dated.path;
  for (const std::string command : {"plan --fleet " + fleet + " --from 2026-10 --months 2", "check --fleet " + fleet,
                                    "rollout --fleet " + fleet + " --month 2026-11"}) {
    CAPTURE(command);
    CHECK(test::run_cli(command + " --calendar " + data.path).exit_code == 0);
    CHECK(test::run_cli(command + " --calendar /nonexistent/calendar.json").exit_code == 2);
  }
  CHECK(test::run_cli("classify --catalog " + test::source_path("data/examples/catalog.json") +
                      " --policy automatic-by-platform --month 2025-11 --calendar " + data.path)
            .exit_code == 0);
}

TEST_CASE("plan and check print the unknown-KB warning in text and JSON") {
  auto m = machine_on(Product::ws2025, *Kb::parse("KB5999999"), Build{26100, 33900});
  TempFile file("unknown-kb-fleet.json", test::fleet_of({m}).dump());
  const auto text = test::run_cli("plan --fleet " + file.path + " --from 2026-11 --months 2");
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("warning: 1 machine runs a KB") != std::string::npos);
  CHECK(text.out.find("assumed") != std::string::npos);
  const auto check = test::run_cli("check --fleet " + file.path + " --json");
  REQUIRE(check.exit_code == 0);
  const auto doc = Json::parse(check.out);
  CHECK(doc["unknown_kb"] == 1);
  CHECK(doc["machines"][0]["installed_kb_known"] == false);
  CHECK(doc["machines"][0]["warnings"][0].get<std::string>().find("KB5999999") != std::string::npos);
  const auto check_text = test::run_cli("check --fleet " + file.path);
  CHECK(check_text.out.find("KB5999999") != std::string::npos);
}
