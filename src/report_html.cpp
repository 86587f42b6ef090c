#include "hotplan/report_html.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "hotplan/civil.hpp"
#include "hotplan/eligibility.hpp"
#include "hotplan/error.hpp"
#include "hotplan/hotplan.hpp"
#include "hotplan/ics.hpp"
#include "hotplan/summary.hpp"

namespace hotplan {

namespace {

constexpr std::array kOffers{Offer::none, Offer::hotpatch, Offer::baseline, Offer::lcu};

// One colour per restart cause, in PlanRestartCause order.
constexpr std::array<std::string_view, kPlanRestartCauseCount> kCauseColours{
    "#1f77b4", "#9467bd", "#d62728", "#ff7f0e", "#8c564b", "#7f7f7f", "#e377c2", "#17becf", "#bcbd22"};

constexpr std::string_view kStyle = R"(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#555;margin:0 0 12px}
dl.figures{display:flex;flex-wrap:wrap;gap:10px;margin:0}
dl.figures div{border:1px solid #ccc;border-radius:6px;padding:8px 12px;min-width:130px}
dl.figures dt{color:#555;font-size:12px}dl.figures dd{margin:0;font-size:22px;font-weight:600}
table{border-collapse:collapse}th,td{padding:2px 6px;text-align:left;vertical-align:top}
table.list td:first-child{white-space:nowrap}
table.list td,table.list th{border-bottom:1px solid #eee}
.heatwrap{overflow:auto;max-height:80vh;border:1px solid #ddd}
table.heat th{font-weight:normal;white-space:nowrap;position:sticky;left:0;background:#fff}
table.heat thead th{position:sticky;top:0;background:#fff;z-index:1}
table.heat td{width:54px;min-width:54px;height:18px;text-align:center;font-size:12px;border:1px solid #fff;padding:0}
.o-none{background:#e8e8e8}.o-hotpatch{background:#8fd19e}.o-baseline{background:#3b7dd8;color:#fff}
.o-lcu{background:#e45756;color:#fff}
td.r{font-weight:700}td.p{background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.45) 0 3px,transparent 3px 7px)}
td.a{outline:2px dashed #333;outline-offset:-3px}
.swatch{display:inline-block;width:14px;height:14px;vertical-align:middle;margin:0 4px 0 12px;border:1px solid #999}
.ok{color:#1a7f37}.fail{color:#c62828;font-weight:700}
.ids{font-family:ui-monospace,monospace;font-size:12px;color:#333}
svg text{font:11px system-ui,sans-serif}
)";

std::string_view offer_label(Offer offer) noexcept {
  switch (offer) {
    case Offer::none:
      return "nothing to install";
    case Offer::hotpatch:
      return "hotpatch (no restart)";
    case Offer::baseline:
      return "baseline (restart)";
    case Offer::lcu:
      return "regular update (restart)";
  }
  return "";
}

// Appends formatted text to the report.
template <typename... Args>
void put(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

void escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
}

std::string esc(std::string_view text) {
  std::string out;
  escaped(out, text);
  return out;
}

// "a, b, c and 12 more", escaped.
template <typename Ids>
std::string id_list(const Ids& ids, std::size_t limit) {
  std::string text;
  std::size_t i = 0;
  for (const auto& id : ids) {
    if (i == limit) break;
    if (i++ > 0) text += ", ";
    escaped(text, id);
  }
  if (ids.size() > limit) put(text, " and {} more", ids.size() - limit);
  return text;
}

void figure(std::string& out, std::string_view id, std::string_view label, long long value,
            std::string_view hint = {}) {
  put(out, "<div><dt>{}</dt><dd id=\"fig-{}\" data-value=\"{}\"{}>{}</dd></div>", esc(label), id, value,
      hint.empty() ? std::string() : fmt::format(" title=\"{}\"", esc(hint)), value);
}

std::string month_text(date::year_month m) { return format_year_month(m); }

// --- headline -------------------------------------------------------------------------------------------------

void write_headline(std::string& out, const FleetPlan& plan, const PlanFigures& f) {
  out += "<section id=\"headline\"><h2>Headline figures</h2><dl class=\"figures\">";
  figure(out, "machines", "machines", static_cast<long long>(f.machines));
  figure(out, "eligible", "eligible for hotpatch", static_cast<long long>(f.eligible));
  figure(out, "restarts", "restarts in the period", f.restarts,
         "restarts over the plan; two out-of-band installs in one month are two");
  figure(out, "every-month", "restarting every month", f.every_month,
         fmt::format("{} machines x {} months", f.machines, plan.months));
  figure(out, "restarts-avoided", "restarts avoided", f.restarts_avoided);
  figure(out, "restart-months", "machine-months with a restart", f.restart_months);
  figure(out, "months-published", "months published", f.months_published);
  figure(out, "months-reported", "months reported", f.months_reported);
  figure(out, "months-projected", "months projected", f.months_projected);
  figure(out, "unknown-kb", "machines with unknown KBs", static_cast<long long>(f.unknown_kb));
  figure(out, "assumed-months", "machine-months assumed", f.assumed_months);
  out += "</dl>";
  if (const auto warning = unknown_kb_summary(plan)) put(out, "<p class=\"sub\">warning: {}</p>", esc(*warning));
  out += "</section>\n";
}

// --- heatmap --------------------------------------------------------------------------------------------------

void month_header(std::string& out, const FleetPlan& plan, std::string_view first) {
  put(out, "<thead><tr><th>{}</th>", first);
  for (int i = 0; i < plan.months; ++i) {
    const auto status = month_status(plan, static_cast<std::size_t>(i));
    put(out, "<th title=\"{}\">{}{}</th>", data_status_id(status), month_text(plan.from + date::months{i}),
        status == DataStatus::published ? "" : (status == DataStatus::reported ? " r" : " p"));
  }
  out += "</tr></thead>";
}

std::string step_title(const MachinePlan& m, const PlanStep& s) {
  std::string title = fmt::format("{} {}: {}", m.id, month_text(s.month), offer_label(s.offer));
  if (s.update.kb) title += " " + s.update.kb->str();
  if (s.reboot) title += fmt::format(", {} restart{}", s.restarts, s.restarts == 1 ? "" : "s");
  title += fmt::format(" [{}]. {}", s.assumption.empty() ? data_status_id(s.status) : "assumed", describe(s));
  return title;
}

void machine_rows(std::string& out, const FleetPlan& plan) {
  out += "<tbody>";
  for (const auto& m : plan.machines) {
    put(out, "<tr><th title=\"{}\">{}</th>",
        esc(fmt::format("{} ({}), {} restarts", m.id, product_id(m.product), m.restarts)), esc(m.id));
    for (const auto& s : m.steps) {
      put(out, "<td class=\"o-{}{}{}{}\" title=\"{}\">{}</td>", offer_id(s.offer), s.reboot ? " r" : "",
          s.status == DataStatus::projected ? " p" : "", s.assumption.empty() ? "" : " a", esc(step_title(m, s)),
          s.reboot ? std::to_string(s.restarts) : std::string());
    }
    out += "</tr>\n";
  }
  out += "</tbody>";
}

struct Group {
  std::string name;
  std::vector<std::size_t> machines;  // indexes into the plan
  long long restarts = 0;
};

std::vector<Group> group_machines(const Fleet& fleet, const FleetPlan& plan, bool with_sets) {
  std::map<std::string, Group> groups;
  for (std::size_t i = 0; i < plan.machines.size(); ++i) {
    const auto& m = plan.machines[i];
    std::string name = fmt::format("{} / {}", product_id(m.product), fleet.machines[i].placement.region);
    if (with_sets) {
      const auto& set = fleet.machines[i].placement.availability_set;
      name += " / " + (set ? *set : std::string("outside sets"));
    }
    auto& g = groups[name];
    g.name = name;
    g.machines.push_back(i);
    g.restarts += m.restarts;
  }
  std::vector<Group> list;
  list.reserve(groups.size());
  for (auto& [name, g] : groups) list.push_back(std::move(g));
  // Worst first: most restarts per machine, then the larger group.
  std::stable_sort(list.begin(), list.end(), [](const Group& a, const Group& b) {
    const auto lhs = a.restarts * static_cast<long long>(b.machines.size());
    const auto rhs = b.restarts * static_cast<long long>(a.machines.size());
    return lhs != rhs ? lhs > rhs : a.machines.size() > b.machines.size();
  });
  return list;
}

void group_rows(std::string& out, const Fleet& fleet, const FleetPlan& plan, const ReportOptions& options) {
  auto groups = group_machines(fleet, plan, true);
  std::string_view level = "product / region / availability set";
  if (groups.size() > options.heatmap_max_rows) {
    groups = group_machines(fleet, plan, false);
    level = "product / region";
  }
  put(out,
      "<p class=\"sub\">{} machines are shown as {} groups by {}, the groups with the most restarts per machine first. "
      "Each "
      "cell is coloured by the offer most of the group's machines get and shows how many of them restart; its "
      "title gives the counts and the most common reason.</p>",
      plan.machines.size(), groups.size(), level);
  out += "<div class=\"heatwrap\"><table class=\"heat\">";
  month_header(out, plan, "group");
  out += "<tbody>";
  const std::size_t shown = std::min(groups.size(), options.heatmap_max_rows);
  for (std::size_t g = 0; g < shown; ++g) {
    const auto& group = groups[g];
    put(out, "<tr><th title=\"{}\">{}</th>",
        esc(fmt::format("{}: {} machines, {} restarts", group.name, group.machines.size(), group.restarts)),
        esc(group.name));
    for (int i = 0; i < plan.months; ++i) {
      const auto index = static_cast<std::size_t>(i);
      std::array<std::size_t, kOffers.size()> offers{};
      std::size_t restarting = 0;
      bool projected = false;
      bool assumed = false;
      std::map<std::string_view, std::size_t> reasons;
      for (const auto mi : group.machines) {
        const auto& s = plan.machines[mi].steps[index];
        ++offers[static_cast<std::size_t>(s.offer)];
        restarting += s.reboot ? 1 : 0;
        projected = projected || s.status == DataStatus::projected;
        assumed = assumed || !s.assumption.empty();
        ++reasons[step_reason_id(s.reason)];
      }
      const auto top = static_cast<std::size_t>(std::max_element(offers.begin(), offers.end()) - offers.begin());
      const auto reason = std::max_element(reasons.begin(), reasons.end(),
                                           [](const auto& a, const auto& b) { return a.second < b.second; });
      std::string title = fmt::format("{} {}: {} of {} restart; ", group.name, month_text(plan.from + date::months{i}),
                                      restarting, group.machines.size());
      for (std::size_t o = 0; o < kOffers.size(); ++o) {
        if (offers[o] > 0) title += fmt::format("{} {}, ", offer_id(kOffers[o]), offers[o]);
      }
      if (reason != reasons.end()) title += fmt::format("most common reason: {}", reason->first);
      put(out, "<td class=\"o-{}{}{}{}\" title=\"{}\">{}</td>", offer_id(kOffers[top]), restarting > 0 ? " r" : "",
          projected ? " p" : "", assumed ? " a" : "", esc(title), restarting > 0 ? std::to_string(restarting) : "");
    }
    out += "</tr>\n";
  }
  if (shown < groups.size()) {
    std::size_t machines = 0;
    for (std::size_t g = shown; g < groups.size(); ++g) machines += groups[g].machines.size();
    put(out, "<tr><th colspan=\"{}\">{} more groups ({} machines) with fewer restarts per machine</th></tr>",
        plan.months + 1, groups.size() - shown, machines);
  }
  out += "</tbody></table></div>";
}

void write_heatmap(std::string& out, const Fleet& fleet, const FleetPlan& plan, const ReportOptions& options) {
  out += "<section id=\"heatmap\"><h2>Restarts by machine and month</h2>";
  out += "<p class=\"sub\">";
  for (const auto offer : kOffers)
    put(out, "<span class=\"swatch o-{}\"></span>{}", offer_id(offer), offer_label(offer));
  out +=
      "<br>Number in a cell: restarts (machines restarting, for a group). Hatched: projected month; dashed "
      "outline: the verdict rests on an assumption. Month headers: r reported, p projected. Hover a cell for "
      "the reason.</p>";
  if (plan.machines.size() > options.heatmap_machine_rows) {
    group_rows(out, fleet, plan, options);
  } else {
    out += "<div class=\"heatwrap\"><table class=\"heat\">";
    month_header(out, plan, "machine");
    machine_rows(out, plan);
    out += "</table></div>";
  }
  out += "</section>\n";
}

// --- restarts per month by cause ------------------------------------------------------------------------------

void write_causes(std::string& out, const FleetPlan& plan) {
  const auto months = static_cast<std::size_t>(plan.months);
  std::vector<std::array<long long, kPlanRestartCauseCount>> counts(months);
  for (const auto& m : plan.machines) {
    for (std::size_t i = 0; i < m.steps.size() && i < months; ++i) {
      if (const auto cause = plan_restart_cause(m.steps[i])) ++counts[i][static_cast<std::size_t>(*cause)];
    }
  }
  long long peak = 1;
  std::array<bool, kPlanRestartCauseCount> used{};
  for (const auto& month : counts) {
    long long total = 0;
    for (std::size_t c = 0; c < kPlanRestartCauseCount; ++c) {
      total += month[c];
      used[c] = used[c] || month[c] > 0;
    }
    peak = std::max(peak, total);
  }
  out += "<section id=\"causes\"><h2>Machines restarting per month, by cause</h2>";
  // Stacked bars: one column per month.
  constexpr int kLeft = 50, kBar = 34, kGap = 14, kHeight = 200, kTop = 10;
  const int width = kLeft + static_cast<int>(months) * (kBar + kGap) + 10;
  put(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">",
      width, kHeight + kTop + 40, "machines restarting per month by cause");
  put(out, "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#999\"/>", kLeft - 4, kTop, kTop + kHeight);
  put(out, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", kLeft - 8, kTop + 8, peak);
  put(out, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>", kLeft - 8, kTop + kHeight);
  for (std::size_t i = 0; i < months; ++i) {
    const int x = kLeft + static_cast<int>(i) * (kBar + kGap);
    double y = kTop + kHeight;
    for (std::size_t c = 0; c < kPlanRestartCauseCount; ++c) {
      if (counts[i][c] == 0) continue;
      const double h = static_cast<double>(counts[i][c]) * kHeight / static_cast<double>(peak);
      y -= h;
      put(out, "<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\"><title>{} {}: {}</title></rect>",
          x, y, kBar, h, kCauseColours[c], month_text(plan.from + date::months{static_cast<int>(i)}),
          esc(plan_restart_cause_label(static_cast<PlanRestartCause>(c))), counts[i][c]);
    }
    put(out, "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x + kBar / 2, kTop + kHeight + 16,
        month_text(plan.from + date::months{static_cast<int>(i)}));
  }
  out += "</svg><p class=\"sub\">";
  for (std::size_t c = 0; c < kPlanRestartCauseCount; ++c) {
    put(out, "<span class=\"swatch\" style=\"background:{}\"></span>{}", kCauseColours[c],
        esc(plan_restart_cause_label(static_cast<PlanRestartCause>(c))));
  }
  out += "</p><table class=\"list\" id=\"cause-table\"><thead><tr><th>month</th><th>restarting</th>";
  for (std::size_t c = 0; c < kPlanRestartCauseCount; ++c) {
    if (used[c]) put(out, "<th>{}</th>", esc(plan_restart_cause_label(static_cast<PlanRestartCause>(c))));
  }
  out += "</tr></thead><tbody>";
  for (std::size_t i = 0; i < months; ++i) {
    long long total = 0;
    for (const auto n : counts[i]) total += n;
    const auto month = month_text(plan.from + date::months{static_cast<int>(i)});
    put(out, "<tr><td>{0}</td><td class=\"restarting\" data-month=\"{0}\" data-value=\"{1}\">{1}</td>", month, total);
    for (std::size_t c = 0; c < kPlanRestartCauseCount; ++c) {
      if (used[c])
        put(out, "<td data-cause=\"{}\" data-value=\"{}\">{}</td>",
            plan_restart_cause_id(static_cast<PlanRestartCause>(c)), counts[i][c], counts[i][c]);
    }
    out += "</tr>";
  }
  out += "</tbody></table></section>\n";
}

// --- eligibility ----------------------------------------------------------------------------------------------

void write_eligibility(std::string& out, const FleetPlan& plan, const ReportOptions& options) {
  std::map<Prerequisite, std::vector<std::string_view>> by_prerequisite;
  std::map<Prerequisite, std::string_view> example;
  for (const auto& m : plan.machines) {
    for (const auto& f : m.failures) {
      by_prerequisite[f.prerequisite].push_back(m.id);
      example.emplace(f.prerequisite, f.sentence);
    }
  }
  out += "<section id=\"eligibility\"><h2>Eligibility failures by prerequisite</h2>";
  if (by_prerequisite.empty()) {
    out += "<p>Every machine meets every hotpatch prerequisite.</p></section>\n";
    return;
  }
  out +=
      "<table class=\"list\"><thead><tr><th>prerequisite</th><th>machines</th><th>for example</th><th>which</th>"
      "</tr></thead><tbody>";
  for (const auto& [prerequisite, ids] : by_prerequisite) {
    put(out,
        "<tr><td>{0}</td><td class=\"failures\" data-prerequisite=\"{0}\" data-value=\"{1}\">{1}</td><td>{2}</td>"
        "<td class=\"ids\">{3}</td></tr>",
        prerequisite_id(prerequisite), ids.size(), esc(example[prerequisite]), id_list(ids, options.listed_ids));
  }
  out += "</tbody></table></section>\n";
}

// --- rollout --------------------------------------------------------------------------------------------------

void write_rollout(std::string& out, const Rollout& rollout, const ReportOptions& options) {
  std::size_t patched = 0;
  std::size_t failed = 0;
  for (const auto& b : rollout.batches) {
    patched += b.machines.size();
    failed += b.failed.size();
  }
  put(out, "<section id=\"rollout\"><h2>Rollout {}</h2>", month_text(rollout.month));
  put(out,
      "<p class=\"sub\">release {} &middot; deadline {} &middot; {} phases &middot; {} batches &middot; "
      "<span id=\"rollout-patched\" data-value=\"{}\">{} patched</span> &middot; "
      "<span id=\"rollout-failed\" data-value=\"{}\">{} failed</span> &middot; "
      "<span id=\"rollout-not-patched\" data-value=\"{}\">{} not patched</span></p>",
      format_utc(rollout.release), format_utc(rollout.deadline), rollout.phases.size(), rollout.batches.size(), patched,
      patched, failed, failed, rollout.not_patched.size(), rollout.not_patched.size());

  // Lanes: one per phase, region and zone, in batch order.
  std::vector<std::string> lanes;
  std::map<std::string, std::size_t> lane_of;
  auto lane_name = [](const RolloutBatch& b) {
    return fmt::format("phase {} {}{}", b.phase, b.region, b.zone ? " zone " + *b.zone : std::string());
  };
  auto end = rollout.release + std::chrono::hours{24};
  std::optional<date::sys_seconds> first_failure;  // when the first failed batch finished
  for (const auto& b : rollout.batches) {
    auto name = lane_name(b);
    if (lane_of.emplace(name, lanes.size()).second) lanes.push_back(std::move(name));
    end = std::max(end, b.end);
    if (!b.failed.empty()) first_failure = std::min(first_failure.value_or(b.end), b.end);
  }
  // Held phases and stopped sets never start: each gets a lane of its own, marked
  // from the first failure on ("phase 2 is held", "availability set web stopped").
  std::map<std::string, std::vector<std::string_view>> held;
  for (const auto& s : rollout.not_patched) {
    if (s.reason != SkipReason::held_by_failure && s.reason != SkipReason::stopped_by_failure) continue;
    const auto cut = s.detail.find(s.reason == SkipReason::held_by_failure ? ":" : " after");
    held[s.detail.substr(0, cut)].push_back(s.id);
  }
  const std::size_t batch_lanes = lanes.size();
  if (first_failure) {
    for (const auto& [name, ids] : held) lanes.push_back(name);
  }
  if (!rollout.batches.empty()) {
    constexpr int kLabel = 230, kPlot = 900, kLane = 16, kTop = 24;
    const double span = static_cast<double>((end - rollout.release).count());
    auto x_of = [&](date::sys_seconds t) {
      return kLabel + static_cast<double>((t - rollout.release).count()) * kPlot / span;
    };
    const int height = kTop + static_cast<int>(lanes.size()) * kLane + 10;
    put(out,
        "<div class=\"heatwrap\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
        "role=\"img\" aria-label=\"rollout timeline\">",
        kLabel + kPlot + 20, height);
    // Day ticks; every few days when the span is long.
    const auto days = static_cast<int>(span / 86400) + 1;
    const int step = std::max(1, days / 15);
    const auto first_day = date::floor<date::days>(rollout.release);
    for (int d = 0; d <= days; d += step) {
      const date::sys_seconds t = first_day + date::days{d};
      if (t < rollout.release || t > end) continue;
      const double x = x_of(t);
      put(out,
          "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#e0e0e0\"/>"
          "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>",
          x, kTop - 6, height, kTop - 10, format_date(date::floor<date::days>(t)).substr(5));
    }
    for (std::size_t l = 0; l < lanes.size(); ++l) {
      put(out, "<text x=\"4\" y=\"{}\">{}</text>", kTop + static_cast<int>(l) * kLane + 11, esc(lanes[l]));
    }
    for (const auto& b : rollout.batches) {
      const auto lane = lane_of[lane_name(b)];
      const double x = x_of(b.start);
      const double w = std::max(2.0, x_of(b.end) - x);
      const bool has_failed = !b.failed.empty();
      put(out, "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"{}><title>{}</title></rect>", x,
          kTop + static_cast<int>(lane) * kLane + 2, w, kLane - 4,
          kCauseColours[static_cast<std::size_t>(b.phase - 1) % 4],
          has_failed ? " stroke=\"#c62828\" stroke-width=\"3\"" : "",
          esc(fmt::format("batch {}: {} to {}; {}; {} machines{}", b.id, format_utc(b.start), format_utc(b.end),
                          describe(b.offers), b.machines.size() + b.failed.size(),
                          has_failed ? fmt::format("; FAILED: {}", id_list(b.failed, options.listed_ids)) : "")));
    }
    if (first_failure) {
      std::size_t lane = batch_lanes;
      for (const auto& [name, ids] : held) {
        const double x = x_of(*first_failure);
        put(out,
            "<rect class=\"held\" data-value=\"{}\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" "
            "fill=\"#fbe9e7\" stroke=\"#c62828\" stroke-dasharray=\"4 3\"><title>{}</title></rect>",
            ids.size(), x, kTop + static_cast<int>(lane) * kLane + 2, std::max(2.0, x_of(end) - x), kLane - 4,
            esc(fmt::format("{}: {} machine{} not started: {}", name, ids.size(), ids.size() == 1 ? "" : "s",
                            id_list(ids, options.listed_ids))));
        ++lane;
      }
    }
    out +=
        "</svg></div><p class=\"sub\">Each bar is a batch on its lane (phase, region, zone), from its start to "
        "when its last machine finishes, in UTC from the release; a red outline marks a batch with a failed "
        "update, and a dashed red lane a held phase or stopped availability set, from the first failure on. "
        "Hover a bar for its machines.</p>";
  }
  if (!rollout.not_patched.empty()) {
    std::map<std::pair<std::string_view, std::string_view>, std::vector<std::string_view>> by_reason;
    for (const auto& s : rollout.not_patched) {
      // Held phases share one detail; other reasons are grouped by reason alone.
      const std::string_view detail = s.reason == SkipReason::held_by_failure ? std::string_view(s.detail) : "";
      by_reason[{skip_reason_id(s.reason), detail}].push_back(s.id);
    }
    out +=
        "<h3>Not patched</h3><table class=\"list\"><thead><tr><th>reason</th><th>machines</th><th>which</th></tr>"
        "</thead><tbody>";
    for (const auto& [key, ids] : by_reason) {
      put(out,
          "<tr><td>{}{}</td><td class=\"not-patched\" data-reason=\"{}\" data-value=\"{}\">{}</td><td "
          "class=\"ids\">{}</td></tr>",
          key.first, key.second.empty() ? std::string() : ": " + esc(key.second), key.first, ids.size(), ids.size(),
          id_list(ids, options.listed_ids));
    }
    out += "</tbody></table>";
  }
  out += "<h3>Checks</h3><table class=\"list\" id=\"checks\"><tbody>";
  for (const auto& c : rollout.checks) {
    put(out, "<tr><td class=\"{}\">{}</td><td>{}</td><td>{}</td></tr>", c.ok ? "ok" : "fail", c.ok ? "ok" : "FAIL",
        esc(c.rule), esc(c.detail));
  }
  out += "</tbody></table></section>\n";
}

// --- legend and provenance ------------------------------------------------------------------------------------

void write_legend(std::string& out) {
  out += R"(<section id="legend"><h2>Legend</h2><table class="list"><tbody>
<tr><td><span class="swatch o-hotpatch"></span></td><td>hotpatch: security fixes patched in memory, no restart</td></tr>
<tr><td><span class="swatch o-baseline"></span></td><td>baseline: the quarterly (or an unplanned) cumulative update that restarts every enrolled machine and starts a new hotpatch chain</td></tr>
<tr><td><span class="swatch o-lcu"></span></td><td>regular update: the latest cumulative update with restart, for machines off the chain, not eligible or not enrolled</td></tr>
<tr><td><span class="swatch o-none"></span></td><td>nothing from the monthly release (already installed, or only out-of-band and catalog updates)</td></tr>
<tr><td>published</td><td>from Microsoft's own pages</td></tr>
<tr><td>reported</td><td>from secondary sources quoting Microsoft</td></tr>
<tr><td>projected</td><td>beyond the data: the January/April/July/October baseline rule</td></tr>
<tr><td>assumed</td><td>the verdict rests on something the data does not know (an unknown installed KB, an out-of-band release's chain compatibility)</td></tr>
<tr><td>restarts avoided</td><td>restarts of a fleet restarting every month (machines &times; months) minus the planned restarts</td></tr>
</tbody></table></section>
)";
}

void write_provenance(std::string& out, const FleetPlan& plan, const CalendarSet& calendars) {
  const auto& shipped = CalendarSet::shipped();
  out += "<section id=\"provenance\"><h2>Data provenance</h2><table class=\"list\"><tbody>";
  for (const auto product : kAllProducts) {
    const auto through = [](const Calendar& c) {
      return c.data_through() ? month_text(*c.data_through()) : std::string("none");
    };
    put(out, "<tr><td>{}</td><td>shipped data through <span class=\"through\" data-product=\"{}\">{}</span>",
        product_id(product), product_id(product), through(shipped[product]));
    if (!calendars.layer_names().empty())
      put(out, "; with your calendar files through {}", through(calendars[product]));
    out += "</td></tr>";
  }
  out += "<tr><td>calendar files</td><td>";
  if (calendars.layer_names().empty()) {
    out += "none (shipped data only)";
  } else {
    out += id_list(calendars.layer_names(), calendars.layer_names().size());
  }
  out += "</td></tr>";
  put(out, "<tr><td>inventory</td><td>{}</td></tr>",
      plan.as_of ? "as of " + format_date(*plan.as_of)
                 : "each machine's state before the " + month_text(plan.from) + " release (the fleet gives no as_of)");
  put(out, "<tr><td>generated by</td><td>hotplan {}</td></tr>", kVersion);
  out += "</tbody></table></section>\n";
}

}  // namespace

std::string html_escape(std::string_view text) { return esc(text); }

void write_file_atomically(const std::string& path, std::string_view text, const std::string& where) {
  // O_EXCL with a random name instead of mkstemp: the file gets the mode any new
  // file gets (0666 less the umask) without touching the process's umask.
  std::random_device random;
  std::string temp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    temp = fmt::format("{}.tmp-{}-{:08x}", path, getpid(), random());
    fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0)
    throw InputError(where, fmt::format("cannot create a file beside \"{}\": {}", path, std::strerror(errno)));
  bool ok = true;
  for (std::size_t done = 0; ok && done < text.size();) {
    const auto n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = close(fd) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temp.c_str());
    throw InputError(where, fmt::format("cannot write \"{}\": {}", path, std::strerror(error)));
  }
}

std::string report_html(const Fleet& fleet, const FleetPlan& plan, const CalendarSet& calendars, const Rollout* rollout,
                        const ReportOptions& options) {
  if (fleet.machines.size() != plan.machines.size())
    throw std::invalid_argument("report_html: the plan is not of this fleet");
  const auto f = plan_figures(plan);
  const auto to = month_text(plan.from + date::months{plan.months - 1});
  std::string out;
  out.reserve(64 * 1024 + plan.machines.size() * static_cast<std::size_t>(std::min(plan.months, 24)) * 8);
  put(out,
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width,initial-scale=1\"><title>hotplan report {} to {}</title><style>{}</style></head>"
      "<body>\n<h1>Hotpatch forecast {} to {}</h1>",
      month_text(plan.from), to, kStyle, month_text(plan.from), to);
  put(out, "<p class=\"sub\">{} machines, {} months{}</p>\n", f.machines, plan.months,
      plan.as_of ? ", inventory as of " + format_date(*plan.as_of) : std::string());
  write_headline(out, plan, f);
  write_heatmap(out, fleet, plan, options);
  write_causes(out, plan);
  write_eligibility(out, plan, options);
  if (rollout != nullptr) write_rollout(out, *rollout, options);
  write_legend(out);
  write_provenance(out, plan, calendars);
  out += "</body></html>\n";
  return out;
}

void write_report_html(std::ostream& out, const Fleet& fleet, const FleetPlan& plan, const CalendarSet& calendars,
                       const Rollout* rollout, const ReportOptions& options) {
  const auto html = report_html(fleet, plan, calendars, rollout, options);
  out.write(html.data(), static_cast<std::streamsize>(html.size()));
}

}  // namespace hotplan
