// Stronger types: one name table per enum read and printed (each value round
// trips through its one table), a time of day that is not a duration, and civil
// dates placed on a day only through local types.
#include <doctest/doctest.h>

#include <functional>
#include <type_traits>

#include "support.hpp"

using namespace hotplan;

namespace {

template <typename Enum, std::size_t N>
void check_round_trip(const NameEntry<Enum> (&table)[N]) {
  // An entry, not a structured binding: clang 14 cannot capture bindings in CAPTURE.
  for (const auto& entry : table) {
    CAPTURE(entry.first);
    CHECK(name_of(entry.second, table) == entry.first);
    CHECK(parse_name(entry.first, table) == entry.second);
  }
  CHECK_FALSE(parse_name("no such name", table).has_value());
}

}  // namespace

TEST_CASE("every enum read and printed round-trips through its one table") {
  check_round_trip(kProductIds);
  check_round_trip(kEditionIds);
  check_round_trip(kLicenceIds);
  check_round_trip(kVmssModeIds);
  check_round_trip(kMonthKindIds);
  check_round_trip(kDataStatusIds);
  CHECK(product_id(Product::ws2022_azure_edition) == "ws2022-azure-edition");
  CHECK(parse_product("ws2025") == Product::ws2025);
  CHECK(edition_id(Edition::datacenter_azure_edition) == "datacenter-azure-edition");
  CHECK(month_kind_id(MonthKind::unplanned_baseline) == "unplanned-baseline");
}

TEST_CASE("a time of day is not a duration: it only lands on a day") {
  static_assert(!std::is_invocable_v<std::plus<>, TimeOfDay, std::chrono::minutes>);
  static_assert(!std::is_invocable_v<std::plus<>, TimeOfDay, TimeOfDay>);
  static_assert(!std::is_invocable_v<std::less<>, TimeOfDay, std::chrono::minutes>);
  static_assert(!std::is_convertible_v<std::chrono::minutes, TimeOfDay>);
  static_assert(std::is_same_v<decltype(date::local_days{} + TimeOfDay{}), date::local_seconds>);
  constexpr auto ten_past_ten = TimeOfDay::at(22, 10);
  static_assert(ten_past_ten.since_midnight() == std::chrono::minutes{22 * 60 + 10});
  CHECK(format_clock_time(ten_past_ten) == "22:10");
  CHECK(parse_clock_time("22:10") == ten_past_ten);
  CHECK_FALSE(parse_clock_time("24:00").has_value());
  CHECK_THROWS_AS((void)TimeOfDay::at(24), std::out_of_range);
  const date::local_days day{date::year{2026} / date::March / 29};
  CHECK(day + ten_past_ten == date::local_seconds{day} + std::chrono::minutes{22 * 60 + 10});
}

TEST_CASE("a release day is a civil date in Pacific time") {
  // The same civil day gives 17:00Z in summer and 18:00Z in winter.
  CHECK(format_utc(release_instant(date::year{2026} / date::July / 14)) == "2026-07-14T17:00:00Z");
  CHECK(format_utc(release_instant(date::year{2026} / date::January / 13)) == "2026-01-13T18:00:00Z");
}
