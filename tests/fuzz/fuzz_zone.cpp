// Time zone names (IANA or Windows ids, as a fleet's "time_zone" gives them):
// find_time_zone, then a fortnight of default off-peak windows in that zone.
#include <string>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hotplan;
  using namespace hotplan::fuzz;
  // A name reaches find_time_zone through JSON, whose strings are at most kMaxStringLength bytes.
  if (size > limits::kMaxStringLength) return 0;
  const std::string name(as_text(data, size));
  const TimeZone* zone = nullptr;
  try {
    zone = &find_time_zone(name, "/time_zone");
  } catch (const InputError& e) {
    HOTPLAN_FUZZ_CHECK(e.path() == "/time_zone");
    return 0;
  } catch (const std::exception& e) {
    failed(std::string("unexpected ") + typeid(e).name() + ": " + e.what(), __FILE__, __LINE__);
  }
  must_succeed([&] {
    const date::local_days from{date::year{2026} / date::March / date::day{20}};
    const auto windows = offpeak_windows(*zone, OffpeakPolicy{}, from, from + date::days{14});
    HOTPLAN_FUZZ_CHECK(!windows.empty() && windows.size() <= 15);
    for (std::size_t i = 0; i < windows.size(); ++i) {
      HOTPLAN_FUZZ_CHECK(windows[i].start.utc < windows[i].end.utc);
      if (i > 0) HOTPLAN_FUZZ_CHECK(windows[i - 1].start.utc < windows[i].start.utc);
      HOTPLAN_FUZZ_CHECK(!format_local(windows[i].start).empty());
    }
  });
  return 0;
}
