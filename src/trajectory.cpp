#include "hotplan/trajectory.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hotplan/civil.hpp"
#include "hotplan/limits.hpp"
#include "hotplan/release_time.hpp"

namespace hotplan {

std::string_view offer_id(Offer offer) noexcept {
  switch (offer) {
    case Offer::none:
      return "none";
    case Offer::hotpatch:
      return "hotpatch";
    case Offer::baseline:
      return "baseline";
    case Offer::lcu:
      return "lcu";
  }
  return "none";
}

std::string_view step_reason_id(StepReason reason) noexcept {
  switch (reason) {
    case StepReason::baseline:
      return "baseline";
    case StepReason::hotpatch:
      return "hotpatch";
    case StepReason::off_chain:
      return "off-chain";
    case StepReason::licence_expired:
      return "licence-expired";
    case StepReason::not_enrolled:
      return "not-enrolled";
    case StepReason::enrolled_later:
      return "enrolled-later";
    case StepReason::not_eligible:
      return "not-eligible";
    case StepReason::already_installed:
      return "already-installed";
    case StepReason::newer_installed:
      return "newer-installed";
  }
  return "not-eligible";
}

namespace {

std::string update_text(const UpdateId& id) {
  if (id.kb && id.build) return fmt::format("{} ({})", id.kb->str(), id.build->str());
  if (id.kb) return id.kb->str();
  if (id.build) return fmt::format("build {}", id.build->str());
  return {};
}

std::string installed_text(const InstalledUpdate& installed) {
  auto text = update_text(installed.id);
  if (!text.empty()) return text;
  const auto month = format_year_month(installed.month);
  switch (installed.kind) {
    case Offer::hotpatch:
      return fmt::format("the {} hotpatch", month);
    case Offer::baseline:
      return fmt::format("the {} baseline", month);
    default:
      return fmt::format("the {} regular update", month);
  }
}

std::string baseline_text(date::year_month month, const std::optional<Kb>& kb) {
  return kb ? "baseline " + kb->str() : fmt::format("the {} baseline", format_year_month(month));
}

std::string offered_text(const TrajectoryStep& s) {
  auto text = update_text(s.update);
  if (s.source == MonthSource::projected)
    return text.empty() ? "(projected; KB not yet published)" : text + " (projected)";
  return text.empty() ? "(KB not in hotplan's data)" : text;
}

std::string regular_update_text(const UpdateId& update) {
  const auto text = update_text(update);
  return text.empty() ? "regular update" : "regular update " + text;
}

}  // namespace

std::string describe(const TrajectoryStep& s) {
  const auto month = format_year_month(s.month);
  const auto next = format_year_month(s.next_baseline);
  std::string text;
  switch (s.reason) {
    case StepReason::baseline:
      text = fmt::format("{} {} baseline {}: restart, starts a new hotpatch cycle", month,
                         s.month_kind == MonthKind::unplanned_baseline ? "unplanned" : "planned", offered_text(s));
      break;
    case StepReason::hotpatch:
      text = fmt::format("{} is on the chain of {}: hotpatch {}, no restart", installed_text(s.before),
                         baseline_text(s.chain_baseline, s.chain_baseline_kb), offered_text(s));
      break;
    case StepReason::off_chain:
      text = fmt::format("installed {} is not on the chain of {}; {} with restart until the {} baseline",
                         installed_text(s.before), baseline_text(s.chain_baseline, s.chain_baseline_kb),
                         regular_update_text(s.update), next);
      break;
    case StepReason::licence_expired:
      text = fmt::format(
          "the Arc hotpatch licence has expired; {} with restart until the {} baseline (or until "
          "remediated)",
          regular_update_text(s.update), next);
      break;
    case StepReason::not_enrolled:
      text = fmt::format("not enrolled in hotpatch; {} with restart", regular_update_text(s.update));
      break;
    case StepReason::enrolled_later:
      text = fmt::format("enrolled in hotpatch on {}, after this release; {} with restart",
                         s.enrolled ? format_date(*s.enrolled) : std::string("a later date"),
                         regular_update_text(s.update));
      break;
    case StepReason::not_eligible:
      text = fmt::format("not eligible for hotpatch; {} with restart", regular_update_text(s.update));
      break;
    case StepReason::already_installed:
      text = fmt::format("{} is already installed", installed_text(s.before));
      break;
    case StepReason::newer_installed:
      text =
          fmt::format("installed {} is newer than the {} release; nothing to install", installed_text(s.before), month);
      break;
  }
  for (const auto& oob : s.out_of_band_installed) {
    text += fmt::format("; installs out-of-band {} ({}) with restart, which {} the hotpatch chain",
                        update_text({oob.kb, oob.build}), format_date(oob.date),
                        oob.keeps_chain ? "keeps it on" : "takes it off");
  }
  for (const auto& note : s.notes) text += "; " + note;
  return text;
}

PlanHorizon::PlanHorizon(const Calendar& calendar, date::year_month from, int months)
    : calendar_(&calendar), from_(from), months_(calendar.months(from, months)) {
  current_baseline_.reserve(months_.size());
  current_baseline_kb_.reserve(months_.size());
  next_baseline_.reserve(months_.size());
  for (const auto& m : months_) {
    const auto base = calendar.baseline_at_or_before(m.month);
    current_baseline_.push_back(base);
    current_baseline_kb_.push_back(base == m.month ? m.offer.kb : calendar.month(base).offer.kb);
    next_baseline_.push_back(calendar.next_baseline_after(m.month));
  }
}

void check_plan_range(date::year_month from, int months, const std::string& where) {
  if (months < 1 || months > limits::kMaxMonths) {
    throw LimitError(where, fmt::format("expected from 1 to {} months, found {}", limits::kMaxMonths, months));
  }
  const auto last = from + date::months{months - 1};
  if (last.year() > kLastYear) {
    throw InputError(
        where, fmt::format("the plan would run to {}, past {}", format_year_month(last), static_cast<int>(kLastYear)));
  }
}

namespace {

// What the machine runs, and which baseline's chain (if any) it is on.
struct MachineState {
  InstalledUpdate installed;
  std::optional<date::sys_days> installed_released;  // release day, when the data knows the KB
  std::optional<date::year_month> chain;             // baseline month whose chain it is on
  bool licence_blocked = false;                      // until the next baseline
};

void install(MachineState& state, const UpdateId& id, Offer kind, date::year_month month, date::sys_days released,
             std::optional<date::year_month> chain) {
  state.installed = {id, month, kind};
  state.installed_released = released;
  state.chain = chain;
}

}  // namespace

MachinePlan plan_machine(const Machine& machine, const PlanHorizon& horizon,
                         std::span<const OutOfBand> extra_installs) {
  MachinePlan plan;
  plan.id = machine.id;
  plan.product = machine.product;
  plan.failures = check_eligibility(machine);
  plan.eligible = plan.failures.empty();
  const bool only_licence =
      !plan.failures.empty() && std::all_of(plan.failures.begin(), plan.failures.end(),
                                            [](const auto& f) { return f.prerequisite == Prerequisite::licence; });
  const bool capable = plan.eligible || only_licence;

  const auto& calendar = horizon.calendar();
  MachineState state{};
  state.installed = {{machine.installed_kb, machine.build}, horizon.from(), Offer::lcu};
  if (const auto* known = calendar.find(machine.installed_kb)) {
    state.installed.month = known->month;
    state.installed_released = known->released;
    state.chain = known->chain_baseline;
    if (known->build && *known->build != machine.build) {
      plan.warnings.push_back(fmt::format("build {} does not match {}, which is build {}; hotplan goes by the KB",
                                          machine.build.str(), machine.installed_kb.str(), known->build->str()));
    }
  }
  state.licence_blocked = only_licence;

  auto next_extra = extra_installs.begin();
  plan.steps.reserve(horizon.size());
  for (std::size_t i = 0; i < horizon.size(); ++i) {
    const auto& cal = horizon.month(i);
    TrajectoryStep step;
    step.month = cal.month;
    step.month_kind = cal.kind;
    step.source = cal.source;
    step.chain_baseline = horizon.current_baseline(i);
    step.chain_baseline_kb = horizon.current_baseline_kb(i);
    step.next_baseline = horizon.next_baseline(i);
    step.enrolled = machine.hotpatch_enrolled;

    auto install_one_oob = [&](const OutOfBand& oob) {
      if (state.installed.id.kb == oob.kb) return;
      const auto* known = calendar.find(oob.kb);
      install(state, {oob.kb, oob.build}, Offer::lcu, cal.month, oob.date,
              known ? known->chain_baseline : std::nullopt);
      step.out_of_band_installed.push_back(oob);
    };
    auto install_oob = [&](bool after_patch_tuesday) {
      if (!machine.install_oob) return;
      for (const auto& oob : cal.out_of_band) {
        if ((oob.date >= cal.patch_tuesday) == after_patch_tuesday) install_one_oob(oob);
      }
    };
    install_oob(false);
    step.before = state.installed;

    const bool enrolled = machine.hotpatch_enrolled && *machine.hotpatch_enrolled <= cal.patch_tuesday;
    const bool baseline_month = is_baseline(cal.kind);
    const UpdateId& regular = baseline_month ? cal.offer : cal.lcu;
    auto regular_cause = [&] {
      if (!capable) return StepReason::not_eligible;
      if (!machine.hotpatch_enrolled) return StepReason::not_enrolled;
      if (!enrolled) return StepReason::enrolled_later;
      return state.licence_blocked ? StepReason::licence_expired : StepReason::off_chain;
    };

    if (state.installed_released && *state.installed_released > cal.patch_tuesday) {
      step.offer = Offer::none;
      step.reason = StepReason::newer_installed;
    } else if (baseline_month) {
      const bool hotpatching = capable && enrolled;
      if (cal.offer.kb && state.installed.id.kb == cal.offer.kb) {
        step.offer = Offer::none;
        step.reason = StepReason::already_installed;
      } else {
        step.offer = hotpatching ? Offer::baseline : Offer::lcu;
        step.reason = hotpatching ? StepReason::baseline : regular_cause();
        step.update = cal.offer;
      }
      if (step.offer != Offer::none) {
        // A baseline puts every machine on the new chain and remediates the licence.
        install(state, cal.offer, Offer::baseline, cal.month, cal.patch_tuesday, cal.month);
        state.licence_blocked = false;
      }
    } else {
      const bool on_chain = state.chain && *state.chain == step.chain_baseline;
      const bool hotpatching = capable && enrolled && !state.licence_blocked && on_chain;
      const UpdateId& offered = hotpatching ? cal.offer : regular;
      if (offered.kb && state.installed.id.kb == offered.kb) {
        step.offer = Offer::none;
        step.reason = StepReason::already_installed;
      } else if (hotpatching) {
        step.offer = Offer::hotpatch;
        step.reason = StepReason::hotpatch;
        step.update = cal.offer;
        install(state, cal.offer, Offer::hotpatch, cal.month, cal.patch_tuesday, step.chain_baseline);
      } else {
        step.offer = Offer::lcu;
        step.reason = regular_cause();
        step.update = regular;
        install(state, regular, Offer::lcu, cal.month, cal.patch_tuesday, std::nullopt);
      }
    }
    step.reboot = step.offer == Offer::baseline || step.offer == Offer::lcu;
    install_oob(true);
    // Extra installs of earlier cycles (before the plan) are skipped; this cycle's install now.
    while (next_extra != extra_installs.end() && release_cycle_month(next_extra->date) <= cal.month) {
      if (release_cycle_month(next_extra->date) == cal.month) install_one_oob(*next_extra);
      ++next_extra;
    }
    step.reboot = step.reboot || !step.out_of_band_installed.empty();
    plan.reboots += step.reboot ? 1 : 0;
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

FleetPlan plan_fleet(const Fleet& fleet, date::year_month from, int months, const CalendarSet& calendars) {
  check_plan_range(from, months, "months");
  if (fleet.machines.size() * static_cast<std::size_t>(months) > limits::kMaxPlanMachineMonths) {
    throw LimitError(
        "/machines",
        fmt::format("{} machines over {} months is {} machine-months; the limit is {}", fleet.machines.size(), months,
                    fleet.machines.size() * static_cast<std::size_t>(months), limits::kMaxPlanMachineMonths));
  }
  std::vector<std::optional<PlanHorizon>> horizons(calendars.size());
  FleetPlan out{from, months, {}};
  out.machines.reserve(fleet.machines.size());
  for (const auto& machine : fleet.machines) {
    auto& horizon = horizons[static_cast<std::size_t>(machine.product)];
    if (!horizon) horizon.emplace(*calendars[static_cast<std::size_t>(machine.product)], from, months);
    out.machines.push_back(plan_machine(machine, *horizon));
  }
  return out;
}

}  // namespace hotplan
