#pragma once
// The whole `hotplan plan` pipeline in one call, composed here and only here:
// trajectory (trajectory.hpp), then the catalog's restarts (classify.hpp), then
// install windows (windows.hpp), each stage taking values and returning values.
// The CLI and the Python module both call it, so their results cannot drift apart.
#include <date/date.h>

#include <cstddef>
#include <functional>

#include "hotplan/catalog.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/plan.hpp"
#include "hotplan/policy.hpp"
#include "hotplan/rollout.hpp"
#include "hotplan/trajectory.hpp"

namespace hotplan {

struct PlanOptions {
  const Catalog* catalog = nullptr;  // with a catalog, its updates' restarts join each month
  const Policy* policy = nullptr;    // the policy that approves them (automatic-by-platform if null)
  bool install_windows = true;       // each month's first off-peak window after the release
  unsigned threads = 1;              // machines planned in parallel (0: every core); same result for any number
};

// The first month a plan of `fleet` computes: the first release after the
// fleet's as_of, or `from` when it gives none. `from` before it is an InputError
// at `where`: the inventory already reflects that month.
[[nodiscard]] date::year_month plan_start(const Fleet& fleet, date::year_month from, const std::string& where);

// `calendars`: the release data (CalendarSet::shipped() or with the user's files).
// With the fleet's as_of, the machines are planned from the first release after
// it, and the plan shows the months from `from` on.
[[nodiscard]] FleetPlan make_plan(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months,
                                  const PlanOptions& options = {});

// The checks make_plan makes before it plans, in the same order and with the
// same errors (range, first supported month, the machine-month limit), without
// planning: a caller that writes a plan as it comes checks the whole fleet first.
void check_plan(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months);

// make_plan a slice of at most `slice_machines` machines at a time: `each_slice`
// gets each slice's plan in fleet order (its machines are the fleet's, in order;
// concatenated, the slices' machines are make_plan's). Only one slice's plan is
// held at a time, so a caller that writes each slice out needs memory for one
// slice, not for the whole plan (about 4 GB for 1,000,000 machines x 12 months).
// Every error make_plan would throw is thrown before the first slice.
void make_plan_in_slices(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months,
                         const PlanOptions& options, std::size_t slice_machines,
                         const std::function<void(FleetPlan&& slice)>& each_slice);

// A month's rollout of the fleet's plan: make_plan (from the fleet's as_of, with
// the catalog's restarts) for `month`, then plan_rollout. `month` before the
// first release after the as_of is an InputError at `where`.
[[nodiscard]] Rollout make_rollout(const Fleet& fleet, const CalendarSet& calendars, date::year_month month,
                                   const PlanOptions& plan_options, const RolloutOptions& options,
                                   const std::string& where = "month");

}  // namespace hotplan
