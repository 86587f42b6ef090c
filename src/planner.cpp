#include "hotplan/planner.hpp"

#include <fmt/format.h>

#include "hotplan/civil.hpp"
#include "hotplan/classify.hpp"
#include "hotplan/error.hpp"
#include "hotplan/limits.hpp"
#include "hotplan/release_time.hpp"
#include "hotplan/windows.hpp"

namespace hotplan {

date::year_month plan_start(const Fleet& fleet, date::year_month from, const std::string& where) {
  if (!fleet.as_of) return from;
  const auto start = first_month_after(*fleet.as_of);
  if (from < start) {
    throw InputError(where, fmt::format("{} is before the first release after the fleet's inventory day {} (its "
                                        "\"as_of\"; today when it gives none), which already reflects every release "
                                        "up to {}: start from {} or later",
                                        format_year_month(from), format_date(*fleet.as_of),
                                        format_year_month(start - date::months{1}), format_year_month(start)));
  }
  return start;
}

FleetPlan make_plan(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months,
                    const PlanOptions& options) {
  // From the inventory's day, not from `from`: the months between change what the machines run.
  const auto start = plan_start(fleet, from, "from");
  const int before = months_between(start, from);
  if (before > 0) {
    check_first_supported(fleet, calendars, start, "/as_of");
    if (before + months > limits::kMaxMonths) {
      throw LimitError(
          "/as_of",
          fmt::format("from the fleet's as_of {} to {} is {} months; the limit is {}", format_date(*fleet.as_of),
                      format_year_month(from + date::months{months - 1}), before + months, limits::kMaxMonths));
    }
  }
  auto plan = plan_fleet(fleet, start, before + months, calendars, options.threads);
  if (options.catalog != nullptr) {
    if (options.policy != nullptr) {
      apply_catalog(plan, fleet, *options.catalog, *options.policy, calendars);
    } else {
      apply_catalog(plan, fleet, *options.catalog, load_policy(std::string(kAutomaticByPlatform)), calendars);
    }
  }
  plan = drop_leading_months(std::move(plan), before);
  plan.as_of = fleet.as_of;
  if (options.install_windows) add_install_windows(fleet, plan, options.threads);
  return plan;
}

Rollout make_rollout(const Fleet& fleet, const CalendarSet& calendars, date::year_month month,
                     const PlanOptions& plan_options, const RolloutOptions& options, const std::string& where) {
  (void)plan_start(fleet, month, where);  // the error names `where`, not make_plan's "from"
  auto just_the_plan = plan_options;
  just_the_plan.install_windows = false;  // the rollout finds its own windows
  return plan_rollout(fleet, make_plan(fleet, calendars, month, 1, just_the_plan), month, options);
}

}  // namespace hotplan
