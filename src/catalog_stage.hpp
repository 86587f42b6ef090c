#pragma once
// The catalog stage of make_plan: what a catalog and policy add to each month of
// a machine's trajectory. Private to the library's sources (and white-box tests).
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "hotplan/calendar_set.hpp"
#include "hotplan/classify.hpp"
#include "plan_horizon.hpp"

namespace hotplan {

// What a catalog adds to one month of a machine's trajectory: the updates of
// that month's release cycle (Patch Tuesday up to the next one), classified as of
// the cycle's last day against the month's OS offer.
struct CatalogMonth {
  bool restarts = false;           // they need a restart (e.g. a .NET update in a hotpatch month)
  bool held_os_update = false;     // the policy holds back the month's OS update: it does not install
  std::vector<std::string> notes;  // the KBs that restart, chain-guard warnings; end the month's reason
};

// The catalog stage's output for one machine: its trajectory, re-run with the
// out-of-band OS updates the policy approves (an approved update that takes it off
// its hotpatch chain gives regular updates until the next baseline: the
// trajectory's business, through plan_machine's extra_installs), and what the
// catalog adds to each month.
struct CatalogOutcome {
  MachineTrajectory trajectory;
  std::vector<CatalogMonth> months;  // one per trajectory step
};

// How many times the month restarts with the catalog: a held-back OS update does
// not restart, catalog updates join a restart the month has or restart it once.
[[nodiscard]] int restarts_with_catalog(const TrajectoryStep& step, const CatalogMonth& catalog) noexcept;

// Classifies a catalog for machines' trajectories of months [from, from + months).
// Machines whose months classify alike share one classification, so one
// classifier serves many machines; it is not thread-safe (one per thread).
class CatalogClassifier {
 public:
  // `as_of`: the fleet's inventory day (see PlanHorizon).
  CatalogClassifier(const Catalog& catalog, const Policy& policy, const CalendarSet& calendars, date::year_month from,
                    int months, std::optional<date::sys_days> as_of);
  [[nodiscard]] CatalogOutcome classify(const Machine& machine, MachineTrajectory trajectory);

 private:
  // Everything classify() reads of a step: its offer and KB, its reason (which
  // decides the chain guard), what the machine runs before it (not installed
  // again) and which out-of-band releases it installs.
  using Key = std::tuple<int, int, int, std::uint32_t, int, std::uint32_t, std::vector<std::uint32_t>>;
  const ClassifyResult& classify_step(Product product, const TrajectoryStep& step);

  const Catalog& catalog_;
  const Policy& policy_;
  const CalendarSet& calendars_;
  date::year_month from_;
  int months_;
  std::optional<date::sys_days> as_of_;
  std::map<Key, ClassifyResult> cache_;  // node-based: results stay put while it grows
  std::vector<std::optional<PlanHorizon>> horizons_;
};

}  // namespace hotplan
