// The HTML report and the summary, read as text: figures equal the plan's,
// hostile ids are escaped, large fleets become groups, and the summary names
// who restarts and why. (tests/python/test_report_browser.py opens it in Chromium.)
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "fleet_generator.hpp"
#include "support.hpp"

using namespace hotplan;
using namespace hotplan::test;

namespace {

constexpr date::year_month kNovember2025 = date::year{2025} / date::November;

std::string figure(const std::string& html, const std::string& id) {
  const auto at = html.find("id=\"fig-" + id + "\" data-value=\"");
  if (at == std::string::npos) return "missing";
  const auto start = html.find("data-value=\"", at) + 12;
  return html.substr(start, html.find('"', start) - start);
}

}  // namespace

TEST_CASE("report figures equal the plan's") {
  const auto fleet = parse_fleet(load_json_file(source_path("data/examples/fleet.json")));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), kNovember2025, 12);
  const auto html = report_html(fleet, plan, CalendarSet::shipped());
  long long restarts = 0;
  std::size_t eligible = 0;
  for (const auto& m : plan.machines) {
    restarts += m.restarts;
    eligible += m.eligible ? 1 : 0;
  }
  CHECK(figure(html, "machines") == std::to_string(plan.machines.size()));
  CHECK(figure(html, "eligible") == std::to_string(eligible));
  CHECK(figure(html, "restarts") == std::to_string(restarts));
  CHECK(figure(html, "every-month") == std::to_string(plan.machines.size() * 12));
  CHECK(figure(html, "restarts-avoided") ==
        std::to_string(static_cast<long long>(plan.machines.size()) * 12 - restarts));
  const auto f = plan_figures(plan);
  CHECK(f.months_published + f.months_reported + f.months_projected == 12);
  CHECK(f.unknown_kb == 1);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // only the SVG namespace
  CHECK(html.find("shipped data through") != std::string::npos);
}

TEST_CASE("report escapes hostile machine ids") {
  const auto fleet = parse_fleet(fleet_of({eligible_machine("<b onmouseover='x'>&\"")}));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), kNovember2025, 2);
  const auto html = report_html(fleet, plan, CalendarSet::shipped());
  CHECK(html.find("<b onmouseover") == std::string::npos);
  CHECK(html.find("&lt;b onmouseover=&#39;x&#39;&gt;&amp;&quot;") != std::string::npos);
}

TEST_CASE("report groups machines past the row limit and caps the groups") {
  FleetShape shape;
  shape.machines = 2000;
  shape.regions = 4;
  const auto fleet = generate_fleet(shape);
  const auto plan = make_plan(fleet, CalendarSet::shipped(), kNovember2025, 3);
  ReportOptions options;
  options.heatmap_machine_rows = 100;
  options.heatmap_max_rows = 5;
  const auto html = report_html(fleet, plan, CalendarSet::shipped(), nullptr, options);
  // More than 5 region/set groups: grouped by product and region, 4 regions fit.
  CHECK(html.find("as 4 groups by product / region,") != std::string::npos);
  CHECK(html.find(">" + fleet.machines.back().id + "<") == std::string::npos);
  options.heatmap_max_rows = 2;
  const auto capped = report_html(fleet, plan, CalendarSet::shipped(), nullptr, options);
  CHECK(capped.find("2 more groups") != std::string::npos);
}

TEST_CASE("report with a rollout shows its batches and checks") {
  auto document = load_json_file(source_path("data/examples/fleet.json"));
  document["as_of"] = "2025-10-25";
  const auto fleet = parse_fleet(document);
  const auto plan = make_plan(fleet, CalendarSet::shipped(), kNovember2025, 3);
  RolloutOptions options;
  options.failed = {"az-web-01"};
  const auto rollout = make_rollout(fleet, CalendarSet::shipped(), kNovember2025, {}, options);
  const auto html = report_html(fleet, plan, CalendarSet::shipped(), &rollout);
  CHECK(html.find("id=\"rollout-failed\" data-value=\"1\"") != std::string::npos);
  for (const auto& c : rollout.checks) CHECK(html.find(c.rule) != std::string::npos);
  CHECK(html.find("stroke=\"#c62828\"") != std::string::npos);  // the failed batch is marked
  // Held and stopped machines are marked on the timeline too, each lane with its count.
  std::map<std::string, std::size_t> held;
  for (const auto& s : rollout.not_patched) {
    if (s.reason == SkipReason::held_by_failure || s.reason == SkipReason::stopped_by_failure) ++held[s.detail];
  }
  REQUIRE_FALSE(held.empty());
  const std::string marker = "class=\"held\" data-value=\"";
  std::size_t marked = 0;
  for (auto at = html.find(marker); at != std::string::npos; at = html.find(marker, at + 1)) {
    marked += std::stoul(html.substr(at + marker.size()));
  }
  std::size_t expected = 0;
  for (const auto& [detail, count] : held) expected += count;
  CHECK(marked == expected);
}

TEST_CASE("summary names who restarts and why each month and the next month by local date") {
  const auto fleet = parse_fleet(load_json_file(source_path("data/examples/fleet.json")));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), kNovember2025, 3);
  std::ostringstream out;
  write_summary_text(out, plan);
  const auto text = out.str();
  CHECK(text.find("12 machines, 8 eligible for hotpatch; plan 2025-11 to 2026-01") == 0);
  CHECK(text.find("2025-11 hotpatch (published): 9 of 12 machines restart") != std::string::npos);
  CHECK(text.find("  regular update: not eligible (3): legacy-01, uniform-01, custom-img-01") != std::string::npos);
  CHECK(text.find("2026-01 baseline (published): 12 of 12 machines restart") != std::string::npos);
  CHECK(text.find("next month (2025-11) restarts by local date:") != std::string::npos);
  CHECK(text.find("  2025-11-11: arc-sql-02, legacy-01, unenrolled-01") != std::string::npos);
  const auto cli = run_cli("summary --fleet " + source_path("data/examples/fleet.json") + " --from 2025-11 --months 3");
  CHECK(cli.exit_code == 0);
  CHECK(cli.out.find("2025-11 hotpatch (published): 9 of 12 machines restart") != std::string::npos);
}

TEST_CASE("plan restart causes follow the step") {
  PlanStep step;
  CHECK_FALSE(plan_restart_cause(step).has_value());
  step.reboot = true;
  step.offer = Offer::baseline;
  step.reason = StepReason::baseline;
  step.month_kind = MonthKind::unplanned_baseline;
  CHECK(plan_restart_cause(step) == PlanRestartCause::unplanned_baseline);
  step.month_kind = MonthKind::baseline;
  CHECK(plan_restart_cause(step) == PlanRestartCause::planned_baseline);
  step.offer = Offer::lcu;
  step.reason = StepReason::licence_lapsed;
  CHECK(plan_restart_cause(step) == PlanRestartCause::off_chain);
  step.reason = StepReason::enrolled_later;
  CHECK(plan_restart_cause(step) == PlanRestartCause::not_enrolled);
  step.offer = Offer::hotpatch;
  step.reason = StepReason::hotpatch;
  step.catalog_reboot = true;
  CHECK(plan_restart_cause(step) == PlanRestartCause::catalog);
}

TEST_CASE("report and summary of an empty fleet") {
  const auto fleet = parse_fleet(fleet_of({}));
  const auto plan = make_plan(fleet, CalendarSet::shipped(), kNovember2025, 2);
  const auto html = report_html(fleet, plan, CalendarSet::shipped());
  CHECK(figure(html, "machines") == "0");
  CHECK(figure(html, "restarts-avoided") == "0");
  std::ostringstream out;
  write_summary_text(out, plan);
  CHECK(out.str().find("\n2025-11 (published): no machine restarts\n") != std::string::npos);
  CHECK(out.str().find("restarts by local date: none") != std::string::npos);
}
