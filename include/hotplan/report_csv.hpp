#pragma once
// CSV for spreadsheets (RFC 4180: CRLF line ends, fields quoted when they hold a
// comma, quote or line break). A text field starting with =, +, -, @, tab or CR
// is prefixed with an apostrophe so a spreadsheet shows it instead of running it
// as a formula (CSV injection).
#include <iosfwd>
#include <string>
#include <string_view>

#include "hotplan/plan.hpp"
#include "hotplan/planner.hpp"
#include "hotplan/rollout.hpp"

namespace hotplan {

// One field, quoted and neutralised as above.
std::string csv_field(std::string_view text);

// One row per machine-month, with a header row:
// id, product, month, offer, kb, restart (yes/no), restarts, reason_code, reason,
// window_start_utc, window_end_utc, window_start_local, window_end_local, status
// (published/reported/projected, or assumed when the verdict rests on an assumption).
// Streamed machine by machine.
void write_plan_csv(std::ostream& out, const FleetPlan& plan);
// make_plan and write_plan_csv in one, a slice of machines at a time
// (make_plan_in_slices): the same text, in memory for one slice's plan. Every
// error comes before the first byte is written.
void write_plan_csv(std::ostream& out, const Fleet& fleet, const CalendarSet& calendars, date::year_month from,
                    int months, const PlanOptions& options = {});

// One row per machine of the rollout, with a header row: id, state (patched,
// failed, not-patched), batch, phase, region, zone, start_utc, end_utc (the
// batch's span), reason (skip reason id) and detail. Batch machines come in batch
// order, then the machines not patched, in fleet order.
void write_rollout_csv(std::ostream& out, const Rollout& rollout);

}  // namespace hotplan
