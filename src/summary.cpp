#include "hotplan/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "hotplan/civil.hpp"

namespace hotplan {

namespace {

// Lists of machine ids longer than this print their first ids and a count.
constexpr std::size_t kListedIds = 10;

std::string id_list(const std::vector<std::string_view>& ids) {
  std::string text;
  for (std::size_t i = 0; i < ids.size() && i < kListedIds; ++i) {
    if (i > 0) text += ", ";
    text += ids[i];
  }
  if (ids.size() > kListedIds) text += fmt::format(" and {} more", ids.size() - kListedIds);
  return text;
}

int status_rank(DataStatus status) noexcept {
  switch (status) {
    case DataStatus::published:
      return 0;
    case DataStatus::reported:
      return 1;
    case DataStatus::projected:
      return 2;
  }
  return 2;
}

std::string plural(long long n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace

std::string_view plan_restart_cause_id(PlanRestartCause cause) noexcept {
  switch (cause) {
    case PlanRestartCause::planned_baseline:
      return "planned-baseline";
    case PlanRestartCause::unplanned_baseline:
      return "unplanned-baseline";
    case PlanRestartCause::off_chain:
      return "off-chain";
    case PlanRestartCause::not_eligible:
      return "not-eligible";
    case PlanRestartCause::not_enrolled:
      return "not-enrolled";
    case PlanRestartCause::hotpatch_ended:
      return "hotpatch-ended";
    case PlanRestartCause::out_of_band:
      return "out-of-band";
    case PlanRestartCause::catalog:
      return "catalog";
    case PlanRestartCause::other:
      return "other";
  }
  return "other";
}

std::string_view plan_restart_cause_label(PlanRestartCause cause) noexcept {
  switch (cause) {
    case PlanRestartCause::planned_baseline:
      return "planned baseline";
    case PlanRestartCause::unplanned_baseline:
      return "unplanned baseline";
    case PlanRestartCause::off_chain:
      return "regular update: off the chain";
    case PlanRestartCause::not_eligible:
      return "regular update: not eligible";
    case PlanRestartCause::not_enrolled:
      return "regular update: not enrolled";
    case PlanRestartCause::hotpatch_ended:
      return "regular update: hotpatch ended";
    case PlanRestartCause::out_of_band:
      return "out-of-band release";
    case PlanRestartCause::catalog:
      return "catalog update (.NET, driver...)";
    case PlanRestartCause::other:
      return "other";
  }
  return "other";
}

std::optional<PlanRestartCause> plan_restart_cause(const PlanStep& step) noexcept {
  if (!step.reboot) return std::nullopt;
  if ((step.offer == Offer::baseline || step.offer == Offer::lcu) && !step.os_update_held) {
    switch (step.reason) {
      case StepReason::baseline:
        return step.month_kind == MonthKind::unplanned_baseline ? PlanRestartCause::unplanned_baseline
                                                                : PlanRestartCause::planned_baseline;
      case StepReason::off_chain:
      case StepReason::licence_expired:
      case StepReason::licence_lapsed:
        return PlanRestartCause::off_chain;
      case StepReason::not_eligible:
        return PlanRestartCause::not_eligible;
      case StepReason::not_enrolled:
      case StepReason::enrolled_later:
        return PlanRestartCause::not_enrolled;
      case StepReason::hotpatch_ended:
        return PlanRestartCause::hotpatch_ended;
      default:
        break;
    }
  }
  if (!step.out_of_band_installed.empty()) return PlanRestartCause::out_of_band;
  if (step.catalog_reboot) return PlanRestartCause::catalog;
  return PlanRestartCause::other;
}

DataStatus month_status(const FleetPlan& plan, std::size_t month_index) noexcept {
  DataStatus worst = DataStatus::published;
  for (const auto& m : plan.machines) {
    if (month_index < m.steps.size() && status_rank(m.steps[month_index].status) > status_rank(worst))
      worst = m.steps[month_index].status;
  }
  return worst;
}

PlanFigures plan_figures(const FleetPlan& plan) {
  PlanFigures f;
  f.machines = plan.machines.size();
  for (const auto& m : plan.machines) {
    f.eligible += m.eligible ? 1 : 0;
    f.unknown_kb += m.installed_kb.known ? 0 : 1;
    f.restarts += m.restarts;
    f.restart_months += m.restart_months;
    for (const auto& s : m.steps) f.assumed_months += s.assumption.empty() ? 0 : 1;
  }
  f.every_month = static_cast<long long>(f.machines) * plan.months;
  f.restarts_avoided = f.every_month - f.restarts;
  for (int i = 0; i < plan.months; ++i) {
    switch (month_status(plan, static_cast<std::size_t>(i))) {
      case DataStatus::published:
        ++f.months_published;
        break;
      case DataStatus::reported:
        ++f.months_reported;
        break;
      case DataStatus::projected:
        ++f.months_projected;
        break;
    }
  }
  return f;
}

void write_summary_text(std::ostream& out, const FleetPlan& plan, std::string_view as_of_line) {
  const auto f = plan_figures(plan);
  std::string text;
  auto line = [&](const std::string& s) {
    text += s;
    text += '\n';
  };
  line(fmt::format("{}, {} eligible for hotpatch; plan {} to {}", plural(static_cast<long long>(f.machines), "machine"),
                   f.eligible, format_year_month(plan.from),
                   format_year_month(plan.from + date::months{plan.months - 1})));
  if (!as_of_line.empty()) line(std::string(as_of_line));
  line(fmt::format("{} in {} against {} if every machine restarted every month ({} avoided)",
                   plural(f.restarts, "restart"), plural(plan.months, "month"), f.every_month, f.restarts_avoided));
  if (f.unknown_kb > 0)
    line(fmt::format("warning: {} {} a KB the release data does not know; their verdicts are assumed",
                     plural(static_cast<long long>(f.unknown_kb), "machine"), f.unknown_kb == 1 ? "runs" : "run"));
  for (int i = 0; i < plan.months; ++i) {
    const auto index = static_cast<std::size_t>(i);
    const auto month = plan.from + date::months{i};
    std::array<std::vector<std::string_view>, kPlanRestartCauseCount> by_cause;
    std::size_t restarting = 0;
    std::vector<std::string_view> kinds;
    for (const auto& m : plan.machines) {
      if (index >= m.steps.size()) continue;
      const auto& s = m.steps[index];
      const auto kind = month_kind_id(s.month_kind);
      if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
      if (const auto cause = plan_restart_cause(s)) {
        by_cause[static_cast<std::size_t>(*cause)].push_back(m.id);
        ++restarting;
      }
    }
    std::string kind_text;
    for (const auto k : kinds) kind_text += (kind_text.empty() ? "" : "/") + std::string(k);
    line(fmt::format("\n{}{} ({}): {}", format_year_month(month), kind_text.empty() ? "" : " " + kind_text,
                     data_status_id(month_status(plan, index)),
                     restarting == 0 ? std::string("no machine restarts")
                                     : fmt::format("{} of {} restart", restarting,
                                                   plural(static_cast<long long>(f.machines), "machine"))));
    for (std::size_t c = 0; c < kPlanRestartCauseCount; ++c) {
      if (by_cause[c].empty()) continue;
      line(fmt::format("  {} ({}): {}", plan_restart_cause_label(static_cast<PlanRestartCause>(c)), by_cause[c].size(),
                       id_list(by_cause[c])));
    }
  }
  // The next month: restarting machines by the local date their install window starts.
  std::map<std::string, std::vector<std::string_view>> by_date;
  for (const auto& m : plan.machines) {
    if (m.steps.empty() || !m.steps.front().reboot) continue;
    const auto& s = m.steps.front();
    by_date[s.window ? format_local(s.window->start).substr(0, 10) : std::string("no window")].push_back(m.id);
  }
  line(fmt::format("\nnext month ({}) restarts by local date:{}", format_year_month(plan.from),
                   by_date.empty() ? " none" : ""));
  for (const auto& [day, ids] : by_date) line(fmt::format("  {}: {}", day, id_list(ids)));
  out << text;
}

}  // namespace hotplan
