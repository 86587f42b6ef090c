#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "plan_inputs.hpp"

namespace hotplan::cli {

namespace {

// Writes `text` to `path` through a temporary file beside it, renamed into
// place only when complete: a failed write leaves no partial report behind.
void write_file_atomically(const std::string& path, const std::string& text) {
  std::string temp = path + ".tmp-XXXXXX";
  const int fd = mkstemp(temp.data());
  if (fd < 0) throw InputError("-o", "cannot create a file beside \"" + path + "\"");
  // mkstemp makes the file private; give it the mode a new file would have.
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  close(fd);
  bool ok = false;
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    ok = static_cast<bool>(out);
  }
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    throw InputError("-o", "cannot write \"" + path + "\"");
  }
}

}  // namespace

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
      write_file_atomically(opts->output, html);
    }
  });
}

}  // namespace hotplan::cli
