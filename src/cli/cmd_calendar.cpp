#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "cli_support.hpp"

namespace hotplan::cli {

namespace {
std::string text_or_dash(const std::optional<Kb>& kb) { return kb ? kb->str() : "-"; }
std::string text_or_dash(const std::optional<Build>& build) { return build ? build->str() : "-"; }

// The product to show: --product when given; else the one product the user's
// files hold, if they hold exactly one; else ws2025. A --product none of the
// files holds is an error (the files would be silently ignored).
Product calendar_product(const std::vector<CalendarLayer>& layers, const std::optional<std::string>& requested) {
  std::vector<Product> in_files;
  for (const auto& layer : layers) {
    for (const auto& node : calendar_products(layer.data)) {
      const auto product =
          node.value().is_object() && node.value().contains("product") && node.value()["product"].is_string()
              ? parse_product(node.value()["product"].get<std::string>())
              : std::nullopt;
      if (product && std::find(in_files.begin(), in_files.end(), *product) == in_files.end())
        in_files.push_back(*product);
    }
  }
  if (!requested) return in_files.size() == 1 ? in_files.front() : Product::ws2025;
  const auto product = product_option(*requested);
  if (!layers.empty() && std::find(in_files.begin(), in_files.end(), product) == in_files.end()) {
    std::vector<std::string_view> names;
    for (const auto p : in_files) names.push_back(product_id(p));
    throw InputError("--calendar",
                     fmt::format("the calendar files hold no {} data (they hold: {})", product_id(product),
                                 names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "))));
  }
  return product;
}
}  // namespace

void add_calendar_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("calendar", "Print a product's hotpatch calendar");
  struct Options {
    std::string product = "ws2025";
    std::string from;
    int months = 12;
    std::vector<std::string> calendars;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  auto* product_opt =
      cmd->add_option("--product", opts->product, "ws2025 or ws2022-azure-edition")->capture_default_str();
  cmd->add_option("--from", opts->from, "first month, YYYY-MM")->required();
  cmd->add_option("--months", opts->months, "number of months")->capture_default_str();
  add_calendar_files_option(cmd, opts->calendars);
  cmd->add_flag("--json", opts->json, "print JSON");
  cmd->callback([opts, product_opt] {
    const auto from = month_option(opts->from, "--from");
    check_plan_range(from, opts->months, "--months");
    std::vector<CalendarLayer> layers;
    for (const auto& path : opts->calendars) layers.push_back({path, load_json_file(path)});
    const auto product =
        calendar_product(layers, product_opt->count() > 0 ? std::optional(opts->product) : std::nullopt);
    const auto calendars = CalendarSet::with_layers(layers);
    const Calendar& calendar = calendars[product];
    check_first_supported(calendar, from, "--from");
    const auto months = calendar.months(from, opts->months);
    if (opts->json) {
      write_calendar_json(std::cout, calendar.product(), months);
      return;
    }
    fmt::print("{} hotpatch calendar\n", product_name(calendar.product()));
    fmt::print("{:<8} {:<19} {:<10} {:<13} {:<21} {:<10} {:<12} {}\n", "month", "kind", "status", "patch tuesday",
               "release (UTC)", "kb", "build", "kb status");
    for (const auto& m : months) {
      const bool has_kb = m.offer.kb || m.offer.build;
      fmt::print("{:<8} {:<19} {:<10} {:<13} {:<21} {:<10} {:<12} {}\n", format_year_month(m.month),
                 month_kind_id(m.kind), data_status_id(m.status), format_date(m.patch_tuesday),
                 format_utc(m.release_utc), text_or_dash(m.offer.kb), text_or_dash(m.offer.build),
                 has_kb ? data_status_id(m.offer_status) : "-");
      if (!m.note.empty()) fmt::print("         note: {}\n", m.note);
      for (const auto& oob : m.out_of_band) {
        fmt::print("         out-of-band {} {} {} ({}; {})\n", format_date(oob.date), oob.kb.str(),
                   text_or_dash(oob.build),
                   !oob.chain_known  ? "hotpatch-chain compatibility unknown"
                   : oob.keeps_chain ? "keeps the hotpatch chain"
                                     : "leaves the hotpatch chain",
                   data_status_id(oob.status));
      }
    }
  });
}

}  // namespace hotplan::cli
