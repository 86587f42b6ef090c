// Off-peak windows for N VM-days spread over the 30 most populous time zones.
// Target: at least 5,000,000 windows per second on one core.
#include <benchmark/benchmark.h>
#include <date/tz.h>

#include <array>

#include "hotplan/windows.hpp"

namespace {

using namespace hotplan;

constexpr std::array<const char*, 30> kPopulousZones = {
    "Asia/Shanghai",       "Asia/Kolkata",        "America/New_York",
    "Asia/Tokyo",          "America/Sao_Paulo",   "America/Mexico_City",
    "Asia/Dhaka",          "Africa/Cairo",        "Asia/Karachi",
    "Europe/Moscow",       "Asia/Jakarta",        "Africa/Lagos",
    "Asia/Manila",         "Europe/Istanbul",     "America/Bogota",
    "America/Lima",        "Asia/Tehran",         "Europe/London",
    "America/Los_Angeles", "America/Chicago",     "Europe/Berlin",
    "Europe/Paris",        "Asia/Seoul",          "Asia/Bangkok",
    "Asia/Ho_Chi_Minh",    "Africa/Kinshasa",     "America/Argentina/Buenos_Aires",
    "Asia/Riyadh",         "Africa/Johannesburg", "Australia/Sydney"};

// VM i lives in zone i % 30 and wants the window of day i / 30 (spread over ten years).
date::local_days vm_day(std::int64_t i) {
  return date::local_days{date::year{2026} / 1 / 1} + date::days{(i / 30) % 3650};
}

void BM_OffpeakWindows(benchmark::State& state) {
  std::array<const TimeZone*, kPopulousZones.size()> zones{};
  for (std::size_t z = 0; z < zones.size(); ++z) zones[z] = &find_time_zone(kPopulousZones[z], "bench");
  const OffpeakPolicy policy;
  const auto n = state.range(0);
  for (auto _ : state) {
    for (std::int64_t i = 0; i < n; ++i) {
      auto w = offpeak_window(*zones[static_cast<std::size_t>(i % 30)], policy, vm_day(i));
      benchmark::DoNotOptimize(w);
    }
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_OffpeakWindows)->RangeMultiplier(10)->Range(1'000, 1'000'000)->Unit(benchmark::kMillisecond);

// The same with the zone resolved by name for every VM (the cached lookup).
void BM_OffpeakWindowsByZoneName(benchmark::State& state) {
  const OffpeakPolicy policy;
  const auto n = state.range(0);
  for (auto _ : state) {
    for (std::int64_t i = 0; i < n; ++i) {
      const auto& zone = find_time_zone(kPopulousZones[static_cast<std::size_t>(i % 30)], "bench");
      auto w = offpeak_window(zone, policy, vm_day(i));
      benchmark::DoNotOptimize(w);
    }
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_OffpeakWindowsByZoneName)->RangeMultiplier(10)->Range(1'000, 1'000'000)->Unit(benchmark::kMillisecond);

// Baseline: both ends through date/tz's own local lookup, no table (why the table exists).
void BM_DateTzLocalInfo(benchmark::State& state) {
  std::array<const date::time_zone*, kPopulousZones.size()> zones{};
  for (std::size_t z = 0; z < zones.size(); ++z) zones[z] = date::locate_zone(kPopulousZones[z]);
  const auto n = state.range(0);
  for (auto _ : state) {
    for (std::int64_t i = 0; i < n; ++i) {
      const auto* zone = zones[static_cast<std::size_t>(i % 30)];
      const auto day = vm_day(i);
      auto start = zone->get_info(day + std::chrono::hours{22});
      auto end = zone->get_info(day + std::chrono::hours{30});
      benchmark::DoNotOptimize(start);
      benchmark::DoNotOptimize(end);
    }
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_DateTzLocalInfo)->RangeMultiplier(10)->Range(1'000, 1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
