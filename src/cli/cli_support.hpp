#pragma once
// Small pieces every subcommand shares: option values parsed into strong types
// (errors name the option), and JSON/table output.
#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#include "hotplan/hotplan.hpp"
#include "json_node.hpp"

namespace hotplan::cli {

inline date::year_month month_option(const std::string& text, const std::string& option) {
  const auto ym = parse_year_month(text);
  if (!ym) throw InputError(option, "expected a month YYYY-MM between 1970 and 2100, found \"" + text + "\"");
  return *ym;
}

inline date::year_month_day civil_date_option(const std::string& text, const std::string& option) {
  const auto day = parse_date(text);
  if (!day) throw InputError(option, "expected a date YYYY-MM-DD between 1970 and 2100, found \"" + text + "\"");
  return *day;
}
inline date::sys_days date_option(const std::string& text, const std::string& option) {
  return date::sys_days{civil_date_option(text, option)};
}

inline Product product_option(const std::string& text) {
  const auto product = parse_product(text);
  if (!product)
    throw InputError("--product", "unknown product \"" + text + "\"; expected ws2025 or ws2022-azure-edition");
  return *product;
}

// The wall clock is read here, in the front end only: the library takes dates as arguments.
inline std::chrono::system_clock::time_point now() { return std::chrono::system_clock::now(); }
inline date::sys_days today() { return date::floor<date::days>(now()); }

// A line saying which day the fleet's inventory describes (plan and rollout text).
inline std::string inventory_line(const std::optional<date::sys_days>& as_of, bool as_of_given, date::year_month from) {
  if (!as_of) {
    return "inventory taken as each machine's state before the " + format_year_month(from) +
           " release (the fleet gives no as_of)";
  }
  return "inventory as of " + format_date(*as_of) +
         (as_of_given ? " (the fleet's as_of)" : " (today: the fleet gives no as_of)");
}

inline void print_json(const Json& value) { std::cout << value.dump(2) << '\n'; }

// --calendar FILE (repeatable): the user's release data over the shipped data.
inline void add_calendar_files_option(CLI::App* cmd, std::vector<std::string>& files) {
  cmd->add_option("--calendar", files,
                  "calendar data JSON over the shipped data, e.g. from `hotplan calendar import` (repeatable)");
}

// Registration of each subcommand; each lives in its own cmd_*.cpp.
void add_calendar_command(CLI::App& app);
void add_plan_command(CLI::App& app);
void add_check_command(CLI::App& app);
void add_windows_command(CLI::App& app);
void add_classify_command(CLI::App& app);
void add_rollout_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_summary_command(CLI::App& app);

}  // namespace hotplan::cli
