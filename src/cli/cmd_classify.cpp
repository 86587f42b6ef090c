#include <fmt/format.h>

#include "cli_support.hpp"

namespace hotplan::cli {

void add_classify_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("classify",
                                 "Decide which catalog updates a machine installs, in what order, and "
                                 "whether they restart it");
  struct Options {
    std::string catalog;
    std::string policy;
    std::string fleet;
    std::string machine;
    std::string month;
    std::string as_of;
    std::vector<std::string> calendars;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("--catalog", opts->catalog, "update catalog JSON file")->required();
  cmd->add_option("--policy", opts->policy, "automatic-by-platform, or a policy JSON file")->required();
  cmd->add_option("--fleet", opts->fleet, "fleet JSON file (with --machine)");
  cmd->add_option("--machine", opts->machine, "machine id: its product and its OS offer that month decide restarts");
  cmd->add_option("--month", opts->month,
                  "release cycle YYYY-MM: only updates released from its Patch Tuesday to the next");
  cmd->add_option("--as-of", opts->as_of,
                  "evaluation day YYYY-MM-DD (default: the cycle's last day with --month, else today)");
  add_calendar_files_option(cmd, opts->calendars);
  cmd->add_flag("--json", opts->json, "print JSON");
  cmd->callback([opts] {
    ClassifyRequest request;
    request.fleet_name = "--fleet";
    request.machine_name = "--machine";
    request.fleet_source = opts->fleet;
    if (!opts->month.empty()) request.month = month_option(opts->month, "--month");
    if (!opts->as_of.empty()) request.as_of = date_option(opts->as_of, "--as-of");
    if (!opts->machine.empty()) request.machine_id = opts->machine;
    const auto policy = load_policy(opts->policy);
    const auto catalog = load_catalog(opts->catalog);
    std::optional<Fleet> fleet;
    if (!opts->fleet.empty()) {
      fleet = load_fleet(opts->fleet);
      request.fleet = &*fleet;
    }
    const auto outcome = classify_request(catalog, policy, request, CalendarSet::with_files(opts->calendars));
    const auto& result = outcome.result;
    if (opts->json) {
      write_classify_json(std::cout, result);
      return;
    }
    if (outcome.machine) {
      fmt::print("{} {}: {}\n", outcome.machine->id, format_year_month(*outcome.month),
                 describe(outcome.machine->steps.front()));
    }
    fmt::print("approved ({}), in install order:\n", result.approved.size());
    for (const auto& a : result.approved) {
      fmt::print("  {:>3}. {:<10} {:<17} reboot {}\n", a.order, a.kb.str(), category_id(a.category),
                 reboot_behaviour_id(a.reboot));
    }
    fmt::print("skipped ({}):\n", result.skipped.size());
    for (const auto& s : result.skipped) fmt::print("  {:<10} {}\n", s.kb.str(), s.reason);
    std::string causes;
    for (const auto& c : result.restart_causes) causes += (causes.empty() ? "" : ", ") + c.text;
    fmt::print("restart: {}{}\n", result.reboot ? "yes" : "no", causes.empty() ? "" : " (" + causes + ")");
    for (const auto& w : result.warnings) fmt::print("warning: {}\n", w);
  });
}

}  // namespace hotplan::cli
