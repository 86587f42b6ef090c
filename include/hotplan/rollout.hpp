#pragma once
// A month's rollout for a whole fleet, availability first: phases across
// geo-paired regions, one availability zone at a time, availability sets one
// update domain and at most 20% at a time, declared dependencies first, every
// machine inside its own off-peak window within 30 days of the release. The
// `checks` re-verify each rule from the finished plan alone.
#include <date/date.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hotplan/calendar.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/install_window.hpp"
#include "hotplan/plan.hpp"
#include "hotplan/windows.hpp"

namespace hotplan {

// Within an availability set: at most this share of the set at a time...
inline constexpr std::size_t kAvailabilitySetPercent = 20;
// ...and sets smaller than this go one machine at a time.
inline constexpr std::size_t kSmallAvailabilitySet = 10;

// Most machines of an availability set of `set_size` that may update at once:
// 20% rounded down, at least 1; 1 for sets of fewer than 10.
constexpr std::size_t availability_set_limit(std::size_t set_size) noexcept {
  if (set_size < kSmallAvailabilitySet) return 1;
  const std::size_t share = set_size * kAvailabilitySetPercent / 100;
  return share < 1 ? 1 : share;
}

// A machine's install windows for a release: those that start at or after
// `release` and before the deadline (release + kInstallDeadline), in time order.
// The rollout asks once per distinct (time_zone, offpeak) pair, so machines that
// share both share windows; it clips each window at the deadline.
using WindowSource = std::function<std::vector<InstallWindow>(const Machine& machine, date::sys_seconds release)>;

// The machine's own off-peak windows in its own time zone: release_windows() of windows.hpp.
WindowSource machine_release_windows();

enum class SkipReason : std::uint8_t {
  offer_none,              // nothing to install this month (the plan's offer is none, no catalog restart)
  no_window,               // no off-peak window long enough for the install
  deadline_missed,         // windows exist, but none is free before the deadline
  dependency_not_patched,  // something it depends on is not patched
  dependency_later,        // it waits for something rolled out later, and nothing is left before the deadline
  stopped_by_failure,      // its availability set stopped after a failed update
  held_by_failure,         // its phase was held after a failed update in an earlier phase
};
std::string_view skip_reason_id(SkipReason reason) noexcept;  // "offer-none", "no-window", ...

// Phases run one after another; geo-paired regions never share one. A machine
// that depends on one in a region of the same or a later phase runs in a
// follow-up phase after it, so a region can appear in more than one phase.
struct RolloutPhase {
  int phase = 1;
  std::vector<std::string> regions;  // in name order
};

// The batch's start on a wall clock of the machines in it.
struct LocalStart {
  std::string time_zone;  // as the fleet names it
  ZonedInstant start;
};

// What a batch installs, counted over its machines (failed ones included).
struct BatchOffers {
  std::size_t hotpatch = 0;
  std::size_t baseline = 0;
  std::size_t regular = 0;     // the regular (latest cumulative) update
  std::size_t catalog = 0;     // nothing from the monthly release; catalog updates that restart
  std::size_t restarting = 0;  // machines that restart
};

// Machines that start together; each installs from `start` for its own
// install duration, and `end` is when the last one finishes.
struct RolloutBatch {
  int id = 1;
  int phase = 1;
  std::string region;
  std::optional<std::string> zone;
  date::sys_seconds start;
  date::sys_seconds end;
  std::vector<std::string> machines;  // installed healthily
  std::vector<std::string> failed;    // started in this batch, update failed
  BatchOffers offers;
  std::vector<LocalStart> local_starts;  // one per time zone of its machines, in name order
};

struct NotPatched {
  std::string id;
  SkipReason reason = SkipReason::offer_none;
  std::string detail;  // a sentence: which prerequisite, which dependency, which failure
};

struct RolloutCheck {
  std::string rule;
  bool ok = true;
  std::string detail;
};

struct Rollout {
  date::year_month month;
  date::sys_seconds release;   // Patch Tuesday 10:00 Pacific
  date::sys_seconds deadline;  // release + 30 days
  std::vector<RolloutPhase> phases;
  std::vector<RolloutBatch> batches;    // by phase, region, zone, start
  std::vector<NotPatched> not_patched;  // in fleet order
  std::vector<RolloutCheck> checks;
};

struct RolloutOptions {
  std::vector<std::string> failed;  // ids of machines whose update fails (health signal)
  WindowSource windows;             // empty: machine_release_windows()
  unsigned threads = 0;             // the checks run on up to this many threads (0: every core); same result for any
};

// Plans the month's rollout from the fleet's plan (make_plan), which decides what
// each machine installs that month and whether it restarts: every machine whose
// month installs anything is scheduled, eligible for hotpatch or not. Fills
// `checks` with verify_rollout. Bad placement (see validate_placement), an unknown
// time zone or an unknown failed id is an InputError; failed ids are reported at
// "/failed/<index>"; a plan of another fleet or without `month` at "month".
[[nodiscard]] Rollout plan_rollout(const Fleet& fleet, const FleetPlan& plan, date::year_month month,
                                   const RolloutOptions& options = {});
// The same, taking the plan: it is freed beside the scheduling once its month is read.
[[nodiscard]] Rollout plan_rollout(const Fleet& fleet, FleetPlan&& plan, date::year_month month,
                                   const RolloutOptions& options = {});

// Checks each rule against `rollout` as given, reading only the plan and its
// inputs (fleet, month offers, windows, failures), never the planner's state.
[[nodiscard]] std::vector<RolloutCheck> verify_rollout(const Fleet& fleet, const FleetPlan& plan,
                                                       const Rollout& rollout, const RolloutOptions& options = {});

}  // namespace hotplan
