#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

#include "cli_support.hpp"

namespace hotplan::cli {

namespace {

// Machine lists longer than this print their first ids and a count.
constexpr std::size_t kListedMachines = 10;

std::string machine_list(const std::vector<std::string>& ids) {
  if (ids.size() <= kListedMachines) return fmt::format("{}", fmt::join(ids, ", "));
  return fmt::format("{}, ... and {} more",
                     fmt::join(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(kListedMachines), ", "),
                     ids.size() - kListedMachines);
}

void print_rollout_text(const Fleet& fleet, const CalendarSet& calendars, const Rollout& rollout, bool as_of_given) {
  fmt::print("Rollout {}: release {}, deadline {}\n", format_year_month(rollout.month), format_utc(rollout.release),
             format_utc(rollout.deadline));
  fmt::print("{}\n", inventory_line(fleet.as_of, as_of_given, rollout.month));
  std::size_t unknown = 0;
  for (const auto& m : fleet.machines) unknown += calendars[m.product].find(m.installed_kb) ? 0 : 1;
  if (unknown > 0) {
    fmt::print("warning: {} machine{} run{} a KB hotplan's release data does not know; their offers are assumed\n",
               unknown, unknown == 1 ? "" : "s", unknown == 1 ? "s" : "");
  }
  for (const auto& phase : rollout.phases) fmt::print("phase {}: {}\n", phase.phase, fmt::join(phase.regions, ", "));
  for (const auto& b : rollout.batches) {
    fmt::print("\nbatch {}  phase {}  {}{}  {} to {}\n", b.id, b.phase, b.region,
               b.zone ? fmt::format(" zone {}", *b.zone) : std::string(), format_utc(b.start), format_utc(b.end));
    for (const auto& local : b.local_starts) {
      fmt::print("  starts {} ({})\n", format_local(local.start), local.time_zone);
    }
    fmt::print("  {}\n", describe(b.offers));
    fmt::print("  machines ({}): {}\n", b.machines.size(), machine_list(b.machines));
    if (!b.failed.empty()) fmt::print("  FAILED ({}): {}\n", b.failed.size(), machine_list(b.failed));
  }
  if (!rollout.not_patched.empty()) {
    fmt::print("\nnot patched ({}):\n", rollout.not_patched.size());
    // A held phase is one line with its count; other reasons name each machine.
    std::map<std::string, std::size_t> held;
    for (const auto& s : rollout.not_patched) {
      if (s.reason == SkipReason::held_by_failure) {
        ++held[s.detail];
      } else {
        fmt::print("  {} [{}] {}\n", s.id, skip_reason_id(s.reason), s.detail);
      }
    }
    for (const auto& [detail, count] : held) {
      fmt::print("  [{}] {}: {} machine{}\n", skip_reason_id(SkipReason::held_by_failure), detail, count,
                 count == 1 ? "" : "s");
    }
  }
  fmt::print("\nchecks:\n");
  for (const auto& c : rollout.checks) fmt::print("  {:<4} {}: {}\n", c.ok ? "ok" : "FAIL", c.rule, c.detail);
}

}  // namespace

void add_rollout_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("rollout", "Plan a month's availability-first rollout across the fleet");
  struct Options {
    std::string fleet;
    std::string month;
    std::string failures;
    std::string catalog;
    std::string policy;
    std::vector<std::string> calendars;
    bool json = false;
    bool ics = false;
    bool csv = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("--fleet", opts->fleet, "fleet JSON file")->required();
  cmd->add_option("--month", opts->month, "the release month, YYYY-MM")->required();
  cmd->add_option("--failures", opts->failures, "JSON file {\"failed\": [machine ids]} of updates that fail");
  cmd->add_option("--catalog", opts->catalog, "update catalog JSON: restarts its updates cause that month");
  cmd->add_option("--policy", opts->policy, "with --catalog: automatic-by-platform (default) or a policy JSON file");
  add_calendar_files_option(cmd, opts->calendars);
  auto* json = cmd->add_flag("--json", opts->json, "print JSON");
  auto* ics =
      cmd->add_flag("--ics", opts->ics, "print the batches and each machine's change window as iCalendar (RFC 5545)")
          ->excludes(json);
  cmd->add_flag("--csv", opts->csv, "print one CSV row per machine: batch and span, or why not patched (RFC 4180)")
      ->excludes(json)
      ->excludes(ics);
  cmd->callback([opts] {
    const auto month = month_option(opts->month, "--month");
    if (!opts->policy.empty() && opts->catalog.empty()) throw InputError("--policy", "--policy needs --catalog");
    std::optional<Policy> policy;
    std::optional<Catalog> catalog;
    if (!opts->catalog.empty()) {
      policy = load_policy(opts->policy.empty() ? std::string(kAutomaticByPlatform) : opts->policy);
      catalog = load_catalog(opts->catalog);
    }
    const auto calendars = CalendarSet::with_files(opts->calendars);
    auto fleet = load_fleet(opts->fleet);
    // The inventory describes the machines as of its as_of, else as of today.
    const bool as_of_given = fleet.as_of.has_value();
    if (!as_of_given) fleet.as_of = today();
    RolloutOptions options;
    if (!opts->failures.empty()) options.failed = parse_failures(load_json_file(opts->failures));
    const auto rollout =
        make_rollout(fleet, calendars, month, {catalog ? &*catalog : nullptr, policy ? &*policy : nullptr, false, 0},
                     options, "--month");
    if (opts->ics) {
      write_ics(std::cout, rollout_ics_events(fleet, rollout), date::floor<std::chrono::seconds>(now()));
    } else if (opts->json) {
      write_rollout_json(std::cout, rollout);
    } else if (opts->csv) {
      write_rollout_csv(std::cout, rollout);
    } else {
      print_rollout_text(fleet, calendars, rollout, as_of_given);
    }
  });
}

}  // namespace hotplan::cli
