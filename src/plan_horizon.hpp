#pragma once
// The trajectory stage's working parts: the calendar months a plan shares, one
// machine's trajectory, and the checks on a plan's range that the front ends
// share. Private to the library's sources (and white-box tests).
#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "hotplan/calendar.hpp"
#include "hotplan/calendar_set.hpp"
#include "hotplan/fleet.hpp"
#include "hotplan/trajectory.hpp"

namespace hotplan {

// The calendar months of a plan, computed once and shared by every machine.
class PlanHorizon {
 public:
  // `as_of`: the day the inventory describes (the fleet's as_of), when it is the
  // day before `from`'s release cycle; otherwise the inventory is taken just
  // before `from`'s release.
  PlanHorizon(const Calendar& calendar, date::year_month from, int months,
              std::optional<date::sys_days> as_of = std::nullopt);

  [[nodiscard]] const Calendar& calendar() const noexcept { return *calendar_; }
  [[nodiscard]] date::year_month from() const noexcept { return from_; }
  [[nodiscard]] std::size_t size() const noexcept { return months_.size(); }
  [[nodiscard]] const CalendarMonth& month(std::size_t i) const noexcept { return months_[i]; }
  [[nodiscard]] date::year_month current_baseline(std::size_t i) const noexcept { return current_baseline_[i]; }
  [[nodiscard]] const std::optional<Kb>& current_baseline_kb(std::size_t i) const noexcept {
    return current_baseline_kb_[i];
  }
  [[nodiscard]] date::year_month next_baseline(std::size_t i) const noexcept { return next_baseline_[i]; }
  // The day the inventory describes: every release up to it is installed.
  [[nodiscard]] date::sys_days inventory_day() const noexcept { return inventory_day_; }
  // Out-of-band releases after the inventory day and before the first planned
  // release (by date): the first month's, and with an as_of, the earlier cycle's.
  [[nodiscard]] const std::vector<OutOfBand>& out_of_band_before_first_release() const noexcept {
    return out_of_band_before_first_release_;
  }

 private:
  const Calendar* calendar_;
  date::year_month from_;
  std::vector<CalendarMonth> months_;
  std::vector<date::year_month> current_baseline_;
  std::vector<std::optional<Kb>> current_baseline_kb_;
  std::vector<date::year_month> next_baseline_;
  date::sys_days inventory_day_;
  std::vector<OutOfBand> out_of_band_before_first_release_;
};

// Validates a plan range: a month count from 1 to limits::kMaxMonths, within the
// supported years. Errors name `where` (a CLI option or JSON pointer).
void check_plan_range(date::year_month from, int months, const std::string& where);

// A plan of `calendar`'s product must not start before its first supported month.
void check_first_supported(const Calendar& calendar, date::year_month from, const std::string& where);
// Per product (by its index), whether a machine of the fleet runs it.
using ProductsUsed = std::array<bool, kAllProducts.size()>;
[[nodiscard]] ProductsUsed products_used(const Fleet& fleet) noexcept;
// check_first_supported for the calendar of every product the fleet uses.
void check_first_supported(const Fleet& fleet, const CalendarSet& calendars, date::year_month from,
                           const std::string& where);
void check_first_supported(const ProductsUsed& used, const CalendarSet& calendars, date::year_month from,
                           const std::string& where);

// The checks every fleet plan makes, in order: its range (check_plan_range at
// "months"), each used product's first supported month (at "from") and the
// machine-months limit (a LimitError at "/machines").
void check_fleet_plan(const Fleet& fleet, date::year_month from, int months, const CalendarSet& calendars);

// The horizon of each product a fleet's plan uses, shared read-only by the threads
// that plan its machines. Made after check_fleet_plan.
class FleetHorizons {
 public:
  FleetHorizons(const Fleet& fleet, date::year_month from, int months, const CalendarSet& calendars);
  // Only for a product the fleet uses.
  [[nodiscard]] const PlanHorizon& operator[](Product product) const noexcept {
    return *horizons_[static_cast<std::size_t>(product)];
  }

 private:
  std::array<std::optional<PlanHorizon>, kAllProducts.size()> horizons_;
};

// assess_installed_kb as a trajectory takes it: the assumption is shared text,
// held by every month that rests on it.
struct InstalledKbAssessment {
  InstalledKbFacts facts;
  std::vector<std::string> warnings;
  SharedText assumption;
};

// assess_installed_kb for many machines: machines that agree on everything it
// reads (product, installed KB, build, exposure to the licence issue) share one
// assessment. A fleet runs few such combinations, and writing the sentences costs
// more than the rest of a machine's trajectory. Not thread-safe: one per thread.
class InstalledKbAssessments {
 public:
  // The calendar must be the one for the machine's product, the same on every call.
  const InstalledKbAssessment& of(const Machine& machine, const Calendar& calendar);

 private:
  using Key = std::tuple<Product, Kb, Build, bool>;
  std::map<Key, InstalledKbAssessment> assessed_;
};

// `extra_installs`: out-of-band or cumulative updates the machine installs on top
// of the calendar's offers (e.g. ones a catalog policy approves), sorted by date.
// Each installs after the Patch Tuesday of its release cycle's month, like an
// out-of-band release the machine takes (install_oob): the machine stays on a
// hotpatch chain only if the calendar data puts that KB on it.
[[nodiscard]] MachineTrajectory plan_machine(const Machine& machine, const PlanHorizon& horizon,
                                             std::span<const OutOfBand> extra_installs = {});

// plan_machine in its two parts, for a caller that assesses installed KBs once for
// many machines (InstalledKbAssessments): what the machine is (id, product,
// eligibility, installed KB and its warnings), then its months.
[[nodiscard]] MachineTrajectory machine_facts(const Machine& machine, const InstalledKbAssessment& installed);
[[nodiscard]] MachineTrajectory plan_months(MachineTrajectory facts, const Machine& machine, const PlanHorizon& horizon,
                                            const InstalledKbAssessment& installed,
                                            std::span<const OutOfBand> extra_installs = {});

}  // namespace hotplan
