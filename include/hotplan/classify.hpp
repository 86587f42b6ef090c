#pragma once
// Which catalog updates a machine installs under its policy, in what order, and
// whether they restart it. Three passes over a validated catalog:
//   1. each update on its own: product, release cycle, release date, the
//      trajectory's OS offer, then the policy;
//   2. supersedence: of the updates left, only the newest of a chain installs;
//   3. prerequisites: an update whose prerequisite is not installed is held back,
//      and the rest are ordered prerequisites first (servicing stack first, then
//      catalog order) with Boost.Graph.
// Every catalog entry ends up exactly once in approved or skipped.
#include <date/date.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hotplan/calendar.hpp"
#include "hotplan/catalog.hpp"
#include "hotplan/policy.hpp"
#include "hotplan/trajectory.hpp"

namespace hotplan {

struct ClassifyOptions {
  date::sys_days as_of;                     // policy evaluation day; later releases are not yet available
  std::optional<date::year_month> month;    // only updates of this release cycle (see release_cycle_month)
  std::optional<Product> product;           // the machine's product; others' updates are skipped
  const TrajectoryStep* os_step = nullptr;  // the machine's OS offer that month, from the trajectory
  CalendarSet calendars = CalendarSet::shipped();
};

// The day a month's cycle is evaluated at in a plan: the day before the next Patch Tuesday.
date::sys_days last_day_of_cycle(date::year_month month) noexcept;

enum class SkipCode : std::uint8_t {
  product,               // applies to another product
  other_cycle,           // released in another month's release cycle
  not_released,          // released after the as-of day
  not_offered,           // an OS update the trajectory does not offer this month
  installed,             // the machine already runs it
  policy,                // the policy does not approve it
  superseded,            // a newer approved update supersedes it
  missing_prerequisite,  // a prerequisite is neither in the catalog, nor approved, nor installed
};
std::string_view skip_code_id(SkipCode code) noexcept;

struct ApprovedUpdate {
  Kb kb;
  int order = 0;  // 1 = installs first
  RebootBehaviour reboot = RebootBehaviour::never;
  UpdateCategory category = UpdateCategory::other;
};

struct SkippedUpdate {
  Kb kb;
  SkipCode code = SkipCode::policy;
  std::string reason;
};

// An update that restarts the machine, and how a person would say so:
// "KB5071234 (.NET, may restart)".
struct RestartCause {
  Kb kb;
  std::string text;
  bool os_update = false;  // the month's OS update itself, not a catalog update on top of it
};

struct ClassifyResult {
  std::vector<ApprovedUpdate> approved;  // in install order
  std::vector<SkippedUpdate> skipped;    // in catalog order
  bool reboot = false;
  std::vector<RestartCause> restart_causes;  // empty with reboot when the reboot setting is Always
  std::vector<Kb> chain_breakers;            // approved updates that take the machine off its hotpatch chain
  std::vector<Kb>
      out_of_band;  // approved out-of-band OS updates, in install order: the plan's trajectory installs them
  std::optional<Kb> held_os_update;  // the month's OS update, held back by the policy: it neither installs nor restarts
  std::vector<std::string> warnings;
};

[[nodiscard]] ClassifyResult classify(const Catalog& catalog, const Policy& policy, const ClassifyOptions& options);

// What `hotplan classify` (and hotplan.classify in Python) asks: a release
// cycle and evaluation day, and optionally one machine of a fleet whose product
// and OS offer that month decide which updates apply.
struct ClassifyRequest {
  std::optional<date::year_month> month;   // only this release cycle
  std::optional<date::sys_days> as_of;     // default: the cycle's last day with a month, else today (UTC)
  const Fleet* fleet = nullptr;            // goes together with machine_id
  std::optional<std::string> machine_id;   // the machine in `fleet`
  std::string fleet_name = "fleet";        // how errors name the fleet argument ("--fleet")
  std::string machine_name = "machine";    // how errors name the machine argument ("--machine")
  std::string fleet_source = "the fleet";  // how the unknown-machine error names the fleet (its path)
};

struct ClassifyOutcome {
  ClassifyResult result;
  std::optional<date::year_month> month;  // the cycle classified; with a machine, release_cycle_month(as_of) by default
  std::optional<MachineTrajectory> machine;  // with a machine: planned for that one month (its OS offer)
};

// Resolves the request's defaults and the machine, then classify(). A fleet
// without a machine id (or the reverse) or an unknown id is an InputError
// naming the argument.
[[nodiscard]] ClassifyOutcome classify_request(const Catalog& catalog, const Policy& policy,
                                               const ClassifyRequest& request, const CalendarSet& calendars);

}  // namespace hotplan
