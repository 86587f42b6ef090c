#include "rollout_facts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <exception>
#include <functional>
#include <stdexcept>

#include "hotplan/civil.hpp"
#include "hotplan/release_time.hpp"
#include "parallel.hpp"

namespace hotplan::detail {

namespace {

// Machines with the same zone name and policy have the same windows.
struct WindowKey {
  std::string_view time_zone;
  OffpeakPolicy policy;
  friend bool operator==(const WindowKey&, const WindowKey&) = default;
};

struct WindowKeyHash {
  std::size_t operator()(const WindowKey& key) const noexcept {
    const auto& p = key.policy;
    std::size_t h = std::hash<std::string_view>{}(key.time_zone);
    const std::array<std::int64_t, 4> parts = {p.start.since_midnight().count(), p.end.since_midnight().count(),
                                               p.days.bits(), p.max_duration ? p.max_duration->count() : -1};
    for (const auto part : parts) h = h * 1'000'003U ^ std::hash<std::int64_t>{}(part);
    return h;
  }
};

// Windows as [start, end) instants, in order, inside [release, deadline].
std::vector<TimeSpan> clip(const std::vector<InstallWindow>& windows, date::sys_seconds release,
                           date::sys_seconds deadline) {
  std::vector<TimeSpan> out;
  out.reserve(windows.size());
  for (const auto& w : windows) {
    const TimeSpan span{std::max(w.start.utc, release), std::min(w.end.utc, deadline)};
    if (span.start < span.end) out.push_back(span);
  }
  std::sort(out.begin(), out.end(), [](const TimeSpan& a, const TimeSpan& b) { return a.start < b.start; });
  return out;
}

// Each machine's offer, restart, install time and windows in the plan's `step`
// into facts.machines (already sized), its window lists into facts.windows.
void read_month_facts(const Fleet& fleet, const FleetPlan& plan, int step, const WindowSource& windows,
                      RolloutFacts& facts) {
  const auto& machines = fleet.machines;
  const WindowSource source = windows ? windows : machine_release_windows();
  std::unordered_map<WindowKey, std::uint32_t, WindowKeyHash> keys;
  WindowKey last_key;
  for (std::size_t i = 0; i < machines.size(); ++i) {
    const Machine& machine = machines[i];
    const MachinePlan& machine_plan = plan.machines[i];
    if (machine_plan.id != machine.id || std::ssize(machine_plan.steps) != plan.months) {
      throw InputError("month", fmt::format("the plan's machine {} is \"{}\", the fleet's \"{}\": it is another "
                                            "fleet's plan",
                                            i, machine_plan.id, machine.id));
    }
    const PlanStep& s = machine_plan.steps[static_cast<std::size_t>(step)];
    MachineFacts& f = facts.machines[i];
    f.offer = s.os_update_held ? Offer::none : s.offer;
    f.installs = installs_monthly_release(s);
    f.restarts = s.reboot;
    f.duration = step_install_duration(fleet.install_durations, s);

    // Neighbours mostly share a time zone and policy: the last key is checked first.
    const WindowKey key{machine.time_zone, machine.offpeak};
    if (i > 0 && key == last_key) {
      f.windows = facts.machines[i - 1].windows;
      continue;
    }
    const auto [it, inserted] = keys.try_emplace(key, static_cast<std::uint32_t>(facts.windows.size()));
    if (inserted) {
      try {
        facts.windows.push_back(clip(source(machine, facts.release), facts.release, facts.deadline));
      } catch (const InputError& e) {  // an unknown zone in a fleet built in code
        throw InputError(fmt::format("/machines/{}/time_zone", i), e.message());
      }
    }
    f.windows = it->second;
    last_key = key;
  }
}

}  // namespace

RolloutFacts gather_rollout_facts(const Fleet& fleet, const FleetPlan& plan, date::year_month month,
                                  const RolloutOptions& options) {
  const auto& machines = fleet.machines;
  const int step = months_between(plan.from, month);
  if (step < 0 || step >= plan.months) {
    throw InputError(
        "month", fmt::format("the plan covers {} to {}, not {}", format_year_month(plan.from),
                             format_year_month(plan.from + date::months{plan.months - 1}), format_year_month(month)));
  }
  if (plan.machines.size() != machines.size()) {
    throw InputError("month", fmt::format("the plan has {} machines, the fleet {}: it is another fleet's plan",
                                          plan.machines.size(), machines.size()));
  }
  RolloutFacts facts;
  facts.release = patch_tuesday_release(month);
  facts.deadline = facts.release + kInstallDeadline;
  facts.machines.resize(machines.size());
  // The id index on a thread of its own beside the months' facts (each a tenth
  // of a second at 1,000,000 machines); a mismatch in the plan is reported after
  // an unknown failed id, as when one thread did both.
  std::exception_ptr plan_error;
  run_both(
      options.threads, [&] { facts.index = MachineIndex(machines); },
      [&] {
        try {
          read_month_facts(fleet, plan, step, options.windows, facts);
        } catch (...) {
          plan_error = std::current_exception();
        }
      });
  for (std::size_t i = 0; i < options.failed.size(); ++i) {
    const auto m = facts.index.find(options.failed[i]);
    if (!m) {
      throw InputError(fmt::format("/failed/{}", i),
                       fmt::format("machine \"{}\" is not in the fleet", options.failed[i]));
    }
    facts.machines[*m].failed = true;
  }
  if (plan_error) std::rethrow_exception(plan_error);
  return facts;
}

std::optional<date::sys_seconds> first_fit(const std::vector<TimeSpan>& windows, date::sys_seconds from,
                                           std::chrono::minutes duration) {
  auto it = std::upper_bound(windows.begin(), windows.end(), from,
                             [](date::sys_seconds t, const TimeSpan& w) { return t < w.end; });
  for (; it != windows.end(); ++it) {
    const auto start = std::max(it->start, from);
    if (start + duration <= it->end) return start;
  }
  return std::nullopt;
}

}  // namespace hotplan::detail
