// Plan and roll out generated fleets: 60 regions (paired two by two), 3 zones
// each, availability sets of 2 to 200 machines, 10% outside sets, 30 time zones.
// The series shows how the cost grows with the fleet; peak_rss_mb is the
// process's peak resident memory so far (fleet included).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "bench_fleet.hpp"
#include "hotplan/hotplan.hpp"

namespace {

void BM_PlanRollout(benchmark::State& state) {
  const auto fleet = hotplan::generate_fleet(hotplan::bench::bench_shape(static_cast<std::size_t>(state.range(0))));
  const date::year_month month{date::year{2026}, date::May};
  std::size_t batches = 0;
  for (auto _ : state) {
    const auto rollout = hotplan::make_rollout(fleet, hotplan::CalendarSet::shipped(), month, {}, {});
    batches = rollout.batches.size();
    benchmark::DoNotOptimize(rollout);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  state.counters["batches"] = static_cast<double>(batches);
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

BENCHMARK(BM_PlanRollout)
    ->Arg(62'500)
    ->Arg(125'000)
    ->Arg(250'000)
    ->Arg(500'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
