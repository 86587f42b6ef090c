// The HTML report of a generated fleet (bench_fleet.hpp, as bench_rollout.cpp): plan of
// 12 months and the first month's rollout computed once, then report_html timed.
// size_mb is the report's size. With HOTPLAN_REPORT_OUT=FILE the last report is
// written there (the README's Chromium load time is measured on it).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>

#include "bench_fleet.hpp"
#include "hotplan/hotplan.hpp"

namespace {

void BM_Report(benchmark::State& state) {
  const auto fleet = hotplan::generate_fleet(hotplan::bench::bench_shape(static_cast<std::size_t>(state.range(0))));
  const date::year_month month{date::year{2026}, date::May};
  const auto& calendars = hotplan::CalendarSet::shipped();
  const auto started = std::chrono::steady_clock::now();
  const auto plan = hotplan::make_plan(fleet, calendars, month, 12);
  const auto planned = std::chrono::steady_clock::now();
  const auto rollout = hotplan::make_rollout(fleet, calendars, month, {}, {});
  const auto rolled = std::chrono::steady_clock::now();
  std::string html;
  for (auto _ : state) {
    html = hotplan::report_html(fleet, plan, calendars, &rollout);
    benchmark::DoNotOptimize(html);
  }
  using ms = std::chrono::duration<double, std::milli>;
  state.counters["plan_ms"] = ms(planned - started).count();
  state.counters["rollout_ms"] = ms(rolled - planned).count();
  state.counters["batches"] = static_cast<double>(rollout.batches.size());
  state.counters["size_mb"] = static_cast<double>(html.size()) / 1e6;
  if (const char* out = std::getenv("HOTPLAN_REPORT_OUT"))
    hotplan::write_file_atomically(out, html, "HOTPLAN_REPORT_OUT");
}

}  // namespace

BENCHMARK(BM_Report)->Arg(1'000)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(3);
