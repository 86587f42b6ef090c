#include <fmt/format.h>

#include "cli_support.hpp"

namespace hotplan::cli {

void add_check_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "Check every machine's hotpatch prerequisites");
  struct Options {
    std::string fleet;
    std::vector<std::string> calendars;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("--fleet", opts->fleet, "fleet JSON file")->required();
  add_calendar_files_option(cmd, opts->calendars);
  cmd->add_flag("--json", opts->json, "print JSON");
  cmd->callback([opts] {
    const auto calendars = CalendarSet::with_files(opts->calendars);
    const auto fleet = load_fleet(opts->fleet);
    if (opts->json) {
      write_check_json(std::cout, fleet, calendars);
      return;
    }
    if (fleet.machines.empty()) fmt::print("the fleet has no machines: nothing to check\n");
    std::size_t unknown = 0;
    for (const auto& m : fleet.machines) {
      const auto failures = check_eligibility(m);
      const auto installed = assess_installed_kb(m, calendars[m.product]);
      unknown += installed.facts.known ? 0 : 1;
      fmt::print("{}: {}\n", m.id, failures.empty() ? "eligible" : "not eligible");
      for (const auto& f : failures) fmt::print("  - {}\n", f.sentence);
      for (const auto& w : installed.warnings) fmt::print("  warning: {}\n", w);
    }
    if (unknown > 0) {
      fmt::print("warning: {} machine{} run{} a KB hotplan's release data does not know\n", unknown,
                 unknown == 1 ? "" : "s", unknown == 1 ? "s" : "");
    }
  });
}

}  // namespace hotplan::cli
