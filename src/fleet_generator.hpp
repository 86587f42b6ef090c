#pragma once
// Deterministic synthetic fleets of many shapes, for tests and benchmarks: the
// same shape and seed give the same fleet on every run.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hotplan/fleet.hpp"
#include "hotplan/json.hpp"

namespace hotplan {

struct FleetShape {
  std::size_t machines = 1000;
  std::size_t regions = 6;           // "r00", "r01", ...; r00-r01, r02-r03 ... are geo-paired
  std::size_t zones_per_region = 3;  // 0: no availability zones
  std::size_t min_set = 2;           // availability set sizes, uniform in [min_set, max_set]
  std::size_t max_set = 200;
  std::size_t update_domains = 5;  // per set, at most
  double outside_sets = 0.1;       // share of machines outside availability sets
  std::size_t subscriptions = 8;
  double ineligible = 0.02;                       // share failing a prerequisite (VBS not running)
  double dependencies = 0.0;                      // share depending on an earlier machine of the same region and zone
  std::vector<std::string> time_zones = {"UTC"};  // a region's machines share its zone
  std::uint64_t seed = 1;
};

[[nodiscard]] Fleet generate_fleet(const FleetShape& shape);

// A fleet as its input document (README "Fleet input"), every field written out:
// parse_fleet of it gives the same fleet. For benchmarks that read fleet text,
// and for comparing two readings of one document field by field.
[[nodiscard]] Json fleet_to_json(const Fleet& fleet);

// A machine that passes every prerequisite: Azure Edition on the October 2025
// baseline, enrolled; placement and time zone left at their defaults.
[[nodiscard]] Machine hotpatch_ready_machine(std::string id);

}  // namespace hotplan
