#include "hotplan/windows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "hotplan/error.hpp"
#include "hotplan/release_time.hpp"
#include "parallel.hpp"

namespace hotplan {

namespace {

// A policy window always starts within this many local days of any instant.
constexpr int kMaxDaysToNextWindow = 8;

date::local_days local_day_of(const TimeZone& zone, date::sys_seconds instant) noexcept {
  return date::floor<date::days>(zone.zoned(instant).local());
}

}  // namespace

std::optional<InstallWindow> offpeak_window(const TimeZone& zone, const OffpeakPolicy& policy,
                                            date::local_days day) noexcept {
  if (!policy.days.contains(date::weekday{day})) return std::nullopt;
  const auto end_day = policy.end > policy.start ? day : day + date::days{1};
  InstallWindow w{window_start_instant(zone.lookup(day + policy.start)),
                  window_end_instant(zone.lookup(end_day + policy.end))};
  if (policy.max_duration && w.end.utc - w.start.utc > *policy.max_duration) {
    w.end = zone.zoned(w.start.utc + *policy.max_duration);
  }
  if (w.end.utc <= w.start.utc) return std::nullopt;
  return w;
}

std::vector<InstallWindow> offpeak_windows(const TimeZone& zone, const OffpeakPolicy& policy, date::local_days from,
                                           date::local_days to) {
  std::vector<InstallWindow> out;
  if (to < from) return out;
  out.reserve(static_cast<std::size_t>((to - from).count() + 1));
  for (auto day = from; day <= to; day += date::days{1}) {
    if (const auto w = offpeak_window(zone, policy, day)) out.push_back(*w);
  }
  return out;
}

std::optional<InstallWindow> first_window_at_or_after(const TimeZone& zone, const OffpeakPolicy& policy,
                                                      date::sys_seconds release) noexcept {
  // A window starting the local day before can still start after `release`
  // only through a DST gap; starting there costs one lookup and is always right.
  const auto first = local_day_of(zone, release) - date::days{1};
  for (int i = 0; i <= kMaxDaysToNextWindow; ++i) {
    const auto w = offpeak_window(zone, policy, first + date::days{i});
    if (w && w->start.utc >= release) return w;
  }
  return std::nullopt;
}

std::optional<InstallWindow> install_window(const TimeZone& zone, const OffpeakPolicy& policy,
                                            date::sys_seconds release, std::chrono::seconds duration) noexcept {
  const auto deadline = release + kInstallDeadline;
  for (auto day = local_day_of(zone, release) - date::days{1}; day <= local_day_of(zone, deadline);
       day += date::days{1}) {
    const auto w = offpeak_window(zone, policy, day);
    if (w && w->start.utc >= release && w->start.utc < deadline && w->length() >= duration) return w;
  }
  return std::nullopt;
}

std::vector<InstallWindow> release_windows(const TimeZone& zone, const OffpeakPolicy& policy,
                                           date::sys_seconds release) {
  std::vector<InstallWindow> out;
  const auto deadline = release + kInstallDeadline;
  const auto first = local_day_of(zone, release) - date::days{1};
  const auto last = local_day_of(zone, deadline);
  for (auto day = first; day <= last; day += date::days{1}) {
    const auto w = offpeak_window(zone, policy, day);
    if (w && w->start.utc >= release && w->start.utc < deadline) out.push_back(*w);
  }
  return out;
}

std::vector<InstallWindow> schedule_occurrences(const MaintenanceSchedule& schedule, const TimeZone& zone,
                                                date::local_days from, date::local_days to, const std::string& where) {
  if (schedule.duration <= std::chrono::seconds{0}) throw InputError(where, "the duration must be positive");
  auto occurrence = [&](date::local_days day) {
    const auto start = window_start_instant(zone.lookup(day + schedule.start));
    return InstallWindow{start, zone.zoned(start.utc + schedule.duration)};
  };
  std::vector<InstallWindow> out;
  if (to < from) return out;
  if (schedule.recurrence == MaintenanceSchedule::Recurrence::weekly) {
    if (schedule.days.empty()) throw InputError(where, "a weekly schedule needs at least one day");
    for (auto day = from; day <= to; day += date::days{1}) {
      if (schedule.days.contains(date::weekday{day})) out.push_back(occurrence(day));
    }
    return out;
  }
  const auto index = schedule.nth_weekday.index();
  if (index < 1 || index > 5) throw InputError(where, fmt::format("the weekday index must be 1 to 5, found {}", index));
  if (schedule.day_offset < -kMaxScheduleDayOffset || schedule.day_offset > kMaxScheduleDayOffset) {
    throw InputError(where, fmt::format("the day offset must be from -{0} to {0}, found {1}", kMaxScheduleDayOffset,
                                        schedule.day_offset));
  }
  // Months whose Nth weekday, shifted by the offset, can land in [from, to].
  const date::days reach{kMaxScheduleDayOffset + 1};
  const auto first_month = date::year_month_day{from - reach}.year() / date::year_month_day{from - reach}.month();
  const auto last_month = date::year_month_day{to + reach}.year() / date::year_month_day{to + reach}.month();
  for (auto ym = first_month; ym <= last_month; ym += date::months{1}) {
    const date::year_month_weekday nth{ym.year(), ym.month(), schedule.nth_weekday};
    if (!nth.ok()) continue;  // no 5th such weekday this month
    const auto day = date::local_days{nth} + date::days{schedule.day_offset};
    if (day >= from && day <= to) out.push_back(occurrence(day));
  }
  return out;
}

MonthWindows month_windows(const TimeZone& zone, const OffpeakPolicy& offpeak, const InstallDurations& durations,
                           const PlanStep& step, date::sys_seconds release) {
  MonthWindows out;
  out.out_of_band.reserve(step.out_of_band_installed.size());
  for (const auto& oob : step.out_of_band_installed) {
    out.out_of_band.push_back(
        install_window(zone, offpeak, release_instant(oob.date), install_duration(durations, Offer::lcu)));
  }
  if (installs_monthly_release(step)) {
    out.monthly = install_window(zone, offpeak, release, step_install_duration(durations, step));
  }
  return out;
}

}  // namespace hotplan
