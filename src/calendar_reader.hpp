#pragma once
// Reading calendar documents into Calendars. Private to the library's sources.
#include <vector>

#include "hotplan/calendar.hpp"
#include "json_node.hpp"

namespace hotplan {

namespace detail {
struct CalendarReader {
  // Validates one product's calendar data (format: README, "Calendar data
  // format"); errors carry JSON pointers into `data`.
  static Calendar read(const Json& data);
};
}  // namespace detail

// The product objects of a calendar document, with their JSON pointers ("" for
// a single product object, "/calendars/0", ... otherwise).
std::vector<JsonNode> calendar_products(const Json& document);

}  // namespace hotplan
