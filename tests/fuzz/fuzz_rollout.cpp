// Fleet JSON through the rollout stage: parse, roll out one month; every machine
// lands once in a batch or in not_patched, and every independent check holds.
#include "fuzz_support.hpp"

namespace {
constexpr date::year_month kMonth = date::year{2025} / date::November;
// Rollout time grows with the fleet; larger inputs add nothing the fleet harness
// does not already cover, so they are skipped to keep the harness fast.
constexpr std::size_t kMaxInput = 16 * 1024;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hotplan;
  using namespace hotplan::fuzz;
  if (size > kMaxInput) return 0;
  Json document;
  if (!succeeds_or_input_error([&] { document = parse_json_text(as_text(data, size), "fleet"); }, nullptr)) return 0;
  Fleet fleet;
  if (!succeeds_or_input_error([&] { fleet = parse_fleet(document); }, &document)) return 0;
  // A fleet whose inventory day is past the month's release cannot roll it out (an error at "month").
  if (fleet.as_of && first_month_after(*fleet.as_of) > kMonth) return 0;
  Rollout rollout;
  // Placement and time zones are validated by the rollout itself: an InputError naming the record.
  if (!succeeds_or_input_error([&] { rollout = make_rollout(fleet, CalendarSet::shipped(), kMonth, {}, {}); },
                               &document))
    return 0;
  HOTPLAN_FUZZ_CHECK(rollout.month == kMonth);
  check_rollout(fleet, rollout);
  return 0;
}
