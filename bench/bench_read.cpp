// Reading fleet JSON: MB/s of text through the lean path (simdjson's tape read in
// place: load_fleet, parse_fleet_text) against the DOM path (nlohmann's Json, then
// parse_fleet), and the lexers on their own: simdjson with the lean checks, and
// nlohmann's SAX parser with a handler that only counts (the ceiling of any SAX
// reader). The fleet: the shared bench shape over 10 time zones, every field
// written out, indented as people write it.
//
//   ninja -C build bench_read && build/bin/bench_read
//   build/bin/bench_read --write-fleet /tmp/fleet-10k.json 10000   # the file the README times `check` on
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "bench_fleet.hpp"
#include "hotplan/hotplan.hpp"
#include "lean_json.hpp"

namespace {

std::string fleet_text(std::size_t machines) {
  auto shape = hotplan::bench::bench_shape(machines);
  shape.time_zones.resize(10);
  return hotplan::fleet_to_json(hotplan::generate_fleet(shape)).dump(2);
}

constexpr std::size_t kMachines = 10'000;

// Built once, read by every benchmark.
const std::string& bench_text() {
  static const std::string text = fleet_text(kMachines);
  return text;
}

void set_rate(benchmark::State& state, std::size_t bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

// The lean path: load_fleet without the file.
void BM_ReadFleetLean(benchmark::State& state) {
  const auto& text = bench_text();
  for (auto _ : state) benchmark::DoNotOptimize(hotplan::parse_fleet_text(text, "fleet"));
  set_rate(state, text.size());
}
BENCHMARK(BM_ReadFleetLean)->Unit(benchmark::kMillisecond);

// The whole of load_fleet: the file read into a padded buffer, then the lean path.
void BM_LoadFleetLean(benchmark::State& state) {
  const auto& text = bench_text();
  const auto path = std::filesystem::temp_directory_path() / "hotplan-bench-read-fleet.json";
  std::ofstream(path, std::ios::binary) << text;
  for (auto _ : state) benchmark::DoNotOptimize(hotplan::load_fleet(path.string()));
  std::filesystem::remove(path);
  set_rate(state, text.size());
}
BENCHMARK(BM_LoadFleetLean)->Unit(benchmark::kMillisecond);

// The DOM path: what load_fleet did before, and what parse_fleet(parse_json_text(...)) still does.
void BM_ReadFleetDom(benchmark::State& state) {
  const auto& text = bench_text();
  for (auto _ : state) benchmark::DoNotOptimize(hotplan::parse_fleet(hotplan::parse_json_text(text, "fleet")));
  set_rate(state, text.size());
}
BENCHMARK(BM_ReadFleetDom)->Unit(benchmark::kMillisecond);

// Reading alone from a Json DOM (the Python dict path): the readers' share.
void BM_ReadFleetFromJson(benchmark::State& state) {
  const auto& text = bench_text();
  const auto document = hotplan::parse_json_text(text, "fleet");
  for (auto _ : state) benchmark::DoNotOptimize(hotplan::parse_fleet(document));
  set_rate(state, text.size());
}
BENCHMARK(BM_ReadFleetFromJson)->Unit(benchmark::kMillisecond);

// simdjson's parse and the lean checks (nesting, string length, repeated keys), no reading.
void BM_ParseLean(benchmark::State& state) {
  const auto& text = bench_text();
  for (auto _ : state) {
    auto document = hotplan::detail::LeanDocument::parse(text, false);
    if (!document) state.SkipWithError("the lean parse refused the fleet");
    benchmark::DoNotOptimize(document);
  }
  set_rate(state, text.size());
}
BENCHMARK(BM_ParseLean)->Unit(benchmark::kMillisecond);

// nlohmann's SAX parser with a handler that only counts: no SAX reader built on it
// can be faster than this.
struct CountingHandler : nlohmann::json_sax<hotplan::Json> {
  std::size_t values = 0;
  bool null() override { return ++values, true; }
  bool boolean(bool) override { return ++values, true; }
  bool number_integer(number_integer_t) override { return ++values, true; }
  bool number_unsigned(number_unsigned_t) override { return ++values, true; }
  bool number_float(number_float_t, const string_t&) override { return ++values, true; }
  bool string(string_t&) override { return ++values, true; }
  bool binary(binary_t&) override { return ++values, true; }
  bool start_object(std::size_t) override { return ++values, true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return ++values, true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

void BM_ParseNlohmannSax(benchmark::State& state) {
  const auto& text = bench_text();
  for (auto _ : state) {
    CountingHandler handler;
    if (!hotplan::Json::sax_parse(text.begin(), text.end(), &handler)) state.SkipWithError("SAX parse failed");
    benchmark::DoNotOptimize(handler.values);
  }
  set_rate(state, text.size());
}
BENCHMARK(BM_ParseNlohmannSax)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  // --write-fleet PATH [MACHINES]: the benchmarks' fleet as a file, for timing whole commands.
  if (argc >= 3 && std::string_view(argv[1]) == "--write-fleet") {
    const std::size_t machines = argc >= 4 ? std::strtoull(argv[3], nullptr, 10) : 10'000;
    std::ofstream(argv[2], std::ios::binary) << fleet_text(machines) << '\n';
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
