// hotplan: what each Windows Server hotpatch machine is offered, when, and why.
#include <exception>
#include <iostream>

#include "cli_support.hpp"

namespace {
constexpr int kExitInputError = 2;
constexpr int kExitInternalError = 3;
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hotplan: hotpatch calendars, machine trajectories, install windows and rollouts"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(hotplan::kVersion));
  hotplan::cli::add_calendar_command(app);
  hotplan::cli::add_plan_command(app);
  hotplan::cli::add_check_command(app);
  hotplan::cli::add_windows_command(app);
  hotplan::cli::add_classify_command(app);
  hotplan::cli::add_rollout_command(app);
  hotplan::cli::add_report_command(app);
  hotplan::cli::add_summary_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitInputError;
  } catch (const hotplan::InputError& e) {
    std::cerr << "hotplan: error: " << e.what() << '\n';
    return kExitInputError;
  } catch (const std::exception& e) {
    std::cerr << "hotplan: internal error: " << e.what() << '\n';
    return kExitInternalError;
  }
  return 0;
}
