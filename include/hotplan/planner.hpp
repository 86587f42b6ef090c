#pragma once
// The whole `hotplan plan` pipeline in one call: trajectory, then the catalog's
// restarts, then install windows. The CLI and the Python module both call it, so
// their results cannot drift apart.
#include <date/date.h>

#include "hotplan/catalog.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/policy.hpp"
#include "hotplan/trajectory.hpp"

namespace hotplan {

struct PlanOptions {
  const Catalog* catalog = nullptr;  // with a catalog, its updates' restarts join each month
  const Policy* policy = nullptr;    // the policy that approves them (automatic-by-platform if null)
  bool install_windows = true;       // each month's first off-peak window after the release
  unsigned threads = 1;              // machines planned in parallel (0: every core); same result for any number
};

// `calendars`: the release data (CalendarSet::shipped() or with the user's files).
[[nodiscard]] FleetPlan make_plan(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months,
                                  const PlanOptions& options = {});

}  // namespace hotplan
