#pragma once
// Civil (calendar) values at the edges: parsing and printing months and dates.
// Civil values are not instants; release_time.hpp and zones turn them into instants.
#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
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

// Printing is on the hot path of every report (a plan prints several dates and
// instants per machine-month), so it writes digits into a buffer: no iostreams,
// no format-string parsing. Years outside 0-9999 (which no input can reach) go
// through fmt.
namespace detail {
// `value` as exactly `width` digits, zero-padded, at `out`; returns the end.
constexpr char* put_digits(char* out, unsigned value, int width) noexcept {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}
constexpr bool four_digit_year(date::year y) noexcept {
  return static_cast<int>(y) >= 0 && static_cast<int>(y) <= 9999;
}
// "YYYY-MM-DD" (10 characters) at `out`, for a year of four digits; returns the end.
constexpr char* put_date(char* out, date::year_month_day ymd) noexcept {
  out = put_digits(out, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  *out++ = '-';
  out = put_digits(out, static_cast<unsigned>(ymd.month()), 2);
  *out++ = '-';
  return put_digits(out, static_cast<unsigned>(ymd.day()), 2);
}
// "HH:MM:SS" (8 characters) at `out` for a time of day in [0, 24h); returns the end.
constexpr char* put_time_of_day(char* out, std::chrono::seconds since_midnight) noexcept {
  const auto s = static_cast<unsigned>(since_midnight.count());
  out = put_digits(out, s / 3600, 2);
  *out++ = ':';
  out = put_digits(out, s / 60 % 60, 2);
  *out++ = ':';
  return put_digits(out, s % 60, 2);
}
}  // namespace detail

inline std::string format_year_month(date::year_month ym) {
  if (!detail::four_digit_year(ym.year()))
    return fmt::format("{:04}-{:02}", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
  char text[7];
  auto* end = detail::put_digits(text, static_cast<unsigned>(static_cast<int>(ym.year())), 4);
  *end++ = '-';
  end = detail::put_digits(end, static_cast<unsigned>(ym.month()), 2);
  return {text, end};
}
inline std::string format_date(date::year_month_day ymd) {
  if (!detail::four_digit_year(ymd.year())) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
  }
  char text[10];
  return {text, detail::put_date(text, ymd)};
}
inline std::string format_date(date::sys_days day) { return format_date(date::year_month_day{day}); }
namespace detail {
// An instant's text held in place, without a heap string: the JSON writer puts
// four of these in every plan step (formatting them into std::strings was a
// quarter of its allocations).
struct InstantText {
  static constexpr std::size_t kCapacity = 48;  // "-32767-12-31T23:59:59-99:59:59" and more
  char bytes[kCapacity];
  std::size_t size = 0;
  [[nodiscard]] std::string_view view() const noexcept { return {bytes, size}; }
  operator std::string_view() const noexcept { return view(); }  // NOLINT(google-explicit-constructor)
};
}  // namespace detail

// An instant as ISO 8601 UTC with a trailing Z, to the second.
inline detail::InstantText utc_text(date::sys_seconds instant) {
  const auto day = date::floor<date::days>(instant);
  const date::year_month_day ymd{day};
  detail::InstantText text;
  if (!detail::four_digit_year(ymd.year())) {
    const date::hh_mm_ss time{instant - day};
    text.size = fmt::format_to_n(text.bytes, sizeof text.bytes, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                                 static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                                 static_cast<unsigned>(ymd.day()), time.hours().count(), time.minutes().count(),
                                 time.seconds().count())
                    .size;
    text.size = std::min(text.size, sizeof text.bytes);
    return text;
  }
  auto* end = detail::put_date(text.bytes, ymd);
  *end++ = 'T';
  end = detail::put_time_of_day(end, instant - day);
  *end++ = 'Z';
  text.size = static_cast<std::size_t>(end - text.bytes);
  return text;
}
inline std::string format_utc(date::sys_seconds instant) { return std::string(utc_text(instant).view()); }

// Months from `from` to `to` (negative when `to` is earlier).
inline int months_between(date::year_month from, date::year_month to) noexcept { return (to - from).count(); }

}  // namespace hotplan
