#include <fmt/format.h>

#include "plan_inputs.hpp"

namespace hotplan::cli {

void add_plan_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("plan", "Plan each machine's updates month by month");
  struct Options {
    PlanArgs plan;
    bool json = false;
    bool ics = false;
    bool csv = false;
  };
  auto opts = std::make_shared<Options>();
  add_plan_options(cmd, opts->plan);
  auto* json = cmd->add_flag("--json", opts->json, "print JSON");
  auto* ics =
      cmd->add_flag("--ics", opts->ics, "print the install windows as an iCalendar file (RFC 5545)")->excludes(json);
  cmd->add_flag("--csv", opts->csv, "print one CSV row per machine-month (RFC 4180)")->excludes(json)->excludes(ics);
  cmd->callback([opts] {
    const auto in = load_plan_inputs(opts->plan);
    // JSON and CSV are planned and written a slice of machines at a time: a plan of
    // 1,000,000 machines is never held whole.
    if (opts->json) {
      write_plan_json(std::cout, in.fleet, in.calendars, in.from, in.months, in.options());
      return;
    }
    if (opts->csv) {
      write_plan_csv(std::cout, in.fleet, in.calendars, in.from, in.months, in.options());
      return;
    }
    const auto plan = make_plan(in);
    if (opts->ics) {
      write_ics(std::cout, plan_ics_events(plan), date::floor<std::chrono::seconds>(now()));
      return;
    }
    fmt::print("{}\n", inventory_line(plan.as_of, in.as_of_given, plan.from));
    if (plan.machines.empty()) fmt::print("the fleet has no machines: nothing to plan\n");
    if (const auto warning = unknown_kb_summary(plan)) fmt::print("warning: {}\n\n", *warning);
    for (const auto& m : plan.machines) {
      fmt::print("{} ({}): {}, {} restart{} in {} restart month{}\n", m.id, product_id(m.product),
                 m.eligible ? "eligible" : "not eligible", m.restarts, m.restarts == 1 ? "" : "s", m.restart_months,
                 m.restart_months == 1 ? "" : "s");
      for (const auto& f : m.failures) fmt::print("  - {}\n", f.sentence);
      for (const auto& w : m.warnings) fmt::print("  warning: {}\n", w);
      for (const auto& s : m.steps) {
        fmt::print("  {}  {:<8} {:<10} {:<7} {:<9} {}\n", format_year_month(s.month), offer_id(s.offer),
                   s.update.kb ? s.update.kb->str() : "-", s.reboot ? "restart" : "",
                   s.assumption.empty() ? data_status_id(s.status) : "assumed", describe(s));
        if (s.window)
          fmt::print("           window {} to {}\n", format_local(s.window->start), format_local(s.window->end));
        for (std::size_t i = 0; i < s.out_of_band_windows.size(); ++i) {
          const auto& w = s.out_of_band_windows[i];
          if (w) {
            fmt::print("           out-of-band {} window {} to {}\n", s.out_of_band_installed[i].kb.str(),
                       format_local(w->start), format_local(w->end));
          } else {
            fmt::print("           out-of-band {}: no off-peak window long enough before the deadline\n",
                       s.out_of_band_installed[i].kb.str());
          }
        }
      }
    }
  });
}

}  // namespace hotplan::cli
