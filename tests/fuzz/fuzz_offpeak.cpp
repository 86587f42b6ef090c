// Off-peak policy JSON ({"start", "end", "days", "max_duration"}) through parse_offpeak.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hotplan;
  using namespace hotplan::fuzz;
  check_same_reading<OffpeakPolicy>(as_text(data, size));
  Json document;
  if (!succeeds_or_input_error([&] { document = parse_json_text(as_text(data, size), "offpeak"); }, nullptr)) return 0;
  OffpeakPolicy policy;
  if (!succeeds_or_input_error([&] { policy = parse_offpeak(document); }, &document)) return 0;

  HOTPLAN_FUZZ_CHECK(policy.start != policy.end);
  HOTPLAN_FUZZ_CHECK(policy.start.since_midnight() < std::chrono::hours{24});
  HOTPLAN_FUZZ_CHECK(policy.end.since_midnight() < std::chrono::hours{24});
  if (document.contains("start") && !document["start"].is_null()) {
    HOTPLAN_FUZZ_CHECK(format_clock_time(policy.start) == document["start"].get<std::string>());
  }
  if (policy.max_duration) {
    HOTPLAN_FUZZ_CHECK(*policy.max_duration >= std::chrono::minutes{1} &&
                       *policy.max_duration <= std::chrono::hours{24});
  }
  // Exactly the listed days (all seven when absent).
  WeekdaySet listed = WeekdaySet::all();
  if (document.contains("days") && !document["days"].is_null()) {
    listed = WeekdaySet{};
    for (const auto& day : document["days"]) listed.add(*parse_weekday(day.get<std::string>()));
  }
  HOTPLAN_FUZZ_CHECK(!policy.days.empty() && policy.days == listed);
  return 0;
}
