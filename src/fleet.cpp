#include "hotplan/fleet.hpp"

#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "hotplan/civil.hpp"
#include "hotplan/limits.hpp"
#include "hotplan/zones.hpp"

namespace hotplan {

std::string_view edition_id(Edition e) noexcept {
  switch (e) {
    case Edition::standard: return "standard";
    case Edition::datacenter: return "datacenter";
    case Edition::datacenter_azure_edition: return "datacenter-azure-edition";
  }
  return "standard";
}

std::string_view licence_id(Licence l) noexcept { return l == Licence::active ? "active" : "expired"; }

std::string_view vmss_mode_id(VmssMode m) noexcept {
  switch (m) {
    case VmssMode::none: return "none";
    case VmssMode::flexible: return "flexible";
    case VmssMode::uniform: return "uniform";
  }
  return "none";
}

namespace {

template <typename Enum, std::size_t N>
Enum read_enum(const JsonNode& node, const std::pair<std::string_view, Enum> (&choices)[N]) {
  const auto& text = node.string();
  std::string expected;
  for (const auto& [name, value] : choices) {
    if (name == text) return value;
    expected += (expected.empty() ? "" : ", ") + std::string(name);
  }
  node.fail(fmt::format("unknown value \"{}\"; expected one of: {}", text, expected));
}

std::string read_name(const JsonNode& node) {
  const auto& text = node.string();
  if (text.empty()) node.fail("expected a non-empty string");
  return text;
}

std::optional<int> read_domain(const std::optional<JsonNode>& node) {
  if (!node) return std::nullopt;
  return static_cast<int>(node->integer(0, 1000));
}

Machine parse_machine(const JsonNode& node) {
  node.expect_object({"id", "product", "edition", "installed_kb", "build", "hotpatch_enrolled", "arc_connected",
                      "license", "vbs_status", "uefi", "secure_boot", "generation", "preview", "image", "vmss_mode",
                      "time_zone", "offpeak", "install_oob", "region", "zone", "availability_set", "update_domain",
                      "fault_domain", "subscription", "vmss", "depends_on"});
  Machine m;
  m.id = read_name(node.at("id"));

  static constexpr std::pair<std::string_view, Product> products[] = {
      {"ws2025", Product::ws2025}, {"ws2022-azure-edition", Product::ws2022_azure_edition}};
  m.product = read_enum(node.at("product"), products);
  static constexpr std::pair<std::string_view, Edition> editions[] = {
      {"standard", Edition::standard},
      {"datacenter", Edition::datacenter},
      {"datacenter-azure-edition", Edition::datacenter_azure_edition}};
  m.edition = read_enum(node.at("edition"), editions);

  const auto kb_node = node.at("installed_kb");
  const auto kb = Kb::parse(kb_node.string());
  if (!kb) kb_node.fail(fmt::format("expected a KB id such as KB5066835 (KB and 6 to 8 digits), found \"{}\"", kb_node.string()));
  m.installed_kb = *kb;

  const auto build_node = node.at("build");
  const auto build = Build::parse(build_node.string());
  if (!build) build_node.fail(fmt::format("expected a build such as 26100.6899, found \"{}\"", build_node.string()));
  m.build = *build;

  if (auto enrolled = node.find("hotpatch_enrolled")) {
    const auto day = parse_date(enrolled->string());
    if (!day) enrolled->fail(fmt::format("expected a date YYYY-MM-DD between 1970 and 2100 or null, found \"{}\"", enrolled->string()));
    m.hotpatch_enrolled = date::sys_days{*day};
  }
  if (auto arc = node.find("arc_connected")) m.arc_connected = arc->boolean();
  if (auto licence = node.find("license")) {
    static constexpr std::pair<std::string_view, Licence> licences[] = {{"active", Licence::active},
                                                                         {"expired", Licence::expired}};
    m.licence = read_enum(*licence, licences);
  }
  m.vbs_status = static_cast<int>(node.at("vbs_status").integer(0, 255));
  m.uefi = node.at("uefi").boolean();
  m.secure_boot = node.at("secure_boot").boolean();
  m.generation = static_cast<int>(node.at("generation").integer(1, 2));
  if (auto preview = node.find("preview")) m.preview = preview->boolean();
  if (auto image = node.find("image")) {
    image->expect_object({"publisher", "offer", "sku"});
    m.image = ImageRef{read_name(image->at("publisher")), read_name(image->at("offer")), read_name(image->at("sku"))};
  }
  if (auto mode = node.find("vmss_mode")) {
    static constexpr std::pair<std::string_view, VmssMode> modes[] = {{"flexible", VmssMode::flexible},
                                                                       {"uniform", VmssMode::uniform}};
    m.vmss_mode = read_enum(*mode, modes);
  }
  if (auto tz = node.find("time_zone")) {
    m.time_zone = read_name(*tz);
    (void)find_time_zone(m.time_zone, tz->pointer());  // a bad zone fails here, before planning
  }
  if (auto offpeak = node.find("offpeak")) m.offpeak = parse_offpeak(*offpeak);
  if (auto oob = node.find("install_oob")) m.install_oob = oob->boolean();

  auto& p = m.placement;
  if (auto region = node.find("region")) p.region = read_name(*region);
  if (auto zone = node.find("zone")) p.zone = read_name(*zone);
  if (auto set = node.find("availability_set")) p.availability_set = read_name(*set);
  p.update_domain = read_domain(node.find("update_domain"));
  p.fault_domain = read_domain(node.find("fault_domain"));
  if (auto sub = node.find("subscription")) p.subscription = read_name(*sub);
  if (auto vmss = node.find("vmss")) p.vmss = read_name(*vmss);
  if (auto deps = node.find("depends_on")) {
    const std::size_t n = deps->array_size();
    for (std::size_t i = 0; i < n; ++i) p.depends_on.push_back(read_name(deps->element(i)));
  }
  if (p.availability_set && !p.update_domain) {
    node.fail(fmt::format("machine \"{}\" is in availability set \"{}\" but has no update_domain", m.id,
                          *p.availability_set));
  }
  return m;
}

}  // namespace

Fleet parse_fleet(const Json& document) {
  const JsonNode root(document, "");
  root.expect_object({"machines", "regions"});
  const auto machines = root.at("machines");
  const std::size_t n = machines.array_size();
  if (n > limits::kMaxMachines) {
    throw LimitError("/machines", fmt::format("{} machines; the limit is {}", n, limits::kMaxMachines));
  }
  Fleet fleet;
  fleet.machines.reserve(n);
  std::unordered_map<std::string_view, std::size_t> seen;
  seen.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    fleet.machines.push_back(parse_machine(machines.element(i)));
    const auto [it, inserted] = seen.emplace(fleet.machines.back().id, i);
    if (!inserted) {
      throw InputError(fmt::format("/machines/{}/id", i),
                       fmt::format("duplicate machine id \"{}\" (first at /machines/{})", fleet.machines.back().id, it->second));
    }
  }
  if (auto regions = root.find("regions")) {
    if (!regions->value().is_object()) regions->fail("expected an object mapping region names to {\"pair\": ...}");
    for (const auto& [name, value] : regions->value().items()) {
      const JsonNode region(value, json_pointer_append(regions->pointer(), name));
      region.expect_object({"pair"});
      RegionInfo info{name, std::nullopt};
      if (auto pair = region.find("pair")) info.pair = read_name(*pair);
      fleet.regions.push_back(std::move(info));
    }
  }
  return fleet;
}

Fleet load_fleet(const std::string& path) { return parse_fleet(load_json_file(path)); }

}  // namespace hotplan
