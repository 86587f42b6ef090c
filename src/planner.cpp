#include "hotplan/planner.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "catalog_stage.hpp"
#include "hotplan/civil.hpp"
#include "hotplan/classify.hpp"
#include "hotplan/error.hpp"
#include "hotplan/limits.hpp"
#include "hotplan/release_time.hpp"
#include "hotplan/windows.hpp"
#include "hotplan/zones.hpp"
#include "parallel.hpp"
#include "plan_horizon.hpp"

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

void check_plan(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months) {
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
  // plan_fleet's own checks, in its order.
  check_fleet_plan(fleet, start, before + months, calendars);
}

FleetPlan make_plan(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months,
                    const PlanOptions& options) {
  check_plan(fleet, calendars, from, months);
  // From the inventory's day, not from `from`: the months between change what the machines run.
  const auto start = plan_start(fleet, from, "from");
  const int before = months_between(start, from);
  const FleetHorizons horizons(fleet, start, before + months, calendars);
  const Policy automatic = AutomaticByPlatform{};
  const Policy& policy = options.policy != nullptr ? *options.policy : automatic;
  // Release instants once per plan month, not once per machine-month.
  std::vector<date::sys_seconds> releases;
  if (options.install_windows) {
    releases.reserve(static_cast<std::size_t>(months));
    for (int i = 0; i < months; ++i) releases.push_back(patch_tuesday_release(from + date::months{i}));
  }
  FleetPlan plan{from, months, {}, fleet.as_of};
  plan.machines.resize(fleet.machines.size());
  // The stages in order, machine by machine: trajectory, catalog, the months asked
  // for, install windows. Each takes values and returns values. A machine's
  // trajectory lives only until its plan is made from it.
  detail::parallel_ranges(fleet.machines.size(), options.threads, [&](std::size_t begin, std::size_t end) {
    std::optional<CatalogClassifier> classifier;
    if (options.catalog != nullptr)
      classifier.emplace(*options.catalog, policy, calendars, start, before + months, fleet.as_of);
    // Every machine's facts first, then each machine's months (as plan_fleet: the
    // facts' small allocations lie together, apart from the months' blocks).
    InstalledKbAssessments assessments;
    std::vector<const InstalledKbAssessment*> installed(end - begin);
    const auto steps = BlockAllocator<PlanStep>::with_room_for((end - begin) * static_cast<std::size_t>(months));
    for (std::size_t m = begin; m < end; ++m) {
      const Machine& machine = fleet.machines[m];
      installed[m - begin] = &assessments.of(machine, calendars[machine.product]);
      auto facts = machine_facts(machine, *installed[m - begin]);
      plan.machines[m] = {std::move(facts.id),
                          facts.product,
                          facts.eligible,
                          std::move(facts.failures),
                          std::move(facts.warnings),
                          facts.installed_kb,
                          0,
                          0,
                          {}};
    }
    for (std::size_t m = begin; m < end; ++m) {
      const Machine& machine = fleet.machines[m];
      MachinePlan& out = plan.machines[m];
      MachineTrajectory facts{std::move(out.id),
                              out.product,
                              out.eligible,
                              std::move(out.failures),
                              std::move(out.warnings),
                              out.installed_kb,
                              0,
                              0,
                              {}};
      auto trajectory = plan_months(std::move(facts), machine, horizons[machine.product], *installed[m - begin]);
      CatalogOutcome outcome =
          classifier ? classifier->classify(machine, std::move(trajectory)) : CatalogOutcome{std::move(trajectory), {}};
      const TimeZone* zone = options.install_windows ? &machine_zone(machine, m) : nullptr;
      auto& t = outcome.trajectory;
      out = {std::move(t.id), t.product, t.eligible, std::move(t.failures),     std::move(t.warnings),
             t.installed_kb,  0,         0,          decltype(out.steps)(steps)};
      out.steps.reserve(static_cast<std::size_t>(months));
      for (std::size_t i = static_cast<std::size_t>(before); i < t.steps.size(); ++i) {
        PlanStep step{std::move(t.steps[i]), false, false, std::nullopt, {}};
        if (classifier) {
          auto& catalog = outcome.months[i];
          step.restarts = restarts_with_catalog(step, catalog);
          step.reboot = step.restarts > 0;
          step.catalog_reboot = catalog.restarts;
          step.os_update_held = catalog.held_os_update;
          step.notes.append(std::make_move_iterator(catalog.notes.begin()),
                            std::make_move_iterator(catalog.notes.end()));
        }
        if (zone != nullptr) {
          auto windows = month_windows(*zone, machine.offpeak, fleet.install_durations, step,
                                       releases[i - static_cast<std::size_t>(before)]);
          step.window = windows.monthly;
          step.out_of_band_windows = std::move(windows.out_of_band);
        }
        out.steps.push_back(std::move(step));
      }
      out = with_restarts_counted(std::move(out));
    }
  });
  return plan;
}

void make_plan_in_slices(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months,
                         const PlanOptions& options, std::size_t slice_machines,
                         const std::function<void(FleetPlan&& slice)>& each_slice) {
  check_plan(fleet, calendars, from, months);
  const std::size_t count = fleet.machines.size();
  const std::size_t slice = std::max<std::size_t>(slice_machines, 1);
  Fleet part;
  part.regions = fleet.regions;
  part.install_durations = fleet.install_durations;
  part.as_of = fleet.as_of;
  for (std::size_t begin = 0; begin < count; begin += slice) {
    const std::size_t end = std::min(count, begin + slice);
    part.machines.assign(fleet.machines.begin() + static_cast<std::ptrdiff_t>(begin),
                         fleet.machines.begin() + static_cast<std::ptrdiff_t>(end));
    // Zones resolved here, so an unknown one (a machine built in code) is named by
    // its index in the fleet, as make_plan names it.
    if (options.install_windows) {
      for (std::size_t i = begin; i < end; ++i) part.machines[i - begin].zone = &machine_zone(fleet.machines[i], i);
    }
    each_slice(make_plan(part, calendars, from, months, options));
  }
}

Rollout make_rollout(const Fleet& fleet, const CalendarSet& calendars, date::year_month month,
                     const PlanOptions& plan_options, const RolloutOptions& options, const std::string& where) {
  (void)plan_start(fleet, month, where);  // the error names `where`, not make_plan's "from"
  auto just_the_plan = plan_options;
  just_the_plan.install_windows = false;  // the rollout finds its own windows
  return plan_rollout(fleet, make_plan(fleet, calendars, month, 1, just_the_plan), month, options);
}

}  // namespace hotplan
