#include "plan_inputs.hpp"

namespace hotplan::cli {

void add_summary_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "summary", "In a few lines per month: who restarts and why, which months are projected, next month by day");
  auto args = std::make_shared<PlanArgs>();
  add_plan_options(cmd, *args);
  cmd->callback([args] {
    const auto in = load_plan_inputs(*args);
    const auto plan = make_plan(in);
    write_summary_text(std::cout, plan, inventory_line(plan.as_of, in.as_of_given, plan.from));
  });
}

}  // namespace hotplan::cli
