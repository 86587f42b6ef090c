#pragma once
// What a person asks first about a plan, in a few lines per month: how many
// machines restart, which ones and why, which months are projected, and the next
// month's restarts by local date. The restart causes are shared with the HTML
// report (report_html.hpp).
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string_view>

#include "hotplan/plan.hpp"

namespace hotplan {

// Why a machine restarts in a month, one cause per machine-month: the monthly
// offer's cause when it restarts, else an out-of-band install, else the catalog.
enum class PlanRestartCause : std::uint8_t {
  planned_baseline,    // enrolled, eligible: the quarterly baseline
  unplanned_baseline,  // enrolled, eligible: a baseline replacing a hotpatch month
  off_chain,           // regular update: installed update off the chain (or the Arc licence issue)
  not_eligible,        // regular update: a prerequisite fails
  not_enrolled,        // regular update: not (yet) enrolled in hotpatch
  hotpatch_ended,      // regular update: past the product's hotpatch end
  out_of_band,         // an out-of-band release installs
  catalog,             // catalog updates (.NET, drivers...) restart a month that would not
  other,               // e.g. the licence workaround's restart
};
inline constexpr std::size_t kPlanRestartCauseCount = 9;
std::string_view plan_restart_cause_id(PlanRestartCause cause) noexcept;     // "planned-baseline", ...
std::string_view plan_restart_cause_label(PlanRestartCause cause) noexcept;  // "planned baseline", ...

// The step's restart cause, or nullopt when the machine does not restart that month.
std::optional<PlanRestartCause> plan_restart_cause(const PlanStep& step) noexcept;

// The status of a plan month over the fleet: the least certain status of its
// machine-months (projected over reported over published).
DataStatus month_status(const FleetPlan& plan, std::size_t month_index) noexcept;

// Fleet-level figures of a plan; the report and the summary print them.
struct PlanFigures {
  std::size_t machines = 0;
  std::size_t eligible = 0;
  std::size_t unknown_kb = 0;      // machines running a KB the data does not know
  long long restarts = 0;          // restarts over the plan (MachinePlan::restarts summed)
  long long every_month = 0;       // machines x months: a fleet restarting every month
  long long restarts_avoided = 0;  // every_month - restarts
  long long restart_months = 0;    // machine-months with at least one restart
  long long assumed_months = 0;    // machine-months whose verdict rests on an assumption
  int months_published = 0;        // plan months by month_status
  int months_reported = 0;
  int months_projected = 0;
};
[[nodiscard]] PlanFigures plan_figures(const FleetPlan& plan);

// The summary as text. `as_of_line`, when not empty, is printed after the first line.
void write_summary_text(std::ostream& out, const FleetPlan& plan, std::string_view as_of_line = {});

}  // namespace hotplan
