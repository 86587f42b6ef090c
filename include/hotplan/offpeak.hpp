#pragma once
// A machine's off-peak window policy, in its own local time. windows.hpp turns
// it into instants.
#include <chrono>
#include <optional>

#include "hotplan/clock_time.hpp"

namespace hotplan {

// The default off-peak window: 22:00 to 06:00 local time, every day.
inline constexpr TimeOfDay kDefaultOffpeakStart = TimeOfDay::at(22);
inline constexpr TimeOfDay kDefaultOffpeakEnd = TimeOfDay::at(6);

struct OffpeakPolicy {
  TimeOfDay start = kDefaultOffpeakStart;
  TimeOfDay end = kDefaultOffpeakEnd;                // earlier than start: crosses midnight
  WeekdaySet days = WeekdaySet::all();               // the day a window starts on
  std::optional<std::chrono::minutes> max_duration;  // caps each window
  friend bool operator==(const OffpeakPolicy&, const OffpeakPolicy&) = default;
};

// The field checks behind parse_offpeak (json.hpp), shared with the command line; each
// error is an InputError at `where` (a JSON pointer or an option such as --start).
TimeOfDay read_offpeak_time(std::string_view text, const std::string& where);
date::weekday read_offpeak_day(std::string_view text, const std::string& where);
void check_offpeak_span(const OffpeakPolicy& policy, const std::string& where);  // start != end

}  // namespace hotplan
