#include "hotplan/offpeak.hpp"

#include <fmt/format.h>

namespace hotplan {

OffpeakPolicy parse_offpeak(const JsonNode& node) {
  node.expect_object({"start", "end", "days", "max_duration"});
  OffpeakPolicy policy;
  auto read_time = [](const JsonNode& field) {
    const auto t = parse_clock_time(field.string());
    if (!t) field.fail(fmt::format("expected a time HH:MM from 00:00 to 23:59, found \"{}\"", field.string()));
    return *t;
  };
  if (auto start = node.find("start")) policy.start = read_time(*start);
  if (auto end = node.find("end")) policy.end = read_time(*end);
  if (policy.start == policy.end) node.fail("start and end are equal: the window would be empty");
  if (auto days = node.find("days")) {
    const std::size_t n = days->array_size();
    if (n == 0) days->fail("expected at least one day");
    WeekdaySet set;
    for (std::size_t i = 0; i < n; ++i) {
      const auto day = days->element(i);
      const auto wd = parse_weekday(day.string());
      if (!wd) day.fail(fmt::format("unknown day \"{}\"; expected Mon, Tue, Wed, Thu, Fri, Sat or Sun", day.string()));
      set.add(*wd);
    }
    policy.days = set;
  }
  if (auto max = node.find("max_duration")) {
    const auto d = read_iso_duration(*max, std::chrono::minutes{1}, std::chrono::hours{24});
    policy.max_duration = std::chrono::duration_cast<std::chrono::minutes>(d);
  }
  return policy;
}

}  // namespace hotplan
