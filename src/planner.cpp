#include "hotplan/planner.hpp"

#include "hotplan/classify.hpp"
#include "hotplan/windows.hpp"

namespace hotplan {

FleetPlan make_plan(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months,
                    const PlanOptions& options) {
  auto plan = plan_fleet(fleet, from, months, calendars, options.threads);
  if (options.catalog != nullptr) {
    if (options.policy != nullptr) {
      apply_catalog(plan, fleet, *options.catalog, *options.policy, calendars);
    } else {
      apply_catalog(plan, fleet, *options.catalog, load_policy(std::string(kAutomaticByPlatform)), calendars);
    }
  }
  if (options.install_windows) add_install_windows(fleet, plan, options.threads);
  return plan;
}

}  // namespace hotplan
