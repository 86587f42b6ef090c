#include "hotplan/classify.hpp"

#include "hotplan/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/topological_sort.hpp>
#include <chrono>
#include <limits>
#include <map>
#include <span>
#include <stdexcept>
#include <tuple>

#include "catalog_stage.hpp"
#include "hotplan/civil.hpp"
#include "hotplan/error.hpp"
#include "hotplan/release_time.hpp"

namespace hotplan {

std::string_view skip_code_id(SkipCode code) noexcept {
  switch (code) {
    case SkipCode::product:
      return "product";
    case SkipCode::other_cycle:
      return "other-cycle";
    case SkipCode::not_released:
      return "not-released";
    case SkipCode::not_offered:
      return "not-offered";
    case SkipCode::installed:
      return "installed";
    case SkipCode::policy:
      return "policy";
    case SkipCode::superseded:
      return "superseded";
    case SkipCode::missing_prerequisite:
      return "missing-prerequisite";
  }
  return "policy";
}

date::sys_days last_day_of_cycle(date::year_month month) noexcept {
  return patch_tuesday(month + date::months{1}) - date::days{1};
}

ClassifyOutcome classify_request(const Catalog& catalog, const Policy& policy, const ClassifyRequest& request,
                                 const CalendarSet& calendars) {
  if ((request.fleet == nullptr) != !request.machine_id) {
    throw InputError(request.fleet == nullptr ? request.fleet_name : request.machine_name,
                     fmt::format("{} and {} go together", request.fleet_name, request.machine_name));
  }
  ClassifyOutcome outcome;
  outcome.month = request.month;
  date::sys_days as_of = date::floor<date::days>(std::chrono::system_clock::now());
  if (request.as_of) {
    as_of = *request.as_of;
  } else if (request.month) {
    as_of = last_day_of_cycle(*request.month);
  }
  ClassifyOptions options{as_of, request.month, std::nullopt, nullptr, calendars};
  if (request.fleet != nullptr) {
    const auto& machines = request.fleet->machines;
    const auto it =
        std::find_if(machines.begin(), machines.end(), [&](const Machine& m) { return m.id == *request.machine_id; });
    if (it == machines.end()) {
      throw InputError(request.machine_name,
                       fmt::format("no machine \"{}\" in {}", *request.machine_id, request.fleet_source));
    }
    if (!outcome.month) outcome.month = release_cycle_month(as_of);
    outcome.machine = plan_machine(*it, PlanHorizon(calendars[it->product], *outcome.month, 1));
    options.month = outcome.month;
    options.product = it->product;
    options.os_step = &outcome.machine->steps.front();
  }
  outcome.result = classify(catalog, policy, options);
  return outcome;
}

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

bool is_os_update(UpdateCategory c) noexcept {
  return c == UpdateCategory::os_cumulative || c == UpdateCategory::os_hotpatch;
}

// What the shipped calendar data says about an update, for the first of its
// products (or the machine's product) whose calendar knows the KB.
const KnownUpdate* known_update(const CatalogUpdate& u, const ClassifyOptions& options) {
  for (const Product p : u.products) {
    if (options.product && *options.product != p) continue;
    if (const auto* cal = options.calendars[static_cast<std::size_t>(p)]) {
      if (const auto* known = cal->find(u.kb)) return known;
    }
  }
  return nullptr;
}

// An out-of-band cumulative update: the data says so, or, for a KB the data does
// not know, a cumulative update released on a day other than Patch Tuesday.
bool is_out_of_band(const CatalogUpdate& u, const KnownUpdate* known) {
  if (u.category != UpdateCategory::os_cumulative) return false;
  if (known) return known->role == UpdateRole::out_of_band;
  return u.released != patch_tuesday(release_cycle_month(u.released));
}

std::string restart_text(const CatalogUpdate& u) {
  return fmt::format("{} ({}, {})", u.kb.str(), category_name(u.category),
                     u.reboot == RebootBehaviour::always ? "always restarts" : "may restart");
}

// Whether a monthly OS update is what the trajectory offers this month.
bool offered_by(const TrajectoryStep& step, const CatalogUpdate& u) {
  if (step.offer == Offer::none) return false;
  if (step.update.kb) return *step.update.kb == u.kb;
  // The trajectory knows the month but not the KB: match by kind.
  return (step.offer == Offer::hotpatch) == (u.category == UpdateCategory::os_hotpatch);
}

std::string offer_text(const TrajectoryStep& step) {
  if (step.offer == Offer::none) return "the machine installs no OS update this month";
  const auto kb = step.update.kb ? " " + step.update.kb->str() : std::string();
  return fmt::format("the machine's OS update this month is the {}{}", offer_id(step.offer), kb);
}

// What the machine runs before this month's updates: an update it already includes
// is not installed again.
struct InstalledFacts {
  Kb kb;
  std::optional<date::sys_days> released;  // when the data or the catalog knows the KB
  std::vector<bool> supersedes;            // per catalog index: superseded by it, transitively
};

std::optional<InstalledFacts> installed_facts(const Catalog& catalog, const ClassifyOptions& options) {
  if (!options.os_step || !options.os_step->before.id.kb) return std::nullopt;
  InstalledFacts facts{*options.os_step->before.id.kb, std::nullopt, std::vector<bool>(catalog.size(), false)};
  if (options.product) {
    if (const auto* cal = options.calendars[static_cast<std::size_t>(*options.product)]) {
      if (const auto* known = cal->find(facts.kb)) facts.released = known->released;
    }
  }
  if (const auto i = catalog.index_of(facts.kb)) {
    if (!facts.released) facts.released = catalog[*i].released;
    std::vector<std::size_t> todo{*i};
    while (!todo.empty()) {
      const auto u = todo.back();
      todo.pop_back();
      for (const std::size_t v : catalog.superseded()[u]) {
        if (!facts.supersedes[v]) todo.push_back(v);
        facts.supersedes[v] = true;
      }
    }
  }
  return facts;
}

// Pass 1: why one update, judged on its own, is not installed; nullopt when it is a candidate.
std::optional<SkippedUpdate> judge(const CatalogUpdate& u, std::size_t index, const KnownUpdate* known,
                                   const Policy& policy, const ClassifyOptions& options,
                                   const std::optional<InstalledFacts>& installed) {
  if (options.product && !u.applies_to(*options.product)) {
    std::string list;
    for (const Product p : u.products) list += (list.empty() ? "" : ", ") + std::string(product_id(p));
    return SkippedUpdate{u.kb, SkipCode::product,
                         fmt::format("applies to {}, not {}", list, product_id(*options.product))};
  }
  if (options.month) {
    const auto cycle = release_cycle_month(u.released);
    if (cycle != *options.month) {
      return SkippedUpdate{u.kb, SkipCode::other_cycle,
                           fmt::format("released {}, in the {} release cycle, not {}", format_date(u.released),
                                       format_year_month(cycle), format_year_month(*options.month))};
    }
  }
  if (u.released > options.as_of) {
    return SkippedUpdate{u.kb, SkipCode::not_released,
                         fmt::format("released {}, after {}", format_date(u.released), format_date(options.as_of))};
  }
  if (installed && installed->kb == u.kb) {
    return SkippedUpdate{u.kb, SkipCode::installed, fmt::format("{} is already installed", u.kb.str())};
  }
  if (installed && installed->supersedes[index]) {
    return SkippedUpdate{u.kb, SkipCode::superseded,
                         fmt::format("superseded by installed {}, which includes it", installed->kb.str())};
  }
  // Cumulative OS updates include every earlier one: like the trajectory, nothing
  // released before the installed update installs over it.
  if (installed && installed->released && is_os_update(u.category) && u.released < *installed->released) {
    return SkippedUpdate{u.kb, SkipCode::superseded,
                         fmt::format("released {}, before installed {} ({}), which includes it",
                                     format_date(u.released), installed->kb.str(), format_date(*installed->released))};
  }
  if (options.os_step && is_os_update(u.category) && !is_out_of_band(u, known) && !offered_by(*options.os_step, u)) {
    return SkippedUpdate{
        u.kb, SkipCode::not_offered,
        fmt::format("{}; this {} is not offered to it", offer_text(*options.os_step), category_name(u.category))};
  }
  auto decision = evaluate(policy, u, options.as_of);
  if (!decision.approved) return SkippedUpdate{u.kb, SkipCode::policy, std::move(decision.reason)};
  return std::nullopt;
}

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

}  // namespace

ClassifyResult classify(const Catalog& catalog, const Policy& policy, const ClassifyOptions& options) {
  const std::size_t n = catalog.size();
  std::vector<std::optional<SkippedUpdate>> skip(n);
  std::vector<const KnownUpdate*> known(n, nullptr);
  const auto installed = installed_facts(catalog, options);
  for (std::size_t i = 0; i < n; ++i) {
    if (is_os_update(catalog[i].category)) known[i] = known_update(catalog[i], options);
    skip[i] = judge(catalog[i], i, known[i], policy, options, installed);
  }

  // Pass 2: superseding updates come first in supersedence_order, so when an
  // update is reached, the newest candidate above it (if any) is already known.
  std::vector<std::size_t> newest_above(n, kNone);
  for (const std::size_t u : catalog.supersedence_order()) {
    const std::size_t carrier = (!skip[u] && newest_above[u] == kNone) ? u : newest_above[u];
    if (carrier == kNone) continue;
    for (const std::size_t v : catalog.superseded()[u]) {
      if (newest_above[v] == kNone) newest_above[v] = carrier;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!skip[i] && newest_above[i] != kNone) {
      skip[i] =
          SkippedUpdate{catalog[i].kb, SkipCode::superseded,
                        fmt::format("superseded by {}, which is installed instead", catalog[newest_above[i]].kb.str())};
    }
  }

  // Pass 3: prerequisites come first in prerequisite_order, so a held-back
  // prerequisite holds back everything that requires it.
  std::vector<std::vector<std::size_t>> installs_after(n);
  for (const std::size_t u : catalog.prerequisite_order()) {
    if (skip[u]) continue;
    const auto& update = catalog[u];
    for (const Kb prerequisite : update.prerequisites) {
      const auto p = catalog.index_of(prerequisite);
      std::string missing;
      if (!p) {
        missing = fmt::format("requires {}, which is not in the catalog", prerequisite.str());
      } else if (!skip[*p]) {
        installs_after[u].push_back(*p);
      } else if (skip[*p]->code == SkipCode::superseded) {
        installs_after[u].push_back(newest_above[*p]);  // the superseding update carries it
      } else if (skip[*p]->code == SkipCode::other_cycle && catalog[*p].released < update.released &&
                 evaluate(policy, catalog[*p], options.as_of).approved) {
        // Released in an earlier cycle and approved by the policy: installed then.
      } else {
        missing = fmt::format("requires {}, which is not installed ({})", prerequisite.str(), skip[*p]->reason);
      }
      if (!missing.empty()) {
        skip[u] = SkippedUpdate{update.kb, SkipCode::missing_prerequisite, std::move(missing)};
        break;
      }
    }
  }

  ClassifyResult result;
  // Install order: servicing stack updates first, then catalog order, each
  // preceded by its prerequisites. A depth-first search over edges from an update
  // to its prerequisites finishes prerequisites first.
  std::vector<std::size_t> approved;
  for (std::size_t i = 0; i < n; ++i) {
    if (!skip[i]) approved.push_back(i);
  }
  std::stable_partition(approved.begin(), approved.end(),
                        [&](std::size_t i) { return catalog[i].category == UpdateCategory::ssu; });
  std::vector<std::size_t> vertex_of(n, kNone);
  for (std::size_t v = 0; v < approved.size(); ++v) vertex_of[approved[v]] = v;
  Graph graph(approved.size());
  for (std::size_t v = 0; v < approved.size(); ++v) {
    for (const std::size_t p : installs_after[approved[v]]) {
      if (vertex_of[p] != kNone) boost::add_edge(v, vertex_of[p], graph);
    }
  }
  std::vector<std::size_t> order;
  order.reserve(approved.size());
  boost::topological_sort(graph, std::back_inserter(order));  // acyclic: the catalog rejects prerequisite cycles

  result.approved.reserve(order.size());
  for (const std::size_t v : order) {
    const auto& u = catalog[approved[v]];
    result.approved.push_back({u.kb, static_cast<int>(result.approved.size()) + 1, u.reboot, u.category});
  }
  // The month's OS update, when the catalog has it and holds it back (the policy,
  // or a prerequisite it holds back), does not install: it restarts nothing.
  const auto* step = options.os_step;
  for (std::size_t i = 0; step && step->offer != Offer::none && i < n; ++i) {
    const auto& u = catalog[i];
    if (!skip[i] || !is_os_update(u.category) || is_out_of_band(u, known[i]) || !offered_by(*step, u)) continue;
    if (skip[i]->code != SkipCode::policy && skip[i]->code != SkipCode::missing_prerequisite) continue;
    result.held_os_update = u.kb;
    result.warnings.push_back(fmt::format(
        "the policy holds back {}, the machine's {} this month ({}): it does not install, so it does not restart for "
        "it{}",
        u.kb.str(), offer_id(step->offer), skip[i]->reason,
        step->offer == Offer::baseline
            ? "; without the baseline the machine is not on its hotpatch chain (the months after still assume it "
              "installed)"
            : ""));
  }
  result.skipped.reserve(n - approved.size());
  for (auto& s : skip) {
    if (s) result.skipped.push_back(std::move(*s));
  }

  // Restarts: the month's OS update, then every approved update that may restart.
  bool os_restart = false;
  if (step) {
    os_restart = (step->offer == Offer::baseline || step->offer == Offer::lcu) && !result.held_os_update;
    if (os_restart && step->update.kb) {
      result.restart_causes.push_back(
          {*step->update.kb, fmt::format("{} ({})", step->update.kb->str(), offer_id(step->offer)), true});
    }
    for (const auto& oob : step->out_of_band_installed) {
      os_restart = true;
      result.restart_causes.push_back({oob.kb, fmt::format("{} (out-of-band)", oob.kb.str()), true});
    }
  }
  // Guard machines on (or joining) a hotpatch chain; one already off it has nothing to lose.
  const bool guard_chain = !step || step->reason == StepReason::hotpatch || step->reason == StepReason::baseline ||
                           step->reason == StepReason::already_installed ||
                           step->reason == StepReason::newer_installed || step->reason == StepReason::out_of_band;
  for (const auto& a : result.approved) {
    const auto i = *catalog.index_of(a.kb);
    const auto& u = catalog[i];
    const bool already_counted = std::any_of(result.restart_causes.begin(), result.restart_causes.end(),
                                             [&](const RestartCause& c) { return c.kb == u.kb; });
    if (u.may_restart() && !already_counted) result.restart_causes.push_back({u.kb, restart_text(u), false});
    if (is_out_of_band(u, known[i])) result.out_of_band.push_back(u.kb);
    // Hotpatch-chain guard: an out-of-band cumulative update the data does not
    // mark compatible puts the machine on the regular-update line until the next baseline.
    if (guard_chain && is_out_of_band(u, known[i]) && !(known[i] && known[i]->chain_baseline)) {
      result.chain_breakers.push_back(u.kb);
      result.warnings.push_back(fmt::format(
          "{} is an out-of-band cumulative update that is not hotpatch-compatible: installing it takes the machine off "
          "its hotpatch chain (regular updates with restart until the next baseline); exclude {} to stay on the chain",
          u.kb.str(), u.kb.str()));
    }
  }
  switch (reboot_setting(policy)) {
    case RebootSetting::if_required:
      result.reboot = os_restart || !result.restart_causes.empty();
      break;
    case RebootSetting::always:
      result.reboot =
          os_restart || !result.approved.empty() || (step && step->offer != Offer::none && !result.held_os_update);
      break;
    case RebootSetting::never:
      result.reboot = os_restart;  // the OS update's restart is not the policy's to skip
      if (std::any_of(result.restart_causes.begin(), result.restart_causes.end(),
                      [](const RestartCause& c) { return !c.os_update; })) {
        result.warnings.push_back(
            "the reboot setting is Never: updates that need a restart stay pending until the machine restarts");
      }
      break;
  }
  return result;
}

namespace {

std::string join_causes(const std::vector<const RestartCause*>& causes) {
  std::string out;
  for (std::size_t i = 0; i < causes.size(); ++i) {
    out += (i == 0 ? "" : (i + 1 == causes.size() ? " and " : ", ")) + causes[i]->text;
  }
  return out;
}

// The notes a month's reason gains from its classification.
std::vector<std::string> plan_notes(const ClassifyResult& r, bool os_restart, RebootSetting setting) {
  std::vector<const RestartCause*> extra;
  for (const auto& c : r.restart_causes) {
    if (!c.os_update) extra.push_back(&c);
  }
  std::vector<std::string> notes;
  if (!extra.empty()) {
    if (setting == RebootSetting::never) {
      notes.push_back(fmt::format("{} need{} a restart, left pending (reboot setting Never)", join_causes(extra),
                                  extra.size() == 1 ? "s" : ""));
    } else if (os_restart) {
      notes.push_back(
          fmt::format("{} install{} in the same restart", join_causes(extra), extra.size() == 1 ? "s" : ""));
    } else {
      notes.push_back(fmt::format("restart for {}", join_causes(extra)));
    }
  } else if (setting == RebootSetting::always && r.reboot && !os_restart) {
    notes.push_back("restart (reboot setting Always)");
  }
  if (r.held_os_update) {
    notes.push_back(fmt::format("the policy holds back {}: it does not install this month, so no restart for it",
                                r.held_os_update->str()));
  }
  for (const Kb kb : r.chain_breakers) {
    notes.push_back(
        fmt::format("warning: the policy approves out-of-band {}, which takes the machine off the hotpatch "
                    "chain; exclude {} to stay on it",
                    kb.str(), kb.str()));
  }
  return notes;
}

}  // namespace

int restarts_with_catalog(const TrajectoryStep& step, const CatalogMonth& catalog) noexcept {
  int restarts = step.restarts;
  const bool offer_restarts = step.offer == Offer::baseline || step.offer == Offer::lcu;
  if (offer_restarts && catalog.held_os_update) --restarts;  // the held-back update does not install
  if (catalog.restarts && restarts == 0) restarts = 1;
  return restarts;
}

CatalogClassifier::CatalogClassifier(const Catalog& catalog, const Policy& policy, const CalendarSet& calendars,
                                     date::year_month from, int months, std::optional<date::sys_days> as_of)
    : catalog_(catalog),
      policy_(policy),
      calendars_(calendars),
      from_(from),
      months_(months),
      as_of_(as_of),
      horizons_(calendars.size()) {}

const ClassifyResult& CatalogClassifier::classify_step(Product product, const TrajectoryStep& step) {
  std::vector<std::uint32_t> out_of_band;
  out_of_band.reserve(step.out_of_band_installed.size());
  for (const auto& oob : step.out_of_band_installed) out_of_band.push_back(oob.kb.number());
  const Key key{static_cast<int>(product),     months_between(from_, step.month),
                static_cast<int>(step.offer),  step.update.kb ? step.update.kb->number() + 1 : 0U,
                static_cast<int>(step.reason), step.before.id.kb ? step.before.id.kb->number() + 1 : 0U,
                std::move(out_of_band)};
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    ClassifyOptions options{last_day_of_cycle(step.month), step.month, product, &step, calendars_};
    it = cache_.emplace(key, hotplan::classify(catalog_, policy_, options)).first;
  }
  return it->second;
}

CatalogOutcome CatalogClassifier::classify(const Machine& machine, MachineTrajectory trajectory) {
  const auto* calendar = calendars_[static_cast<std::size_t>(trajectory.product)];
  const auto setting = reboot_setting(policy_);
  // Approved out-of-band OS updates install: the trajectory re-runs with them,
  // through the same install model as install_oob (a chain breaker gives regular
  // updates until the next baseline; a chain keeper keeps only a machine on the chain).
  std::vector<OutOfBand> extra_installs;
  std::vector<const ClassifyResult*> results(trajectory.steps.size(), nullptr);
  for (std::size_t i = 0; i < trajectory.steps.size(); ++i) {
    const auto& step = trajectory.steps[i];
    results[i] = &classify_step(trajectory.product, step);
    const auto installed_size = extra_installs.size();
    for (const Kb kb : results[i]->out_of_band) {
      const auto is_kb = [&](const OutOfBand& oob) { return oob.kb == kb; };
      // Each is installed once: already this month (install_oob) or already re-run with.
      if (std::any_of(step.out_of_band_installed.begin(), step.out_of_band_installed.end(), is_kb) ||
          std::any_of(extra_installs.begin(), extra_installs.end(), is_kb)) {
        continue;
      }
      // The data's record of the release when it has one (chain verdict, status,
      // reference); otherwise one whose chain compatibility is unknown.
      const auto data = calendar ? std::span<const OutOfBand>(calendar->out_of_band()) : std::span<const OutOfBand>();
      const auto recorded = std::find_if(data.begin(), data.end(), is_kb);
      if (recorded != data.end()) {
        extra_installs.push_back(*recorded);
      } else {
        const auto* known = calendar ? calendar->find(kb) : nullptr;
        extra_installs.push_back({.date = catalog_[*catalog_.index_of(kb)].released,
                                  .kb = kb,
                                  .build = known ? known->build : std::nullopt,
                                  .keeps_chain = known && known->chain_baseline,
                                  .note = {},
                                  .chain_known = known != nullptr,
                                  .status = DataStatus::published,
                                  .reference = {}});
      }
    }
    if (extra_installs.size() == installed_size || calendar == nullptr) continue;
    std::stable_sort(extra_installs.begin(), extra_installs.end(),
                     [](const OutOfBand& a, const OutOfBand& b) { return a.date < b.date; });
    auto& horizon = horizons_[static_cast<std::size_t>(trajectory.product)];
    if (!horizon) horizon.emplace(*calendar, from_, months_, as_of_);
    trajectory = plan_machine(machine, *horizon, extra_installs);
    --i;  // classify this month again, now with the installs
  }
  CatalogOutcome out{std::move(trajectory), {}};
  out.months.reserve(out.trajectory.steps.size());
  for (std::size_t i = 0; i < out.trajectory.steps.size(); ++i) {
    const auto& step = out.trajectory.steps[i];
    const auto& result = *results[i];
    const bool offer_restarts = step.offer == Offer::baseline || step.offer == Offer::lcu;
    out.months.push_back(CatalogMonth{
        result.reboot, result.held_os_update.has_value(),
        plan_notes(result, (offer_restarts && !result.held_os_update) || !step.out_of_band_installed.empty(),
                   setting)});
  }
  return out;
}

}  // namespace hotplan
