// Failures JSON ({"failed": [ids]}): parse_failures, then roll out the example
// fleet with those failures; unknown ids are errors at /failed/<index>.
#include "fuzz_support.hpp"

namespace {
constexpr date::year_month kMonth = date::year{2025} / date::November;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hotplan;
  using namespace hotplan::fuzz;
  static const Fleet fleet = parse_fleet(example_document("fleet.json"));
  Json document;
  if (!succeeds_or_input_error([&] { document = parse_json_text(as_text(data, size), "failures"); }, nullptr)) return 0;
  RolloutOptions options;
  if (!succeeds_or_input_error([&] { options.failed = parse_failures(document); }, &document)) return 0;
  HOTPLAN_FUZZ_CHECK(options.failed.size() == document.at("failed").size());
  Rollout rollout;
  if (!succeeds_or_input_error([&] { rollout = make_rollout(fleet, CalendarSet::shipped(), kMonth, {}, options); },
                               &document))
    return 0;
  check_rollout(fleet, rollout);
  // Every failed id that was started is reported as failed, never as healthy.
  for (const auto& batch : rollout.batches) {
    for (const auto& id : batch.machines) {
      HOTPLAN_FUZZ_CHECK(std::find(options.failed.begin(), options.failed.end(), id) == options.failed.end());
    }
  }
  return 0;
}
