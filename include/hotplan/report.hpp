#pragma once
// The one JSON contract: the CLI's --json output and the Python module's return
// values are these structures, with these field names.
#include <string_view>
#include <vector>

#include "hotplan/calendar.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/install_window.hpp"
#include "hotplan/json_input.hpp"
#include "hotplan/trajectory.hpp"

namespace hotplan {

// {"month", "kind", "source", "patch_tuesday", "release_utc", "kb", "build",
//  "lcu_kb", "lcu_build", "out_of_band": [{"date", "kb", "build", "keeps_chain", "note"}]}
Json to_json(const CalendarMonth& month);
// {"product", "months": [...]}
Json calendar_to_json(Product product, const std::vector<CalendarMonth>& months);

// {"start_utc", "end_utc", "start_local", "end_local"}; local times carry their UTC offset.
Json to_json(const InstallWindow& window);
// {"tz": "<IANA name>", "windows": [...]}
Json windows_to_json(std::string_view tz, const std::vector<InstallWindow>& windows);

// {"month", "kind", "source", "offer", "kb", "build", "reboot", "reason", "reason_code", "out_of_band": [...],
//  "window": {...} or null}
Json to_json(const TrajectoryStep& step);
// {"id", "product", "eligible", "reasons", "failed_checks", "warnings", "reboots", "months": [...]}
Json to_json(const MachinePlan& plan);
// {"from", "to", "machines": [...]}
Json plan_to_json(const FleetPlan& plan);

// {"machines": [{"id", "product", "eligible", "reasons", "failed_checks"}], "eligible", "ineligible"}
Json check_to_json(const Fleet& fleet);

}  // namespace hotplan
