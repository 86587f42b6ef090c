#pragma once
// A machine's path through the hotpatch calendar, month by month: what it is
// offered, whether it restarts, and why. The state advances each month.
#include <date/date.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hotplan/block_allocator.hpp"
#include "hotplan/calendar.hpp"
#include "hotplan/calendar_set.hpp"
#include "hotplan/compact.hpp"
#include "hotplan/eligibility.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/install_window.hpp"

namespace hotplan {

enum class Offer : std::uint8_t { none, hotpatch, baseline, lcu };
std::string_view offer_id(Offer offer) noexcept;  // "none", "hotpatch", "baseline", "lcu"

// Why a month's offer is what it is; describe() turns it into a sentence.
enum class StepReason : std::uint8_t {
  baseline,           // enrolled machine in a baseline month
  hotpatch,           // installed update is on the current baseline's chain
  off_chain,          // installed update is not on the chain: LCU until the next baseline
  licence_expired,    // Arc licence expired by the October 2025 issue: LCU until the first baseline after it
  licence_lapsed,     // Arc licence expired, no baseline fixes it: LCU until remediated
  not_enrolled,       // never enrolled in hotpatch
  enrolled_later,     // enrolment comes after this month's release
  not_eligible,       // a prerequisite fails
  already_installed,  // the machine already runs this month's update
  newer_installed,    // the machine runs something newer than this release
  hotpatch_ended,     // past the product's hotpatch end: regular updates only
  out_of_band,        // nothing from the monthly release; out-of-band releases install
};
std::string_view step_reason_id(StepReason reason) noexcept;

// The update a machine runs: its KB and build when known, else the month and
// kind of update it installed (a hotpatch whose KB is not yet published).
struct InstalledUpdate {
  UpdateId id;
  date::year_month month;
  Offer kind = Offer::lcu;
};

// A month of a machine's trajectory. A plan holds one per machine-month, so the
// fields are ordered to pack and the lists and texts, mostly empty, are compact.
struct TrajectoryStep {
  date::year_month month;
  MonthKind month_kind = MonthKind::hotpatch;
  DataStatus status = DataStatus::projected;  // the less certain of the month's kind and its offered update
  Offer offer = Offer::none;
  bool reboot = false;  // the machine restarts this month
  StepReason reason = StepReason::not_eligible;
  // How many times: the monthly update, each out-of-band install and a licence
  // workaround restart once each; catalog updates join one of those or restart once.
  int restarts = 0;
  UpdateId update;                       // what is offered (kb/build may be unknown)
  InstalledUpdate before;                // what the machine ran before this month
  date::year_month chain_baseline;       // baseline whose chain decides this month
  date::year_month next_baseline;        // first baseline after this month
  PackedOptional<Kb> chain_baseline_kb;  // its KB, when published
  std::optional<date::sys_days> enrolled;
  CompactList<OutOfBand> out_of_band_installed;  // only with install_oob
  // Set when the verdict rests on something the data does not know (an installed
  // KB or an out-of-band release's chain compatibility): what hotplan assumed.
  SharedText assumption;
  CompactList<std::string> notes;  // end the reason (the calendar's note, the licence workaround)
};

// One sentence a person understands, e.g. "installed KB5070881 (26100.6905) is not
// on the chain of baseline KB5066835; regular update with restart until the
// 2026-01 baseline".
std::string describe(const TrajectoryStep& step);

// What the data says about the KB a machine runs.
struct InstalledKbFacts {
  bool known = true;                             // the release data lists the KB
  bool newer_than_data = false;                  // unknown, and its build is above every build the data knows
  std::optional<date::year_month> data_through;  // the last month whose kind the data states
};

// What the data says about the KB a machine runs, with the warnings `plan` and
// `check` both print (build/KB mismatch, unknown KB) and, for an unknown KB, the
// assumption the plan's off-chain verdicts rest on.
struct InstalledKbReport {
  InstalledKbFacts facts;
  std::vector<std::string> warnings;
  std::string assumption;
};
[[nodiscard]] InstalledKbReport assess_installed_kb(const Machine& machine, const Calendar& calendar);

// A machine's months as one stage gives them: the trajectory's steps, or the
// composed plan's (planner.hpp).
template <typename Step>
struct MachineMonths {
  std::string id;
  Product product = Product::ws2025;
  bool eligible = false;
  std::vector<EligibilityFailure> failures;
  std::vector<std::string> warnings;  // inconsistencies in the input that hotplan worked around
  InstalledKbFacts installed_kb;
  int restarts = 0;        // restarts over the months (two out-of-band installs in one month are two)
  int restart_months = 0;  // months in which the machine restarts at least once
  // A plan's steps share a few blocks (block_allocator.hpp); a copy's are its own.
  std::vector<Step, BlockAllocator<Step>> steps;
};

template <typename Step>
struct FleetMonths {
  date::year_month from;
  int months = 0;
  std::vector<MachineMonths<Step>> machines;  // same order as the fleet
  std::optional<date::sys_days> as_of;        // the fleet's inventory day, when it gives one
};

using MachineTrajectory = MachineMonths<TrajectoryStep>;
using FleetTrajectory = FleetMonths<TrajectoryStep>;

// `machine` with `restarts` and `restart_months` counted from its steps.
template <typename Step>
[[nodiscard]] MachineMonths<Step> with_restarts_counted(MachineMonths<Step> machine) noexcept {
  machine.restarts = 0;
  machine.restart_months = 0;
  for (const auto& step : machine.steps) {
    machine.restarts += step.restarts;
    machine.restart_months += step.reboot ? 1 : 0;
  }
  return machine;
}

// The fleet-level warning for `unknown` machines on KBs the data does not know
// (`newer` of them on builds newer than the data), or nullopt when there are none.
std::optional<std::string> unknown_kb_summary(std::size_t unknown, std::size_t newer);

template <typename Step>
std::optional<std::string> unknown_kb_summary(const FleetMonths<Step>& plan) {
  std::size_t unknown = 0;
  std::size_t newer = 0;
  for (const auto& m : plan.machines) {
    unknown += m.installed_kb.known ? 0 : 1;
    newer += m.installed_kb.newer_than_data ? 1 : 0;
  }
  return unknown_kb_summary(unknown, newer);
}

// Plans every machine of the fleet against its product's calendar. More than
// limits::kMaxPlanMachineMonths machine-months is a LimitError at "/machines"; a
// plan starting before a product's first supported month is an InputError at "from".
// `threads`: machines are planned in parallel on this many threads (0: every
// core); the result is the same for any number.
[[nodiscard]] FleetTrajectory plan_fleet(const Fleet& fleet, date::year_month from, int months,
                                         const CalendarSet& calendars, unsigned threads = 1);

}  // namespace hotplan
