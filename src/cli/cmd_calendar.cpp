#include <fmt/format.h>

#include "cli_support.hpp"

namespace hotplan::cli {

namespace {
std::string text_or_dash(const std::optional<Kb>& kb) { return kb ? kb->str() : "-"; }
std::string text_or_dash(const std::optional<Build>& build) { return build ? build->str() : "-"; }
}  // namespace

void add_calendar_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("calendar", "Print a product's hotpatch calendar");
  struct Options {
    std::string product = "ws2025";
    std::string from;
    int months = 12;
    std::string calendar_file;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("--product", opts->product, "ws2025 or ws2022-azure-edition")->capture_default_str();
  cmd->add_option("--from", opts->from, "first month, YYYY-MM")->required();
  cmd->add_option("--months", opts->months, "number of months")->capture_default_str();
  cmd->add_option("--calendar", opts->calendar_file, "calendar data JSON instead of the shipped data");
  cmd->add_flag("--json", opts->json, "print JSON");
  cmd->callback([opts] {
    const auto from = month_option(opts->from, "--from");
    check_plan_range(from, opts->months, "--months");
    std::optional<Calendar> custom;
    if (!opts->calendar_file.empty()) custom = Calendar::from_json(load_json_file(opts->calendar_file));
    const Calendar& calendar = custom ? *custom : Calendar::shipped(product_option(opts->product));
    const auto months = calendar.months(from, opts->months);
    if (opts->json) {
      print_json(calendar_to_json(calendar.product(), months));
      return;
    }
    fmt::print("{} hotpatch calendar\n", product_name(calendar.product()));
    fmt::print("{:<8} {:<19} {:<10} {:<13} {:<21} {:<10} {}\n", "month", "kind", "source", "patch tuesday",
               "release (UTC)", "kb", "build");
    for (const auto& m : months) {
      fmt::print("{:<8} {:<19} {:<10} {:<13} {:<21} {:<10} {}\n", format_year_month(m.month), month_kind_id(m.kind),
                 month_source_id(m.source), format_date(m.patch_tuesday), format_utc(m.release_utc),
                 text_or_dash(m.offer.kb), text_or_dash(m.offer.build));
      for (const auto& oob : m.out_of_band) {
        fmt::print("         out-of-band {} {} {} ({})\n", format_date(oob.date), oob.kb.str(), text_or_dash(oob.build),
                   oob.keeps_chain ? "keeps the hotpatch chain" : "leaves the hotpatch chain");
      }
    }
  });
}

}  // namespace hotplan::cli
