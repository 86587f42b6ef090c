#include "hotplan/planner.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "catalog_stage.hpp"
#include "fleet_planner.hpp"
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

namespace detail {

FleetPlanner::FleetPlanner(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months,
                           const PlanOptions& options)
    : fleet_(fleet),
      calendars_(calendars),
      from_(from),
      months_(months),
      options_(options),
      start_((check_plan(fleet, calendars, from, months), plan_start(fleet, from, "from"))),
      // From the inventory's day, not from `from`: the months between change what the machines run.
      before_(months_between(start_, from)),
      horizons_(fleet, start_, before_ + months, calendars),
      automatic_(AutomaticByPlatform{}) {
  if (!options.install_windows) return;
  // Release instants once per plan month, not once per machine-month.
  releases_.reserve(static_cast<std::size_t>(months));
  for (int i = 0; i < months; ++i) releases_.push_back(patch_tuesday_release(from + date::months{i}));
  // Every zone before any machine is planned, so that a plan written as it is
  // planned fails before its first byte.
  zones_.reserve(fleet.machines.size());
  for (std::size_t m = 0; m < fleet.machines.size(); ++m) zones_.push_back(&machine_zone(fleet.machines[m], m));
}

FleetPlanner::Worker::Worker(const FleetPlanner& planner) {
  if (planner.options_.catalog == nullptr) return;
  const Policy& policy = planner.options_.policy != nullptr ? *planner.options_.policy : planner.automatic_;
  classifier_.emplace(*planner.options_.catalog, policy, planner.calendars_, planner.start_,
                      planner.before_ + planner.months_, planner.fleet_.as_of);
}

FleetPlan FleetPlanner::empty_plan() const { return FleetPlan{from_, months_, {}, fleet_.as_of}; }

void FleetPlanner::plan(Worker& worker, std::size_t begin, std::size_t end, MachinePlan* out) const {
  // The stages in order, machine by machine: trajectory, catalog, the months asked
  // for, install windows. Each takes values and returns values. A machine's
  // trajectory lives only until its plan is made from it.
  auto& classifier = worker.classifier_;
  const auto months = static_cast<std::size_t>(months_);
  const auto before = static_cast<std::size_t>(before_);
  // Every machine's facts first, then each machine's months (as plan_fleet: the
  // facts' small allocations lie together, apart from the months' blocks).
  std::vector<const InstalledKbAssessment*> installed(end - begin);
  const auto steps = BlockAllocator<PlanStep>::with_room_for((end - begin) * months);
  for (std::size_t m = begin; m < end; ++m) {
    const Machine& machine = fleet_.machines[m];
    installed[m - begin] = &worker.assessments_.of(machine, calendars_[machine.product]);
    auto facts = machine_facts(machine, *installed[m - begin]);
    out[m - begin] = {std::move(facts.id),
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
    const Machine& machine = fleet_.machines[m];
    MachinePlan& plan = out[m - begin];
    MachineTrajectory facts{std::move(plan.id),
                            plan.product,
                            plan.eligible,
                            std::move(plan.failures),
                            std::move(plan.warnings),
                            plan.installed_kb,
                            0,
                            0,
                            {}};
    auto trajectory = plan_months(std::move(facts), machine, horizons_[machine.product], *installed[m - begin]);
    CatalogOutcome outcome =
        classifier ? classifier->classify(machine, std::move(trajectory)) : CatalogOutcome{std::move(trajectory), {}};
    const TimeZone* zone = zones_.empty() ? nullptr : zones_[m];
    auto& t = outcome.trajectory;
    plan = {std::move(t.id), t.product, t.eligible, std::move(t.failures),      std::move(t.warnings),
            t.installed_kb,  0,         0,          decltype(plan.steps)(steps)};
    plan.steps.reserve(months);
    for (std::size_t i = before; i < t.steps.size(); ++i) {
      PlanStep step{std::move(t.steps[i]), false, false, std::nullopt, {}};
      if (classifier) {
        auto& catalog = outcome.months[i];
        step.restarts = restarts_with_catalog(step, catalog);
        step.reboot = step.restarts > 0;
        step.catalog_reboot = catalog.restarts;
        step.os_update_held = catalog.held_os_update;
        step.notes.append(std::make_move_iterator(catalog.notes.begin()), std::make_move_iterator(catalog.notes.end()));
      }
      if (zone != nullptr) {
        auto windows = month_windows(*zone, machine.offpeak, fleet_.install_durations, step, releases_[i - before]);
        step.window = windows.monthly;
        step.out_of_band_windows = std::move(windows.out_of_band);
      }
      plan.steps.push_back(std::move(step));
    }
    plan = with_restarts_counted(std::move(plan));
  }
}

}  // namespace detail

FleetPlan make_plan(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months,
                    const PlanOptions& options) {
  const detail::FleetPlanner planner(fleet, calendars, from, months, options);
  auto plan = planner.empty_plan();
  plan.machines.resize(fleet.machines.size());
  detail::parallel_ranges(fleet.machines.size(), options.threads, [&](std::size_t begin, std::size_t end) {
    detail::FleetPlanner::Worker worker(planner);
    planner.plan(worker, begin, end, plan.machines.data() + begin);
  });
  return plan;
}

void make_plan_in_slices(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months,
                         const PlanOptions& options, std::size_t slice_machines,
                         const std::function<void(FleetPlan&& slice)>& each_slice) {
  const detail::FleetPlanner planner(fleet, calendars, from, months, options);
  const std::size_t count = fleet.machines.size();
  const std::size_t slice = std::max<std::size_t>(slice_machines, 1);
  for (std::size_t first = 0; first < count; first += slice) {
    const std::size_t size = std::min(count - first, slice);
    auto part = planner.empty_plan();
    part.machines.resize(size);
    detail::parallel_ranges(size, options.threads, [&](std::size_t begin, std::size_t end) {
      detail::FleetPlanner::Worker worker(planner);
      planner.plan(worker, first + begin, first + end, part.machines.data() + begin);
    });
    each_slice(std::move(part));
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
