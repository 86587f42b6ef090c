// Calendar lookups and trajectory planning, with scaling series up to
// 1,000,000 machine-months. Run: build/bin/bench_trajectory
#include <benchmark/benchmark.h>

#include <vector>

#include "hotplan/hotplan.hpp"

namespace {

using namespace hotplan;

constexpr int kMonths = 12;

// A mix of the cases the engine distinguishes: on the chain, off it, licence
// expired, not enrolled, not eligible.
std::vector<Machine> synthetic_machines(std::size_t count) {
  const char* kbs[] = {"KB5066835", "KB5070881", "KB5070893", "KB5082063", "KB5999999"};
  std::vector<Machine> machines(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto& m = machines[i];
    m.id = "vm-" + std::to_string(i);
    m.product = i % 10 == 9 ? Product::ws2022_azure_edition : Product::ws2025;
    m.edition = i % 3 == 0 ? Edition::datacenter : Edition::datacenter_azure_edition;
    m.arc_connected = true;
    m.installed_kb = m.product == Product::ws2025 ? *Kb::parse(kbs[i % 5]) : *Kb::parse("KB5040437");
    m.build = m.product == Product::ws2025 ? Build{26100, 6899} : Build{20348, 2582};
    m.hotpatch_enrolled = i % 7 == 0 ? std::nullopt : std::optional(date::sys_days{date::year{2025} / 9 / 1});
    m.licence = i % 11 == 0 ? Licence::expired : Licence::active;
    m.vbs_status = i % 13 == 0 ? 0 : 2;
    m.uefi = m.secure_boot = true;
    m.generation = 2;
  }
  return machines;
}

void BM_CalendarMonth(benchmark::State& state) {
  const auto& calendar = Calendar::shipped(Product::ws2025);
  const date::year_month from{date::year{2025}, date::October};
  int i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(calendar.month(from + date::months{i++ % 120}));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CalendarMonth);

void BM_CalendarKind(benchmark::State& state) {
  const auto& calendar = Calendar::shipped(Product::ws2025);
  const date::year_month from{date::year{2025}, date::October};
  int i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(calendar.kind(from + date::months{i++ % 120}));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CalendarKind);

// Items are machine-months; the argument is the number of machine-months.
void BM_PlanFleet(benchmark::State& state) {
  Fleet fleet;
  fleet.machines = synthetic_machines(static_cast<std::size_t>(state.range(0)) / kMonths);
  const date::year_month from{date::year{2025}, date::October};
  for (auto _ : state) {
    auto plan = plan_fleet(fleet, from, kMonths, CalendarSet::shipped());
    benchmark::DoNotOptimize(plan.machines.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(fleet.machines.size()) * kMonths);
}
BENCHMARK(BM_PlanFleet)->RangeMultiplier(10)->Range(1'200, 1'200'000)->Unit(benchmark::kMillisecond);

// Planning plus the reason sentences and JSON of the CLI's --json output.
void BM_PlanFleetToJson(benchmark::State& state) {
  Fleet fleet;
  fleet.machines = synthetic_machines(static_cast<std::size_t>(state.range(0)) / kMonths);
  const date::year_month from{date::year{2025}, date::October};
  for (auto _ : state) {
    auto json = plan_to_json(make_plan(fleet, CalendarSet::shipped(), from, kMonths, {nullptr, nullptr, false, 1}));
    benchmark::DoNotOptimize(json.size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(fleet.machines.size()) * kMonths);
}
BENCHMARK(BM_PlanFleetToJson)->RangeMultiplier(10)->Range(1'200, 120'000)->Unit(benchmark::kMillisecond);

}  // namespace
