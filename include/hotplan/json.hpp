#pragma once
// The JSON contract's readers: documents in, validated values out, every error
// an InputError naming its JSON pointer. (The writers are in report.hpp.) A
// program that plans from values it builds itself need not include this header,
// nor nlohmann/json.
#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hotplan/calendar.hpp"
#include "hotplan/calendar_set.hpp"
#include "hotplan/catalog.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/offpeak.hpp"
#include "hotplan/policy.hpp"

namespace hotplan {

using Json = nlohmann::ordered_json;  // keeps fields in the documented order

// Parses JSON text within the limits of limits.hpp. `source` names the input in
// errors (a file name, "fleet"); errors are InputError or LimitError.
Json parse_json_text(std::string_view text, std::string_view source);
// Reads and parses a file ("-": standard input); a missing or unreadable file,
// or a directory, is an InputError. A key repeated in an object is an InputError
// at its pointer (parse_json_text too).
Json load_json_file(const std::string& path);

// One product's calendar document (README "Calendar data format"); errors carry
// JSON pointers into `data`.
Calendar calendar_from_json(const Json& data);
// A fleet document (README "Fleet input"); includes validate_placement.
Fleet parse_fleet(const Json& document);
// A catalog document (README "Update classification").
Catalog parse_catalog(const Json& document);
// A policy document: a maintenance configuration or a patch baseline.
Policy parse_policy(const Json& document);
// An off-peak policy object {"start", "end", "days", "max_duration"}.
OffpeakPolicy parse_offpeak(const Json& document);
// The same documents read straight from JSON text, without building a Json DOM
// (what load_fleet, load_catalog and load_policy do): limits, errors and pointers
// exactly as parse_json_text followed by parse_fleet and the others.
Fleet parse_fleet_text(std::string_view text, std::string_view source);
Catalog parse_catalog_text(std::string_view text, std::string_view source);
Policy parse_policy_text(std::string_view text, std::string_view source);
OffpeakPolicy parse_offpeak_text(std::string_view text, std::string_view source);
// {"failed": ["id", ...]}: structure only; the rollout checks the ids.
std::vector<std::string> parse_failures(const Json& document);

// One calendar document: a product object or {"calendars": [product objects]},
// and the name errors and provenance use for it (a file path, "shipped").
struct CalendarLayer {
  std::string name;
  Json data;
};

// One product's calendar document as CalendarSet::with_layers() merges it (the
// shipped data, then each layer), validated; the shipped document when no layer
// names the product. For tools that edit the data (calendar import).
Json layered_calendar_json(Product product, std::span<const CalendarLayer> layers);

}  // namespace hotplan
