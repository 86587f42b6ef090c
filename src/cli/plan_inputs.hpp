#pragma once
// The inputs `plan`, `report` and `summary` share: fleet, months, catalog and
// policy, calendar files; read the same way so the commands cannot disagree.
#include "cli_support.hpp"
#include "plan_horizon.hpp"

namespace hotplan::cli {

struct PlanArgs {
  std::string fleet;
  std::string from;
  int months = 12;
  std::string catalog;
  std::string policy;
  std::vector<std::string> calendars;
  unsigned threads = 0;
};

inline void add_plan_options(CLI::App* cmd, PlanArgs& args) {
  cmd->add_option("--fleet", args.fleet, "fleet JSON file")->required();
  cmd->add_option("--from", args.from,
                  "first month, YYYY-MM (default: the first release after the fleet's as_of, or after today)");
  cmd->add_option("--months", args.months, "number of months")->capture_default_str();
  cmd->add_option("--catalog", args.catalog, "update catalog JSON: restarts its updates cause each month");
  cmd->add_option("--policy", args.policy, "with --catalog: automatic-by-platform (default) or a policy JSON file");
  add_calendar_files_option(cmd, args.calendars);
  cmd->add_option("--threads", args.threads, "plan machines on this many threads (default 0: every core)")
      ->check(CLI::Range(0U, 1024U));
}

// Everything read and checked, ready for make_plan; errors name the option or pointer.
struct PlanInputs {
  std::optional<Policy> policy;
  std::optional<Catalog> catalog;
  CalendarSet calendars;
  Fleet fleet;
  bool as_of_given = false;  // the fleet gave its as_of (else today's, when --from is not given)
  date::year_month from;
  int months = 12;
  unsigned threads = 0;

  [[nodiscard]] PlanOptions options(bool install_windows = true) const {
    return {catalog ? &*catalog : nullptr, policy ? &*policy : nullptr, install_windows, threads};
  }
};

inline PlanInputs load_plan_inputs(const PlanArgs& args) {
  if (!args.policy.empty() && args.catalog.empty()) throw InputError("--policy", "--policy needs --catalog");
  std::optional<Policy> policy;
  std::optional<Catalog> catalog;
  if (!args.catalog.empty()) {
    policy = load_policy(args.policy.empty() ? std::string(kAutomaticByPlatform) : args.policy);
    catalog = load_catalog(args.catalog);
  }
  auto calendars = CalendarSet::with_files(args.calendars);
  auto fleet = load_fleet(args.fleet);
  const bool as_of_given = fleet.as_of.has_value();
  // Without --from, plan from the inventory's day: its as_of, else today.
  if (args.from.empty() && !as_of_given) fleet.as_of = today();
  const auto from = args.from.empty() ? first_month_after(*fleet.as_of) : month_option(args.from, "--from");
  check_plan_range(from, args.months, "--months");
  (void)plan_start(fleet, from, "--from");  // an error names the option
  return {std::move(policy), std::move(catalog), std::move(calendars), std::move(fleet), as_of_given, from,
          args.months,       args.threads};
}

inline FleetPlan make_plan(const PlanInputs& in) {
  return hotplan::make_plan(in.fleet, in.calendars, in.from, in.months, in.options());
}

}  // namespace hotplan::cli
