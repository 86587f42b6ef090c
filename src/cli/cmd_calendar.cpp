#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "calendar_reader.hpp"
#include "cli_support.hpp"
#include "plan_horizon.hpp"

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
// Writes `text` to `path` atomically: PATH.tmp, then rename, so a reader never
// sees a half-written file and a failed import leaves no file behind.
void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      out.close();
      std::remove(tmp.c_str());
      throw InputError("-o", fmt::format("cannot write {}", tmp));
    }
  }
  std::error_code error;
  std::filesystem::rename(tmp, path, error);
  if (error) {
    std::remove(tmp.c_str());
    throw InputError("-o", fmt::format("cannot write {}: {}", path, error.message()));
  }
}

void add_import_command(CLI::App& calendar) {
  auto* cmd = calendar.add_subcommand(
      "import",
      "Read Microsoft's Windows Server release information page (saved HTML or Markdown), merge it with the "
      "current data and write calendar JSON for --calendar");
  struct Options {
    std::string page;
    std::string output;
    std::vector<std::string> calendars;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("PAGE", opts->page, "the saved page (HTML or Markdown); - for standard input")->required();
  cmd->add_option("-o,--output", opts->output, "calendar JSON to write")->required();
  add_calendar_files_option(cmd, opts->calendars);
  cmd->add_flag("--json", opts->json, "print the changes as JSON");
  cmd->callback([opts, parent = &calendar] {
    // `hotplan calendar --calendar F import ...` would silently drop F: options go after `import`.
    for (const auto* option : parent->get_options()) {
      if (option->count() > 0)
        throw InputError(option->get_name(),
                         "is an option of `hotplan calendar`; give import's options after `import`");
    }
    const std::string page_name = opts->page == "-" ? "standard input" : opts->page;
    const auto page = parse_release_page(read_release_page(opts->page), page_name);
    std::vector<CalendarLayer> layers;
    for (const auto& path : opts->calendars) layers.push_back({path, load_json_file(path)});
    const auto result = import_release_page(page, layers);
    Json calendars = Json::array();
    for (const auto& c : result.calendars) calendars.push_back(c);
    // Everything is computed before the file is written: an error writes nothing.
    write_file_atomically(opts->output, Json{{"calendars", calendars}}.dump(2) + "\n");
    if (opts->json) {
      Json summary = Json::array();
      for (const auto& c : result.calendars)
        summary.push_back(
            Json{{"product", c["product"]}, {"months", c["months"].size()}, {"out_of_band", c["out_of_band"].size()}});
      print_json(Json{{"page", page.name},
                      {"output", opts->output},
                      {"calendars", summary},
                      {"changes", changes_to_json(result.changes)}});
      return;
    }
    fmt::print("{} change(s) from {}\n", result.changes.size(), page.name);
    for (const auto& change : result.changes) {
      fmt::print("{:<21} {:<16} {}\n", product_id(change.product), change_kind_id(change.kind), change.text);
    }
    for (const auto& c : result.calendars) {
      fmt::print("wrote {}: {} with {} months and {} out-of-band releases\n", opts->output,
                 c["product"].get<std::string>(), c["months"].size(), c["out_of_band"].size());
    }
  });
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
  // Required unless a subcommand (import) runs instead: checked in the callback.
  cmd->add_option("--from", opts->from, "first month, YYYY-MM");
  cmd->add_option("--months", opts->months, "number of months")->capture_default_str();
  add_calendar_files_option(cmd, opts->calendars);
  cmd->add_flag("--json", opts->json, "print JSON");
  add_import_command(*cmd);
  cmd->callback([opts, product_opt, cmd] {
    if (cmd->get_subcommands().size() > 0) return;
    if (opts->from.empty()) throw InputError("--from", "required: the first month, YYYY-MM");
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
