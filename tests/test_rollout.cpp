// The availability-first rollout: each rule, bad input, and generated fleets
// whose self-checks must all pass.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "fleet_generator.hpp"
#include "support.hpp"

using namespace hotplan;
using hotplan::test::run_cli;

namespace {

const date::year_month kMonth{date::year{2026}, date::May};  // a hotpatch month: these machines get the LCU

// One window covering the whole 30 days, so rules are tested without window effects.
WindowSource always_open() {
  return [](const Machine&, date::sys_seconds release) {
    return std::vector<InstallWindow>{{{release, {}}, {release + kInstallDeadline, {}}}};
  };
}

// The month's rollout of the fleet's plan (no as_of: the inventory is the state before the month's release).
Rollout rollout_of(const Fleet& fleet, date::year_month month, const RolloutOptions& options = {}) {
  return make_rollout(fleet, CalendarSet::shipped(), month, {}, options);
}

RolloutOptions open_options(std::vector<std::string> failed = {}) {
  RolloutOptions options;
  options.windows = always_open();
  options.failed = std::move(failed);
  return options;
}

Machine placed(const std::string& id, const std::string& region, std::optional<std::string> zone = std::nullopt,
               std::optional<std::string> set = std::nullopt, int update_domain = 0, const std::string& sub = "s") {
  Machine m = hotpatch_ready_machine(id);
  m.placement.region = region;
  m.placement.zone = std::move(zone);
  m.placement.subscription = sub;
  if (set) {
    m.placement.availability_set = std::move(set);
    m.placement.update_domain = update_domain;
  }
  return m;
}

void require_checks_pass(const Rollout& rollout) {
  for (const auto& c : rollout.checks) {
    INFO(c.rule << ": " << c.detail);
    CHECK(c.ok);
  }
}

const RolloutBatch* batch_of(const Rollout& rollout, const std::string& id) {
  for (const auto& b : rollout.batches) {
    if (std::find(b.machines.begin(), b.machines.end(), id) != b.machines.end()) return &b;
  }
  return nullptr;
}

bool overlap(const RolloutBatch& a, const RolloutBatch& b) { return a.start < b.end && b.start < a.end; }

// Most machines matching `pred` installing at the same time (batches overlap at their later start).
template <typename Pred>
std::size_t peak(const Rollout& rollout, Pred pred) {
  std::size_t best = 0;
  for (const auto& at : rollout.batches) {
    std::size_t now = 0;
    for (const auto& b : rollout.batches) {
      if (b.start <= at.start && at.start < b.end) now += std::count_if(b.machines.begin(), b.machines.end(), pred);
    }
    best = std::max(best, now);
  }
  return best;
}

const NotPatched* skipped(const Rollout& rollout, const std::string& id) {
  for (const auto& s : rollout.not_patched) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

Fleet set_fleet(std::size_t size, int domains = 1) {
  Fleet fleet;
  for (std::size_t i = 0; i < size; ++i) {
    fleet.machines.push_back(placed(fmt::format("m{}", i), "westeurope", std::nullopt, "web",
                                    static_cast<int>(i % static_cast<std::size_t>(domains))));
  }
  return fleet;
}

std::string write_temp(const std::string& name, const Json& content) {
  const std::string path = std::string(HOTPLAN_SOURCE_DIR) + "/build/" + name;
  std::ofstream(path) << content.dump();
  return path;
}

}  // namespace

TEST_CASE("availability set limit: 20% rounded down / at least 1 / one at a time below 10") {
  CHECK(availability_set_limit(2) == 1);
  CHECK(availability_set_limit(9) == 1);
  CHECK(availability_set_limit(10) == 2);
  CHECK(availability_set_limit(14) == 2);
  CHECK(availability_set_limit(15) == 3);
  CHECK(availability_set_limit(200) == 40);
}

TEST_CASE("an availability set of 20 updates at most 4 machines at a time") {
  const auto fleet = set_fleet(20);
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  CHECK(peak(rollout, [](const std::string&) { return true; }) == 4);
  CHECK(rollout.batches.size() == 5);
  CHECK(rollout.not_patched.empty());
}

TEST_CASE("an availability set of fewer than 10 goes one machine at a time") {
  const auto fleet = set_fleet(9, 3);
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  REQUIRE(rollout.batches.size() == 9);
  for (const auto& b : rollout.batches) CHECK(b.machines.size() == 1);
  CHECK(peak(rollout, [](const std::string&) { return true; }) == 1);
}

TEST_CASE("an availability set updates one update domain at a time") {
  const auto fleet = set_fleet(30, 3);  // 10 machines in each of update domains 0, 1, 2
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  auto domain = [&](const std::string& id) {
    return fleet.machines[static_cast<std::size_t>(std::stoi(id.substr(1)))].placement.update_domain.value();
  };
  for (const auto& a : rollout.batches) {
    std::set<int> domains;
    for (const auto& b : rollout.batches) {
      if (!overlap(a, b)) continue;
      for (const auto& id : b.machines) domains.insert(domain(id));
    }
    CHECK(domains.size() == 1);
  }
  CHECK(peak(rollout, [](const std::string&) { return true; }) == 6);  // 20% of 30
}

TEST_CASE("geo-paired regions are in different phases / and a phase starts after the previous one ends") {
  Fleet fleet;
  fleet.regions = {
      {"eastus", "westus"}, {"westus", "eastus"}, {"northeurope", "westeurope"}, {"westeurope", "northeurope"}};
  for (const auto* region : {"eastus", "westus", "northeurope", "westeurope"}) {
    for (int i = 0; i < 3; ++i)
      fleet.machines.push_back(placed(fmt::format("{}-{}", region, i), region, "1", "set", 0));
  }
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  REQUIRE(rollout.phases.size() == 2);
  auto phase_of = [&](const std::string& region) {
    for (const auto& p : rollout.phases) {
      if (std::find(p.regions.begin(), p.regions.end(), region) != p.regions.end()) return p.phase;
    }
    return 0;
  };
  CHECK(phase_of("eastus") != phase_of("westus"));
  CHECK(phase_of("westeurope") != phase_of("northeurope"));
  date::sys_seconds first_phase_end{};
  date::sys_seconds second_phase_start = date::sys_seconds::max();
  for (const auto& b : rollout.batches) {
    if (b.phase == 1) first_phase_end = std::max(first_phase_end, b.end);
    if (b.phase == 2) second_phase_start = std::min(second_phase_start, b.start);
  }
  CHECK(second_phase_start >= first_phase_end);
}

TEST_CASE("availability zones of a region never update at overlapping times") {
  Fleet fleet;
  for (int zone = 1; zone <= 3; ++zone) {
    for (int i = 0; i < 4; ++i)
      fleet.machines.push_back(
          placed(fmt::format("z{}-{}", zone, i), "westeurope", std::to_string(zone), fmt::format("set{}", zone)));
  }
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  REQUIRE(rollout.batches.size() == 12);
  for (const auto& a : rollout.batches) {
    for (const auto& b : rollout.batches) {
      if (&a != &b && a.zone != b.zone) CHECK_FALSE(overlap(a, b));
    }
  }
}

TEST_CASE("machines outside availability sets: no subscription updates all of them at once") {
  Fleet fleet;
  for (int i = 0; i < 4; ++i)
    fleet.machines.push_back(placed(fmt::format("a{}", i), "westeurope", std::nullopt, std::nullopt, 0, "alpha"));
  for (int i = 0; i < 2; ++i)
    fleet.machines.push_back(placed(fmt::format("b{}", i), "westeurope", std::nullopt, std::nullopt, 0, "beta"));
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  CHECK(peak(rollout, [](const std::string& id) { return id[0] == 'a'; }) == 2);
  CHECK(peak(rollout, [](const std::string& id) { return id[0] == 'b'; }) == 1);
  CHECK(rollout.not_patched.empty());
}

TEST_CASE("a machine starts only after everything it depends on has finished") {
  Fleet fleet;
  fleet.machines.push_back(placed("app", "westeurope", "1", "web", 0));
  fleet.machines.push_back(placed("db", "westeurope", "1", "data", 0));
  fleet.machines.push_back(placed("cache", "westeurope", "1", "web", 0));
  fleet.machines[0].placement.depends_on = {"db", "cache"};
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  const auto* app = batch_of(rollout, "app");
  REQUIRE(app != nullptr);
  CHECK(app->start >= batch_of(rollout, "db")->end);
  CHECK(app->start >= batch_of(rollout, "cache")->end);
}

TEST_CASE("a dependency rolled out in a later phase moves the dependent machine to a follow-up phase after it") {
  Fleet fleet;
  fleet.regions = {{"eastus", "westus"}, {"westus", "eastus"}};
  fleet.machines.push_back(placed("early", "eastus"));
  fleet.machines.push_back(placed("late", "westus"));
  fleet.machines.push_back(placed("other", "eastus"));
  fleet.machines[0].placement.depends_on = {"late"};
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  CHECK(rollout.not_patched.empty());
  const auto* early = batch_of(rollout, "early");
  const auto* late = batch_of(rollout, "late");
  REQUIRE(early != nullptr);
  REQUIRE(late != nullptr);
  CHECK(early->start >= late->end);
  CHECK(early->phase == 3);  // eastus again, after westus's phase 2
  REQUIRE(rollout.phases.size() == 3);
  CHECK(rollout.phases[2].regions == std::vector<std::string>{"eastus"});
  CHECK(batch_of(rollout, "other")->phase == 1);
}

TEST_CASE("a dependency in another zone of the same region: a later zone pass / not dependency-later") {
  Fleet fleet;
  fleet.machines.push_back(placed("app", "westeurope", "1", "web", 0));
  fleet.machines.push_back(placed("db", "westeurope", "2", "data", 0));
  fleet.machines.push_back(placed("web2", "westeurope", "1", "web2", 0));
  fleet.machines[0].placement.depends_on = {"db"};
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  CHECK(rollout.not_patched.empty());
  REQUIRE(batch_of(rollout, "app") != nullptr);
  CHECK(batch_of(rollout, "app")->start >= batch_of(rollout, "db")->end);
  CHECK(batch_of(rollout, "app")->phase == 2);
  CHECK(batch_of(rollout, "web2")->start < batch_of(rollout, "db")->start);  // zone 1 first, as before
}

TEST_CASE("a dependency in a region of the same phase runs side by side: the dependent waits for a follow-up phase") {
  Fleet fleet;
  fleet.machines.push_back(placed("app", "eastus"));
  fleet.machines.push_back(placed("db", "westus"));  // no pairing: both regions in phase 1
  fleet.machines[0].placement.depends_on = {"db"};
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  REQUIRE(batch_of(rollout, "app") != nullptr);
  CHECK(batch_of(rollout, "app")->start >= batch_of(rollout, "db")->end);
}

TEST_CASE("dependency-later only when nothing is left before the deadline after the dependency / saying why") {
  Fleet fleet;
  fleet.regions = {{"eastus", "westus"}, {"westus", "eastus"}};
  fleet.machines.push_back(placed("early", "eastus"));
  fleet.machines.push_back(placed("late", "westus"));
  fleet.machines[0].placement.depends_on = {"late"};
  // One window, just long enough for one regular update: the dependency takes it.
  RolloutOptions options;
  options.windows = [](const Machine&, date::sys_seconds release) {
    return std::vector<InstallWindow>{{{release, {}}, {release + std::chrono::hours{1}, {}}}};
  };
  const auto rollout = rollout_of(fleet, kMonth, options);
  require_checks_pass(rollout);
  const auto* s = skipped(rollout, "early");
  REQUIRE(s != nullptr);
  CHECK(s->reason == SkipReason::dependency_later);
  CHECK(s->detail.find("waits for late (westus") != std::string::npos);
  CHECK(s->detail.find("no off-peak window") != std::string::npos);
  CHECK(batch_of(rollout, "late") != nullptr);
}

TEST_CASE("a dependency with nothing to install this month is nothing to wait for") {
  Fleet fleet;
  fleet.machines.push_back(placed("app", "r"));
  fleet.machines.push_back(placed("db", "r"));
  fleet.machines[1].installed_kb = *Kb::parse("KB5094125");  // June 2026's baseline, after the May release
  fleet.machines[1].build = *Build::parse("26100.32995");
  fleet.machines[0].placement.depends_on = {"db"};
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  CHECK(skipped(rollout, "db")->reason == SkipReason::offer_none);
  CHECK(batch_of(rollout, "app") != nullptr);
}

TEST_CASE(
    "machines that are not eligible for hotpatch still restart for the regular update: the rollout schedules them") {
  Fleet fleet;
  fleet.machines.push_back(placed("gen1", "r"));
  fleet.machines.back().vbs_status = 0;
  fleet.machines.push_back(placed("app", "r"));
  fleet.machines.back().placement.depends_on = {"gen1"};
  const auto plan = make_plan(fleet, CalendarSet::shipped(), kMonth, 1, {nullptr, nullptr, false, 1});
  REQUIRE_FALSE(plan.machines[0].eligible);
  REQUIRE(plan.machines[0].steps[0].offer == Offer::lcu);
  const auto rollout = plan_rollout(fleet, plan, kMonth, open_options());
  require_checks_pass(rollout);
  CHECK(rollout.not_patched.empty());
  const auto* gen1 = batch_of(rollout, "gen1");
  REQUIRE(gen1 != nullptr);
  CHECK(gen1->offers.regular == 1);
  CHECK(gen1->offers.restarting == 1);
  CHECK(batch_of(rollout, "app")->start >= gen1->end);
}

TEST_CASE("a dependency cycle is an InputError naming the machines in it") {
  auto a = test::eligible_machine("a");
  auto b = test::eligible_machine("b");
  auto c = test::eligible_machine("c");
  a["depends_on"] = {"b"};
  b["depends_on"] = {"c"};
  c["depends_on"] = {"a"};
  try {
    (void)parse_fleet(test::fleet_of({test::eligible_machine("x"), a, b, c}));
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.path() == "/machines/1/depends_on");
    CHECK(e.message() == "dependency cycle among machines a, b, c");
  }
  Fleet fleet;
  fleet.machines = {placed("p", "r"), placed("q", "r")};
  fleet.machines[0].placement.depends_on = {"q"};
  fleet.machines[1].placement.depends_on = {"p"};
  CHECK_THROWS_AS((void)rollout_of(fleet, kMonth, open_options()), InputError);
}

TEST_CASE("a failed update stops the rest of its availability set and holds the next phase") {
  Fleet fleet = set_fleet(20);                                           // westeurope, 5 batches of 4
  fleet.regions = {{"westeurope", "westus"}, {"westus", "westeurope"}};  // westus comes second
  fleet.machines.push_back(placed("other-set", "westeurope", std::nullopt, "api", 0));
  fleet.machines.push_back(placed("next-phase", "westus"));
  const auto healthy = rollout_of(fleet, kMonth, open_options());
  const auto* first = batch_of(healthy, "m0");
  REQUIRE(first != nullptr);
  const std::string failed = first->machines.front();

  const auto rollout = rollout_of(fleet, kMonth, open_options({failed}));
  require_checks_pass(rollout);
  const auto failed_batch = std::find_if(rollout.batches.begin(), rollout.batches.end(), [&](const RolloutBatch& b) {
    return std::find(b.failed.begin(), b.failed.end(), failed) != b.failed.end();
  });
  REQUIRE(failed_batch != rollout.batches.end());
  CHECK(failed_batch->machines.size() == 4);  // its batch-mates (3 of its set, 1 of another) had already started
  std::size_t stopped = 0;
  for (const auto& s : rollout.not_patched) stopped += s.reason == SkipReason::stopped_by_failure ? 1 : 0;
  CHECK(stopped == 16);
  REQUIRE(skipped(rollout, "next-phase") != nullptr);
  CHECK(skipped(rollout, "next-phase")->reason == SkipReason::held_by_failure);
  CHECK(batch_of(rollout, "other-set") != nullptr);  // another set of the same phase goes on
}

TEST_CASE("not patched: offer none / no window long enough / deadline missed") {
  Fleet fleet;
  fleet.machines.push_back(placed("newer", "r"));
  fleet.machines.back().installed_kb = *Kb::parse("KB5094125");  // June 2026's baseline, after the May release
  fleet.machines.back().build = *Build::parse("26100.32995");
  fleet.machines.push_back(placed("short-window", "r"));
  fleet.machines.back().offpeak.max_duration = std::chrono::minutes{30};  // the LCU takes 60
  auto rollout = rollout_of(fleet, kMonth);
  require_checks_pass(rollout);
  CHECK(skipped(rollout, "newer")->reason == SkipReason::offer_none);
  CHECK(skipped(rollout, "short-window")->reason == SkipReason::no_window);

  // One two-hour window for a set of 5 that goes one at a time: two fit, three miss the deadline.
  RolloutOptions options;
  options.windows = [](const Machine&, date::sys_seconds release) {
    return std::vector<InstallWindow>{{{release, {}}, {release + std::chrono::hours{2}, {}}}};
  };
  rollout = rollout_of(set_fleet(5), kMonth, options);
  require_checks_pass(rollout);
  CHECK(rollout.batches.size() == 2);
  REQUIRE(rollout.not_patched.size() == 3);
  for (const auto& s : rollout.not_patched) CHECK(s.reason == SkipReason::deadline_missed);
}

TEST_CASE("real off-peak windows: installs start at local off-peak time after the release") {
  Fleet fleet = set_fleet(3);
  for (auto& m : fleet.machines) m.time_zone = "W. Europe Standard Time";
  const auto rollout = rollout_of(fleet, kMonth);
  require_checks_pass(rollout);
  REQUIRE(rollout.batches.size() == 3);
  CHECK(format_utc(rollout.release) == "2026-05-12T17:00:00Z");
  // 22:00 in Berlin (UTC+2 in May) is 20:00Z; one hour each, back to back.
  CHECK(format_utc(rollout.batches[0].start) == "2026-05-12T20:00:00Z");
  CHECK(format_utc(rollout.batches[2].end) == "2026-05-12T23:00:00Z");
}

TEST_CASE("install durations per offer kind come from the fleet") {
  auto m = test::eligible_machine("a");
  auto fleet_json = test::fleet_of({m});
  fleet_json["install_durations"] = {{"lcu", "PT90M"}};
  const auto fleet = parse_fleet(fleet_json);
  CHECK(fleet.install_durations.lcu == std::chrono::minutes{90});
  CHECK(fleet.install_durations.hotpatch == std::chrono::minutes{15});
  const auto rollout = rollout_of(fleet, kMonth, open_options());
  REQUIRE(rollout.batches.size() == 1);
  CHECK(rollout.batches[0].end - rollout.batches[0].start == std::chrono::minutes{90});
  fleet_json["install_durations"] = {{"hotpatch", "soon"}};
  try {
    (void)parse_fleet(fleet_json);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.path() == "/install_durations/hotpatch");
  }
}

TEST_CASE("the checks catch a plan that breaks a rule") {
  const auto fleet = set_fleet(9);
  auto rollout = rollout_of(fleet, kMonth, open_options());
  require_checks_pass(rollout);
  rollout.batches[1].start = rollout.batches[0].start;  // two machines of a small set at once
  rollout.batches[1].end = rollout.batches[0].end;
  rollout.not_patched.push_back({"m0", SkipReason::no_window, ""});   // and m0 twice
  rollout.not_patched.push_back({"m1", SkipReason::offer_none, ""});  // m1 twice, and its plan installs
  const auto plan = make_plan(fleet, CalendarSet::shipped(), kMonth, 1, {nullptr, nullptr, false, 1});
  const auto checks = verify_rollout(fleet, plan, rollout, open_options());
  std::set<std::string> failed;
  for (const auto& c : checks) {
    if (!c.ok) failed.insert(c.rule);
  }
  CHECK(failed == std::set<std::string>{"availability-set-limit", "every-machine-exactly-once", "follows-the-plan"});
}

TEST_CASE("bad placement input names the JSON pointer") {
  auto expect_error = [](const Json& fleet, const std::string& path) {
    try {
      (void)parse_fleet(fleet);
      FAIL("expected an InputError at " << path);
    } catch (const InputError& e) {
      CHECK(e.path() == path);
    }
  };
  auto m = test::eligible_machine("a");
  auto fleet = test::fleet_of({m});
  fleet["regions"] = {{"westeurope", {{"pair", "nowhere"}}}};
  expect_error(fleet, "/regions/westeurope/pair");
  fleet["regions"] = {{"westeurope", {{"pair", "westeurope"}}}};
  expect_error(fleet, "/regions/westeurope/pair");
  m["depends_on"] = {"ghost"};
  expect_error(test::fleet_of({m}), "/machines/0/depends_on/0");
  m = test::eligible_machine("a");
  m["availability_set"] = "web";
  expect_error(test::fleet_of({m}), "/machines/0");
  m["update_domain"] = -1;
  expect_error(test::fleet_of({m}), "/machines/0/update_domain");
  m["update_domain"] = 0;
  m["fault_domain"] = -2;
  expect_error(test::fleet_of({m}), "/machines/0/fault_domain");
}

TEST_CASE("CLI: rollout prints the JSON contract - bad input exits 2") {
  auto a = test::eligible_machine("a");
  a["region"] = "westeurope";
  auto b = test::eligible_machine("b");
  b["region"] = "northeurope";
  auto fleet = test::fleet_of({a, b});
  fleet["regions"] = {{"westeurope", {{"pair", "northeurope"}}}, {"northeurope", {{"pair", "westeurope"}}}};
  fleet["as_of"] = "2026-05-01";  // before the May release
  const auto fleet_path = write_temp("rollout_fleet.json", fleet);
  auto result = run_cli("rollout --fleet " + fleet_path + " --month 2026-05 --json");
  REQUIRE(result.exit_code == 0);
  const auto out = Json::parse(result.out);
  CHECK(out["month"] == "2026-05");
  CHECK(out["release_utc"] == "2026-05-12T17:00:00Z");
  CHECK(out["phases"].size() == 2);
  REQUIRE(out["batches"].size() == 2);
  for (const auto* key : {"id", "phase", "region", "zone", "start_utc", "end_utc", "machines"})
    CHECK(out["batches"][0].contains(key));
  for (const auto& c : out["checks"]) CHECK(c["ok"] == true);
  CHECK(run_cli("rollout --fleet " + fleet_path + " --month 2026-05").exit_code == 0);

  const auto failures = write_temp("rollout_failures.json", Json{{"failed", {"b"}}});
  result = run_cli("rollout --fleet " + fleet_path + " --month 2026-05 --json --failures " + failures);
  REQUIRE(result.exit_code == 0);
  CHECK(Json::parse(result.out)["not_patched"][0]["reason"] == "held-by-failure");

  CHECK(run_cli("rollout --fleet " + fleet_path + " --month 2026-13").exit_code == 2);
  const auto unknown = write_temp("rollout_unknown.json", Json{{"failed", {"zzz"}}});
  CHECK(run_cli("rollout --fleet " + fleet_path + " --month 2026-05 --failures " + unknown).exit_code == 2);
  try {
    (void)rollout_of(parse_fleet(fleet), kMonth, RolloutOptions{{"zzz"}, {}});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.path() == "/failed/0");
  }
  for (const auto& bad :
       {Json{{"failed", "a"}}, Json{{"failed", {1}}}, Json{{"failed", {"a", "a"}}}, Json{{"fail", {}}}}) {
    CHECK_THROWS_AS((void)parse_failures(bad), InputError);
  }
  a["depends_on"] = {"b"};
  b["depends_on"] = {"a"};
  const auto cyclic = write_temp("rollout_cycle.json", test::fleet_of({a, b}));
  CHECK(run_cli("rollout --fleet " + cyclic + " --month 2026-05").exit_code == 2);
}

TEST_CASE("another fleet's plan is refused, after an unknown failed id, on any number of threads") {
  FleetShape shape;
  shape.machines = 500;
  const Fleet fleet = generate_fleet(shape);
  Fleet renamed = fleet;
  renamed.machines[321].id = "not-in-the-fleet";
  const auto plan = make_plan(renamed, CalendarSet::shipped(), kMonth, 1, {});
  for (const unsigned threads : {1U, 2U, 0U}) {
    CAPTURE(threads);
    RolloutOptions options = open_options({fleet.machines[7].id});
    options.threads = threads;
    try {
      (void)plan_rollout(fleet, plan, kMonth, options);
      FAIL("expected an InputError");
    } catch (const InputError& e) {
      CHECK(e.path() == "month");
      CHECK(e.message().find("machine 321") != std::string::npos);
    }
    options.failed.emplace_back("zzz");
    try {
      (void)plan_rollout(fleet, plan, kMonth, options);
      FAIL("expected an InputError");
    } catch (const InputError& e) {
      CHECK(e.path() == "/failed/1");
    }
  }
}

TEST_CASE("a plan handed over (an rvalue) gives the rollout a plan lent gives, and is freed") {
  FleetShape shape;
  shape.machines = 900;
  shape.dependencies = 0.05;
  const Fleet fleet = generate_fleet(shape);
  const auto plan = make_plan(fleet, CalendarSet::shipped(), kMonth, 1, {});
  RolloutOptions options = open_options({fleet.machines[11].id});
  const auto lent = plan_rollout(fleet, plan, kMonth, options);
  auto handed = plan;
  const auto taken = plan_rollout(fleet, std::move(handed), kMonth, options);
  CHECK(rollout_to_json(taken).dump() == rollout_to_json(lent).dump());
  CHECK(handed.machines.empty());  // NOLINT(bugprone-use-after-move): the overload's promise
  for (const auto& check : taken.checks) CHECK(check.ok);

  auto other = plan;  // errors as with a lent plan: an unknown failed id first
  options.failed.emplace_back("zzz");
  try {
    (void)plan_rollout(fleet, std::move(other), kMonth, options);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.path() == "/failed/1");
  }
}

TEST_CASE("generated fleets of many shapes: every check passes and every machine appears exactly once") {
  std::vector<FleetShape> shapes;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    FleetShape shape;
    shape.seed = seed;
    shape.machines = 400 + 300 * seed;
    shape.regions = 1 + 2 * seed;
    shape.zones_per_region = seed % 4;
    shape.min_set = seed;
    shape.max_set = 10 * seed * seed;
    shape.update_domains = 1 + seed * 2;
    shape.outside_sets = 0.1 * static_cast<double>(seed);
    shape.subscriptions = seed;
    shape.ineligible = 0.05;
    shape.dependencies = 0.02 * static_cast<double>(seed);
    shape.time_zones = {"UTC", "Europe/Berlin", "Tokyo Standard Time", "America/New_York", "Australia/Lord_Howe"};
    shapes.push_back(shape);
  }
  for (const auto& shape : shapes) {
    CAPTURE(shape.seed);
    const auto fleet = generate_fleet(shape);
    REQUIRE(fleet.machines.size() == shape.machines);
    for (const auto& failed :
         {std::vector<std::string>{}, std::vector<std::string>{fleet.machines[shape.machines / 2].id}}) {
      RolloutOptions options;
      options.failed = failed;
      const auto rollout = rollout_of(fleet, kMonth, options);
      require_checks_pass(rollout);
      std::multiset<std::string> seen;
      for (const auto& b : rollout.batches) {
        seen.insert(b.machines.begin(), b.machines.end());
        seen.insert(b.failed.begin(), b.failed.end());
      }
      for (const auto& s : rollout.not_patched) seen.insert(s.id);
      CHECK(seen.size() == fleet.machines.size());
      for (const auto& m : fleet.machines) CHECK(seen.count(m.id) == 1);
      CHECK(rollout.batches.size() > 0);
    }
  }
  const auto again = generate_fleet(shapes[0]);
  CHECK(rollout_to_json(rollout_of(again, kMonth)) == rollout_to_json(rollout_of(generate_fleet(shapes[0]), kMonth)));
}
