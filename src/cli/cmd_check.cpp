#include <fmt/format.h>

#include "cli_support.hpp"

namespace hotplan::cli {

void add_check_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "Check every machine's hotpatch prerequisites");
  struct Options {
    std::string fleet;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("--fleet", opts->fleet, "fleet JSON file")->required();
  cmd->add_flag("--json", opts->json, "print JSON");
  cmd->callback([opts] {
    const auto fleet = load_fleet(opts->fleet);
    if (opts->json) {
      print_json(check_to_json(fleet));
      return;
    }
    for (const auto& m : fleet.machines) {
      const auto failures = check_eligibility(m);
      fmt::print("{}: {}\n", m.id, failures.empty() ? "eligible" : "not eligible");
      for (const auto& f : failures) fmt::print("  - {}\n", f.sentence);
    }
  });
}

}  // namespace hotplan::cli
