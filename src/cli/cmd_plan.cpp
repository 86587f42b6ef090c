#include <fmt/format.h>

#include "cli_support.hpp"
#include "plan_horizon.hpp"

namespace hotplan::cli {

void add_plan_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("plan", "Plan each machine's updates month by month");
  struct Options {
    std::string fleet;
    std::string from;
    int months = 12;
    std::string catalog;
    std::string policy;
    std::vector<std::string> calendars;
    unsigned threads = 0;
    bool json = false;
    bool ics = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("--fleet", opts->fleet, "fleet JSON file")->required();
  cmd->add_option("--from", opts->from,
                  "first month, YYYY-MM (default: the first release after the fleet's as_of, or after today)");
  cmd->add_option("--months", opts->months, "number of months")->capture_default_str();
  cmd->add_option("--catalog", opts->catalog, "update catalog JSON: restarts its updates cause each month");
  cmd->add_option("--policy", opts->policy, "with --catalog: automatic-by-platform (default) or a policy JSON file");
  add_calendar_files_option(cmd, opts->calendars);
  cmd->add_option("--threads", opts->threads, "plan machines on this many threads (default 0: every core)")
      ->check(CLI::Range(0U, 1024U));
  auto* json = cmd->add_flag("--json", opts->json, "print JSON");
  cmd->add_flag("--ics", opts->ics, "print the install windows as an iCalendar file (RFC 5545)")->excludes(json);
  cmd->callback([opts] {
    if (!opts->policy.empty() && opts->catalog.empty()) throw InputError("--policy", "--policy needs --catalog");
    std::optional<Policy> policy;
    std::optional<Catalog> catalog;
    if (!opts->catalog.empty()) {
      policy = load_policy(opts->policy.empty() ? std::string(kAutomaticByPlatform) : opts->policy);
      catalog = load_catalog(opts->catalog);
    }
    const auto calendars = CalendarSet::with_files(opts->calendars);
    auto fleet = load_fleet(opts->fleet);
    const bool as_of_given = fleet.as_of.has_value();
    // Without --from, plan from the inventory's day: its as_of, else today.
    if (opts->from.empty() && !as_of_given) fleet.as_of = today();
    const auto from = opts->from.empty() ? first_month_after(*fleet.as_of) : month_option(opts->from, "--from");
    check_plan_range(from, opts->months, "--months");
    (void)plan_start(fleet, from, "--from");  // an error names the option
    const auto plan = make_plan(fleet, calendars, from, opts->months,
                                {catalog ? &*catalog : nullptr, policy ? &*policy : nullptr, true, opts->threads});
    if (opts->ics) {
      std::cout << to_ics(plan_ics_events(plan), date::floor<std::chrono::seconds>(now()));
      return;
    }
    if (opts->json) {
      write_plan_json(std::cout, plan);
      return;
    }
    fmt::print("{}\n", inventory_line(plan.as_of, as_of_given, plan.from));
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
