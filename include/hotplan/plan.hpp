#pragma once
// The composed plan: each month of a machine's trajectory with what the later
// stages add (the catalog's restarts and notes, the install windows). Built in
// one place, make_plan (planner.hpp); no stage writes into another's output.
#include <optional>
#include <vector>

#include "hotplan/compact.hpp"
#include "hotplan/install_window.hpp"
#include "hotplan/trajectory.hpp"

namespace hotplan {

// A month of the plan. The inherited `reboot`, `restarts` and `notes` are the
// month's final ones: the trajectory's with the catalog's.
struct PlanStep : TrajectoryStep {
  bool catalog_reboot = false;          // catalog updates of the cycle restart (e.g. .NET)
  bool os_update_held = false;          // the policy holds back the month's OS update: it does not install
  std::optional<InstallWindow> window;  // the monthly release's install window
  CompactList<std::optional<InstallWindow>> out_of_band_windows;  // one per out_of_band_installed
};

using MachinePlan = MachineMonths<PlanStep>;
using FleetPlan = FleetMonths<PlanStep>;

// Whether the month installs anything from its monthly release: its offer (unless
// held back), or catalog updates that restart.
[[nodiscard]] constexpr bool installs_monthly_release(const PlanStep& step) noexcept {
  return (step.offer != Offer::none && !step.os_update_held) || step.catalog_reboot;
}

}  // namespace hotplan
