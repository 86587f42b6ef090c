// A program that only plans includes the planning headers, and they bring in
// neither nlohmann/json nor date/tz.h: the JSON contract (json.hpp, report.hpp)
// and the tz database stay behind the library's own sources.
#include <doctest/doctest.h>

#include "hotplan/calendar_set.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/plan.hpp"
#include "hotplan/planner.hpp"
#include "hotplan/rollout.hpp"
#include "hotplan/windows.hpp"

#include "consumer/example_machine.hpp"

#ifdef INCLUDE_NLOHMANN_JSON_HPP_
#error "the planning headers include nlohmann/json.hpp"
#endif
#ifdef INCLUDE_NLOHMANN_JSON_FWD_HPP_
#error "the planning headers include nlohmann/json_fwd.hpp"
#endif
#ifdef TZ_H
#error "the planning headers include date/tz.h"
#endif

using namespace hotplan;

TEST_CASE("a machine built in code is planned with the planning headers alone") {
  Fleet fleet;
  fleet.machines.push_back(example_machine());
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::November, 3);
  REQUIRE(plan.machines.size() == 1);
  CHECK(plan.machines[0].eligible);
  CHECK(plan.machines[0].steps[0].offer == Offer::hotpatch);
  REQUIRE(plan.machines[0].steps[0].window.has_value());      // UTC, resolved by name
  CHECK(plan.machines[0].steps[2].offer == Offer::baseline);  // January 2026
}
