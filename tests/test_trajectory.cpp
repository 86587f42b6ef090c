#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "hotplan/hotplan.hpp"
#include "support.hpp"

using namespace hotplan;

namespace {

date::year_month ym(int y, unsigned m) { return date::year{y} / date::month{m}; }

MachineTrajectory plan_one(const Json& machine, date::year_month from, int months) {
  const auto fleet = parse_fleet(test::fleet_of({machine}));
  return plan_fleet(fleet, from, months, CalendarSet::shipped()).machines.at(0);
}

// "hotpatch,hotpatch,baseline": the offers month by month.
std::string offers(const MachineTrajectory& plan) {
  std::string out;
  for (const auto& s : plan.steps) out += (out.empty() ? "" : ",") + std::string(offer_id(s.offer));
  return out;
}

std::string reboots(const MachineTrajectory& plan) {
  std::string out;
  for (const auto& s : plan.steps) out += s.reboot ? 'R' : '-';
  return out;
}

Json with(Json machine, const Json& changes) {
  for (const auto& [key, value] : changes.items()) machine[key] = value;
  return machine;
}

}  // namespace

TEST_CASE("October 2025: the baseline and KB5070893 stay on the chain / KB5070881 does not") {
  const auto base = test::eligible_machine("m");
  const auto on_baseline = plan_one(base, ym(2025, 11), 4);
  CHECK(offers(on_baseline) == "hotpatch,hotpatch,baseline,hotpatch");
  CHECK(reboots(on_baseline) == "--R-");
  CHECK(on_baseline.restarts == 1);

  const auto wsus = plan_one(with(base, {{"installed_kb", "KB5070893"}, {"build", "26100.6905"}}), ym(2025, 11), 4);
  CHECK(offers(wsus) == "hotpatch,hotpatch,baseline,hotpatch");
  CHECK(wsus.warnings.empty());

  // Same build 26100.6905, different KB: compatibility is decided by KB.
  const auto oob = plan_one(with(base, {{"installed_kb", "KB5070881"}, {"build", "26100.6905"}}), ym(2025, 11), 4);
  CHECK(offers(oob) == "lcu,lcu,baseline,hotpatch");
  CHECK(reboots(oob) == "RRR-");
  CHECK(oob.restarts == 3);
  CHECK(describe(oob.steps[0]) ==
        "installed KB5070881 (26100.6905) is not on the chain of baseline KB5066835; regular update KB5068861 "
        "(26100.7171) with restart until the 2026-01 baseline");
  CHECK(oob.steps[0].reason == StepReason::off_chain);
  CHECK(oob.steps[2].reason == StepReason::baseline);
}

TEST_CASE("a build that disagrees with the KB is a warning - the KB decides") {
  const auto plan = plan_one(with(test::eligible_machine("m"), {{"installed_kb", "KB5070893"}}), ym(2025, 11), 1);
  REQUIRE(plan.warnings.size() == 1);
  CHECK(plan.warnings[0].find("26100.6905") != std::string::npos);
  CHECK(offers(plan) == "hotpatch");
}

TEST_CASE("an unknown installed KB is not on any chain") {
  const auto plan = plan_one(with(test::eligible_machine("m"), {{"installed_kb", "KB5999999"}}), ym(2025, 11), 3);
  CHECK(offers(plan) == "lcu,lcu,baseline");
}

TEST_CASE("in a baseline month every enrolled machine gets the baseline / on the chain or not") {
  const auto base = test::eligible_machine("m");
  for (const char* kb : {"KB5066835", "KB5070881", "KB5078135", "KB5999999"}) {
    CAPTURE(kb);
    const auto plan = plan_one(with(base, {{"installed_kb", kb}}), ym(2026, 4), 2);
    CHECK(plan.steps[0].offer == Offer::baseline);
    CHECK(plan.steps[0].update.kb->str() == "KB5082063");
    CHECK(plan.steps[0].reboot);
    CHECK(plan.steps[1].offer == Offer::hotpatch);
    CHECK(plan.steps[1].update.kb->str() == "KB5087423");
  }
}

TEST_CASE("2026: the unplanned June baseline is followed by the planned July baseline") {
  const auto base = with(test::eligible_machine("m"), {{"installed_kb", "KB5082063"}, {"build", "26100.32690"}});
  const auto plan = plan_one(base, ym(2026, 5), 4);
  CHECK(offers(plan) == "hotpatch,baseline,baseline,hotpatch");
  CHECK(reboots(plan) == "-RR-");
  CHECK(plan.steps[1].month_kind == MonthKind::unplanned_baseline);
  CHECK(plan.steps[1].update.kb->str() == "KB5094125");
  CHECK(describe(plan.steps[1]).find("unplanned baseline KB5094125") != std::string::npos);
  CHECK(plan.steps[2].month_kind == MonthKind::baseline);
  CHECK(plan.steps[2].update.kb->str() == "KB5099536");
  CHECK(plan.steps[2].update.build->str() == "26100.33158");

  // Off the chain in May (the April OOB is an LCU line): regular updates until June's baseline.
  const auto off = plan_one(with(base, {{"installed_kb", "KB5091157"}, {"build", "26100.32698"}}), ym(2026, 5), 3);
  CHECK(offers(off) == "lcu,baseline,baseline");
  CHECK(describe(off.steps[0]).find("until the 2026-06 baseline") != std::string::npos);
  CHECK(off.steps[0].update.kb->str() == "KB5087539");  // May's regular update, build 26100.32860
}

TEST_CASE("ws2022 Azure Edition: missing the unplanned August 2024 baseline means a restart in September") {
  const auto base = with(test::eligible_machine("m"), {{"product", "ws2022-azure-edition"},
                                                       {"installed_kb", "KB5040437"},
                                                       {"build", "20348.2582"},
                                                       {"hotpatch_enrolled", "2024-06-01"}});
  const auto through = plan_one(base, ym(2024, 8), 3);
  CHECK(offers(through) == "baseline,hotpatch,baseline");
  CHECK(through.steps[0].update.kb->str() == "KB5041160");
  CHECK(through.steps[1].update.kb->str() == "KB5042880");

  const auto missed = plan_one(base, ym(2024, 9), 2);
  CHECK(offers(missed) == "lcu,baseline");
  CHECK(missed.steps[0].update.kb->str() == "KB5042881");
  CHECK(describe(missed.steps[0]).find("not on the chain of baseline KB5041160") != std::string::npos);
}

TEST_CASE("joining in each month of a cycle") {
  // The October 2025 cycle: baseline in October, hotpatches in November and December.
  const auto base = test::eligible_machine("m");
  struct Case {
    const char* enrolled;
    const char* kb;
    date::year_month from;
    const char* expected;  // offers from `from` to 2026-02
  };
  const Case cases[] = {
      // Joining in the baseline month: the baseline, then hotpatches.
      {"2025-10-01", "KB5044284", ym(2025, 10), "baseline,hotpatch,hotpatch,baseline,hotpatch"},
      // Joining after the baseline's release: October's regular update is the baseline itself.
      {"2025-10-20", "KB5044284", ym(2025, 10), "lcu,hotpatch,hotpatch,baseline,hotpatch"},
      // Joining in the first hotpatch month with the baseline installed: hotpatches from then on.
      {"2025-11-03", "KB5066835", ym(2025, 10), "none,hotpatch,hotpatch,baseline,hotpatch"},
      // ... without it: the LCU until, and including, the next baseline.
      {"2025-11-03", "KB5044284", ym(2025, 11), "lcu,lcu,baseline,hotpatch"},
      // Joining in the second hotpatch month with the baseline installed.
      {"2025-12-01", "KB5066835", ym(2025, 12), "hotpatch,baseline,hotpatch"},
      // ... without it.
      {"2025-12-01", "KB5044284", ym(2025, 12), "lcu,baseline,hotpatch"},
      // Not enrolled in November: November's regular update leaves the chain before December.
      {"2025-12-01", "KB5066835", ym(2025, 10), "none,lcu,lcu,baseline,hotpatch"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.enrolled);
    CAPTURE(c.kb);
    const auto months = months_between(c.from, ym(2026, 2)) + 1;
    const auto plan =
        plan_one(with(base, {{"hotpatch_enrolled", c.enrolled}, {"installed_kb", c.kb}, {"build", "26100.2033"}}),
                 c.from, months);
    CHECK(offers(plan) == c.expected);
  }
  // Enrolled after the release: the reason says so.
  const auto later = plan_one(with(base, {{"hotpatch_enrolled", "2025-12-01"}}), ym(2025, 11), 1);
  CHECK(later.steps[0].reason == StepReason::enrolled_later);
  CHECK(describe(later.steps[0]).find("2025-12-01") != std::string::npos);
  // Joining mid-cycle with the current baseline installed, straight into a hotpatch month.
}

TEST_CASE("a machine that is not enrolled gets the regular update every month") {
  const auto plan = plan_one(with(test::eligible_machine("m"), {{"hotpatch_enrolled", nullptr}}), ym(2025, 11), 4);
  CHECK(offers(plan) == "lcu,lcu,lcu,lcu");
  CHECK(plan.restarts == 4);
  CHECK(plan.steps[0].reason == StepReason::not_enrolled);
  CHECK(plan.eligible);
}

TEST_CASE("Arc licence expired: LCUs until and including the first baseline after the October 2025 issue") {
  const auto arc =
      with(test::eligible_machine("m"), {{"edition", "standard"}, {"arc_connected", true}, {"license", "expired"}});
  const auto plan = plan_one(arc, ym(2025, 11), 4);
  CHECK_FALSE(plan.eligible);
  REQUIRE(plan.failures.size() == 1);
  CHECK(plan.failures[0].prerequisite == Prerequisite::licence);
  CHECK(offers(plan) == "lcu,lcu,baseline,hotpatch");
  CHECK(plan.steps[0].reason == StepReason::licence_expired);
  CHECK(describe(plan.steps[0]).find("until and including the 2026-01 baseline") != std::string::npos);

  // Already on the baseline in the baseline month: nothing installs, so nothing is remediated.
  const auto from_october = plan_one(arc, ym(2025, 10), 3);
  CHECK(offers(from_october) == "none,lcu,lcu");

  // A plan that starts after that baseline with the licence still expired: no
  // baseline fixes it, regular updates until the licence is remediated.
  const auto lapsed = plan_one(arc, ym(2026, 3), 3);
  CHECK(offers(lapsed) == "lcu,baseline,lcu");
  CHECK(lapsed.steps[0].reason == StepReason::licence_lapsed);
  CHECK(lapsed.steps[2].reason == StepReason::licence_lapsed);
  CHECK(describe(lapsed.steps[2]).find("renewed") != std::string::npos);

  // Azure Edition has hotpatch built in: the licence field does not apply.
  const auto azure = plan_one(with(test::eligible_machine("m"), {{"license", "expired"}}), ym(2025, 11), 2);
  CHECK(azure.eligible);
  CHECK(offers(azure) == "hotpatch,hotpatch");
}

TEST_CASE("a machine that fails a prerequisite restarts every month") {
  const auto plan = plan_one(with(test::eligible_machine("m"), {{"vbs_status", 0}}), ym(2025, 11), 3);
  CHECK_FALSE(plan.eligible);
  CHECK(offers(plan) == "lcu,lcu,lcu");
  CHECK(plan.restarts == 3);
  CHECK(plan.steps[0].reason == StepReason::not_eligible);
  CHECK(plan.steps[2].update.kb->str() == "KB5073379");  // January 2026's baseline, installed as a regular update
}

TEST_CASE("install_oob installs out-of-band releases and follows their chain flag") {
  const auto machine = with(test::eligible_machine("m"), {{"install_oob", true}});
  const auto plan = plan_one(machine, ym(2026, 4), 3);
  // April: baseline, then the KB5091157 OOB on the 19th takes it off the chain, and
  // the hotpatch OOB KB5091470 the same day does not bring it back.
  CHECK(offers(plan) == "baseline,lcu,baseline");
  REQUIRE(plan.steps[0].out_of_band_installed.size() == 2);
  CHECK(plan.steps[0].out_of_band_installed[0].kb.str() == "KB5091157");
  CHECK(plan.steps[0].out_of_band_installed[1].kb.str() == "KB5091470");
  CHECK(reboots(plan) == "RRR");
  CHECK(describe(plan.steps[0]).find("takes it off the hotpatch chain") != std::string::npos);

  // October 2025: KB5070773 and KB5070881 take it off the chain; KB5070893 after them
  // is not documented to bring it back (Microsoft: hotpatches need exactly KB5066835
  // or KB5070893), so November is a regular update.
  const auto october = plan_one(machine, ym(2025, 10), 2);
  CHECK(offers(october) == "none,lcu");
  CHECK(october.steps[0].reboot);
}

TEST_CASE("a machine running something newer than the month's release is offered nothing") {
  const auto plan = plan_one(with(test::eligible_machine("m"), {{"installed_kb", "KB5087423"}}), ym(2026, 4), 2);
  CHECK(offers(plan) == "none,none");
  CHECK(plan.steps[0].reason == StepReason::newer_installed);
  CHECK(plan.steps[1].reason == StepReason::already_installed);
}

TEST_CASE("reported and projected months say so in the status and the reason") {
  const auto plan = plan_one(with(test::eligible_machine("m"), {{"installed_kb", "KB5094125"}}), ym(2026, 9), 6);
  CHECK(offers(plan) == "baseline,baseline,hotpatch,hotpatch,baseline,hotpatch");
  CHECK(plan.steps[0].status == DataStatus::reported);
  CHECK(describe(plan.steps[0]).find("unplanned baseline KB5122871") != std::string::npos);
  CHECK(describe(plan.steps[0]).find("reported") != std::string::npos);
  CHECK(plan.steps[1].status == DataStatus::published);
  CHECK(describe(plan.steps[2]).find("KB not in hotplan's data") != std::string::npos);
  CHECK(plan.steps[5].status == DataStatus::projected);
  CHECK(describe(plan.steps[5]).find("projected") != std::string::npos);
  CHECK(describe(plan.steps[4]).find("2027-01 planned baseline") != std::string::npos);
}

TEST_CASE("plan range limits") {
  const auto fleet = parse_fleet(test::fleet_of({test::eligible_machine("m")}));
  CHECK_THROWS_AS((void)plan_fleet(fleet, ym(2025, 1), 0, CalendarSet::shipped()), InputError);
  CHECK_THROWS_AS((void)plan_fleet(fleet, ym(2025, 1), limits::kMaxMonths + 1, CalendarSet::shipped()), LimitError);
  CHECK_THROWS_AS((void)plan_fleet(fleet, ym(2100, 6), 12, CalendarSet::shipped()), InputError);
  CHECK(plan_fleet(fleet, ym(2100, 1), 12, CalendarSet::shipped()).machines.at(0).steps.size() == 12);
}

TEST_CASE("the licensing workaround: a restart that day / then hotpatches on the chain") {
  const auto arc = with(
      test::eligible_machine("m"),
      {{"edition", "standard"}, {"arc_connected", true}, {"license", "expired"}, {"license_remediated", "2025-12-01"}});
  const auto plan = plan_one(arc, ym(2025, 11), 3);
  CHECK(plan.eligible);
  // November: still blocked (regular update); the workaround on 2025-12-01 falls in
  // November's cycle and restarts; December's hotpatch installs without restart.
  CHECK(offers(plan) == "lcu,lcu,baseline");
  CHECK(plan.steps[0].reason == StepReason::licence_expired);
  const auto early = plan_one(with(arc, {{"license_remediated", "2025-11-05"}}), ym(2025, 11), 3);
  CHECK(offers(early) == "hotpatch,hotpatch,baseline");
  CHECK(reboots(early) == "--R");
  const auto during = plan_one(with(arc, {{"license_remediated", "2025-11-20"}}), ym(2025, 11), 3);
  CHECK(offers(during) == "lcu,lcu,baseline");  // November's LCU takes it off the chain until January
  CHECK(reboots(during) == "RRR");
  CHECK(describe(during.steps[0]).find("workaround is applied on 2025-11-20") != std::string::npos);
  // On the chain and remediated before the release: hotpatches resume.
  const auto on_chain = plan_one(with(arc, {{"license_remediated", "2025-11-10"}}), ym(2025, 11), 2);
  CHECK(offers(on_chain) == "hotpatch,hotpatch");
}

TEST_CASE("the October 2025 licensing risk is a warning for Arc machines between the issue and its fix") {
  const auto arc = with(test::eligible_machine("m"), {{"edition", "datacenter"}, {"arc_connected", true}});
  const auto at_risk = plan_one(arc, ym(2025, 11), 1);
  REQUIRE(at_risk.warnings.size() == 1);
  CHECK(at_risk.warnings[0].find("licensing issue") != std::string::npos);
  const auto fixed = plan_one(with(arc, {{"installed_kb", "KB5073379"}, {"build", "26100.32230"}}), ym(2026, 2), 1);
  CHECK(fixed.warnings.empty());
  const auto azure = plan_one(test::eligible_machine("m"), ym(2025, 11), 1);
  CHECK(azure.warnings.empty());
}

TEST_CASE("install_oob installs no out-of-band release older than what the machine runs") {
  const auto machine = with(test::eligible_machine("m"),
                            {{"install_oob", true}, {"installed_kb", "KB5070881"}, {"build", "26100.6905"}});
  const auto plan = plan_one(machine, ym(2025, 10), 1);
  // KB5070773 (10-20) is older than KB5070881 (10-23): only KB5070893 (10-24) installs.
  REQUIRE(plan.steps[0].out_of_band_installed.size() == 1);
  CHECK(plan.steps[0].out_of_band_installed[0].kb.str() == "KB5070893");
}

TEST_CASE("out-of-band releases between the inventory day and the first planned release install first") {
  const auto machine = with(test::eligible_machine("m"), {{"install_oob", true}});
  // The fleet describes the machines on 2025-10-21: KB5070881 (10-23) and KB5070893
  // (10-24) come after it and before November's release, so the machine leaves the chain.
  auto fleet_json = test::fleet_of({machine});
  fleet_json["as_of"] = "2025-10-21";
  const auto after_inventory = plan_fleet(parse_fleet(fleet_json), ym(2025, 11), 2, CalendarSet::shipped());
  const auto& november = after_inventory.machines.at(0).steps.at(0);
  // (and KB5072359 of 2025-11-18, after November's release, as before)
  REQUIRE(november.out_of_band_installed.size() == 3);
  CHECK(november.out_of_band_installed[0].kb.str() == "KB5070881");
  CHECK(november.out_of_band_installed[1].kb.str() == "KB5070893");
  CHECK(november.out_of_band_installed[2].kb.str() == "KB5072359");
  CHECK(november.offer == Offer::lcu);
  CHECK(november.restarts == 4);
  // A release on the inventory day is already installed (KB5070773, 10-20).
  fleet_json["as_of"] = "2025-10-23";
  const auto on_the_day = plan_fleet(parse_fleet(fleet_json), ym(2025, 11), 1, CalendarSet::shipped());
  REQUIRE(on_the_day.machines.at(0).steps.at(0).out_of_band_installed.size() == 2);
  CHECK(on_the_day.machines.at(0).steps.at(0).out_of_band_installed[0].kb.str() == "KB5070893");

  // Without an as_of, `--from M` takes the inventory just before M's release: the
  // out-of-band release of 2026-03-02 (before March's Patch Tuesday) is already reflected.
  const auto ws2022 = with(test::eligible_machine("m"), {{"product", "ws2022-azure-edition"},
                                                         {"installed_kb", "KB5075943"},
                                                         {"build", "20348.4711"},
                                                         {"install_oob", true}});
  const auto march = plan_one(ws2022, ym(2026, 3), 1);
  CHECK(march.steps[0].out_of_band_installed.empty());
  CHECK(offers(march) == "hotpatch");
}

TEST_CASE(
    "an expired licence: the earlier of the workaround and the fix baseline ends it / an active one is not blocked") {
  const auto arc = with(
      test::eligible_machine("m"),
      {{"edition", "standard"}, {"arc_connected", true}, {"license", "expired"}, {"license_remediated", "2026-06-01"}});
  // The January 2026 baseline fixed the October 2025 issue before the workaround's date.
  const auto plan = plan_one(arc, ym(2025, 11), 4);
  CHECK(offers(plan) == "lcu,lcu,baseline,hotpatch");
  CHECK(plan.steps[0].reason == StepReason::licence_expired);
  // An active licence with a workaround planned later: nothing blocks hotpatch meanwhile.
  const auto active = plan_one(with(arc, {{"license", "active"}}), ym(2025, 11), 2);
  CHECK(offers(active) == "hotpatch,hotpatch");
}

TEST_CASE(
    "an expired licence after the fix baseline is lapsed until its workaround / a workaround after the as_of counts") {
  const auto arc = with(test::eligible_machine("m"), {{"edition", "standard"},
                                                      {"arc_connected", true},
                                                      {"installed_kb", "KB5073379"},
                                                      {"build", "26100.32230"},
                                                      {"license", "expired"},
                                                      {"license_remediated", "2026-06-01"}});
  // No baseline fixes it any more: lapsed, not "until the next baseline".
  const auto lapsed = plan_one(arc, ym(2026, 2), 1);
  CHECK(offers(lapsed) == "lcu");
  CHECK(lapsed.steps[0].reason == StepReason::licence_lapsed);

  // A workaround after the inventory day and before the first planned release is a
  // restart the plan counts, in its first month (like an out-of-band release there).
  auto fleet_json = test::fleet_of(
      {with(arc, {{"installed_kb", "KB5066835"}, {"build", "26100.6899"}, {"license_remediated", "2025-10-28"}})});
  fleet_json["as_of"] = "2025-10-21";
  const auto plan = plan_fleet(parse_fleet(fleet_json), ym(2025, 11), 1, CalendarSet::shipped()).machines.at(0);
  CHECK(offers(plan) == "hotpatch");
  CHECK(plan.steps[0].restarts == 1);
  CHECK(plan.steps[0].reboot);
}
