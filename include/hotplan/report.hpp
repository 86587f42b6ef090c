#pragma once
// The one JSON contract: the CLI's --json output and the Python module's return
// values are these structures, with these field names.
#include <cstddef>
#include <iosfwd>
#include <string_view>
#include <vector>

#include "hotplan/calendar.hpp"
#include "hotplan/classify.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/install_window.hpp"
#include "hotplan/json.hpp"
#include "hotplan/plan.hpp"
#include "hotplan/planner.hpp"
#include "hotplan/rollout.hpp"

namespace hotplan {

// {"month", "kind", "status", "patch_tuesday", "release_utc", "kb", "build", "kb_status",
//  "lcu_kb", "lcu_build", "lcu_status", "reference", "note",
//  "out_of_band": [{"date", "kb", "build", "keeps_chain" (null: unknown), "status", "reference", "note"}]}
Json to_json(const CalendarMonth& month);
// {"product", "months": [...]}
Json calendar_to_json(Product product, const std::vector<CalendarMonth>& months);

// {"start_utc", "end_utc", "start_local", "end_local"}; local times carry their UTC offset.
Json to_json(const InstallWindow& window);
// {"tz": "<IANA name>", "windows": [...]}
Json windows_to_json(std::string_view tz, const std::vector<InstallWindow>& windows);

// {"month", "kind", "status", "offer", "kb", "build", "reboot", "restarts", "reason", "reason_code", "out_of_band":
// [...],
//  "window": {...} or null, "assumed", "assumption" (null unless assumed)}
Json to_json(const PlanStep& step);
// {"id", "product", "eligible", "reasons", "failed_checks", "warnings", "installed_kb_known", "restarts",
// "restart_months",
//  "months": [...]}
Json to_json(const MachinePlan& plan);
// {"from", "to", "warnings": [fleet-level], "machines": [...]}
Json plan_to_json(const FleetPlan& plan);

// {"machines": [{"id", "product", "eligible", "reasons", "failed_checks", "warnings", "installed_kb_known"}],
//  "eligible", "ineligible", "unknown_kb"}
Json check_to_json(const Fleet& fleet, const CalendarSet& calendars);

// The same structures as text, streamed to `out` machine by machine: exactly
// `X_to_json(...).dump(2)` and a newline, without building the Json value.
void write_plan_json(std::ostream& out, const FleetPlan& plan);
void write_calendar_json(std::ostream& out, Product product, const std::vector<CalendarMonth>& months);
void write_windows_json(std::ostream& out, std::string_view tz, const std::vector<InstallWindow>& windows);
void write_check_json(std::ostream& out, const Fleet& fleet, const CalendarSet& calendars);

// make_plan and write_plan_json in one, each run of machines written as it is
// planned: the same text as write_plan_json(out, make_plan(...)), in memory for
// a few hundred machines' plans rather than the whole plan's. Every error comes
// before the first byte is written. (kPlanSliceMachines: write_plan_csv's slice.)
inline constexpr std::size_t kPlanSliceMachines = 4096;
void write_plan_json(std::ostream& out, const Fleet& fleet, const CalendarSet& calendars, date::year_month from,
                     int months, const PlanOptions& options = {});

// {"month", "release_utc", "deadline_utc", "phases": [{"phase", "regions"}],
//  "batches": [{"id", "phase", "region", "zone", "start_utc", "end_utc", "machines", "failed",
//               "offers": {"hotpatch", "baseline", "regular", "catalog", "restarting"},
//               "local_starts": [{"time_zone", "start"}]}],
//  "not_patched": [{"id", "reason", "detail"}], "checks": [{"rule", "ok", "detail"}]}
Json rollout_to_json(const Rollout& rollout);
// Streamed batch by batch: exactly `rollout_to_json(rollout).dump(2)` and a newline.
void write_rollout_json(std::ostream& out, const Rollout& rollout);

// {"approved": [{"kb", "order", "reboot"}], "skipped": [{"kb", "code", "reason"}], "reboot",
//  "reboot_kbs": [...], "warnings": [...]}
Json classify_to_json(const ClassifyResult& result);
// Exactly `classify_to_json(result).dump(2)` and a newline, without the Json value.
void write_classify_json(std::ostream& out, const ClassifyResult& result);

}  // namespace hotplan
