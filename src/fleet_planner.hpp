#pragma once
// make_plan's work in two parts, so that a caller can plan any run of machines
// on any thread and write each as it is planned (write_plan_json): a
// FleetPlanner checks the fleet and holds what every machine's plan shares; a
// Worker holds one thread's caches. make_plan is one FleetPlanner, a Worker per
// thread and plan() over each thread's range.
#include <cstddef>
#include <optional>
#include <vector>

#include "catalog_stage.hpp"
#include "hotplan/planner.hpp"
#include "plan_horizon.hpp"

namespace hotplan::detail {

class FleetPlanner {
 public:
  // Every error make_plan throws, in its order (check_plan's, then an unknown time
  // zone of a machine built in code, named by its index in the fleet).
  FleetPlanner(const Fleet& fleet, const CalendarSet& calendars, date::year_month from, int months,
               const PlanOptions& options);
  FleetPlanner(const FleetPlanner&) = delete;
  FleetPlanner& operator=(const FleetPlanner&) = delete;
  FleetPlanner(FleetPlanner&&) = delete;
  FleetPlanner& operator=(FleetPlanner&&) = delete;
  ~FleetPlanner() = default;

  // One thread's caches (installed-KB assessments, catalog verdicts), kept from
  // one call of plan() to the next; never shared between threads.
  class Worker {
   public:
    explicit Worker(const FleetPlanner& planner);

   private:
    friend class FleetPlanner;
    InstalledKbAssessments assessments_;
    std::optional<CatalogClassifier> classifier_;
  };

  // The plan's fields without machines.
  [[nodiscard]] FleetPlan empty_plan() const;
  // Plans fleet.machines[begin, end) into out[0, end - begin), on this thread.
  void plan(Worker& worker, std::size_t begin, std::size_t end, MachinePlan* out) const;

 private:
  const Fleet& fleet_;
  const CalendarSet& calendars_;
  date::year_month from_;
  int months_;
  PlanOptions options_;
  date::year_month start_;  // the first month planned: `from_` or the first release after the as_of
  int before_;              // months planned before `from_`, not shown
  FleetHorizons horizons_;
  Policy automatic_;                         // the policy when the options give none
  std::vector<date::sys_seconds> releases_;  // per plan month, with install windows
  std::vector<const TimeZone*> zones_;       // per machine, with install windows
};

}  // namespace hotplan::detail
