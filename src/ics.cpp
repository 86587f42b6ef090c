#include "hotplan/ics.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <unordered_map>

#include "hotplan/civil.hpp"

namespace hotplan {

namespace {

constexpr std::size_t kMaxLineOctets = 75;  // RFC 5545 3.1, excluding the CRLF

std::string ics_time(date::sys_seconds t) {
  // Written digit by digit, not through date::format's stream: a plan's calendar has thousands.
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss time{t - day};
  if (!detail::four_digit_year(ymd.year())) {
    return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count());
  }
  char text[16];
  char* out = detail::put_digits(text, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  out = detail::put_digits(out, static_cast<unsigned>(ymd.month()), 2);
  out = detail::put_digits(out, static_cast<unsigned>(ymd.day()), 2);
  *out++ = 'T';
  out = detail::put_digits(out, static_cast<unsigned>(time.hours().count()), 2);
  out = detail::put_digits(out, static_cast<unsigned>(time.minutes().count()), 2);
  out = detail::put_digits(out, static_cast<unsigned>(time.seconds().count()), 2);
  *out = 'Z';
  return std::string(text, sizeof text);
}

bool is_utf8_continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

}  // namespace

std::string ics_escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;  // CRLF is one newline
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += (static_cast<unsigned char>(c) < 0x20U && c != '\t') || c == 0x7F ? ' ' : c;
    }
  }
  return out;
}

std::string ics_fold_line(std::string_view line) {
  std::string out;
  std::size_t limit = kMaxLineOctets;  // continuation lines spend one octet on the leading space
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && is_utf8_continuation(line[cut])) --cut;
    // A run of continuation bytes longer than a line is no UTF-8 sequence at all:
    // cut inside it rather than never advancing.
    if (cut == 0) cut = limit;
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kMaxLineOctets - 1;
  }
  out.append(line);
  out += "\r\n";
  return out;
}

std::string to_ics(const std::vector<IcsEvent>& events, date::sys_seconds stamp) {
  std::string out;
  auto line = [&out](std::string_view text) { out += ics_fold_line(text); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//hotplan//hotpatch install windows//EN");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  const auto dtstamp = ics_time(stamp);
  for (const auto& e : events) {
    line("BEGIN:VEVENT");
    line("UID:" + ics_escape_text(e.uid));
    line("DTSTAMP:" + dtstamp);
    line("DTSTART:" + ics_time(e.window.start.utc));
    line("DTEND:" + ics_time(e.window.end.utc));
    line("SUMMARY:" + ics_escape_text(e.summary));
    if (!e.description.empty()) line("DESCRIPTION:" + ics_escape_text(e.description));
    line("TRANSP:TRANSPARENT");
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

std::vector<IcsEvent> plan_ics_events(const FleetPlan& plan) {
  std::vector<IcsEvent> events;
  for (const auto& machine : plan.machines) {
    for (const auto& step : machine.steps) {
      if (step.window) {
        const auto month = format_year_month(step.month);
        // The monthly release's event restarts when its offer or catalog updates do (an
        // offer the policy held back does not restart).
        const bool monthly_restart =
            step.catalog_reboot ||
            ((step.offer == Offer::baseline || step.offer == Offer::lcu) && !step.os_update_held);
        events.push_back({fmt::format("{}-{}@hotplan", machine.id, month), *step.window,
                          fmt::format("{}: {} {}{}", machine.id, month, offer_id(step.offer),
                                      monthly_restart ? " (RESTART)" : " (no restart)"),
                          fmt::format("Local window {} to {}. {}", format_local(step.window->start),
                                      format_local(step.window->end), describe(step))});
      }
      for (std::size_t i = 0; i < step.out_of_band_windows.size() && i < step.out_of_band_installed.size(); ++i) {
        const auto& window = step.out_of_band_windows[i];
        if (!window) continue;
        const auto& oob = step.out_of_band_installed[i];
        events.push_back(
            {fmt::format("{}-{}@hotplan", machine.id, oob.kb.str()), *window,
             fmt::format("{}: out-of-band {} (RESTART)", machine.id, oob.kb.str()),
             fmt::format("Local window {} to {}. Out-of-band release {} of {}.", format_local(window->start),
                         format_local(window->end), oob.kb.str(), format_date(oob.date))});
      }
    }
  }
  return events;
}

std::string describe(const BatchOffers& offers) {
  std::vector<std::string> parts;
  auto add = [&](std::size_t count, std::string_view what) {
    if (count > 0) parts.push_back(fmt::format("{} {}", what, count));
  };
  add(offers.hotpatch, "hotpatch");
  add(offers.baseline, "baseline");
  add(offers.regular, "regular update");
  add(offers.catalog, "catalog updates only");
  parts.push_back(offers.restarting == 0 ? std::string("no restart") : fmt::format("{} restarting", offers.restarting));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::vector<IcsEvent> rollout_ics_events(const Fleet& fleet, const Rollout& rollout) {
  std::unordered_map<std::string_view, const Machine*> by_id;
  for (const auto& m : fleet.machines) by_id.emplace(m.id, &m);
  const auto month = format_year_month(rollout.month);
  std::vector<IcsEvent> events;
  for (const auto& b : rollout.batches) {
    const auto where = b.zone ? fmt::format("{} zone {}", b.region, *b.zone) : b.region;
    const auto count = b.machines.size() + b.failed.size();
    auto machines = fmt::format("{}", fmt::join(b.machines, ", "));
    if (!b.failed.empty()) machines += fmt::format("; failed: {}", fmt::join(b.failed, ", "));
    events.push_back({fmt::format("rollout-{}-batch-{}@hotplan", month, b.id),
                      InstallWindow{{b.start, {}}, {b.end, {}}},
                      fmt::format("Rollout {} batch {} (phase {}): {}, {} machine{}, {}", month, b.id, b.phase, where,
                                  count, count == 1 ? "" : "s", describe(b.offers)),
                      fmt::format("Machines: {}.", machines)});
    for (const auto* list : {&b.machines, &b.failed}) {
      for (const auto& id : *list) {
        const auto it = by_id.find(id);
        if (it == by_id.end()) continue;
        const auto& zone = machine_zone(*it->second);
        const InstallWindow window{zone.zoned(b.start), zone.zoned(b.end)};
        events.push_back(
            {fmt::format("rollout-{}-{}@hotplan", month, id), window,
             fmt::format("{}: rollout {} batch {}{}", id, month, b.id, list == &b.failed ? " (FAILS)" : ""),
             fmt::format("Local window {} to {}. Batch {} of phase {} in {}.", format_local(window.start),
                         format_local(window.end), b.id, b.phase, where)});
      }
    }
  }
  return events;
}

std::vector<IcsEvent> window_ics_events(std::string_view tz, const std::vector<InstallWindow>& windows) {
  std::vector<IcsEvent> events;
  events.reserve(windows.size());
  for (const auto& w : windows) {
    events.push_back({fmt::format("{}-{}@hotplan", tz, ics_time(w.start.utc)), w,
                      fmt::format("Off-peak install window ({})", tz),
                      fmt::format("Local window {} to {}.", format_local(w.start), format_local(w.end))});
  }
  return events;
}

}  // namespace hotplan
