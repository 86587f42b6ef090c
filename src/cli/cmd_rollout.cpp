#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli_support.hpp"

namespace hotplan::cli {

void add_rollout_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("rollout", "Plan a month's availability-first rollout across the fleet");
  struct Options {
    std::string fleet;
    std::string month;
    std::string failures;
    std::vector<std::string> calendars;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("--fleet", opts->fleet, "fleet JSON file")->required();
  cmd->add_option("--month", opts->month, "the release month, YYYY-MM")->required();
  cmd->add_option("--failures", opts->failures, "JSON file {\"failed\": [machine ids]} of updates that fail");
  add_calendar_files_option(cmd, opts->calendars);
  cmd->add_flag("--json", opts->json, "print JSON");
  cmd->callback([opts] {
    const auto month = month_option(opts->month, "--month");
    const auto fleet = load_fleet(opts->fleet);
    RolloutOptions options;
    options.calendars = CalendarSet::with_files(opts->calendars);
    if (!opts->failures.empty()) options.failed = parse_failures(load_json_file(opts->failures));
    const auto rollout = plan_rollout(fleet, month, options);
    if (opts->json) {
      print_json(rollout_to_json(rollout));
      return;
    }
    fmt::print("Rollout {}: release {}, deadline {}\n", format_year_month(rollout.month), format_utc(rollout.release),
               format_utc(rollout.deadline));
    std::size_t unknown = 0;
    for (const auto& m : fleet.machines) unknown += options.calendars[m.product].find(m.installed_kb) ? 0 : 1;
    if (unknown > 0) {
      fmt::print("warning: {} machine{} run{} a KB hotplan's release data does not know; their offers are assumed\n",
                 unknown, unknown == 1 ? "" : "s", unknown == 1 ? "s" : "");
    }
    for (const auto& phase : rollout.phases) fmt::print("phase {}: {}\n", phase.phase, fmt::join(phase.regions, ", "));
    fmt::print("\n{:>5}  {:>5}  {:<16} {:<8} {:<20}  {:<20}  {}\n", "batch", "phase", "region", "zone", "start (UTC)",
               "end (UTC)", "machines");
    for (const auto& b : rollout.batches) {
      fmt::print("{:>5}  {:>5}  {:<16} {:<8} {:<20}  {:<20}  {}", b.id, b.phase, b.region, b.zone.value_or("-"),
                 format_utc(b.start), format_utc(b.end), fmt::join(b.machines, ", "));
      if (!b.failed.empty()) fmt::print("  FAILED: {}", fmt::join(b.failed, ", "));
      fmt::print("\n");
    }
    if (!rollout.not_patched.empty()) {
      fmt::print("\nnot patched ({}):\n", rollout.not_patched.size());
      for (const auto& s : rollout.not_patched) fmt::print("  {} [{}] {}\n", s.id, skip_reason_id(s.reason), s.detail);
    }
    fmt::print("\nchecks:\n");
    for (const auto& c : rollout.checks) fmt::print("  {:<4} {}: {}\n", c.ok ? "ok" : "FAIL", c.rule, c.detail);
  });
}

}  // namespace hotplan::cli
