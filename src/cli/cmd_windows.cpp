#include <fmt/format.h>

#include "cli_support.hpp"

namespace hotplan::cli {

namespace {

WeekdaySet days_option(const std::string& text) {
  if (text.empty()) throw InputError("--days", "expected at least one day, such as Mon,Tue");
  WeekdaySet days;
  std::string_view rest = text;
  while (true) {
    const auto comma = rest.find(',');
    days.add(read_offpeak_day(rest.substr(0, comma), "--days"));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return days;
}

}  // namespace

void add_windows_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("windows", "List off-peak install windows in a time zone");
  struct Options {
    std::string tz;
    std::string from;
    std::string to;
    std::optional<std::string> start;
    std::optional<std::string> end;
    std::optional<std::string> days;
    std::optional<std::string> max_duration;
    bool json = false;
    bool ics = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("--tz", opts->tz, "IANA zone (Europe/Berlin) or Windows id (W. Europe Standard Time)")->required();
  cmd->add_option("--from", opts->from, "first local start date, YYYY-MM-DD")->required();
  cmd->add_option("--to", opts->to, "last local start date, YYYY-MM-DD")->required();
  cmd->add_option("--start", opts->start, "local start time HH:MM (default 22:00)");
  cmd->add_option("--end", opts->end, "local end time HH:MM (default 06:00; earlier than start crosses midnight)");
  cmd->add_option("--days", opts->days, "days a window starts on, e.g. Mon,Tue (default every day)");
  cmd->add_option("--max-duration", opts->max_duration, "ISO 8601 cap on each window, e.g. PT4H");
  auto* json = cmd->add_flag("--json", opts->json, "print JSON");
  cmd->add_flag("--ics", opts->ics, "print an iCalendar file (RFC 5545)")->excludes(json);
  cmd->callback([opts] {
    const auto& zone = find_time_zone(opts->tz, "--tz");
    const date::local_days from{civil_date_option(opts->from, "--from")};
    const date::local_days to{civil_date_option(opts->to, "--to")};
    if (from > to) throw InputError("--from", fmt::format("{} is after --to {}", opts->from, opts->to));
    OffpeakPolicy policy;
    if (opts->start) policy.start = read_offpeak_time(*opts->start, "--start");
    if (opts->end) policy.end = read_offpeak_time(*opts->end, "--end");
    check_offpeak_span(policy, "--end");
    if (opts->days) policy.days = days_option(*opts->days);
    if (opts->max_duration) policy.max_duration = read_minutes_duration(*opts->max_duration, "--max-duration");

    const auto windows = offpeak_windows(zone, policy, from, to);
    if (opts->json) {
      write_windows_json(std::cout, zone.name(), windows);
      return;
    }
    if (opts->ics) {
      write_ics(std::cout, window_ics_events(zone.name(), windows), date::floor<std::chrono::seconds>(now()));
      return;
    }
    fmt::print("Off-peak windows in {}\n", zone.name());
    for (const auto& w : windows) {
      const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(w.length()).count();
      fmt::print("{}  ->  {}  ({}h{:02})\n", format_local(w.start), format_local(w.end), minutes / 60, minutes % 60);
    }
  });
}

}  // namespace hotplan::cli
