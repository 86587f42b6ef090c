#include <fmt/format.h>

#include <chrono>

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
  cmd->add_flag("--json", opts->json, "print JSON");
  cmd->callback([opts] {
    if (opts->fleet.empty() != opts->machine.empty()) {
      throw InputError(opts->fleet.empty() ? "--machine" : "--fleet", "--fleet and --machine go together");
    }
    std::optional<date::year_month> month;
    if (!opts->month.empty()) month = month_option(opts->month, "--month");
    date::sys_days as_of = date::floor<date::days>(std::chrono::system_clock::now());
    if (!opts->as_of.empty()) {
      as_of = date_option(opts->as_of, "--as-of");
    } else if (month) {
      as_of = last_day_of_cycle(*month);
    }
    const auto policy = load_policy(opts->policy);
    const auto catalog = load_catalog(opts->catalog);

    ClassifyOptions options{as_of, month, std::nullopt, nullptr, shipped_calendars()};
    std::optional<MachinePlan> trajectory;
    if (!opts->machine.empty()) {
      const auto fleet = load_fleet(opts->fleet);
      const auto it = std::find_if(fleet.machines.begin(), fleet.machines.end(),
                                   [&](const Machine& m) { return m.id == opts->machine; });
      if (it == fleet.machines.end())
        throw InputError("--machine", fmt::format("no machine \"{}\" in {}", opts->machine, opts->fleet));
      if (!month) month = release_cycle_month(as_of);
      // The machine as described, planned for that one month: its OS offer.
      trajectory = plan_machine(*it, PlanHorizon(Calendar::shipped(it->product), *month, 1));
      options.month = month;
      options.product = it->product;
      options.os_step = &trajectory->steps.front();
    }
    const auto result = classify(catalog, policy, options);
    if (opts->json) {
      print_json(classify_to_json(result));
      return;
    }
    if (trajectory)
      fmt::print("{} {}: {}\n", trajectory->id, format_year_month(*month), describe(trajectory->steps.front()));
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
