#pragma once
// Install windows in a machine's own time zone: off-peak windows by local date,
// the windows after a release up to the install deadline, and recurring
// maintenance schedules. Daylight saving follows window_start_instant and
// window_end_instant (zones.hpp).
#include <date/date.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "hotplan/clock_time.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/install_window.hpp"
#include "hotplan/offpeak.hpp"
#include "hotplan/plan.hpp"
#include "hotplan/zones.hpp"

namespace hotplan {

// Automatic guest patching installs a monthly release within this many days.
inline constexpr date::days kInstallDeadline{30};

// The window that starts on local day `day`; nullopt when the policy's days
// exclude that weekday, or when a daylight-saving change leaves nothing of it
// (e.g. 02:15-02:45 on a spring-forward night).
[[nodiscard]] std::optional<InstallWindow> offpeak_window(const TimeZone& zone, const OffpeakPolicy& policy,
                                                          date::local_days day) noexcept;

// Every window whose local start date lies in [from, to], in order.
[[nodiscard]] std::vector<InstallWindow> offpeak_windows(const TimeZone& zone, const OffpeakPolicy& policy,
                                                         date::local_days from, date::local_days to);

// The first window that starts at or after `release`; nullopt if none does before the deadline.
[[nodiscard]] std::optional<InstallWindow> first_window_at_or_after(const TimeZone& zone, const OffpeakPolicy& policy,
                                                                    date::sys_seconds release) noexcept;

// How long installing `offer` takes (zero for none). Out-of-band releases are
// cumulative updates: they take the `lcu` duration.
constexpr std::chrono::minutes install_duration(const InstallDurations& durations, Offer offer) noexcept {
  switch (offer) {
    case Offer::hotpatch:
      return durations.hotpatch;
    case Offer::baseline:
      return durations.baseline;
    case Offer::lcu:
      return durations.lcu;
    case Offer::none:
      break;
  }
  return std::chrono::minutes{0};
}

// How long a plan month's monthly install takes: its offer's time (none when the
// policy holds it back), and at least a regular update's when catalog updates
// restart (a catalog restart takes as long as a regular update). Zero when the
// month installs nothing from its release.
constexpr std::chrono::minutes step_install_duration(const InstallDurations& durations, const PlanStep& step) noexcept {
  const auto offer = step.os_update_held ? std::chrono::minutes{0} : install_duration(durations, step.offer);
  return step.catalog_reboot ? std::max(offer, install_duration(durations, Offer::lcu)) : offer;
}

// The install rule `plan` and `rollout` share: the first off-peak window that
// starts at or after `release`, before release + kInstallDeadline, and is at
// least `duration` long; nullopt when none is.
[[nodiscard]] std::optional<InstallWindow> install_window(const TimeZone& zone, const OffpeakPolicy& policy,
                                                          date::sys_seconds release,
                                                          std::chrono::seconds duration) noexcept;

// The install attempts for a release: the first window starting at or after it,
// then every later one starting before release + kInstallDeadline. A failed or
// powered-off attempt moves to the next window in the list.
[[nodiscard]] std::vector<InstallWindow> release_windows(const TimeZone& zone, const OffpeakPolicy& policy,
                                                         date::sys_seconds release);

// A recurring maintenance schedule, like an Azure Update Manager maintenance
// configuration: weekly on given days, or monthly on the Nth weekday plus a day
// offset; starting at a local time, lasting a fixed (elapsed) duration.
struct MaintenanceSchedule {
  enum class Recurrence : std::uint8_t { weekly, monthly };
  Recurrence recurrence = Recurrence::weekly;
  WeekdaySet days = WeekdaySet::all();                   // weekly
  date::weekday_indexed nth_weekday = date::Tuesday[2];  // monthly; index 1-5, months without a 5th skip
  int day_offset = 0;                                    // monthly; -kMaxScheduleDayOffset..+kMaxScheduleDayOffset
  TimeOfDay start;                                       // local wall-clock time
  std::chrono::seconds duration{std::chrono::hours{2}};
};
inline constexpr int kMaxScheduleDayOffset = 28;

// Occurrences whose local start date lies in [from, to]. The start follows the
// window start rule; the end is start + duration. An invalid schedule (offset out
// of range, index outside 1-5, no days, duration not positive) is an InputError at `where`.
[[nodiscard]] std::vector<InstallWindow> schedule_occurrences(const MaintenanceSchedule& schedule, const TimeZone& zone,
                                                              date::local_days from, date::local_days to,
                                                              const std::string& where = "schedule");

// A plan month's install windows, the windows stage's output.
struct MonthWindows {
  std::optional<InstallWindow> monthly;                   // when the month installs anything from its release
  std::vector<std::optional<InstallWindow>> out_of_band;  // one per out-of-band install, from its own release
};

// The install windows of one plan month (its trajectory and catalog already
// decided): install_window() from the month's release (`release`) for what the
// month installs, and from each out-of-band install's own release, with the
// fleet's install durations.
[[nodiscard]] MonthWindows month_windows(const TimeZone& zone, const OffpeakPolicy& offpeak,
                                         const InstallDurations& durations, const PlanStep& step,
                                         date::sys_seconds release);

}  // namespace hotplan
