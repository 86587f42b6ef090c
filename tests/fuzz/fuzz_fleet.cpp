// Fleet JSON: parse, check eligibility, plan 30 months (covering both shipped
// calendars' published data and projection beyond it), serialise.
#include "fuzz_support.hpp"

namespace {
constexpr date::year_month kFrom = date::year{2024} / date::November;  // ws2025 data starts there
constexpr int kMonths = 30;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hotplan;
  using namespace hotplan::fuzz;
  check_same_reading<Fleet>(as_text(data, size));
  Json document;
  if (!succeeds_or_input_error([&] { document = parse_json_text(as_text(data, size), "fleet"); }, nullptr)) return 0;
  Fleet fleet;
  if (!succeeds_or_input_error([&] { fleet = parse_fleet(document); }, &document)) return 0;

  // Every machine record becomes one machine, in order.
  const auto& records = document.at("machines");
  HOTPLAN_FUZZ_CHECK(fleet.machines.size() == records.size());
  for (std::size_t i = 0; i < records.size(); ++i) HOTPLAN_FUZZ_CHECK(records[i].at("id") == fleet.machines[i].id);
  const auto regions = document.find("regions");
  HOTPLAN_FUZZ_CHECK(fleet.regions.size() == (regions == document.end() || regions->is_null() ? 0 : regions->size()));

  must_succeed([&] {
    const Json check = check_to_json(fleet, CalendarSet::shipped());
    HOTPLAN_FUZZ_CHECK(check.at("machines").size() == fleet.machines.size());
    HOTPLAN_FUZZ_CHECK(check.at("eligible").get<std::size_t>() + check.at("ineligible").get<std::size_t>() ==
                       fleet.machines.size());
    HOTPLAN_FUZZ_CHECK(!check.dump().empty());
    check_plan(fleet, make_plan(fleet, CalendarSet::shipped(), kFrom, kMonths, {nullptr, nullptr, false, 1}), kMonths);
  });
  return 0;
}
