// Machines are independent: planning on many threads gives byte for byte the
// output of one thread, for generated fleets of many shapes.
#include <doctest/doctest.h>

#include <sstream>

#include "fleet_generator.hpp"
#include "hotplan/hotplan.hpp"
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
  FleetShape shapes[4];
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
