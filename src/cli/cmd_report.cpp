#include "plan_inputs.hpp"

namespace hotplan::cli {

void add_report_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "Write the plan (and a month's rollout) as one self-contained HTML file");
  struct Options {
    PlanArgs plan;
    std::string rollout;
    std::string failures;
    std::string output;
  };
  auto opts = std::make_shared<Options>();
  add_plan_options(cmd, opts->plan);
  auto* rollout = cmd->add_option("--rollout", opts->rollout, "also the rollout of this month, YYYY-MM");
  cmd->add_option("--failures", opts->failures, "with --rollout: JSON file {\"failed\": [machine ids]}")
      ->needs(rollout);
  cmd->add_option("-o,--output", opts->output, "the HTML file to write (- for standard output)")->required();
  cmd->callback([opts] {
    const auto in = load_plan_inputs(opts->plan);
    const auto plan = make_plan(in);
    std::optional<Rollout> rolled;
    if (!opts->rollout.empty()) {
      const auto month = month_option(opts->rollout, "--rollout");
      RolloutOptions options;
      if (!opts->failures.empty()) options.failed = parse_failures(load_json_file(opts->failures));
      // As `rollout`: the inventory describes the machines as of its as_of, else today.
      Fleet fleet = in.fleet;
      if (!in.as_of_given) fleet.as_of = today();
      rolled = make_rollout(fleet, in.calendars, month, in.options(false), options, "--rollout");
    }
    const auto html = report_html(in.fleet, plan, in.calendars, rolled ? &*rolled : nullptr);
    if (opts->output == "-") {
      std::cout << html;
    } else {
      write_file_atomically(opts->output, html, "--output");
    }
  });
}

}  // namespace hotplan::cli
