#pragma once
// When monthly updates ship: Patch Tuesday (the second Tuesday of the month)
// at 10:00 Pacific time. Stated once here and used everywhere.
#include <date/date.h>

#include <chrono>

#include "hotplan/zones.hpp"

namespace hotplan {

inline constexpr std::chrono::hours kReleaseLocalHour{10};
inline constexpr const char* kReleaseTimeZone = "America/Los_Angeles";
inline constexpr unsigned kPatchTuesdayIndex = 2;  // second Tuesday

inline date::sys_days patch_tuesday(date::year_month ym) noexcept {
  return date::sys_days{ym.year() / ym.month() / date::Tuesday[kPatchTuesdayIndex]};
}

// 10:00 America/Los_Angeles on `day`, as an instant (17:00Z in summer, 18:00Z in
// winter), through the same TimeZone as every install window, so it stays right
// after 2037 where date/tz stops daylight saving.
inline date::sys_seconds release_instant(date::year_month_day day) {
  static const TimeZone& pacific = find_time_zone(kReleaseTimeZone, "release time zone");
  // The day is a civil date in Pacific time: a local day, not a UTC one.
  const date::local_seconds local{date::local_days{day} + kReleaseLocalHour};
  // 10:00 is never in a DST gap or overlap in this zone (changes happen at 02:00).
  return window_start_instant(pacific.lookup(local)).utc;
}

// The monthly cycle a day belongs to: from a month's Patch Tuesday up to, not
// including, the next one. Days before a month's Patch Tuesday belong to the
// previous month's cycle.
inline date::year_month release_cycle_month(date::sys_days day) noexcept {
  const date::year_month_day ymd{day};
  const auto ym = ymd.year() / ymd.month();
  return day >= patch_tuesday(ym) ? ym : ym - date::months{1};
}

// The first month whose release comes after an inventory taken on `as_of`: a
// release on the inventory's own day counts as installed.
inline date::year_month first_month_after(date::sys_days as_of) noexcept {
  return release_cycle_month(as_of) + date::months{1};
}

inline date::sys_seconds patch_tuesday_release(date::year_month ym) { return release_instant(patch_tuesday(ym)); }

}  // namespace hotplan
