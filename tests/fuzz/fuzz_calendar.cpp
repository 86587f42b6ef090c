// Calendar data JSON: Calendar::from_json, then every month of the data (and a
// little beyond) through months() and its JSON, then a small fixed fleet planned
// against that calendar.
#include <algorithm>

#include "fuzz_support.hpp"

namespace {

using namespace hotplan;
using namespace hotplan::fuzz;

// Every listed month, out-of-band release and KB of the data is visible in the calendar.
void check_accounted(const Json& document, const Calendar& calendar) {
  HOTPLAN_FUZZ_CHECK(calendar.first_listed() <= calendar.last_listed());
  const auto months = document.find("months");
  if (months == document.end() || months->is_null()) return;
  for (const auto& entry : *months) {
    const auto ym = parse_year_month(entry.at("month").get<std::string>());
    HOTPLAN_FUZZ_CHECK(ym && calendar.first_listed() <= *ym && *ym <= calendar.last_listed());
    const auto kind = entry.find("kind");
    const bool has_kind = kind != entry.end() && !kind->is_null();
    HOTPLAN_FUZZ_CHECK((calendar.status(*ym) == DataStatus::projected) == !has_kind);
    if (has_kind) HOTPLAN_FUZZ_CHECK(month_kind_id(calendar.kind(*ym)) == kind->get<std::string>());
    const auto kb = entry.find("kb");
    if (kb != entry.end() && !kb->is_null()) {
      const auto* known = calendar.find(*Kb::parse(kb->get<std::string>()));
      HOTPLAN_FUZZ_CHECK(known != nullptr && known->month == *ym);
    }
  }
  const auto oob_list = document.find("out_of_band");
  if (oob_list == document.end() || oob_list->is_null()) return;
  HOTPLAN_FUZZ_CHECK(calendar.out_of_band().size() == oob_list->size());
  for (const auto& entry : *oob_list) {
    const auto kb = *Kb::parse(entry.at("kb").get<std::string>());
    const date::sys_days day{*parse_date(entry.at("date").get<std::string>())};
    const auto* known = calendar.find(kb);
    HOTPLAN_FUZZ_CHECK(known != nullptr && known->role == UpdateRole::out_of_band && known->released == day);
    const date::year_month_day ymd{day};
    const auto month = calendar.month(ymd.year() / ymd.month());
    HOTPLAN_FUZZ_CHECK(std::count_if(month.out_of_band.begin(), month.out_of_band.end(),
                                     [&](const OutOfBand& o) { return o.kb == kb && o.date == day; }) == 1);
  }
}

// Three machines in different states: on the data's first KB (if any), off the
// chain with out-of-band installs, and not enrolled.
Fleet fleet_for(const Calendar& calendar, const Json& document) {
  std::string first_kb = "KB0000001";
  const auto months = document.find("months");
  for (const auto& entry : months == document.end() || months->is_null() ? Json::array() : *months) {
    if (entry.contains("kb") && entry["kb"].is_string()) {
      first_kb = entry["kb"].get<std::string>();
      break;
    }
  }
  const std::string product(product_id(calendar.product()));
  const std::string build = std::to_string(product_build_major(calendar.product())) + ".9999";
  auto machine = [&](const std::string& id, const std::string& kb, const Json& enrolled, bool oob) {
    return Json{{"id", id},           {"product", product}, {"edition", "datacenter-azure-edition"},
                {"installed_kb", kb}, {"build", build},     {"hotpatch_enrolled", enrolled},
                {"vbs_status", 2},    {"uefi", true},       {"secure_boot", true},
                {"generation", 2},    {"install_oob", oob}};
  };
  const Json fleet{
      {"machines",
       {machine("on-chain", first_kb, "1970-01-01", false), machine("off-chain", "KB9999999", "1970-01-01", true),
        machine("not-enrolled", first_kb, nullptr, true)}}};
  return parse_fleet(fleet);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Json document;
  if (!succeeds_or_input_error([&] { document = parse_json_text(as_text(data, size), "calendar"); }, nullptr)) {
    return 0;
  }
  std::optional<Calendar> calendar;
  if (!succeeds_or_input_error([&] { calendar = calendar_from_json(document); }, &document)) return 0;

  must_succeed([&] {
    check_accounted(document, *calendar);
    // The data's months, two before and six after, within the supported years.
    auto from = std::max(calendar->first_listed() - date::months{2}, kFirstYear / date::January);
    if (calendar->first_supported()) from = std::max(from, *calendar->first_supported());
    // A first supported month after all the data (history only) starts the window
    // there: at least one month.
    const auto to = std::max(std::min(calendar->last_listed() + date::months{6}, kLastYear / date::December), from);
    const int count = std::min(months_between(from, to) + 1, limits::kMaxMonths);
    const auto months = calendar->months(from, count);
    HOTPLAN_FUZZ_CHECK(months.size() == static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
      const auto& m = months[static_cast<std::size_t>(i)];
      HOTPLAN_FUZZ_CHECK(m.month == from + date::months{i});
      HOTPLAN_FUZZ_CHECK(m.kind == calendar->kind(m.month) && m.status == calendar->status(m.month));
      HOTPLAN_FUZZ_CHECK(m.patch_tuesday == patch_tuesday(m.month));
    }
    const Json json = calendar_to_json(calendar->product(), months);
    HOTPLAN_FUZZ_CHECK(json.at("months").size() == months.size());
    HOTPLAN_FUZZ_CHECK(!json.dump().empty());

    const Fleet fleet = fleet_for(*calendar, document);
    check_plan(fleet,
               make_plan(fleet, CalendarSet::shipped().replaced(*calendar), from, count, {nullptr, nullptr, false, 1}),
               count);
  });
  return 0;
}
