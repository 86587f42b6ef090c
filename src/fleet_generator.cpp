#include "fleet_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "hotplan/civil.hpp"
#include "hotplan/clock_time.hpp"

namespace hotplan {

Machine hotpatch_ready_machine(std::string id) {
  Machine m;
  m.id = std::move(id);
  m.product = Product::ws2025;
  m.edition = Edition::datacenter_azure_edition;
  m.installed_kb = *Kb::parse("KB5066835");
  m.build = *Build::parse("26100.6899");
  m.hotpatch_enrolled = date::sys_days{date::year{2025} / 9 / 1};
  m.vbs_status = 2;
  m.uefi = true;
  m.secure_boot = true;
  m.generation = 2;
  return m;
}

Fleet generate_fleet(const FleetShape& shape) {
  std::mt19937_64 random(shape.seed);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(random) < p; };
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  const std::size_t regions = std::max<std::size_t>(1, shape.regions);
  const std::size_t subscriptions = std::max<std::size_t>(1, shape.subscriptions);

  Fleet fleet;
  for (std::size_t r = 0; r < regions; ++r) {
    RegionInfo info{fmt::format("r{:02}", r), std::nullopt};
    const std::size_t partner = r ^ 1U;
    if (partner < regions) info.pair = fmt::format("r{:02}", partner);
    fleet.regions.push_back(std::move(info));
  }
  fleet.machines.reserve(shape.machines);
  const Machine base = hotpatch_ready_machine({});
  std::vector<std::vector<std::size_t>> by_zone(regions * std::max<std::size_t>(1, shape.zones_per_region));
  std::size_t set_count = 0;
  while (fleet.machines.size() < shape.machines) {
    const std::size_t region = pick(regions);
    const std::size_t zone = shape.zones_per_region == 0 ? 0 : pick(shape.zones_per_region);
    const bool in_set = !chance(shape.outside_sets);
    const std::size_t remaining = shape.machines - fleet.machines.size();
    const std::size_t size = in_set ? std::min(remaining, shape.min_set + pick(shape.max_set - shape.min_set + 1)) : 1;
    const std::string set_name = fmt::format("as{}", set_count++);
    const std::size_t domains = std::max<std::size_t>(1, std::min(shape.update_domains, size));
    for (std::size_t k = 0; k < size; ++k) {
      Machine m = base;
      const std::size_t index = fleet.machines.size();
      m.id = fmt::format("m{:07}", index);
      if (chance(shape.ineligible)) m.vbs_status = 0;
      m.time_zone = shape.time_zones.empty() ? "UTC" : shape.time_zones[region % shape.time_zones.size()];
      auto& p = m.placement;
      p.region = fleet.regions[region].name;
      if (shape.zones_per_region > 0) p.zone = fmt::format("{}", zone + 1);
      p.subscription = fmt::format("sub{}", pick(subscriptions));
      if (in_set) {
        p.availability_set = set_name;
        p.update_domain = static_cast<int>(k % domains);
        p.fault_domain = static_cast<int>(k % 3);
      }
      auto& peers = by_zone[region * std::max<std::size_t>(1, shape.zones_per_region) + zone];
      if (!peers.empty() && chance(shape.dependencies))
        p.depends_on.push_back(fleet.machines[peers[pick(peers.size())]].id);
      peers.push_back(index);
      fleet.machines.push_back(std::move(m));
    }
  }
  return fleet;
}

namespace {

// ISO 8601, as read_minutes_duration reads it: "PT1H30M".
std::string iso_duration(std::chrono::minutes minutes) {
  const auto hours = minutes.count() / 60;
  const auto rest = minutes.count() % 60;
  std::string out = "PT";
  if (hours > 0) out += fmt::format("{}H", hours);
  if (rest > 0 || hours == 0) out += fmt::format("{}M", rest);
  return out;
}

Json machine_to_json(const Machine& m) {
  Json out{{"id", m.id},
           {"product", product_id(m.product)},
           {"edition", edition_id(m.edition)},
           {"installed_kb", m.installed_kb.str()},
           {"build", m.build.str()}};
  // Optional fields only when set, as people write them (parse_fleet gives the
  // defaults back).
  if (m.hotpatch_enrolled) out["hotpatch_enrolled"] = format_date(*m.hotpatch_enrolled);
  out["arc_connected"] = m.arc_connected;
  out["license"] = licence_id(m.licence);
  if (m.licence_remediated) out["license_remediated"] = format_date(*m.licence_remediated);
  out["vbs_status"] = m.vbs_status;
  out["uefi"] = m.uefi;
  out["secure_boot"] = m.secure_boot;
  out["generation"] = m.generation;
  out["preview"] = m.preview;
  if (m.image) out["image"] = {{"publisher", m.image->publisher}, {"offer", m.image->offer}, {"sku", m.image->sku}};
  if (m.vmss_mode != VmssMode::none) out["vmss_mode"] = vmss_mode_id(m.vmss_mode);
  out["time_zone"] = m.time_zone;
  if (m.offpeak != OffpeakPolicy{}) {
    Json offpeak{{"start", format_clock_time(m.offpeak.start)}, {"end", format_clock_time(m.offpeak.end)}};
    if (m.offpeak.days != WeekdaySet::all()) {
      Json days = Json::array();
      for (unsigned d = 0; d < 7; ++d) {
        if (m.offpeak.days.contains(date::weekday{d})) days.push_back(kWeekdayNames[d]);
      }
      offpeak["days"] = std::move(days);
    }
    if (m.offpeak.max_duration) offpeak["max_duration"] = iso_duration(*m.offpeak.max_duration);
    out["offpeak"] = std::move(offpeak);
  }
  if (m.install_oob) out["install_oob"] = true;
  const auto& p = m.placement;
  out["region"] = p.region;
  if (p.zone) out["zone"] = *p.zone;
  if (p.availability_set) out["availability_set"] = *p.availability_set;
  if (p.update_domain) out["update_domain"] = *p.update_domain;
  if (p.fault_domain) out["fault_domain"] = *p.fault_domain;
  out["subscription"] = p.subscription;
  if (p.vmss) out["vmss"] = *p.vmss;
  if (!p.depends_on.empty()) out["depends_on"] = p.depends_on;
  return out;
}

}  // namespace

Json fleet_to_json(const Fleet& fleet) {
  Json regions = Json::object();
  for (const auto& r : fleet.regions) regions[r.name] = r.pair ? Json{{"pair", *r.pair}} : Json::object();
  Json machines = Json::array();
  for (const auto& m : fleet.machines) machines.push_back(machine_to_json(m));
  const auto& d = fleet.install_durations;
  Json out{
      {"regions", std::move(regions)},
      {"install_durations",
       {{"hotpatch", iso_duration(d.hotpatch)}, {"baseline", iso_duration(d.baseline)}, {"lcu", iso_duration(d.lcu)}}},
      {"machines", std::move(machines)}};
  if (fleet.as_of) out["as_of"] = format_date(*fleet.as_of);
  return out;
}

}  // namespace hotplan
