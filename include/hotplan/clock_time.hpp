#pragma once
// Wall-clock values without a date or zone: "22:00", weekdays, ISO 8601 durations.
#include <date/date.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "hotplan/civil.hpp"

namespace hotplan {

// A local wall-clock time of day, 00:00 to 23:59, to the minute. Not a duration:
// two times of day do not add up, and one is placed on a day only as
// `local_days + TimeOfDay`, which gives a local (not UTC) time.
class TimeOfDay {
 public:
  constexpr TimeOfDay() = default;
  // hours 0-23, minutes 0-59; out of range does not compile in a constant expression.
  static constexpr TimeOfDay at(int hours, int minutes = 0) {
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) throw std::out_of_range("time of day");
    return TimeOfDay(std::chrono::hours{hours} + std::chrono::minutes{minutes});
  }
  [[nodiscard]] constexpr std::chrono::minutes since_midnight() const noexcept { return since_midnight_; }
  friend constexpr auto operator<=>(TimeOfDay, TimeOfDay) = default;
  friend constexpr date::local_seconds operator+(date::local_days day, TimeOfDay t) noexcept {
    return date::local_seconds{day} + t.since_midnight_;
  }

 private:
  constexpr explicit TimeOfDay(std::chrono::minutes since_midnight) noexcept : since_midnight_(since_midnight) {}
  std::chrono::minutes since_midnight_{0};
};

// "HH:MM" (two digits each, 00:00 to 23:59).
inline std::optional<TimeOfDay> parse_clock_time(std::string_view text) noexcept {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  const auto h = detail::parse_digits(text.substr(0, 2));
  const auto m = detail::parse_digits(text.substr(3, 2));
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  return TimeOfDay::at(static_cast<int>(*h), static_cast<int>(*m));
}

inline std::string format_clock_time(TimeOfDay t) {
  const auto total = t.since_midnight().count();
  std::string out(5, ':');
  out[0] = static_cast<char>('0' + total / 600);
  out[1] = static_cast<char>('0' + (total / 60) % 10);
  out[3] = static_cast<char>('0' + (total % 60) / 10);
  out[4] = static_cast<char>('0' + total % 10);
  return out;
}

// A set of weekdays; bit i is date::weekday{i} (0 = Sunday).
class WeekdaySet {
 public:
  constexpr WeekdaySet() = default;
  static constexpr WeekdaySet all() noexcept { return WeekdaySet(0x7F); }
  constexpr void add(date::weekday wd) noexcept { bits_ |= static_cast<std::uint8_t>(1U << wd.c_encoding()); }
  [[nodiscard]] constexpr bool contains(date::weekday wd) const noexcept { return (bits_ >> wd.c_encoding()) & 1U; }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  [[nodiscard]] constexpr std::uint8_t bits() const noexcept { return bits_; }
  friend constexpr bool operator==(WeekdaySet, WeekdaySet) = default;

 private:
  constexpr explicit WeekdaySet(std::uint8_t bits) : bits_(bits) {}
  std::uint8_t bits_ = 0;
};

inline constexpr std::string_view kWeekdayNames[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

// "Mon", "monday", "TUE"...: three-letter or full English names, any case.
inline std::optional<date::weekday> parse_weekday(std::string_view text) noexcept {
  static constexpr std::string_view full[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                               "thursday", "friday", "saturday"};
  if (text.size() < 3 || text.size() > 9) return std::nullopt;
  char lower[9];
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view name(lower, text.size());
  for (unsigned i = 0; i < 7; ++i) {
    if (name == full[i] || name == full[i].substr(0, 3)) return date::weekday{i};
  }
  return std::nullopt;
}

// ISO 8601 durations of days, hours, minutes and seconds: "PT2H", "PT1H30M", "P1DT6H".
inline std::optional<std::chrono::seconds> parse_iso_duration(std::string_view text) noexcept {
  if (text.size() < 3 || text.size() > 32 || text[0] != 'P') return std::nullopt;
  std::int64_t total = 0;
  std::int64_t number = 0;
  bool have_number = false;
  bool in_time = false;
  bool any = false;
  int last_unit = -1;  // enforces D, H, M, S order
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (number > 100'000'000) return std::nullopt;
      number = number * 10 + (c - '0');
      have_number = true;
      continue;
    }
    int unit = -1;
    std::int64_t scale = 0;
    if (c == 'T' && !in_time && !have_number) {
      in_time = true;
      continue;
    }
    if (c == 'D' && !in_time) unit = 0, scale = 86400;
    if (c == 'H' && in_time) unit = 1, scale = 3600;
    if (c == 'M' && in_time) unit = 2, scale = 60;
    if (c == 'S' && in_time) unit = 3, scale = 1;
    if (unit < 0 || !have_number || unit <= last_unit) return std::nullopt;
    total += number * scale;
    last_unit = unit;
    number = 0;
    have_number = false;
    any = true;
  }
  if (have_number || !any || (in_time && last_unit < 1)) return std::nullopt;
  return std::chrono::seconds{total};
}

}  // namespace hotplan
