// Machines are independent: planning on many threads gives byte for byte the
// output of one thread, for generated fleets of many shapes.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "fleet_generator.hpp"
#include "hotplan/hotplan.hpp"
#include "parallel.hpp"
#include "support.hpp"

using namespace hotplan;

namespace {

std::string plan_text(const Fleet& fleet, const PlanOptions& options) {
  std::ostringstream out;
  write_plan_json(out, make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::October, 15, options));
  return out.str();
}

// What `plan --json` writes: planned and written a slice at a time, the writing
// itself split over the threads (pieces joined in order).
std::string streamed_plan_text(const Fleet& fleet, const PlanOptions& options) {
  std::ostringstream out;
  write_plan_json(out, fleet, CalendarSet::shipped(), date::year{2025} / date::October, 15, options);
  return out.str();
}

}  // namespace

TEST_CASE("multi-threaded plans equal single-threaded plans byte for byte") {
  const auto catalog = load_catalog(test::source_path("data/examples/catalog.json"));
  const auto policy = load_policy(std::string(kAutomaticByPlatform));
  FleetShape shapes[5];
  shapes[0].machines = 700;
  shapes[1].machines = 1300;
  shapes[1].ineligible = 0.3;
  shapes[1].time_zones = {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"};
  shapes[1].seed = 7;
  shapes[2].machines = 257;
  shapes[2].zones_per_region = 0;
  shapes[2].time_zones = {"W. Europe Standard Time", "Tokyo Standard Time"};
  shapes[2].seed = 99;
  shapes[3].machines = 1000;
  shapes[3].dependencies = 0.2;
  shapes[3].seed = 3;
  shapes[4].machines = 4300;  // past a CSV slice (kPlanSliceMachines), 16 chunks of 256 and a short one
  shapes[4].seed = 11;
  for (const auto& shape : shapes) {
    CAPTURE(shape.machines);
    const auto fleet = generate_fleet(shape);
    for (const bool with_catalog : {false, true}) {
      CAPTURE(with_catalog);
      PlanOptions options{with_catalog ? &catalog : nullptr, with_catalog ? &policy : nullptr, true, 1};
      const auto one = plan_text(fleet, options);
      CHECK(streamed_plan_text(fleet, options) == one);
      for (const unsigned threads : {2U, 3U, 8U, 0U}) {
        CAPTURE(threads);
        options.threads = threads;
        CHECK(plan_text(fleet, options) == one);
        CHECK(streamed_plan_text(fleet, options) == one);
      }
    }
  }
}

TEST_CASE("plan --threads gives the same output as one thread / and rejects a bad count") {
  const auto fleet = test::source_path("data/examples/fleet.json");
  const auto one = test::run_cli("plan --fleet " + fleet + " --from 2025-10 --months 12 --json --threads 1");
  REQUIRE(one.exit_code == 0);
  CHECK(test::run_cli("plan --fleet " + fleet + " --from 2025-10 --months 12 --json --threads 4").out == one.out);
  CHECK(test::run_cli("plan --fleet " + fleet + " --from 2025-10 --months 12 --json").out == one.out);
  const auto bad = test::run_cli("plan --fleet " + fleet + " --from 2025-10 --months 12 --threads -1");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
}

TEST_CASE("parallel parts: every range once, in order of part, beside the calling thread's work") {
  for (const std::size_t count :
       {std::size_t{0}, std::size_t{1}, std::size_t{64}, std::size_t{129}, std::size_t{1000}}) {
    for (const unsigned threads : {1U, 2U, 3U, 8U}) {
      CAPTURE(count);
      CAPTURE(threads);
      std::vector<int> visits(count, 0);
      std::vector<std::pair<std::size_t, std::size_t>> ranges(detail::parallel_part_count(count, threads));
      bool beside_ran = false;
      detail::parallel_parts_beside(
          count, threads,
          [&](std::size_t part, std::size_t begin, std::size_t end) {
            ranges[part] = {begin, end};
            for (std::size_t i = begin; i < end; ++i) ++visits[i];
          },
          [&] { beside_ran = true; });
      CHECK(beside_ran);
      CHECK(std::all_of(visits.begin(), visits.end(), [](int v) { return v == 1; }));
      for (std::size_t part = 1; part < ranges.size(); ++part) CHECK(ranges[part].first == ranges[part - 1].second);
    }
  }
}

TEST_CASE("parallel parts: the first range's exception comes first, the calling thread's last") {
  const auto fail_in = [](std::size_t failing) {
    return [failing](std::size_t part, std::size_t, std::size_t) {
      if (part >= failing) throw std::runtime_error("part " + std::to_string(part));
    };
  };
  CHECK_THROWS_WITH(detail::parallel_parts(1000, 4, fail_in(1)), "part 1");
  CHECK_THROWS_WITH(detail::parallel_parts(1000, 4, fail_in(0)), "part 0");
  CHECK_THROWS_WITH(detail::parallel_parts_beside(1000, 4, fail_in(2), [] { throw std::runtime_error("beside"); }),
                    "part 2");
  CHECK_THROWS_WITH(detail::parallel_parts_beside(1000, 4, fail_in(4), [] { throw std::runtime_error("beside"); }),
                    "beside");
}

TEST_CASE("rollout checks are the same on one thread and many, every rule in its place") {
  const std::vector<std::string> rules = {"every-machine-exactly-once",
                                          "follows-the-plan",
                                          "paired-regions-in-different-phases",
                                          "phase-starts-after-previous-phase",
                                          "zones-never-overlap",
                                          "subscription-never-all-at-once",
                                          "one-update-domain-at-a-time",
                                          "availability-set-limit",
                                          "dependencies-finish-first",
                                          "inside-own-offpeak-window",
                                          "failures-stop-set-and-hold-phases"};
  FleetShape shape;
  shape.machines = 600;
  shape.dependencies = 0.1;
  shape.time_zones = {"Europe/Berlin", "America/New_York"};
  const auto fleet = generate_fleet(shape);
  const auto month = date::year{2025} / date::November;
  RolloutOptions options;
  options.failed = {fleet.machines[3].id, fleet.machines[250].id};
  options.threads = 1;
  const auto one = make_rollout(fleet, CalendarSet::shipped(), month, {}, options);
  std::vector<std::string> names;
  for (const auto& check : one.checks) names.push_back(check.rule);
  CHECK(names == rules);
  for (const unsigned threads : {2U, 3U, 0U}) {
    CAPTURE(threads);
    options.threads = threads;
    const auto many = make_rollout(fleet, CalendarSet::shipped(), month, {}, options);
    REQUIRE(many.checks.size() == one.checks.size());
    for (std::size_t i = 0; i < one.checks.size(); ++i) {
      CAPTURE(one.checks[i].rule);
      CHECK(many.checks[i].rule == one.checks[i].rule);
      CHECK(many.checks[i].ok == one.checks[i].ok);
      CHECK(many.checks[i].detail == one.checks[i].detail);
    }
  }
}
