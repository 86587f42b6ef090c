#pragma once
// Field readers the document parsers share (fleet, catalog, policy). Private to
// the library's sources; an unknown name is an InputError at the node.
#include "hotplan/catalog.hpp"
#include "hotplan/offpeak.hpp"
#include "json_node.hpp"

namespace hotplan {

UpdateClassification read_classification(const JsonNode& node);
Severity read_severity(const JsonNode& node);
// An off-peak policy object {"start", "end", "days", "max_duration"}.
OffpeakPolicy read_offpeak(const JsonNode& node);

}  // namespace hotplan
