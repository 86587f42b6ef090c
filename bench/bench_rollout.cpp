// Plan and roll out generated fleets: 60 regions (paired two by two), 3 zones
// each, availability sets of 2 to 200 machines, 10% outside sets, 30 time zones.
// The series shows how the cost grows with the fleet; peak_rss_mb is the
// process's peak resident memory so far (fleet included).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "fleet_generator.hpp"
#include "hotplan/hotplan.hpp"

namespace {

hotplan::FleetShape bench_shape(std::size_t machines) {
  hotplan::FleetShape shape;
  shape.machines = machines;
  shape.regions = 60;
  shape.zones_per_region = 3;
  shape.min_set = 2;
  shape.max_set = 200;
  shape.update_domains = 5;
  shape.outside_sets = 0.1;
  shape.subscriptions = 50;
  shape.ineligible = 0.02;
  shape.dependencies = 0.001;
  shape.time_zones = {
      "Asia/Shanghai",       "Asia/Kolkata",         "America/New_York", "Asia/Tokyo",       "America/Sao_Paulo",
      "America/Mexico_City", "Africa/Cairo",         "Asia/Dhaka",       "Asia/Karachi",     "Europe/Istanbul",
      "Africa/Lagos",        "America/Buenos_Aires", "Asia/Manila",      "Europe/Moscow",    "Africa/Kinshasa",
      "America/Los_Angeles", "Asia/Jakarta",         "America/Lima",     "Europe/London",    "Asia/Bangkok",
      "Asia/Seoul",          "Asia/Tehran",          "America/Bogota",   "Asia/Ho_Chi_Minh", "Asia/Hong_Kong",
      "Asia/Baghdad",        "Asia/Riyadh",          "America/Santiago", "Asia/Singapore",   "Europe/Berlin"};
  return shape;
}

void BM_PlanRollout(benchmark::State& state) {
  const auto fleet = hotplan::generate_fleet(bench_shape(static_cast<std::size_t>(state.range(0))));
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
