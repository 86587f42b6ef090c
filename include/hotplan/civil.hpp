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

// Printing is on the hot path of every report (a plan prints several dates per
// machine-month), so dates are written digit by digit: no stream, no format string.
namespace detail {
// `value` as exactly `width` digits, zero-padded, at `out`; returns the end.
constexpr char* put_digits(char* out, unsigned value, int width) noexcept {
  for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
  return out + width;
}
// Years hotplan prints have four digits; anything else goes through fmt, as before.
constexpr bool four_digit_year(date::year y) noexcept {
  return static_cast<int>(y) >= 0 && static_cast<int>(y) <= 9999;
}
// "YYYY-MM-DD" at `out` (ten characters); returns the end.
constexpr char* put_date(char* out, date::year_month_day ymd) noexcept {
  out = put_digits(out, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  *out++ = '-';
  out = put_digits(out, static_cast<unsigned>(ymd.month()), 2);
  *out++ = '-';
  return put_digits(out, static_cast<unsigned>(ymd.day()), 2);
}
}  // namespace detail

inline std::string format_year_month(date::year_month ym) {
  if (!detail::four_digit_year(ym.year()))
    return fmt::format("{:04}-{:02}", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
  char text[7];
  detail::put_digits(text, static_cast<unsigned>(static_cast<int>(ym.year())), 4);
  text[4] = '-';
  detail::put_digits(text + 5, static_cast<unsigned>(ym.month()), 2);
  return std::string(text, sizeof text);
}
inline std::string format_date(date::year_month_day ymd) {
  if (!detail::four_digit_year(ymd.year())) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
  }
  char text[10];
  detail::put_date(text, ymd);
  return std::string(text, sizeof text);
}
inline std::string format_date(date::sys_days day) { return format_date(date::year_month_day{day}); }
// An instant as ISO 8601 UTC with a trailing Z, to the second.
inline std::string format_utc(date::sys_seconds instant) {
  const auto day = date::floor<date::days>(instant);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss time{instant - day};
  if (!detail::four_digit_year(ymd.year())) {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count());
  }
  char text[20];
  char* out = detail::put_date(text, ymd);
  *out++ = 'T';
  out = detail::put_digits(out, static_cast<unsigned>(time.hours().count()), 2);
  *out++ = ':';
  out = detail::put_digits(out, static_cast<unsigned>(time.minutes().count()), 2);
  *out++ = ':';
  out = detail::put_digits(out, static_cast<unsigned>(time.seconds().count()), 2);
  *out = 'Z';
  return std::string(text, sizeof text);
}

// Months from `from` to `to` (negative when `to` is earlier).
inline int months_between(date::year_month from, date::year_month to) noexcept { return (to - from).count(); }

}  // namespace hotplan
