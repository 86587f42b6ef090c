// The rollout's self-checks: each rule verified from the finished plan and its
// inputs alone, so a planner bug shows up as a failed check, not a quiet violation.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <map>
#include <queue>
#include <set>
#include <unordered_map>

#include "hotplan/civil.hpp"
#include "parallel.hpp"
#include "rollout_facts.hpp"

namespace hotplan::detail {

namespace {

using Index = std::uint32_t;

// Counts violations and keeps the first few as examples.
class Findings {
 public:
  void add(std::string message) {
    if (examples_.size() < 3) examples_.push_back(std::move(message));
    ++count_;
  }
  [[nodiscard]] RolloutCheck result(std::string rule, std::string when_ok) const {
    if (count_ == 0) return {std::move(rule), true, std::move(when_ok)};
    return {std::move(rule), false,
            fmt::format("{} violation{}: {}", count_, count_ == 1 ? "" : "s", fmt::join(examples_, "; "))};
  }

 private:
  std::size_t count_ = 0;
  std::vector<std::string> examples_;
};

// A batch's share of some group (a set, an update domain, a subscription, a zone) over its time span.
struct Span {
  date::sys_seconds start;
  date::sys_seconds end;
  std::size_t count = 0;
  std::int64_t tag = 0;
  std::size_t batch = 0;
};

struct Sweep {
  std::size_t peak = 0;                                      // most machines at once
  std::optional<std::pair<std::size_t, std::size_t>> mixed;  // two batches with different tags at once
};

Sweep sweep(std::vector<Span>& spans) {
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
  using Active = std::pair<date::sys_seconds, std::size_t>;  // end, span
  std::priority_queue<Active, std::vector<Active>, std::greater<>> active;
  std::map<std::int64_t, std::size_t> tags;  // tag -> active spans
  std::size_t running = 0;
  Sweep out;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto& span = spans[i];
    while (!active.empty() && active.top().first <= span.start) {
      const auto& done = spans[active.top().second];
      running -= done.count;
      if (--tags[done.tag] == 0) tags.erase(done.tag);
      active.pop();
    }
    if (!out.mixed && !tags.empty() && (tags.size() > 1 || tags.begin()->first != span.tag)) {
      out.mixed = {spans[active.top().second].batch, span.batch};
    }
    active.push({span.end, i});
    running += span.count;
    ++tags[span.tag];
    out.peak = std::max(out.peak, running);
  }
  return out;
}

template <typename Key>
using SpanGroups = std::map<Key, std::vector<Span>>;

struct NamePairHash {
  std::size_t operator()(const std::pair<std::string_view, std::string_view>& key) const noexcept {
    const std::hash<std::string_view> hash;
    return hash(key.first) * 31U + hash(key.second);
  }
};

// Numbers (region, name) pairs in order of first appearance. Consecutive
// machines mostly share one, so the last pair is checked before the map.
class NamePairNumbers {
 public:
  using NamePair = std::pair<std::string_view, std::string_view>;
  // The pair's number; `names` gains the pair when it is new.
  Index number(const NamePair& key, std::vector<NamePair>& names) {
    if (last_ != kNone && key == last_key_) return last_;
    const auto [it, inserted] = numbers_.try_emplace(key, static_cast<Index>(names.size()));
    if (inserted) names.push_back(key);
    last_key_ = key;
    last_ = it->second;
    return last_;
  }

 private:
  static constexpr Index kNone = std::numeric_limits<Index>::max();
  std::unordered_map<NamePair, Index, NamePairHash> numbers_;
  NamePair last_key_;
  Index last_ = kNone;
};

class Verifier {
 public:
  // `threads`: the batches' ids are resolved in two halves, and the rules run
  // in two groups, when it allows two.
  Verifier(const Fleet& fleet, const Rollout& rollout, const RolloutFacts& facts, const FleetPlacement& placement,
           unsigned threads)
      : fleet_(fleet), rollout_(rollout), facts_(facts), threads_(threads), at_(placement) {
    resolve_batches();
    not_patched_ids_.reserve(rollout_.not_patched.size());
    for (const auto& s : rollout_.not_patched) not_patched_ids_.emplace_back(s.id);
  }

  std::vector<RolloutCheck> run() const {
    // The two costliest rules (windows, failures) beside the other nine.
    std::vector<RolloutCheck> checks;
    std::vector<RolloutCheck> last;
    run_both(
        threads_,
        [&] {
          last = {windows(), failures()};
        },
        [&] {
          checks = {every_machine_once(), follows_the_plan(), paired_regions(), phase_order(), zones(),
                    subscriptions(),      update_domains(),   set_limits(),     dependencies()};
        });
    checks.insert(checks.end(), std::make_move_iterator(last.begin()), std::make_move_iterator(last.end()));
    return checks;
  }

 private:
  // The batches' machines as fleet indices, in batch order (each batch's
  // installed machines, then its failed ones).
  struct Resolved {
    std::vector<std::pair<std::size_t, Index>> started;  // (batch, machine)
    std::vector<bool> installed;                         // per entry of `started`: listed as installed
    std::vector<std::string> unknown;
  };

  [[nodiscard]] Resolved resolve(std::size_t first_batch, std::size_t end_batch) const {
    Resolved out;
    for (std::size_t b = first_batch; b < end_batch; ++b) {
      for (const auto* list : {&rollout_.batches[b].machines, &rollout_.batches[b].failed}) {
        facts_.index.find_each(*list, [&](std::size_t k, std::optional<Index> m) {
          if (!m) {
            out.unknown.push_back(fmt::format("{} in {} is not in the fleet", (*list)[k], batch_name(b)));
            return;
          }
          out.started.emplace_back(b, *m);
          out.installed.push_back(list == &rollout_.batches[b].machines);
        });
      }
    }
    return out;
  }

  // Ids are resolved once, in two halves of about as many machines each; every
  // rule then reads machine indices.
  void resolve_batches() {
    const auto& batches = rollout_.batches;
    std::size_t total = 0;
    for (const auto& batch : batches) total += batch.machines.size() + batch.failed.size();
    std::size_t middle = 0;
    for (std::size_t seen = 0; middle < batches.size() && 2 * seen < total; ++middle) {
      seen += batches[middle].machines.size() + batches[middle].failed.size();
    }
    Resolved first;
    Resolved second;
    run_both(
        threads_, [&] { first = resolve(0, middle); }, [&] { second = resolve(middle, batches.size()); });
    started_ = std::move(first.started);
    started_.insert(started_.end(), second.started.begin(), second.started.end());
    unknown_ = std::move(first.unknown);
    unknown_.insert(unknown_.end(), std::make_move_iterator(second.unknown.begin()),
                    std::make_move_iterator(second.unknown.end()));
    first.installed.insert(first.installed.end(), second.installed.begin(), second.installed.end());
    healthy_in_.resize(fleet_.machines.size());
    for (std::size_t i = 0; i < started_.size(); ++i) {
      if (first.installed[i]) healthy_in_[started_[i].second] = started_[i].first;
    }
  }

  const Placement& placement(Index m) const { return fleet_.machines[m].placement; }
  std::optional<Index> find(const std::string& id) const { return facts_.index.find(id); }
  // Calls f(batch index, machine) for every machine that started in a batch, failed or not.
  template <typename F>
  void each_started(F&& f) const {
    for (const auto& [b, m] : started_) f(b, m);
  }
  std::string batch_name(std::size_t b) const { return fmt::format("batch {}", rollout_.batches[b].id); }

  RolloutCheck every_machine_once() const {
    Findings findings;
    std::vector<std::uint8_t> seen(fleet_.machines.size(), 0);
    for (const auto& message : unknown_) findings.add(message);
    for (const auto& entry : started_) {
      if (seen[entry.second] < 2) ++seen[entry.second];
    }
    facts_.index.find_each(not_patched_ids_, [&](std::size_t k, std::optional<Index> m) {
      if (!m) return findings.add(fmt::format("{} in {} is not in the fleet", not_patched_ids_[k], "not_patched"));
      if (seen[*m] < 2) ++seen[*m];
    });
    for (std::size_t m = 0; m < seen.size(); ++m) {
      if (seen[m] == 0) findings.add(fmt::format("{} appears nowhere", fleet_.machines[m].id));
      if (seen[m] > 1) findings.add(fmt::format("{} appears more than once", fleet_.machines[m].id));
    }
    return findings.result("every-machine-exactly-once",
                           fmt::format("each of the {} machines is in one batch or in not_patched", seen.size()));
  }

  // Only a machine whose plan month installs nothing is left out as offer-none.
  RolloutCheck follows_the_plan() const {
    Findings findings;
    facts_.index.find_each(not_patched_ids_, [&](std::size_t k, std::optional<Index> m) {
      if (!m) return;  // every_machine_once reports it
      const auto& s = rollout_.not_patched[k];
      const bool installs = facts_.machines[*m].installs;
      if (installs == (s.reason == SkipReason::offer_none)) {
        findings.add(fmt::format("{} is left out as {}, but its plan month {}", s.id, skip_reason_id(s.reason),
                                 installs ? "installs an update" : "installs nothing"));
      }
    });
    return findings.result("follows-the-plan",
                           "every machine whose plan month installs anything is scheduled or says why not");
  }

  RolloutCheck paired_regions() const {
    Findings findings;
    std::set<std::pair<int, std::string_view>> listed;  // (phase, region)
    for (const auto& p : rollout_.phases) {
      for (const auto& r : p.regions) {
        if (!listed.emplace(p.phase, r).second) findings.add(fmt::format("phase {} lists region {} twice", p.phase, r));
      }
    }
    for (const auto& region : fleet_.regions) {
      if (!region.pair) continue;
      for (const auto& p : rollout_.phases) {
        if (listed.contains({p.phase, region.name}) && listed.contains({p.phase, *region.pair})) {
          findings.add(
              fmt::format("paired regions {} and {} are both in phase {}", region.name, *region.pair, p.phase));
        }
      }
    }
    for (std::size_t b = 0; b < rollout_.batches.size(); ++b) {
      const auto& batch = rollout_.batches[b];
      if (!listed.contains({batch.phase, batch.region})) {
        findings.add(fmt::format("{} runs region {} in phase {}, which does not list it", batch_name(b), batch.region,
                                 batch.phase));
      }
    }
    return findings.result("paired-regions-in-different-phases", "no geo-paired regions share a phase");
  }

  RolloutCheck phase_order() const {
    Findings findings;
    std::map<int, std::pair<date::sys_seconds, date::sys_seconds>> bounds;  // phase -> first start, last end
    for (const auto& b : rollout_.batches) {
      auto [it, inserted] = bounds.try_emplace(b.phase, b.start, b.end);
      if (!inserted) {
        it->second.first = std::min(it->second.first, b.start);
        it->second.second = std::max(it->second.second, b.end);
      }
    }
    std::optional<std::pair<int, date::sys_seconds>> finished;  // latest end of the phases so far
    for (const auto& [phase, span] : bounds) {
      if (finished && span.first < finished->second) {
        findings.add(fmt::format("phase {} starts at {}, before phase {} has finished at {}", phase,
                                 format_utc(span.first), finished->first, format_utc(finished->second)));
      }
      if (!finished || span.second > finished->second) finished = {phase, span.second};
    }
    return findings.result("phase-starts-after-previous-phase", "every phase starts after the previous one finished");
  }

  RolloutCheck zones() const {
    Findings findings;
    SpanGroups<std::string_view> by_region;
    std::map<std::string_view, std::int64_t> zone_ids;
    for (std::size_t b = 0; b < rollout_.batches.size(); ++b) {
      const auto& batch = rollout_.batches[b];
      const std::string_view zone = batch.zone ? std::string_view(*batch.zone) : std::string_view();
      const auto tag = zone_ids.try_emplace(zone, static_cast<std::int64_t>(zone_ids.size())).first->second;
      by_region[batch.region].push_back({batch.start, batch.end, 1, tag, b});
    }
    // Each batch's region and zone as the machines' numbers (kUnknownName if no machine has it).
    std::vector<std::pair<Index, Index>> batch_place(rollout_.batches.size());
    for (std::size_t b = 0; b < rollout_.batches.size(); ++b) {
      const auto& batch = rollout_.batches[b];
      const auto region = at_.region_ids.find(batch.region);
      Index zone = kNoZone;
      if (batch.zone) {
        const auto it = at_.zone_ids.find(*batch.zone);
        zone = it == at_.zone_ids.end() ? kUnknownName : it->second;
      }
      batch_place[b] = {region == at_.region_ids.end() ? kUnknownName : region->second, zone};
    }
    each_started([&](std::size_t b, Index m) {
      if (at_.region_of[m] != batch_place[b].first || at_.zone_of[m] != batch_place[b].second) {
        const auto& batch = rollout_.batches[b];
        const auto& p = placement(m);
        findings.add(fmt::format("{} is in {} zone {} but runs in {} of {} zone {}", fleet_.machines[m].id, p.region,
                                 p.zone.value_or("none"), batch_name(b), batch.region, batch.zone.value_or("none")));
      }
    });
    for (auto& [region, spans] : by_region) {
      if (const auto mixed = sweep(spans).mixed) {
        findings.add(fmt::format("{} and {} update different zones of {} at the same time", batch_name(mixed->first),
                                 batch_name(mixed->second), region));
      }
    }
    return findings.result("zones-never-overlap", "within each region, zones update one at a time");
  }

  RolloutCheck subscriptions() const {
    Findings findings;
    std::vector<std::vector<Span>> spans(at_.outside_sets.size());
    each_started([&](std::size_t b, Index m) {
      if (at_.set_of[m] == kNoSet) add_to_span(spans[at_.subscription_of[m]], b, 0);
    });
    for (std::size_t i = 0; i < spans.size(); ++i) {
      const auto total = at_.outside_sets[i];
      if (total < 2) continue;  // a lone machine cannot be split
      if (sweep(spans[i]).peak >= total) {
        findings.add(fmt::format("all {} machines of subscription {} outside availability sets in {} update at once",
                                 total, at_.subscription_names[i].second, at_.subscription_names[i].first));
      }
    }
    return findings.result(
        "subscription-never-all-at-once",
        "no subscription has all its machines outside availability sets in a region updating at once");
  }

  // Adds one machine of batch b to a group's spans: started_ lists machines batch
  // by batch, so a group's machines of one batch (and one tag) extend its last span.
  void add_to_span(std::vector<Span>& spans, std::size_t b, std::int64_t tag) const {
    if (spans.empty() || spans.back().batch != b || spans.back().tag != tag) {
      spans.push_back({rollout_.batches[b].start, rollout_.batches[b].end, 0, tag, b});
    }
    ++spans.back().count;
  }

  // Per availability set, its machines in each batch, tagged by update domain or not.
  std::vector<std::vector<Span>> set_spans(bool by_update_domain) const {
    std::vector<std::vector<Span>> spans(at_.set_size.size());
    each_started([&](std::size_t b, Index m) {
      if (at_.set_of[m] != kNoSet) add_to_span(spans[at_.set_of[m]], b, by_update_domain ? at_.domain_of[m] : 0);
    });
    return spans;
  }

  RolloutCheck update_domains() const {
    Findings findings;
    auto all = set_spans(true);
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (const auto mixed = sweep(all[i]).mixed) {
        findings.add(fmt::format("availability set {} in {}: {} and {} update different update domains at once",
                                 at_.set_names[i].second, at_.set_names[i].first, batch_name(mixed->first),
                                 batch_name(mixed->second)));
      }
    }
    return findings.result("one-update-domain-at-a-time", "every availability set updates one update domain at a time");
  }

  RolloutCheck set_limits() const {
    Findings findings;
    auto all = set_spans(false);
    for (std::size_t i = 0; i < all.size(); ++i) {
      const auto peak = sweep(all[i]).peak;
      const auto limit = availability_set_limit(at_.set_size[i]);
      if (peak > limit) {
        findings.add(fmt::format("availability set {} in {} ({} machines) has {} updating at once; the limit is {}",
                                 at_.set_names[i].second, at_.set_names[i].first, at_.set_size[i], peak, limit));
      }
    }
    return findings.result("availability-set-limit",
                           "at most 20% of a set at once (at least 1), one at a time in sets of fewer than 10");
  }

  RolloutCheck dependencies() const {
    Findings findings;
    each_started([&](std::size_t b, Index m) {
      if (!at_.depends[m]) return;
      for (const auto& dep_id : placement(m).depends_on) {
        const auto dep = find(dep_id);
        if (dep && !facts_.machines[*dep].installs) continue;  // up to date: nothing to wait for
        const auto dep_batch = dep ? healthy_in_[*dep] : std::nullopt;
        if (!dep_batch) {
          findings.add(
              fmt::format("{} starts although {}, which it depends on, is not patched", fleet_.machines[m].id, dep_id));
        } else if (rollout_.batches[*dep_batch].end > rollout_.batches[b].start) {
          findings.add(fmt::format("{} starts at {}, before {} has finished", fleet_.machines[m].id,
                                   format_utc(rollout_.batches[b].start), dep_id));
        }
      }
    });
    return findings.result("dependencies-finish-first", "every machine starts after all it depends on has finished");
  }

  RolloutCheck windows() const {
    Findings findings;
    each_started([&](std::size_t b, Index m) {
      const auto& batch = rollout_.batches[b];
      const auto& f = facts_.machines[m];
      const auto& id = fleet_.machines[m].id;
      if (!f.installs) return findings.add(fmt::format("{} runs in {} but has nothing to install", id, batch_name(b)));
      const auto end = batch.start + f.duration;
      const auto fit = first_fit(facts_.windows[f.windows], batch.start, f.duration);
      if (batch.start < facts_.release || end > facts_.deadline || end > batch.end || !fit || *fit != batch.start) {
        findings.add(
            fmt::format("{} installs {} to {}, outside its own off-peak windows between the release and the deadline",
                        id, format_utc(batch.start), format_utc(end)));
      }
    });
    return findings.result("inside-own-offpeak-window",
                           "every machine installs inside its own off-peak window, after the release, within 30 days");
  }

  RolloutCheck failures() const {
    Findings findings;
    std::optional<int> failed_phase;
    std::vector<std::optional<date::sys_seconds>> stopped(at_.set_size.size());
    for (std::size_t b = 0; b < rollout_.batches.size(); ++b) {
      const auto& batch = rollout_.batches[b];
      for (const auto& id : batch.failed) {
        const auto m = find(id);
        if (!m || !facts_.machines[*m].failed)
          findings.add(fmt::format("{} is listed as failed but is not in the failures", id));
        if (!m) continue;
        if (!failed_phase || batch.phase < *failed_phase) failed_phase = batch.phase;
        if (at_.set_of[*m] != kNoSet) {
          auto& when = stopped[at_.set_of[*m]];
          when = when ? std::min(*when, batch.end) : batch.end;
        }
      }
    }
    for (std::size_t b = 0; b < rollout_.batches.size(); ++b) {
      const auto& batch = rollout_.batches[b];
      if (failed_phase && batch.phase > *failed_phase) {
        findings.add(fmt::format("{} runs in phase {} although phase {} had a failure", batch_name(b), batch.phase,
                                 *failed_phase));
      }
    }
    for (const auto& [b, m] : started_) {
      if (healthy_in_[m] != b) continue;
      const auto& id = fleet_.machines[m].id;
      if (facts_.machines[m].failed) findings.add(fmt::format("{} failed but is listed as installed", id));
      if (at_.set_of[m] != kNoSet && stopped[at_.set_of[m]] && rollout_.batches[b].start >= *stopped[at_.set_of[m]]) {
        findings.add(
            fmt::format("{} updates after a failure stopped availability set {}", id, *placement(m).availability_set));
      }
    }
    return findings.result("failures-stop-set-and-hold-phases",
                           "a failure stops the rest of its availability set and holds every later phase");
  }

  const Fleet& fleet_;
  const Rollout& rollout_;
  const RolloutFacts& facts_;
  unsigned threads_;
  std::vector<std::pair<std::size_t, Index>> started_;  // (batch, machine) for every machine that started
  std::vector<std::optional<std::size_t>> healthy_in_;  // per machine: the batch it installed in
  std::vector<std::string> unknown_;                    // batch entries naming no machine
  std::vector<std::string_view> not_patched_ids_;
  const FleetPlacement& at_;
  static constexpr Index kNoSet = FleetPlacement::kNoSet;
  static constexpr Index kUnknownName = static_cast<Index>(-1);  // a name no machine has
  static constexpr Index kNoZone = FleetPlacement::kNoZone;
};

}  // namespace

FleetPlacement read_placement(const Fleet& fleet) {
  // Read once in fleet order into arrays the rules index by machine (the rules
  // visit machines in batch order: reading placement there misses the cache).
  // Sets and (region, subscription) pairs are numbered in fleet order.
  const std::size_t n = fleet.machines.size();
  FleetPlacement at;
  NamePairNumbers sets;
  NamePairNumbers subscriptions;
  at.set_of.assign(n, FleetPlacement::kNoSet);
  at.subscription_of.resize(n);
  at.domain_of.resize(n);
  at.region_of.resize(n);
  at.zone_of.resize(n);
  at.depends.assign(n, false);
  for (std::size_t m = 0; m < n; ++m) {
    const auto& p = fleet.machines[m].placement;
    at.region_of[m] = at.region_ids.try_emplace(p.region, static_cast<Index>(at.region_ids.size())).first->second;
    at.zone_of[m] = p.zone ? at.zone_ids.try_emplace(*p.zone, static_cast<Index>(at.zone_ids.size())).first->second
                           : FleetPlacement::kNoZone;
    at.domain_of[m] = p.update_domain.value_or(0);
    at.depends[m] = !p.depends_on.empty();
    if (p.availability_set) {
      at.set_of[m] = sets.number({p.region, *p.availability_set}, at.set_names);
      at.set_size.resize(at.set_names.size());
      ++at.set_size[at.set_of[m]];
    } else {
      at.subscription_of[m] = subscriptions.number({p.region, p.subscription}, at.subscription_names);
      at.outside_sets.resize(at.subscription_names.size());
      ++at.outside_sets[at.subscription_of[m]];
    }
  }
  return at;
}

std::vector<RolloutCheck> verify_rollout(const Fleet& fleet, const Rollout& rollout, const RolloutFacts& facts,
                                         const FleetPlacement& placement, unsigned threads) {
  return Verifier(fleet, rollout, facts, placement, threads).run();
}

}  // namespace hotplan::detail
