#include "hotplan/offpeak.hpp"

#include <fmt/format.h>
#include "document_readers.hpp"

namespace hotplan {

TimeOfDay read_offpeak_time(std::string_view text, const std::string& where) {
  const auto t = parse_clock_time(text);
  if (!t) throw InputError(where, fmt::format("expected a time HH:MM from 00:00 to 23:59, found \"{}\"", text));
  return *t;
}

date::weekday read_offpeak_day(std::string_view text, const std::string& where) {
  const auto wd = parse_weekday(text);
  if (!wd)
    throw InputError(where, fmt::format("unknown day \"{}\"; expected Mon, Tue, Wed, Thu, Fri, Sat or Sun", text));
  return *wd;
}

void check_offpeak_span(const OffpeakPolicy& policy, const std::string& where) {
  if (policy.start == policy.end) throw InputError(where, "start and end are equal: the window would be empty");
}

OffpeakPolicy read_offpeak(const JsonNode& node) {
  node.expect_object({"start", "end", "days", "max_duration"});
  OffpeakPolicy policy;
  if (auto start = node.find("start")) policy.start = read_offpeak_time(start->string(), start->pointer());
  if (auto end = node.find("end")) policy.end = read_offpeak_time(end->string(), end->pointer());
  check_offpeak_span(policy, node.pointer());
  if (auto days = node.find("days")) {
    const std::size_t n = days->array_size();
    if (n == 0) days->fail("expected at least one day");
    WeekdaySet set;
    for (std::size_t i = 0; i < n; ++i) {
      const auto day = days->element(i);
      set.add(read_offpeak_day(day.string(), day.pointer()));
    }
    policy.days = set;
  }
  if (auto max = node.find("max_duration")) policy.max_duration = read_minutes_duration(max->string(), max->pointer());
  return policy;
}

OffpeakPolicy parse_offpeak(const Json& document) { return read_offpeak(JsonNode(document, "")); }

}  // namespace hotplan
