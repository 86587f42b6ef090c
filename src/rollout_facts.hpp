#pragma once
// What the rollout planner and its verifier both take as given: each machine's
// offer this month, its install duration and its off-peak windows. Private to src/.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hotplan/rollout.hpp"
#include "hotplan/trajectory.hpp"
#include "machine_index.hpp"

namespace hotplan::detail {

// An install window as plain instants, [start, end).
struct TimeSpan {
  date::sys_seconds start;
  date::sys_seconds end;
};

struct MachineFacts {
  Offer offer = Offer::none;
  bool installs = false;  // the plan's month installs something: its offer, or catalog updates that restart
  bool restarts = false;
  bool failed = false;  // named in the failures list
  std::chrono::minutes duration{0};
  std::uint32_t windows = 0;  // index into RolloutFacts::windows
};

struct RolloutFacts {
  date::sys_seconds release;
  date::sys_seconds deadline;
  std::vector<MachineFacts> machines;          // fleet order
  std::vector<std::vector<TimeSpan>> windows;  // one list per (time_zone, offpeak), clipped to [release, deadline]
  MachineIndex index;                          // machine id -> fleet index
};

// Each machine's month as `plan` has it; `plan` must be the fleet's and hold `month`.
RolloutFacts gather_rollout_facts(const Fleet& fleet, const FleetPlan& plan, date::year_month month,
                                  const RolloutOptions& options);

// The earliest start at or after `from` where an install of `duration` fits in
// one of `windows`; none when no window has room.
std::optional<date::sys_seconds> first_fit(const std::vector<TimeSpan>& windows, date::sys_seconds from,
                                           std::chrono::minutes duration);

}  // namespace hotplan::detail

namespace hotplan::detail {
std::vector<RolloutCheck> verify_rollout(const Fleet& fleet, const Rollout& rollout, const RolloutFacts& facts,
                                         unsigned threads);
}  // namespace hotplan::detail
