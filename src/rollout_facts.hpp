#pragma once
// What the rollout planner and its verifier both take as given: each machine's
// offer this month, its install duration and its off-peak windows. Private to src/.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
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

// The fleet's placement as the rollout's checks read it: arrays by machine,
// names numbered in fleet order. From the fleet alone, so it is read while the
// rollout is planned.
struct FleetPlacement {
  using Index = std::uint32_t;
  static constexpr Index kNoSet = static_cast<Index>(-1);
  static constexpr Index kNoZone = static_cast<Index>(-2);
  using NamePair = std::pair<std::string_view, std::string_view>;  // region, name
  std::vector<Index> set_of;                                       // per machine: its set, or kNoSet
  std::vector<int> domain_of;                                      // per machine: its update domain (0 if none)
  std::vector<Index> region_of;                                    // per machine: region_ids of its region
  std::vector<Index> zone_of;                                      // per machine: zone_ids of its zone, or kNoZone
  std::vector<bool> depends;                                       // per machine: it depends on others
  std::unordered_map<std::string_view, Index> region_ids;
  std::unordered_map<std::string_view, Index> zone_ids;
  std::vector<std::size_t> set_size;
  std::vector<NamePair> set_names;
  std::vector<Index> subscription_of;  // per machine outside sets
  std::vector<std::size_t> outside_sets;
  std::vector<NamePair> subscription_names;
};
[[nodiscard]] FleetPlacement read_placement(const Fleet& fleet);

// Every rule checked; `threads` as RolloutOptions::threads.
std::vector<RolloutCheck> verify_rollout(const Fleet& fleet, const Rollout& rollout, const RolloutFacts& facts,
                                         const FleetPlacement& placement, unsigned threads);

}  // namespace hotplan::detail
