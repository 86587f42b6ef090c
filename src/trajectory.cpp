#include "hotplan/trajectory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <concepts>

#include "hotplan/civil.hpp"
#include "hotplan/limits.hpp"
#include "hotplan/release_time.hpp"
#include "parallel.hpp"
#include "plan_horizon.hpp"
#include "step_description.hpp"

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
    case StepReason::licence_lapsed:
      return "licence-lapsed";
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
    case StepReason::hotpatch_ended:
      return "hotpatch-ended";
    case StepReason::out_of_band:
      return "out-of-band";
  }
  return "not-eligible";
}

namespace {

// The reason sentence is written into one buffer, phrase by phrase: a plan writes
// one per machine-month, and building it from temporary strings was a sixth of
// `plan --json`'s time. A part is text or a phrase (a callable that appends).
using SentenceBuffer = fmt::memory_buffer;

void append_part(SentenceBuffer& out, std::string_view text) { out.append(text.data(), text.data() + text.size()); }
template <std::invocable<SentenceBuffer&> Phrase>
void append_part(SentenceBuffer& out, const Phrase& phrase) {
  phrase(out);
}
template <typename... Parts>
void append(SentenceBuffer& out, const Parts&... parts) {
  (append_part(out, parts), ...);
}

bool known(const UpdateId& id) noexcept { return id.kb || id.build; }

// "KB5070881 (26100.6905)", "KB5070881", "build 26100.6905"; nothing when neither is known.
auto update_phrase(const UpdateId& id) {
  return [&id](SentenceBuffer& out) {
    if (id.kb && id.build) return append(out, id.kb->str(), " (", id.build->str(), ")");
    if (id.kb) return append(out, id.kb->str());
    if (id.build) return append(out, "build ", id.build->str());
  };
}

auto installed_phrase(const InstalledUpdate& installed) {
  return [&installed](SentenceBuffer& out) {
    if (known(installed.id)) return append(out, update_phrase(installed.id));
    const auto month = format_year_month(installed.month);
    switch (installed.kind) {
      case Offer::hotpatch:
        return append(out, "the ", month, " hotpatch");
      case Offer::baseline:
        return append(out, "the ", month, " baseline");
      default:
        return append(out, "the ", month, " regular update");
    }
  };
}

auto baseline_phrase(date::year_month month, const PackedOptional<Kb>& kb) {
  return [month, kb](SentenceBuffer& out) {
    if (kb) return append(out, "baseline ", kb->str());
    append(out, "the ", format_year_month(month), " baseline");
  };
}

auto offered_phrase(const TrajectoryStep& s) {
  return [&s](SentenceBuffer& out) {
    const bool is_known = known(s.update);
    if (s.status == DataStatus::projected) {
      if (!is_known) return append(out, "(projected; KB not yet published)");
      return append(out, update_phrase(s.update), " (projected)");
    }
    if (!is_known) return append(out, "(KB not in hotplan's data)");
    append(out, update_phrase(s.update));
    if (s.status == DataStatus::reported) append(out, " (reported, not from Microsoft's own pages)");
  };
}

auto regular_update_phrase(const UpdateId& update) {
  return [&update](SentenceBuffer& out) {
    append(out, "regular update");
    if (known(update)) append(out, " ", update_phrase(update));
  };
}

std::string installed_text(const InstalledUpdate& installed) {
  SentenceBuffer out;
  append(out, installed_phrase(installed));
  return fmt::to_string(out);
}

}  // namespace

void detail::append_description(fmt::memory_buffer& out, const TrajectoryStep& s) {
  const auto month = format_year_month(s.month);
  const auto next = format_year_month(s.next_baseline);
  switch (s.reason) {
    case StepReason::baseline:
      append(out, month, " ", s.month_kind == MonthKind::unplanned_baseline ? "unplanned" : "planned", " baseline ",
             offered_phrase(s), ": restart, starts a new hotpatch cycle");
      break;
    case StepReason::hotpatch:
      append(out, installed_phrase(s.before), " is on the chain of ",
             baseline_phrase(s.chain_baseline, s.chain_baseline_kb), ": hotpatch ", offered_phrase(s), ", no restart");
      break;
    case StepReason::off_chain:
      append(out, "installed ", installed_phrase(s.before), " is not on the chain of ",
             baseline_phrase(s.chain_baseline, s.chain_baseline_kb), "; ", regular_update_phrase(s.update),
             " with restart until the ", next, " baseline");
      break;
    case StepReason::licence_expired:
      append(out, "the Arc hotpatch licence has expired (October 2025 licensing issue); ",
             regular_update_phrase(s.update), " with restart until and including the ", next,
             " baseline, or until the licensing workaround is applied");
      break;
    case StepReason::licence_lapsed:
      append(out, "the Arc hotpatch licence has expired; ", regular_update_phrase(s.update),
             " with restart until the licence is renewed or the licensing workaround applied (license_remediated)");
      break;
    case StepReason::not_enrolled:
      append(out, "not enrolled in hotpatch; ", regular_update_phrase(s.update), " with restart");
      break;
    case StepReason::enrolled_later:
      append(out, "enrolled in hotpatch on ", s.enrolled ? format_date(*s.enrolled) : std::string("a later date"),
             ", after this release; ", regular_update_phrase(s.update), " with restart");
      break;
    case StepReason::not_eligible:
      append(out, "not eligible for hotpatch; ", regular_update_phrase(s.update), " with restart");
      break;
    case StepReason::already_installed:
      append(out, installed_phrase(s.before), " is already installed");
      break;
    case StepReason::newer_installed:
      append(out, "installed ", installed_phrase(s.before), " is newer than the ", month,
             " release; nothing to install");
      break;
    case StepReason::hotpatch_ended:
      append(out, "no hotpatch after the product's hotpatch end; ", regular_update_phrase(s.update), " with restart");
      break;
    case StepReason::out_of_band:
      append(out, "nothing to install from the ", month, " release");
      break;
  }
  for (const auto& oob : s.out_of_band_installed) {
    const UpdateId id{oob.kb, oob.build};
    append(out, "; installs out-of-band ", update_phrase(id), " (", format_date(oob.date), ") with restart, which ",
           oob.keeps_chain ? "keeps it on" : "takes it off", " the hotpatch chain");
  }
  for (const auto& note : s.notes) append(out, "; ", note);
  if (!s.assumption.empty()) append(out, " [assumed: ", s.assumption.str(), "]");
}

std::string describe(const TrajectoryStep& s) {
  fmt::memory_buffer out;
  detail::append_description(out, s);
  return fmt::to_string(out);
}

PlanHorizon::PlanHorizon(const Calendar& calendar, date::year_month from, int months,
                         std::optional<date::sys_days> as_of)
    : calendar_(&calendar), from_(from), months_(calendar.months(from, months)) {
  // Every release up to the inventory day (that day included) is already installed.
  const auto first_release = patch_tuesday(from);
  inventory_day_ = as_of && first_month_after(*as_of) == from ? *as_of : first_release - date::days{1};
  for (const auto& oob : calendar.out_of_band()) {
    if (oob.date > inventory_day_ && oob.date < first_release) out_of_band_before_first_release_.push_back(oob);
  }
  current_baseline_.reserve(months_.size());
  current_baseline_kb_.reserve(months_.size());
  next_baseline_.reserve(months_.size());
  for (const auto& m : months_) {
    const auto base = calendar.baseline_at_or_before(m.month);
    current_baseline_.push_back(base);
    current_baseline_kb_.push_back(base == m.month ? m.offer.kb : calendar.offer(base).kb);
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
  bool licence_blocked = false;                      // until remediated, or the licence issue's fix baseline
};

// A step is as certain as its month's kind, and no more certain than the KB it
// names (a KB the data does not give is shown as unknown, not weakened).
DataStatus update_status(DataStatus month, const UpdateId& update, DataStatus update_status) {
  return update.kb || update.build ? weaker(month, update_status) : month;
}

void install(MachineState& state, const UpdateId& id, Offer kind, date::year_month month, date::sys_days released,
             std::optional<date::year_month> chain) {
  // Member by member: a whole-struct temporary of optionals copies slowly.
  state.installed.id = id;
  state.installed.month = month;
  state.installed.kind = kind;
  state.installed_released = released;
  state.chain = chain;
}

// The October 2025 licensing issue: at risk from its first build until the
// baseline that fixed it, unless the licence is already known expired or remediated.
bool exposed_to_licence_issue(const Machine& machine) noexcept {
  return needs_arc_licence(machine) && machine.licence == Licence::active && !machine.licence_remediated;
}

}  // namespace

InstalledKbReport assess_installed_kb(const Machine& machine, const Calendar& calendar) {
  InstalledKbReport report;
  report.facts.data_through = calendar.data_through();
  if (exposed_to_licence_issue(machine)) {
    const auto fix = calendar.offer(calendar.next_baseline_after(kArcLicenceIssueMonth));
    const bool before_fix = !fix.build || machine.build < *fix.build;
    if (!(machine.build < kArcLicenceIssueFirstBuild) && before_fix) {
      report.warnings.push_back(fmt::format(
          "build {} is affected by the October 2025 Arc licensing issue: the hotpatch licence may expire and the "
          "next update restart; apply the workaround (and record it as license_remediated) or set license: expired",
          machine.build.str()));
    }
  }
  const auto* known = calendar.find(machine.installed_kb);
  report.facts.known = known != nullptr;
  if (known) {
    if (known->build && *known->build != machine.build) {
      report.warnings.push_back(fmt::format("build {} does not match {}, which is build {}; hotplan goes by the KB",
                                            machine.build.str(), machine.installed_kb.str(), known->build->str()));
    }
    return report;
  }
  const auto newest = calendar.newest_build();
  report.facts.newer_than_data = newest && *newest < machine.build;
  const auto& facts = report.facts;
  auto text = fmt::format("installed {} (build {}) is not in hotplan's {} release data", machine.installed_kb.str(),
                          machine.build.str(), product_id(machine.product));
  if (facts.data_through)
    text += fmt::format(", which covers months through {}", format_year_month(*facts.data_through));
  if (facts.newer_than_data) {
    text += fmt::format(
        "; build {} is newer than every update the data knows ({}): the release data is older than this machine, "
        "import newer data (hotplan calendar import)",
        machine.build.str(), calendar.newest_build()->str());
  }
  report.assumption = text + "; hotplan assumes it is not on the hotpatch chain until the next baseline";
  report.warnings.push_back(report.assumption);
  return report;
}

const InstalledKbAssessment& InstalledKbAssessments::of(const Machine& machine, const Calendar& calendar) {
  const Key key{machine.product, machine.installed_kb, machine.build, exposed_to_licence_issue(machine)};
  auto it = assessed_.find(key);
  if (it == assessed_.end()) {
    auto report = assess_installed_kb(machine, calendar);
    it = assessed_
             .emplace(key, InstalledKbAssessment{report.facts, std::move(report.warnings),
                                                 SharedText(std::move(report.assumption))})
             .first;
  }
  return it->second;
}

MachineTrajectory plan_machine(const Machine& machine, const PlanHorizon& horizon,
                               std::span<const OutOfBand> extra_installs) {
  auto report = assess_installed_kb(machine, horizon.calendar());
  const InstalledKbAssessment installed{report.facts, std::move(report.warnings),
                                        SharedText(std::move(report.assumption))};
  return plan_months(machine_facts(machine, installed), machine, horizon, installed, extra_installs);
}

MachineTrajectory machine_facts(const Machine& machine, const InstalledKbAssessment& installed) {
  MachineTrajectory plan;
  plan.id = machine.id;
  plan.product = machine.product;
  plan.failures = check_eligibility(machine);
  plan.eligible = plan.failures.empty();
  plan.installed_kb = installed.facts;
  plan.warnings = installed.warnings;
  return plan;
}

MachineTrajectory plan_months(MachineTrajectory plan, const Machine& machine, const PlanHorizon& horizon,
                              const InstalledKbAssessment& installed, std::span<const OutOfBand> extra_installs) {
  const bool only_licence =
      !plan.failures.empty() && std::all_of(plan.failures.begin(), plan.failures.end(),
                                            [](const auto& f) { return f.prerequisite == Prerequisite::licence; });
  const bool capable = plan.eligible || only_licence;

  const auto& calendar = horizon.calendar();
  MachineState state{};
  state.installed = {{machine.installed_kb, machine.build}, horizon.from(), Offer::lcu};
  // Until a baseline installs, verdicts on an off-chain state that the data did not
  // establish rest on this assumption.
  SharedText assumption = installed.assumption;
  if (const auto* known = calendar.find(machine.installed_kb)) {
    state.installed.month = known->month;
    state.installed_released = known->released;
    state.chain = known->chain_baseline;
  }
  // The Arc licence: blocked until the workaround's date, or (October 2025 issue)
  // until and including the first baseline after the issue; a plan that starts
  // after that baseline with the licence still expired has no baseline to fix it.
  // Only an expired licence blocks: an active one with a workaround date has nothing to remedy.
  const auto remediated = needs_arc_licence(machine) ? machine.licence_remediated : std::nullopt;
  const bool licence_expired = capable && needs_arc_licence(machine) && machine.licence == Licence::expired;
  state.licence_blocked = licence_expired;
  std::optional<date::year_month> licence_fix_baseline;
  if (licence_expired) {
    const auto fix = calendar.next_baseline_after(kArcLicenceIssueMonth);
    if (fix >= horizon.from()) licence_fix_baseline = fix;
  }

  auto next_extra = extra_installs.begin();
  plan.steps.reserve(horizon.size());
  for (std::size_t i = 0; i < horizon.size(); ++i) {
    const auto& cal = horizon.month(i);
    const auto chain_baseline = horizon.current_baseline(i);
    // The month is decided in locals and written to its step once, at the end: a
    // plan's steps are fresh memory, and reading a field back waits for it.
    CompactList<OutOfBand> out_of_band;
    CompactList<std::string> notes;

    auto install_one_oob = [&](const OutOfBand& oob) {
      // Nothing to install when the machine runs it, or something released after it.
      if (state.installed.id.kb == oob.kb) return;
      if (state.installed_released && oob.date < *state.installed_released) return;
      const auto* known = calendar.find(oob.kb);
      // A chain-keeping release keeps a machine on the chain it is on; it does not
      // bring back a machine an earlier install took off.
      const auto chain = known && known->chain_baseline == state.chain ? state.chain : std::nullopt;
      if (known && known->chain_baseline && !chain) {
        // Microsoft asks for machines "running exactly" a chain-keeping KB; whether
        // installing it after leaving the chain restores hotpatch is not documented.
        assumption = fmt::format(
            "{} keeps the hotpatch chain, but the machine had already left it (running {}); whether installing it "
            "restores hotpatch is not documented, so hotplan assumes it does not",
            oob.kb.str(), installed_text(state.installed));
      }
      install(state, {oob.kb, oob.build}, Offer::lcu, cal.month, oob.date, chain);
      if (!oob.chain_known) {
        assumption = fmt::format(
            "the data does not say whether out-of-band {} keeps the hotpatch chain; hotplan assumes it does not",
            oob.kb.str());
      }
      // Recorded with its effect on this machine: on a chain after it, or not.
      auto installed = oob;
      installed.keeps_chain = chain.has_value();
      out_of_band.push_back(std::move(installed));
    };
    auto install_oob = [&](bool after_patch_tuesday) {
      if (!machine.install_oob) return;
      if (i == 0 && !after_patch_tuesday) {
        for (const auto& oob : horizon.out_of_band_before_first_release()) install_one_oob(oob);
        return;
      }
      for (const auto& oob : cal.out_of_band) {
        if ((oob.date >= cal.patch_tuesday) == after_patch_tuesday) install_one_oob(oob);
      }
    };
    install_oob(false);
    const InstalledUpdate before = state.installed;
    if (remediated && *remediated <= cal.patch_tuesday) state.licence_blocked = false;

    const bool enrolled = machine.hotpatch_enrolled && *machine.hotpatch_enrolled <= cal.patch_tuesday;
    const bool baseline_month = is_baseline(cal.kind);
    const UpdateId& regular = baseline_month ? cal.offer : cal.lcu;
    auto regular_cause = [&] {
      if (!capable) return StepReason::not_eligible;
      if (!machine.hotpatch_enrolled) return StepReason::not_enrolled;
      if (!enrolled) return StepReason::enrolled_later;
      if (!state.licence_blocked) return StepReason::off_chain;
      return licence_fix_baseline ? StepReason::licence_expired : StepReason::licence_lapsed;
    };

    Offer offer = Offer::none;
    StepReason reason = StepReason::not_eligible;
    DataStatus status = cal.status;
    const UpdateId* update = nullptr;  // none: nothing offered
    if (cal.kind == MonthKind::regular) {
      offer = Offer::lcu;
      reason = StepReason::hotpatch_ended;
      update = &cal.lcu;
      status = update_status(status, cal.lcu, cal.lcu_status);
      if (!cal.note.empty()) notes.push_back(cal.note);
      install(state, cal.lcu, Offer::lcu, cal.month, cal.patch_tuesday, std::nullopt);
    } else if (state.installed_released && *state.installed_released > cal.patch_tuesday) {
      offer = Offer::none;
      reason = StepReason::newer_installed;
    } else if (baseline_month) {
      const bool hotpatching = capable && enrolled;
      if (cal.offer.kb && state.installed.id.kb == cal.offer.kb) {
        offer = Offer::none;
        reason = StepReason::already_installed;
      } else {
        offer = hotpatching ? Offer::baseline : Offer::lcu;
        reason = hotpatching ? StepReason::baseline : regular_cause();
        update = &cal.offer;
      }
      status = update_status(status, cal.offer, cal.offer_status);
      if (offer != Offer::none) {
        // A baseline puts every machine on the new chain; the first one after the
        // licence issue remediates the licence.
        install(state, cal.offer, Offer::baseline, cal.month, cal.patch_tuesday, cal.month);
        if (licence_fix_baseline && cal.month >= *licence_fix_baseline) state.licence_blocked = false;
        assumption.clear();
      }
    } else {
      const bool on_chain = state.chain && *state.chain == chain_baseline;
      const bool hotpatching = capable && enrolled && !state.licence_blocked && on_chain;
      const UpdateId& offered = hotpatching ? cal.offer : regular;
      if (offered.kb && state.installed.id.kb == offered.kb) {
        offer = Offer::none;
        reason = StepReason::already_installed;
      } else if (hotpatching) {
        offer = Offer::hotpatch;
        reason = StepReason::hotpatch;
        update = &cal.offer;
        status = update_status(status, cal.offer, cal.offer_status);
        install(state, cal.offer, Offer::hotpatch, cal.month, cal.patch_tuesday, chain_baseline);
      } else {
        offer = Offer::lcu;
        reason = regular_cause();
        update = &regular;
        status = update_status(status, cal.lcu, cal.lcu_status);
        install(state, regular, Offer::lcu, cal.month, cal.patch_tuesday, std::nullopt);
      }
    }
    install_oob(true);
    // Extra installs of earlier cycles (before the plan) are skipped; this cycle's install now.
    while (next_extra != extra_installs.end() && release_cycle_month(next_extra->date) <= cal.month) {
      if (release_cycle_month(next_extra->date) == cal.month) install_one_oob(*next_extra);
      ++next_extra;
    }
    int restarts = (offer == Offer::baseline || offer == Offer::lcu ? 1 : 0) + static_cast<int>(out_of_band.size());
    if (offer == Offer::none && !out_of_band.empty()) reason = StepReason::out_of_band;
    // The workaround's restart: in its release cycle, or in the first month when it
    // falls between the inventory day and the first planned release.
    if (remediated && (release_cycle_month(*remediated) == cal.month ||
                       (i == 0 && *remediated > horizon.inventory_day() && *remediated < cal.patch_tuesday))) {
      ++restarts;
      notes.push_back(fmt::format("the licensing workaround is applied on {}: restart", format_date(*remediated)));
    }
    // Only an off-chain verdict rests on the assumption: an ineligible or unenrolled
    // machine gets the regular update whatever it runs.
    const bool assumed = !assumption.empty() && (reason == StepReason::off_chain || !out_of_band.empty());

    // Constructed in place, member by member in declaration order: a temporary
    // moved in would be written twice and read back while its stores are in flight.
    // Braces, not emplace_back's parentheses: clang 14 has no parenthesised aggregate initialisation.
    plan.steps.push_back(TrajectoryStep{
        cal.month, cal.kind, status, offer, restarts > 0, reason, restarts, update != nullptr ? *update : UpdateId{},
        before, chain_baseline, horizon.next_baseline(i), horizon.current_baseline_kb(i), machine.hotpatch_enrolled,
        std::move(out_of_band), assumed ? assumption : SharedText{}, std::move(notes)});
    plan.restarts += restarts;
    plan.restart_months += restarts > 0 ? 1 : 0;
  }
  return plan;
}

void check_first_supported(const Calendar& calendar, date::year_month from, const std::string& where) {
  if (const auto first = calendar.first_supported(); first && from < *first) {
    throw InputError(
        where, fmt::format("hotplan's {} release data starts at {}; it cannot plan {}", product_id(calendar.product()),
                           format_year_month(*first), format_year_month(from)));
  }
}

ProductsUsed products_used(const Fleet& fleet) noexcept {
  ProductsUsed used{};
  std::size_t seen = 0;
  for (const auto& machine : fleet.machines) {
    auto& slot = used[static_cast<std::size_t>(machine.product)];
    if (slot) continue;
    slot = true;
    if (++seen == used.size()) break;
  }
  return used;
}

void check_first_supported(const Fleet& fleet, const CalendarSet& calendars, date::year_month from,
                           const std::string& where) {
  check_first_supported(products_used(fleet), calendars, from, where);
}

void check_first_supported(const ProductsUsed& used, const CalendarSet& calendars, date::year_month from,
                           const std::string& where) {
  for (Product p : kAllProducts) {
    if (used[static_cast<std::size_t>(p)]) check_first_supported(calendars[p], from, where);
  }
}

void check_fleet_plan(const Fleet& fleet, date::year_month from, int months, const CalendarSet& calendars) {
  check_plan_range(from, months, "months");
  check_first_supported(products_used(fleet), calendars, from, "from");
  if (fleet.machines.size() * static_cast<std::size_t>(months) > limits::kMaxPlanMachineMonths) {
    throw LimitError(
        "/machines",
        fmt::format("{} machines over {} months is {} machine-months; the limit is {}", fleet.machines.size(), months,
                    fleet.machines.size() * static_cast<std::size_t>(months), limits::kMaxPlanMachineMonths));
  }
}

FleetHorizons::FleetHorizons(const Fleet& fleet, date::year_month from, int months, const CalendarSet& calendars) {
  check_fleet_plan(fleet, from, months, calendars);
  const auto used = products_used(fleet);
  for (Product p : kAllProducts) {
    if (used[static_cast<std::size_t>(p)])
      horizons_[static_cast<std::size_t>(p)].emplace(calendars[p], from, months, fleet.as_of);
  }
}

std::optional<std::string> unknown_kb_summary(std::size_t unknown, std::size_t newer) {
  if (unknown == 0) return std::nullopt;
  auto text = fmt::format(
      "{} machine{} run{} a KB hotplan's release data does not know; their off-chain verdicts are "
      "assumed (\"assumed\": true)",
      unknown, unknown == 1 ? "" : "s", unknown == 1 ? "s" : "");
  if (newer > 0) {
    text += fmt::format("; {} of them {} newer than the data: import newer data (hotplan calendar import)", newer,
                        newer == 1 ? "is" : "are");
  }
  return text;
}

FleetTrajectory plan_fleet(const Fleet& fleet, date::year_month from, int months, const CalendarSet& calendars,
                           unsigned threads) {
  const FleetHorizons horizons(fleet, from, months, calendars);
  FleetTrajectory out{from, months, {}, std::nullopt};
  out.machines.resize(fleet.machines.size());
  detail::parallel_ranges(fleet.machines.size(), threads, [&](std::size_t begin, std::size_t end) {
    // Every machine's facts, then every machine's months: the facts' small
    // allocations (sentences) then lie together, not between the months' blocks,
    // and freeing the plan merges each block with the last instead of leaving
    // thousands of small ones to sort out (a third of the time of a large plan).
    InstalledKbAssessments assessments;
    std::vector<const InstalledKbAssessment*> installed(end - begin);
    const auto steps = BlockAllocator<TrajectoryStep>::with_room_for((end - begin) * static_cast<std::size_t>(months));
    for (std::size_t i = begin; i < end; ++i) {
      const auto& machine = fleet.machines[i];
      installed[i - begin] = &assessments.of(machine, calendars[machine.product]);
      out.machines[i] = machine_facts(machine, *installed[i - begin]);
      out.machines[i].steps = decltype(out.machines[i].steps)(steps);
    }
    for (std::size_t i = begin; i < end; ++i) {
      const auto& machine = fleet.machines[i];
      out.machines[i] =
          plan_months(std::move(out.machines[i]), machine, horizons[machine.product], *installed[i - begin]);
    }
  });
  return out;
}

}  // namespace hotplan
