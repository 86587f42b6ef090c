// The C++ side of the Python-overhead comparison: what hotplan.plan costs
// without Python. bench/bench_python_overhead.py generates the fleet, runs this
// program on it (HOTPLAN_BENCH_FLEET) and times hotplan.plan on the same fleet.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <optional>

#include "hotplan/hotplan.hpp"

namespace {

using hotplan::Json;

const date::year_month kFrom = date::year{2025} / date::October;
constexpr int kMonths = 12;

const Json* bench_fleet() {
  static const std::optional<Json> document = []() -> std::optional<Json> {
    const char* path = std::getenv("HOTPLAN_BENCH_FLEET");
    if (path == nullptr) return std::nullopt;
    return hotplan::load_json_file(path);
  }();
  return document ? &*document : nullptr;
}

// The first `count` machines of the benchmark fleet, or nullopt (and the
// benchmark skipped) without a fleet file or with too few machines.
std::optional<Json> fleet_prefix(benchmark::State& state) {
  const Json* fleet = bench_fleet();
  const auto count = static_cast<std::size_t>(state.range(0));
  if (fleet == nullptr) {
    state.SkipWithError("set HOTPLAN_BENCH_FLEET (bench/bench_python_overhead.py does)");
    return std::nullopt;
  }
  const auto& machines = fleet->at("machines");
  if (machines.size() < count) {
    state.SkipWithError("the fleet file has too few machines");
    return std::nullopt;
  }
  Json prefix = *fleet;
  prefix["machines"] = Json(machines.begin(), machines.begin() + static_cast<std::ptrdiff_t>(count));
  return prefix;
}

// make_plan (with install windows) + plan_to_json: what `hotplan plan --json` and hotplan.plan compute.
Json plan_json(const hotplan::Fleet& fleet) {
  return hotplan::plan_to_json(hotplan::make_plan(fleet, hotplan::CalendarSet::shipped(), kFrom, kMonths));
}

// On a parsed fleet: "the C++ call".
void BM_plan_to_json(benchmark::State& state) {
  const auto document = fleet_prefix(state);
  if (!document) return;
  const auto fleet = hotplan::parse_fleet(*document);
  for (auto _ : state) benchmark::DoNotOptimize(plan_json(fleet));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_plan_to_json)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// parse_fleet + plan_json from Json: hotplan.plan's C++ work
// between converting its arguments and converting its result.
void BM_parse_plan_to_json(benchmark::State& state) {
  const auto document = fleet_prefix(state);
  if (!document) return;
  for (auto _ : state) {
    benchmark::DoNotOptimize(plan_json(hotplan::parse_fleet(*document)));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_parse_plan_to_json)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// load_fleet (the file) + plan_json: what hotplan.plan(path) does in C++, and
// what a C++ program planning that file would call.
void BM_load_plan_to_json(benchmark::State& state) {
  const char* path = std::getenv("HOTPLAN_BENCH_FLEET");
  if (path == nullptr || fleet_prefix(state)->at("machines").size() != static_cast<std::size_t>(state.range(0))) {
    state.SkipWithError("needs HOTPLAN_BENCH_FLEET with exactly this many machines");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(plan_json(hotplan::load_fleet(path)));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_load_plan_to_json)->Arg(10000)->Unit(benchmark::kMillisecond);

// load_fleet + make_plan alone: the plan as C++ values, no JSON (a floor for any binding).
void BM_load_plan(benchmark::State& state) {
  const char* path = std::getenv("HOTPLAN_BENCH_FLEET");
  if (path == nullptr || fleet_prefix(state)->at("machines").size() != static_cast<std::size_t>(state.range(0))) {
    state.SkipWithError("needs HOTPLAN_BENCH_FLEET with exactly this many machines");
    return;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        hotplan::make_plan(hotplan::load_fleet(path), hotplan::CalendarSet::shipped(), kFrom, kMonths));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_load_plan)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
