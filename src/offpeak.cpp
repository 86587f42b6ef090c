#include "hotplan/offpeak.hpp"

#include <fmt/format.h>
#include "document_readers.hpp"

namespace hotplan {

namespace {
std::string time_error(std::string_view text) {
  return fmt::format("expected a time HH:MM from 00:00 to 23:59, found \"{}\"", text);
}
std::string day_error(std::string_view text) {
  return fmt::format("unknown day \"{}\"; expected Mon, Tue, Wed, Thu, Fri, Sat or Sun", text);
}
constexpr std::string_view kEmptySpan = "start and end are equal: the window would be empty";

// The node readers spell the pointer out only on an error.
TimeOfDay read_offpeak_time(const JsonNode& node) {
  const auto text = node.string();
  const auto t = parse_clock_time(text);
  if (!t) node.fail(time_error(text));
  return *t;
}
date::weekday read_offpeak_day(const JsonNode& node) {
  const auto text = node.string();
  const auto wd = parse_weekday(text);
  if (!wd) node.fail(day_error(text));
  return *wd;
}
}  // namespace

TimeOfDay read_offpeak_time(std::string_view text, const std::string& where) {
  const auto t = parse_clock_time(text);
  if (!t) throw InputError(where, time_error(text));
  return *t;
}

date::weekday read_offpeak_day(std::string_view text, const std::string& where) {
  const auto wd = parse_weekday(text);
  if (!wd) throw InputError(where, day_error(text));
  return *wd;
}

void check_offpeak_span(const OffpeakPolicy& policy, const std::string& where) {
  if (policy.start == policy.end) throw InputError(where, std::string(kEmptySpan));
}

OffpeakPolicy read_offpeak(const JsonNode& node) {
  node.expect_object({"start", "end", "days", "max_duration"});
  OffpeakPolicy policy;
  if (auto start = node.find("start")) policy.start = read_offpeak_time(*start);
  if (auto end = node.find("end")) policy.end = read_offpeak_time(*end);
  if (policy.start == policy.end) node.fail(std::string(kEmptySpan));
  if (auto days = node.find("days")) {
    const std::size_t n = days->array_size();
    if (n == 0) days->fail("expected at least one day");
    WeekdaySet set;
    for (std::size_t i = 0; i < n; ++i) set.add(read_offpeak_day(days->element(i)));
    policy.days = set;
  }
  if (auto max = node.find("max_duration")) policy.max_duration = read_minutes_duration(*max);
  return policy;
}

OffpeakPolicy parse_offpeak(const Json& document) { return read_offpeak(JsonNode(document, "")); }

OffpeakPolicy parse_offpeak_text(std::string_view text, std::string_view source) {
  return detail::read_json_text(text, source, false, [](const JsonNode& root) { return read_offpeak(root); });
}

}  // namespace hotplan
