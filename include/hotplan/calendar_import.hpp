#pragma once
// `hotplan calendar import`: reads Microsoft's "Windows Server release
// information" page (saved HTML or its Markdown source), turns each product's
// hotpatch calendar and release history into calendar data (format version 2),
// and merges it with the current data, listing what changed.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hotplan/calendar_set.hpp"
#include "hotplan/json.hpp"
#include "hotplan/product.hpp"

namespace hotplan {

// Where Microsoft publishes the page: the reference of months without a KB.
inline constexpr std::string_view kReleaseInfoPageUrl =
    "https://learn.microsoft.com/windows/release-health/windows-server-release-info";

struct ImportedPage {
  std::string name;             // the page's name in messages (a file path, "standard input")
  std::vector<Json> calendars;  // one product object per product found, in page order
};

// Parses the page (HTML when it has HTML markup, Markdown otherwise). Errors are
// InputError naming the page, the product, the table and the row; a page over
// limits::kMaxPageBytes is a LimitError.
ImportedPage parse_release_page(std::string_view page_text, std::string_view page_name);

// Reads a page file ("-" is standard input) within limits::kMaxPageBytes.
std::string read_release_page(const std::string& path);

enum class ChangeKind : std::uint8_t {
  new_month,        // a month the current data did not list
  kind_changed,     // e.g. a planned hotpatch became a baseline
  kb_added,         // a month that had no KB now has one
  kb_changed,       // the page names another KB than the current data
  kb_dropped,       // a current KB that no longer fits the month's kind
  now_published,    // a month or release the current data had as `reported`
  new_out_of_band,  // an out-of-band release the current data did not list
  chain_unknown,    // an out-of-band release whose hotpatch-chain compatibility is unknown
};
std::string_view change_kind_id(ChangeKind kind) noexcept;  // "new-month", "kind-changed", ...

struct CalendarChange {
  Product product;
  ChangeKind kind;
  std::string subject;  // the month (YYYY-MM) or the out-of-band KB
  std::string text;     // a readable sentence
};

struct ImportResult {
  std::vector<Json> calendars;  // merged product objects, one per product of the page
  std::vector<CalendarChange> changes;
};

// Merges one product's page data over its current data (both product objects
// in the calendar format): the page's published facts win; current facts the
// page does not give (reported KBs of months the page lists without KB, months
// and releases the page no longer shows, keeps_chain verdicts) are kept.
Json merge_page_calendar(const Json& current, const Json& page, std::vector<CalendarChange>& changes);

// merge_page_calendar() for every product of the page, over the shipped data
// and `layers` (the user's calendar files); the result is validated.
ImportResult import_release_page(const ImportedPage& page, std::span<const CalendarLayer> layers);

Json changes_to_json(const std::vector<CalendarChange>& changes);

}  // namespace hotplan
