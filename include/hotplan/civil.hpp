#pragma once
// Civil (calendar) values at the edges: parsing and printing months and dates.
// Civil values are not instants; release_time.hpp and zones turn them into instants.
#include <date/date.h>
#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>

namespace hotplan {

// The years hotplan reasons about; anything outside is rejected as input.
inline constexpr date::year kFirstYear{1970};
inline constexpr date::year kLastYear{2100};

namespace detail {
inline std::optional<int> parse_digits(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}
}  // namespace detail

// "YYYY-MM" within [kFirstYear, kLastYear].
inline std::optional<date::year_month> parse_year_month(std::string_view text) noexcept {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  const auto y = detail::parse_digits(text.substr(0, 4));
  const auto m = detail::parse_digits(text.substr(5, 2));
  if (!y || !m || *m < 1 || *m > 12) return std::nullopt;
  const date::year_month ym{date::year{*y}, date::month{static_cast<unsigned>(*m)}};
  if (ym.year() < kFirstYear || ym.year() > kLastYear) return std::nullopt;
  return ym;
}

// "YYYY-MM-DD", a real day within [kFirstYear, kLastYear].
inline std::optional<date::year_month_day> parse_date(std::string_view text) noexcept {
  if (text.size() != 10 || text[7] != '-') return std::nullopt;
  const auto ym = parse_year_month(text.substr(0, 7));
  const auto d = detail::parse_digits(text.substr(8, 2));
  if (!ym || !d) return std::nullopt;
  const date::year_month_day ymd{ym->year(), ym->month(), date::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

// Printing is on the hot path of every report, so it avoids iostreams.
inline std::string format_year_month(date::year_month ym) {
  return fmt::format("{:04}-{:02}", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
}
inline std::string format_date(date::year_month_day ymd) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}
inline std::string format_date(date::sys_days day) { return format_date(date::year_month_day{day}); }
// An instant as ISO 8601 UTC with a trailing Z, to the second (in one format call).
inline std::string format_utc(date::sys_seconds instant) {
  const auto day = date::floor<date::days>(instant);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss time{instant - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), time.hours().count(),
                     time.minutes().count(), time.seconds().count());
}

// Months from `from` to `to` (negative when `to` is earlier).
inline int months_between(date::year_month from, date::year_month to) noexcept { return (to - from).count(); }

}  // namespace hotplan
