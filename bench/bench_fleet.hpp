#pragma once
// The generated fleet the rollout and report benchmarks share: 60 regions
// (paired two by two), 3 zones each, availability sets of 2 to 200 machines,
// 10% outside sets, 30 time zones.
#include <cstddef>

#include "fleet_generator.hpp"

namespace hotplan::bench {

inline FleetShape bench_shape(std::size_t machines) {
  FleetShape shape;
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

}  // namespace hotplan::bench
