#include "hotplan/rollout.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/sequential_vertex_coloring.hpp>
#include <boost/graph/topological_sort.hpp>
#include <iterator>
#include <limits>
#include <map>
#include <queue>
#include <set>
#include <unordered_map>

#include "hotplan/civil.hpp"
#include "json_node.hpp"
#include "parallel.hpp"
#include "rollout_facts.hpp"

namespace hotplan {

std::string_view skip_reason_id(SkipReason reason) noexcept {
  switch (reason) {
    case SkipReason::offer_none:
      return "offer-none";
    case SkipReason::no_window:
      return "no-window";
    case SkipReason::deadline_missed:
      return "deadline-missed";
    case SkipReason::dependency_not_patched:
      return "dependency-not-patched";
    case SkipReason::dependency_later:
      return "dependency-later";
    case SkipReason::stopped_by_failure:
      return "stopped-by-failure";
    case SkipReason::held_by_failure:
      return "held-by-failure";
  }
  return "offer-none";
}

namespace {

using Index = std::uint32_t;
using detail::RolloutFacts;

// Machines of one chain that start together: one update domain of one set (or
// one subscription's machines outside sets), one window list, one dependency level.
struct Slice {
  std::vector<Index> machines;
  std::chrono::minutes duration{0};
  std::uint32_t windows = 0;
};

// Slices that run one after another: an availability set, or a subscription's
// machines outside sets, within one zone of one region.
struct Chain {
  std::vector<Slice> slices;
  std::size_t next = 0;
  date::sys_seconds free_at{};
  bool queued = false;  // in the heap: evaluating it again would start it twice
};

struct PendingBatch {
  int phase = 1;
  Index region = 0;
  std::string zone;  // empty: none
  date::sys_seconds start;
  date::sys_seconds end;
  std::vector<Index> machines;
  std::vector<Index> failed;
};

enum class State : std::uint8_t { pending, batched, skipped };

class Planner {
 public:
  Planner(const Fleet& fleet, const RolloutFacts& facts) : fleet_(fleet), facts_(facts) {}
  Rollout run(date::year_month month);

 private:
  void intern_placement();
  void assign_phases();
  void compute_levels();
  void compute_rounds();
  [[nodiscard]] bool nothing_to_wait_for(Index dep) const;
  void skip(Index m, SkipReason reason, std::string detail);
  std::vector<Chain> build_chains(std::vector<Index>& members) const;
  date::sys_seconds run_zone_group(std::vector<Chain>& chains, int phase, Index region, const std::string& zone,
                                   date::sys_seconds start);
  void apply_failures();
  [[nodiscard]] BatchOffers offers_of(const PendingBatch& batch) const;
  [[nodiscard]] std::vector<LocalStart> local_starts_of(const PendingBatch& batch) const;

  const Fleet& fleet_;
  const RolloutFacts& facts_;
  std::vector<std::string> region_names_;  // name order
  std::vector<Index> region_of_;
  std::vector<std::string_view> zone_names_;       // name order, "" (no zone) first
  std::vector<Index> zone_of_;                     // per machine: its zone in zone_names_
  std::vector<std::string_view> time_zone_names_;  // name order
  std::vector<Index> time_zone_of_;                // per machine: its time zone in time_zone_names_
  std::vector<Index> set_of_;                      // kNoSet outside sets
  std::vector<std::size_t> set_size_;
  std::vector<std::string_view> set_names_;
  std::vector<Index> subscription_of_;     // per machine: (region, subscription) index
  std::vector<int> domain_of_;             // per machine: its update domain (0 outside sets)
  std::vector<std::size_t> outside_sets_;  // per (region, subscription): machines outside sets
  std::vector<int> phase_of_region_;
  int phase_count_ = 0;
  std::vector<std::vector<Index>> deps_;
  std::vector<std::uint32_t> level_;
  std::vector<std::size_t> dependencies_first_;  // machines on a dependency edge, each after what it depends on
  std::vector<std::uint32_t> round_;             // 0, or the follow-up pass that runs it after a dependency
  std::vector<State> state_;
  std::vector<date::sys_seconds> end_of_;
  std::vector<NotPatched> skipped_;                  // as they were skipped (few, in a large fleet)
  std::vector<std::uint32_t> skipped_entry_;         // per machine: its entry in skipped_, or kNotSkipped
  std::vector<std::vector<std::uint32_t>> waiters_;  // per machine: chains of the current zone group waiting on it
  std::vector<std::uint32_t> work_;
  std::vector<PendingBatch> batches_;
  static constexpr Index kNoSet = static_cast<Index>(-1);
  static constexpr std::uint32_t kNotSkipped = static_cast<std::uint32_t>(-1);
};

// Hashes (region, name) pairs: placement is interned once per machine, and a
// large fleet has thousands of sets.
struct RegionNameHash {
  std::size_t operator()(const std::pair<std::uint32_t, std::string_view>& key) const noexcept {
    return std::hash<std::string_view>{}(key.second) * 31U + key.first;
  }
};

// Names numbered in the order they first appear, then renumbered in name order.
class NameNumbers {
 public:
  Index operator()(std::string_view name) {
    if (!names_.empty() && name == names_[last_]) return last_;  // neighbours mostly share it
    last_ = numbers_.try_emplace(name, static_cast<Index>(names_.size())).first->second;
    if (last_ == names_.size()) names_.push_back(name);
    return last_;
  }
  // The names in name order, and `numbers` (as returned above) renumbered to match.
  std::vector<std::string_view> sort(std::vector<Index>& numbers) const {
    std::vector<Index> order(names_.size());
    for (Index i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](Index a, Index b) { return names_[a] < names_[b]; });
    std::vector<Index> rank(names_.size());
    std::vector<std::string_view> sorted(names_.size());
    for (Index r = 0; r < order.size(); ++r) {
      rank[order[r]] = r;
      sorted[r] = names_[order[r]];
    }
    for (auto& number : numbers) number = rank[number];
    return sorted;
  }

 private:
  std::unordered_map<std::string_view, Index> numbers_;
  std::vector<std::string_view> names_;
  Index last_ = 0;
};

void Planner::intern_placement() {
  const auto& machines = fleet_.machines;
  const std::size_t n = machines.size();
  NameNumbers regions, zones, time_zones, subscriptions;
  std::unordered_map<std::pair<Index, std::string_view>, Index, RegionNameHash> sets;
  std::pair<Index, std::string_view> last_set;
  std::unordered_map<std::uint64_t, Index> region_subscriptions;
  region_of_.resize(n);
  zone_of_.resize(n);
  time_zone_of_.resize(n);
  set_of_.assign(n, kNoSet);
  subscription_of_.resize(n);
  domain_of_.resize(n);
  // Sets and subscriptions keyed by the region's first-appearance number here:
  // only their grouping and fleet-order numbering matter.
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = machines[i].placement;
    const Index region = regions(p.region);
    region_of_[i] = region;
    zone_of_[i] = zones(p.zone ? std::string_view(*p.zone) : std::string_view());
    time_zone_of_[i] = time_zones(machines[i].time_zone);
    domain_of_[i] = p.update_domain.value_or(0);
    if (p.availability_set) {
      // A set's machines are mostly listed together: the last one is remembered.
      const std::pair<Index, std::string_view> key{region, *p.availability_set};
      if (i == 0 || set_of_[i - 1] == kNoSet || key != last_set) {
        const auto [it, inserted] = sets.try_emplace(key, static_cast<Index>(set_size_.size()));
        if (inserted) {
          set_size_.push_back(0);
          set_names_.push_back(*p.availability_set);
        }
        last_set = key;
        set_of_[i] = it->second;
      } else {
        set_of_[i] = set_of_[i - 1];
      }
      ++set_size_[set_of_[i]];
    }
    const auto sub = subscriptions(p.subscription);
    const auto [it, inserted] =
        region_subscriptions.try_emplace(std::uint64_t{region} << 32 | sub, static_cast<Index>(outside_sets_.size()));
    if (inserted) outside_sets_.push_back(0);
    subscription_of_[i] = it->second;
    if (!p.availability_set) ++outside_sets_[it->second];
  }
  for (const auto name : regions.sort(region_of_)) region_names_.emplace_back(name);
  zone_names_ = zones.sort(zone_of_);
  time_zone_names_ = time_zones.sort(time_zone_of_);
}

// Paired regions are adjacent in the pairing graph; a greedy colouring in name
// order gives each region a phase no partner shares.
void Planner::assign_phases() {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Graph graph(region_names_.size());
  auto find = [&](const std::string& name) {
    const auto it = std::lower_bound(region_names_.begin(), region_names_.end(), name);
    return it != region_names_.end() && *it == name ? std::optional<std::size_t>(it - region_names_.begin())
                                                    : std::nullopt;
  };
  for (const auto& region : fleet_.regions) {
    if (!region.pair) continue;
    const auto a = find(region.name);
    const auto b = find(*region.pair);
    if (a && b) boost::add_edge(*a, *b, graph);
  }
  std::vector<std::size_t> colour(region_names_.size());
  const auto map = boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, graph));
  phase_count_ = region_names_.empty() ? 0 : static_cast<int>(boost::sequential_vertex_coloring(graph, map));
  phase_of_region_.assign(colour.begin(), colour.end());
}

// Dependency depth: 0 without dependencies, else one more than the deepest
// dependency. Ordering each chain by it means a chain never waits on itself.
void Planner::compute_levels() {
  const std::size_t n = fleet_.machines.size();
  deps_.resize(n);
  level_.assign(n, 0);
  // The graph holds only machines on a dependency edge (any topological order of
  // them gives the same levels and rounds); a large fleet has few.
  constexpr Index kNotInGraph = static_cast<Index>(-1);
  std::vector<Index> vertex_of(n, kNotInGraph);
  std::vector<Index> machine_of;
  std::vector<std::pair<Index, Index>> edges;
  auto vertex = [&](Index m) {
    if (vertex_of[m] == kNotInGraph) {
      vertex_of[m] = static_cast<Index>(machine_of.size());
      machine_of.push_back(m);
    }
    return vertex_of[m];
  };
  for (Index i = 0; i < n; ++i) {
    for (const auto& id : fleet_.machines[i].placement.depends_on) {
      const Index dep = facts_.index.find(id).value();  // validate_placement found it
      deps_[i].push_back(dep);
      edges.emplace_back(vertex(i), vertex(dep));
    }
  }
  if (edges.empty()) return;
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph graph(machine_of.size());
  for (const auto& [from, to] : edges) boost::add_edge(from, to, graph);
  std::vector<std::size_t> order;
  order.reserve(machine_of.size());
  boost::topological_sort(graph, std::back_inserter(order));
  dependencies_first_.reserve(order.size());
  for (const auto v : order) dependencies_first_.push_back(machine_of[v]);
  for (const auto m : dependencies_first_) {
    for (const auto dep : deps_[m]) level_[m] = std::max(level_[m], level_[dep] + 1);
  }
}

// A dependency that installs nothing this month is up to date: nothing to wait for.
bool Planner::nothing_to_wait_for(Index dep) const {
  return state_[dep] == State::skipped && skipped_[skipped_entry_[dep]].reason == SkipReason::offer_none;
}

// Zone groups run one after another within a region, phases one after another,
// and regions of one phase side by side. A machine whose dependency does not run
// before its own group (another region of its phase, a later phase or zone) moves
// to a follow-up pass after the dependency's: one more round than it.
void Planner::compute_rounds() {
  round_.assign(fleet_.machines.size(), 0);
  auto zone = [&](Index m) -> const std::optional<std::string>& { return fleet_.machines[m].placement.zone; };
  for (const auto m : dependencies_first_) {
    for (const auto dep : deps_[m]) {
      if (nothing_to_wait_for(dep)) continue;
      const int phase_m = phase_of_region_[region_of_[m]];
      const int phase_d = phase_of_region_[region_of_[dep]];
      const bool runs_before = phase_d < phase_m || (region_of_[dep] == region_of_[m] && zone(dep) <= zone(m));
      round_[m] = std::max(round_[m], round_[dep] + (runs_before ? 0U : 1U));
    }
  }
}

void Planner::skip(Index m, SkipReason reason, std::string detail) {
  state_[m] = State::skipped;
  NotPatched entry{fleet_.machines[m].id, reason, std::move(detail)};
  if (skipped_entry_[m] == kNotSkipped) {
    skipped_entry_[m] = static_cast<std::uint32_t>(skipped_.size());
    skipped_.push_back(std::move(entry));
  } else {
    skipped_[skipped_entry_[m]] = std::move(entry);
  }
  for (const auto c : waiters_[m]) work_.push_back(c);
  waiters_[m].clear();
}

std::vector<Chain> Planner::build_chains(std::vector<Index>& members) const {
  // Chain key: the set, else the (region, subscription) of machines outside sets.
  auto chain_key = [&](Index m) -> std::uint64_t {
    return set_of_[m] != kNoSet ? set_of_[m] : (std::uint64_t{1} << 32) + subscription_of_[m];
  };
  // Ordered by chain, dependency level, update domain, windows and fleet order; the
  // keys are gathered first, as a comparison reading them scattered misses the cache.
  struct Keyed {
    std::uint64_t chain;
    std::uint32_t level;
    int domain;
    std::uint32_t windows;
    Index machine;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(members.size());
  for (const Index m : members)
    keyed.push_back({chain_key(m), level_[m], domain_of_[m], facts_.machines[m].windows, m});
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.chain, a.level, a.domain, a.windows, a.machine) <
           std::tie(b.chain, b.level, b.domain, b.windows, b.machine);
  });
  for (std::size_t i = 0; i < members.size(); ++i) members[i] = keyed[i].machine;
  std::vector<Chain> chains;
  for (std::size_t i = 0; i < members.size();) {
    const Index first = members[i];
    const auto key = chain_key(first);
    std::size_t limit = 0;
    if (set_of_[first] != kNoSet) {
      limit = availability_set_limit(set_size_[set_of_[first]]);
    } else {
      // Never all of a subscription's machines at once: at most half of them.
      limit = std::max<std::size_t>(1, outside_sets_[subscription_of_[first]] / 2);
    }
    Chain chain;
    for (; i < members.size() && chain_key(members[i]) == key; ++i) {
      const Index m = members[i];
      const auto& facts = facts_.machines[m];
      const bool new_slice = chain.slices.empty() || chain.slices.back().machines.size() >= limit ||
                             level_[chain.slices.back().machines.front()] != level_[m] ||
                             domain_of_[chain.slices.back().machines.front()] != domain_of_[m] ||
                             chain.slices.back().windows != facts.windows;
      if (new_slice) chain.slices.push_back(Slice{{}, std::chrono::minutes{0}, facts.windows});
      chain.slices.back().machines.push_back(m);
      chain.slices.back().duration = std::max(chain.slices.back().duration, facts.duration);
    }
    chains.push_back(std::move(chain));
  }
  return chains;
}

// One zone of one region: batches one after another; each batch starts every
// chain whose next slice is ready at the earliest possible instant.
date::sys_seconds Planner::run_zone_group(std::vector<Chain>& chains, int phase, Index region, const std::string& zone,
                                          date::sys_seconds start) {
  using Entry = std::pair<date::sys_seconds, std::uint32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  date::sys_seconds cursor = start;
  std::vector<std::uint32_t> waiting_on_later;  // chains blocked by a machine not yet rolled out

  std::vector<Index> awaited;  // machines whose waiters_ name this group's chains

  auto evaluate = [&](std::uint32_t c) {
    Chain& chain = chains[c];
    if (chain.queued) return;
    while (chain.next < chain.slices.size()) {
      Slice& slice = chain.slices[chain.next];
      auto ready = std::max(cursor, chain.free_at);
      std::optional<Index> wait_for;
      std::size_t kept = 0;
      for (const Index m : slice.machines) {
        if (state_[m] != State::pending) continue;
        bool dropped = false;
        for (const Index dep : deps_[m]) {
          if (nothing_to_wait_for(dep)) continue;
          if (state_[dep] == State::skipped) {
            skip(m, SkipReason::dependency_not_patched,
                 fmt::format("depends on {}, which is not patched", fleet_.machines[dep].id));
            dropped = true;
            break;
          }
          if (state_[dep] == State::pending)
            wait_for = dep;
          else
            ready = std::max(ready, end_of_[dep]);
        }
        if (!dropped) slice.machines[kept++] = m;
      }
      slice.machines.resize(kept);
      if (slice.machines.empty()) {
        ++chain.next;
        continue;
      }
      if (wait_for) {
        waiters_[*wait_for].push_back(c);
        awaited.push_back(*wait_for);
        return;
      }
      if (const auto at = detail::first_fit(facts_.windows[slice.windows], ready, slice.duration)) {
        heap.push({*at, c});
        chain.queued = true;
        return;
      }
      for (const Index m : slice.machines) {
        const auto no_room = fmt::format("no off-peak window with {} free minutes left before the deadline {}",
                                         slice.duration.count(), format_utc(facts_.deadline));
        if (round_[m] == 0) {
          skip(m, SkipReason::deadline_missed, no_room);
          continue;
        }
        // It waited for a dependency rolled out in a later pass: name the last to finish.
        const auto last = *std::max_element(deps_[m].begin(), deps_[m].end(),
                                            [&](Index a, Index b) { return end_of_[a] < end_of_[b]; });
        skip(m, SkipReason::dependency_later,
             fmt::format("waits for {} ({}, zone {}), which finishes at {}; after it, {}", fleet_.machines[last].id,
                         fleet_.machines[last].placement.region, fleet_.machines[last].placement.zone.value_or("none"),
                         format_utc(end_of_[last]), no_room));
      }
      ++chain.next;
    }
  };
  auto drain = [&] {
    while (!work_.empty()) {
      const auto c = work_.back();
      work_.pop_back();
      evaluate(c);
    }
  };

  for (std::uint32_t c = 0; c < chains.size(); ++c) work_.push_back(c);
  drain();
  std::vector<std::uint32_t> starting;
  while (true) {
    if (heap.empty()) {
      // Everything left waits on machines rolled out later (another zone,
      // region or phase): those machines miss their turn.
      bool any = false;
      for (std::uint32_t c = 0; c < chains.size(); ++c) {
        const auto& chain = chains[c];
        if (chain.next >= chain.slices.size()) continue;
        work_.push_back(c);
        for (const Index m : chain.slices[chain.next].machines) {
          for (const Index dep : deps_[m]) {
            if (state_[m] != State::pending || state_[dep] != State::pending) continue;
            skip(m, SkipReason::dependency_later,
                 fmt::format("depends on {}, which is rolled out after this machine's turn", fleet_.machines[dep].id));
            any = true;
          }
        }
      }
      if (!any) {
        work_.clear();
        break;
      }
      drain();
      continue;
    }
    const auto [at, first] = heap.top();
    if (at < cursor) {
      heap.pop();
      chains[first].queued = false;
      work_.push_back(first);
      drain();
      continue;
    }
    starting.clear();
    while (!heap.empty() && heap.top().first == at) {
      starting.push_back(heap.top().second);
      chains[heap.top().second].queued = false;
      heap.pop();
    }
    PendingBatch batch{phase, region, zone, at, at, {}, {}};
    for (const auto c : starting) {
      const Slice& slice = chains[c].slices[chains[c].next];
      batch.end = std::max(batch.end, at + slice.duration);
      batch.machines.insert(batch.machines.end(), slice.machines.begin(), slice.machines.end());
    }
    std::sort(batch.machines.begin(), batch.machines.end());
    for (const Index m : batch.machines) {
      state_[m] = State::batched;
      end_of_[m] = batch.end;
      for (const auto c : waiters_[m]) work_.push_back(c);
      waiters_[m].clear();
    }
    cursor = batch.end;
    for (const auto c : starting) {
      chains[c].free_at = batch.end;
      ++chains[c].next;
      work_.push_back(c);
    }
    batches_.push_back(std::move(batch));
    drain();
  }
  for (const Index m : awaited) waiters_[m].clear();  // chains die with this group
  return cursor;
}

// A failed update stops the rest of its availability set and holds every later
// phase; whatever depended on a machine that is now not patched is not patched either.
void Planner::apply_failures() {
  int failed_phase = std::numeric_limits<int>::max();
  std::string first_failure;
  std::unordered_map<Index, std::pair<date::sys_seconds, Index>> set_stopped;  // set -> (when, failed machine)
  for (const auto& batch : batches_) {
    for (const Index m : batch.machines) {
      if (!facts_.machines[m].failed) continue;
      if (batch.phase < failed_phase) {
        failed_phase = batch.phase;
        first_failure = fleet_.machines[m].id;
      }
      if (set_of_[m] != kNoSet) {
        auto [it, inserted] = set_stopped.try_emplace(set_of_[m], batch.end, m);
        if (!inserted && batch.end < it->second.first) it->second = {batch.end, m};
      }
    }
  }
  std::vector<std::size_t> by_start(batches_.size());
  for (std::size_t i = 0; i < by_start.size(); ++i) by_start[i] = i;
  std::stable_sort(by_start.begin(), by_start.end(),
                   [&](std::size_t a, std::size_t b) { return batches_[a].start < batches_[b].start; });
  for (const auto b : by_start) {
    auto& batch = batches_[b];
    std::vector<Index> healthy;
    for (const Index m : batch.machines) {
      const auto set = set_of_[m];
      const auto stopped = set == kNoSet ? set_stopped.end() : set_stopped.find(set);
      if (batch.phase > failed_phase) {
        skip(m, SkipReason::held_by_failure,
             fmt::format("phase {} is held: the update of {} failed in phase {}", batch.phase + 1, first_failure,
                         failed_phase + 1));
      } else if (stopped != set_stopped.end() && batch.start >= stopped->second.first) {
        skip(m, SkipReason::stopped_by_failure,
             fmt::format("availability set {} stopped after the update of {} failed", set_names_[set],
                         fleet_.machines[stopped->second.second].id));
      } else if (const auto bad = std::find_if(deps_[m].begin(), deps_[m].end(),
                                               [&](Index d) {
                                                 return !nothing_to_wait_for(d) &&
                                                        (state_[d] != State::batched || facts_.machines[d].failed);
                                               });
                 bad != deps_[m].end()) {
        skip(m, SkipReason::dependency_not_patched,
             fmt::format("depends on {}, which is not patched", fleet_.machines[*bad].id));
      } else if (facts_.machines[m].failed) {
        batch.failed.push_back(m);
      } else {
        healthy.push_back(m);
      }
    }
    batch.machines = std::move(healthy);
  }
  std::erase_if(batches_, [](const PendingBatch& b) { return b.machines.empty() && b.failed.empty(); });
}

BatchOffers Planner::offers_of(const PendingBatch& batch) const {
  BatchOffers offers;
  for (const auto* list : {&batch.machines, &batch.failed}) {
    for (const Index m : *list) {
      const auto& f = facts_.machines[m];
      switch (f.offer) {
        case Offer::hotpatch:
          ++offers.hotpatch;
          break;
        case Offer::baseline:
          ++offers.baseline;
          break;
        case Offer::lcu:
          ++offers.regular;
          break;
        case Offer::none:
          ++offers.catalog;
          break;
      }
      offers.restarting += f.restarts ? 1 : 0;
    }
  }
  return offers;
}

std::vector<LocalStart> Planner::local_starts_of(const PendingBatch& batch) const {
  std::vector<std::pair<Index, Index>> zones;  // (time zone, its first machine in the batch)
  for (const auto* list : {&batch.machines, &batch.failed}) {
    for (const Index m : *list) {
      const Index zone = time_zone_of_[m];
      // A batch has few time zones, and neighbours mostly share one.
      if (!zones.empty() && zones.back().first == zone) continue;
      if (std::none_of(zones.begin(), zones.end(), [zone](const auto& z) { return z.first == zone; }))
        zones.emplace_back(zone, m);
    }
  }
  std::sort(zones.begin(), zones.end());  // time zones are numbered in name order
  std::vector<LocalStart> out;
  out.reserve(zones.size());
  for (const auto& [zone, m] : zones) {
    out.push_back(
        LocalStart{std::string(time_zone_names_[zone]), machine_zone(fleet_.machines[m], m).zoned(batch.start)});
  }
  return out;
}

Rollout Planner::run(date::year_month month) {
  const std::size_t n = fleet_.machines.size();
  intern_placement();
  assign_phases();
  compute_levels();
  state_.assign(n, State::pending);
  end_of_.assign(n, date::sys_seconds{});
  skipped_entry_.assign(n, kNotSkipped);
  waiters_.assign(n, {});

  for (Index m = 0; m < n; ++m) {
    const auto& f = facts_.machines[m];
    if (!f.installs) {
      skip(m, SkipReason::offer_none, fmt::format("nothing to install in {}", format_year_month(month)));
    } else if (!detail::first_fit(facts_.windows[f.windows], facts_.release, f.duration)) {
      skip(m, SkipReason::no_window,
           fmt::format("no off-peak window of {} minutes between the release and the deadline", f.duration.count()));
    }
  }
  compute_rounds();

  // Zone groups: (round, phase, region, zone), no zone first; each runs after the
  // previous one of its region. Phases are numbered over (round, phase) in order.
  using GroupKey = std::tuple<std::uint32_t, int, Index, Index>;  // zone_of_: name order, no zone first
  std::map<GroupKey, std::vector<Index>> groups;
  for (Index m = 0; m < n; ++m) {
    if (state_[m] != State::pending) continue;
    groups[{round_[m], phase_of_region_[region_of_[m]], region_of_[m], zone_of_[m]}].push_back(m);
  }
  // Round 0 lists every phase and region; follow-up rounds only those with machines.
  std::map<std::pair<std::uint32_t, int>, std::set<Index>> phase_regions;
  for (int p = 0; p < phase_count_; ++p) {
    auto& regions = phase_regions[{0U, p}];
    for (Index r = 0; r < region_names_.size(); ++r) {
      if (phase_of_region_[r] == p) regions.insert(r);
    }
  }
  for (const auto& [key, members] : groups)
    phase_regions[{std::get<0>(key), std::get<1>(key)}].insert(std::get<2>(key));
  std::map<std::pair<std::uint32_t, int>, int> phase_number;
  for (const auto& [key, regions] : phase_regions) phase_number.emplace(key, static_cast<int>(phase_number.size()));

  date::sys_seconds phase_start = facts_.release;
  date::sys_seconds phase_end = phase_start;
  int current_phase = 0;
  Index current_region = static_cast<Index>(-1);
  date::sys_seconds region_cursor = phase_start;
  for (auto& [key, members] : groups) {
    const auto& [round, colour, region, zone] = key;
    const int phase = phase_number.at({round, colour});
    if (phase != current_phase) {
      current_phase = phase;
      phase_start = phase_end;
      current_region = static_cast<Index>(-1);
    }
    if (region != current_region) {
      current_region = region;
      region_cursor = phase_start;
    }
    auto chains = build_chains(members);
    region_cursor = run_zone_group(chains, phase, region, std::string(zone_names_[zone]), region_cursor);
    phase_end = std::max(phase_end, region_cursor);
  }
  apply_failures();

  Rollout out;
  out.month = month;
  out.release = facts_.release;
  out.deadline = facts_.deadline;
  for (const auto& [key, number] : phase_number) {
    RolloutPhase phase{number + 1, {}};
    for (const Index r : phase_regions.at(key)) phase.regions.push_back(region_names_[r]);
    out.phases.push_back(std::move(phase));
  }
  auto ids = [&](const std::vector<Index>& list) {
    constexpr std::size_t kAhead = 8;  // machines are large: fetch the ids ahead of copying them
    std::vector<std::string> result;
    result.reserve(list.size());
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (k + kAhead < list.size()) __builtin_prefetch(&fleet_.machines[list[k + kAhead]].id);
      result.push_back(fleet_.machines[list[k]].id);
    }
    return result;
  };
  out.batches.reserve(batches_.size());
  for (std::size_t i = 0; i < batches_.size(); ++i) {
    const auto& b = batches_[i];
    out.batches.push_back(RolloutBatch{static_cast<int>(i + 1), b.phase + 1, region_names_[b.region],
                                       b.zone.empty() ? std::nullopt : std::optional<std::string>(b.zone), b.start,
                                       b.end, ids(b.machines), ids(b.failed), offers_of(b), local_starts_of(b)});
  }
  out.not_patched.reserve(skipped_.size());
  for (const auto entry : skipped_entry_) {
    if (entry != kNotSkipped) out.not_patched.push_back(std::move(skipped_[entry]));
  }
  return out;
}

}  // namespace

namespace {

// The rollout from the plan's month. The scheduling is one thread's work: beside
// it run the checks' reading of the placement and `after_facts` (which may free
// the plan: nothing reads it once its month is gathered).
template <typename AfterFacts>
Rollout plan_month(const Fleet& fleet, const FleetPlan& plan, date::year_month month, const RolloutOptions& options,
                   AfterFacts&& after_facts) {
  validate_placement(fleet);
  const auto facts = detail::gather_rollout_facts(fleet, plan, month, options);
  detail::FleetPlacement placement;
  Rollout rollout;
  detail::run_both(
      options.threads,
      [&] {
        placement = detail::read_placement(fleet);
        after_facts();
      },
      [&] { rollout = Planner(fleet, facts).run(month); });
  rollout.checks = detail::verify_rollout(fleet, rollout, facts, placement, options.threads);
  return rollout;
}

}  // namespace

Rollout plan_rollout(const Fleet& fleet, const FleetPlan& plan, date::year_month month, const RolloutOptions& options) {
  return plan_month(fleet, plan, month, options, [] {});
}

Rollout plan_rollout(const Fleet& fleet, FleetPlan&& plan, date::year_month month, const RolloutOptions& options) {
  return plan_month(fleet, plan, month, options, [&plan] { plan = FleetPlan{}; });
}

std::vector<RolloutCheck> verify_rollout(const Fleet& fleet, const FleetPlan& plan, const Rollout& rollout,
                                         const RolloutOptions& options) {
  return detail::verify_rollout(fleet, rollout, detail::gather_rollout_facts(fleet, plan, rollout.month, options),
                                detail::read_placement(fleet), options.threads);
}

std::vector<std::string> parse_failures(const Json& document) {
  const JsonNode root(document, "");
  root.expect_object({"failed"});
  const auto list = root.at("failed");
  const std::size_t n = list.array_size();
  std::vector<std::string> ids;
  ids.reserve(n);
  std::unordered_map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const auto element = list.element(i);
    const auto id = element.string();
    if (id.empty()) element.fail("expected a non-empty machine id");
    ids.emplace_back(id);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto [it, inserted] = seen.emplace(ids[i], i);
    if (!inserted)
      list.element(i).fail(fmt::format("duplicate machine id \"{}\" (first at /failed/{})", ids[i], it->second));
  }
  return ids;
}

}  // namespace hotplan
