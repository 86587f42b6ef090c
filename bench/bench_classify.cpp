// Classify, resolve supersedence and order a large catalog with deep
// supersedence chains. Target: 100,000 updates in under 100 ms.
#include <benchmark/benchmark.h>

#include "hotplan/hotplan.hpp"

namespace {

using namespace hotplan;

// `count` updates in chains of `depth`: each update supersedes the previous one
// of its chain; every tenth requires the servicing stack update of its chain.
// Classifications vary so the policy skips some of them.
Catalog make_catalog(std::size_t count, std::size_t depth) {
  std::vector<CatalogUpdate> updates;
  updates.reserve(count);
  constexpr UpdateClassification kClasses[] = {UpdateClassification::security, UpdateClassification::critical,
                                               UpdateClassification::definition, UpdateClassification::updates};
  constexpr UpdateCategory kCategories[] = {UpdateCategory::dotnet, UpdateCategory::driver, UpdateCategory::other,
                                            UpdateCategory::os_cumulative};
  const date::sys_days first{date::year{2020} / 1 / 1};
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t chain_start = i - i % depth;
    CatalogUpdate u{*Kb::parse("KB" + std::to_string(10'000'000 + i)),
                    "update",
                    {Product::ws2025},
                    kClasses[(i / depth) % 4],
                    Severity::important,
                    i % depth == 0 ? UpdateCategory::ssu : kCategories[(i / depth) % 4],
                    first + date::days{static_cast<int>(i % 2000)},
                    i % 3 == 0 ? RebootBehaviour::may : RebootBehaviour::never,
                    {},
                    {}};
    if (i % depth > 1) u.supersedes.push_back(updates.back().kb);
    if (i % 10 == 5 && i % depth != 0) u.prerequisites.push_back(updates[chain_start].kb);
    updates.push_back(std::move(u));
  }
  return Catalog(std::move(updates));
}

// classify(): policy, supersedence, prerequisites and install order.
void BM_classify(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const auto catalog = make_catalog(count, static_cast<std::size_t>(state.range(1)));
  const Policy policy = AutomaticByPlatform{};
  const ClassifyOptions options{date::sys_days{date::year{2030} / 1 / 1}, std::nullopt, Product::ws2025, nullptr,
                                CalendarSet::shipped()};
  for (auto _ : state) {
    auto result = classify(catalog, policy, options);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
}
BENCHMARK(BM_classify)->ArgsProduct({{1'000, 10'000, 100'000}, {100, 10'000}})->Unit(benchmark::kMillisecond);

// Catalog validation: duplicates, self-references, cycle checks and the
// supersedence and prerequisite orders (once per catalog load).
void BM_catalog_validate(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const auto catalog = make_catalog(count, static_cast<std::size_t>(state.range(1)));
  for (auto _ : state) {
    auto copy = catalog.updates();
    Catalog validated(std::move(copy));
    benchmark::DoNotOptimize(validated);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
}
BENCHMARK(BM_catalog_validate)->ArgsProduct({{1'000, 10'000, 100'000}, {100, 10'000}})->Unit(benchmark::kMillisecond);

}  // namespace
