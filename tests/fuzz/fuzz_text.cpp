// The small text parsers. The first byte picks the parser ("k" Kb, "b" Build,
// "m" year-month, "d" date, "t" clock time, "w" weekday, "p" ISO duration; any
// other byte maps onto one of them), the rest is the text. Each parse must either
// reject the text or round-trip through its formatter.
#include <cctype>

#include "fuzz_support.hpp"

namespace {

using namespace hotplan;

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

void kb(std::string_view text) {
  const auto parsed = Kb::parse(text);
  if (!parsed) return;
  HOTPLAN_FUZZ_CHECK(equal_ignoring_case(parsed->str(), text));
  HOTPLAN_FUZZ_CHECK(Kb::parse(parsed->str()) == parsed);
}

void build(std::string_view text) {
  const auto parsed = Build::parse(text);
  if (!parsed) return;
  HOTPLAN_FUZZ_CHECK(Build::parse(parsed->str()) == parsed);
  HOTPLAN_FUZZ_CHECK(parsed->str().size() <= text.size());  // only leading zeros are dropped
}

void year_month(std::string_view text) {
  const auto parsed = parse_year_month(text);
  if (!parsed) return;
  HOTPLAN_FUZZ_CHECK(parsed->ok() && parsed->year() >= kFirstYear && parsed->year() <= kLastYear);
  HOTPLAN_FUZZ_CHECK(format_year_month(*parsed) == text);
}

void day(std::string_view text) {
  const auto parsed = parse_date(text);
  if (!parsed) return;
  HOTPLAN_FUZZ_CHECK(parsed->ok());
  HOTPLAN_FUZZ_CHECK(format_date(*parsed) == text);
  HOTPLAN_FUZZ_CHECK(format_date(date::sys_days{*parsed}) == text);
}

void clock_time(std::string_view text) {
  const auto parsed = parse_clock_time(text);
  if (!parsed) return;
  HOTPLAN_FUZZ_CHECK(parsed->since_midnight() < std::chrono::hours{24});
  HOTPLAN_FUZZ_CHECK(format_clock_time(*parsed) == text);
}

void weekday(std::string_view text) {
  const auto parsed = parse_weekday(text);
  if (!parsed) return;
  HOTPLAN_FUZZ_CHECK(parsed->ok());
  const auto name = kWeekdayNames[parsed->c_encoding()];
  HOTPLAN_FUZZ_CHECK(equal_ignoring_case(text.substr(0, 3), name));
}

void duration(std::string_view text) {
  const auto parsed = parse_iso_duration(text);
  if (!parsed) return;
  HOTPLAN_FUZZ_CHECK(parsed->count() >= 0);
  HOTPLAN_FUZZ_CHECK(text.front() == 'P' && text.back() != 'T');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = hotplan::fuzz::as_text(data + 1, size - 1);
  static constexpr void (*kParsers[])(std::string_view) = {kb, build, year_month, day, clock_time, weekday, duration};
  static constexpr std::string_view kSelectors = "kbmdtwp";
  const auto named = kSelectors.find(static_cast<char>(data[0]));
  kParsers[named != std::string_view::npos ? named : data[0] % kSelectors.size()](text);
  return 0;
}
