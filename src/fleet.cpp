#include "hotplan/fleet.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <unordered_map>
#include <unordered_set>

#include "document_readers.hpp"
#include "fleet_reader.hpp"
#include "hotplan/civil.hpp"
#include "hotplan/clock_time.hpp"
#include "hotplan/limits.hpp"
#include "hotplan/zones.hpp"
#include "json_split.hpp"
#include "machine_index.hpp"
#include "parallel.hpp"

namespace hotplan {

namespace {

// A name that ends up in text output, file names and tables: control characters
// would forge lines there, bidirectional overrides would make it read differently.
void check_printable_name(const JsonNode& node, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0U; };
    const bool control = c < 0x20 || c == 0x7F || (c == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F);
    // U+202A..U+202E and U+2066..U+2069, encoded E2 80 AA..AE and E2 81 A6..A9.
    const bool bidi = c == 0xE2 && ((next(1) == 0x80 && next(2) >= 0xAA && next(2) <= 0xAE) ||
                                    (next(1) == 0x81 && next(2) >= 0xA6 && next(2) <= 0xA9));
    if (control || bidi) {
      node.fail(
          fmt::format("contains {} at byte {}; names may not hold control characters or bidirectional "
                      "overrides",
                      control ? "a control character" : "a bidirectional override", i));
    }
  }
}

std::string read_name(const JsonNode& node) {
  const auto text = node.string();
  if (text.empty()) node.fail("expected a non-empty string");
  check_printable_name(node, text);
  return std::string(text);
}

// Machines share a handful of zones: each name is resolved once per fleet, and
// the pointer is spelt out only when the name is unknown.
class ZoneCache {
 public:
  const TimeZone& find(const JsonNode& node, const std::string& name) {
    for (const auto& [known, zone] : zones_) {
      if (known == name) return *zone;
    }
    const TimeZone* zone = nullptr;
    try {
      zone = &find_time_zone(name, "");
    } catch (const InputError& e) {
      node.fail(e.message());
    }
    if (zones_.size() < kSize) zones_.emplace_back(name, zone);
    return *zone;
  }

 private:
  static constexpr std::size_t kSize = 32;  // past it, find_time_zone's own table
  std::vector<std::pair<std::string, const TimeZone*>> zones_;
};

std::optional<int> read_domain(const std::optional<JsonNode>& node) {
  if (!node) return std::nullopt;
  return static_cast<int>(node->integer(0, 1000));
}

Machine parse_machine(const JsonNode& node, ZoneCache& zones) {
  node.expect_object({"id",
                      "product",
                      "edition",
                      "installed_kb",
                      "build",
                      "hotpatch_enrolled",
                      "arc_connected",
                      "license",
                      "license_remediated",
                      "vbs_status",
                      "uefi",
                      "secure_boot",
                      "generation",
                      "preview",
                      "image",
                      "vmss_mode",
                      "time_zone",
                      "offpeak",
                      "install_oob",
                      "region",
                      "zone",
                      "availability_set",
                      "update_domain",
                      "fault_domain",
                      "subscription",
                      "vmss",
                      "depends_on"});
  Machine m;
  m.id = read_name(node.at("id"));

  m.product = read_enum(node.at("product"), kProductIds);
  m.edition = read_enum(node.at("edition"), kEditionIds);

  m.installed_kb = read_kb(node.at("installed_kb"));

  const auto build_node = node.at("build");
  const auto build = Build::parse(build_node.string());
  if (!build) build_node.fail(fmt::format("expected a build such as 26100.6899, found \"{}\"", build_node.string()));
  m.build = *build;

  if (auto enrolled = node.find("hotpatch_enrolled")) {
    const auto day = parse_date(enrolled->string());
    if (!day)
      enrolled->fail(
          fmt::format("expected a date YYYY-MM-DD between 1970 and 2100 or null, found \"{}\"", enrolled->string()));
    m.hotpatch_enrolled = date::sys_days{*day};
  }
  if (auto arc = node.find("arc_connected")) m.arc_connected = arc->boolean();
  if (auto licence = node.find("license")) {
    m.licence = read_enum(*licence, kLicenceIds);
  }
  if (auto remediated = node.find("license_remediated")) m.licence_remediated = read_date(*remediated);
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
    m.vmss_mode = read_enum(*mode, kVmssModeIds);
  }
  if (auto tz = node.find("time_zone")) {
    m.time_zone = read_name(*tz);
    m.zone = &zones.find(*tz, m.time_zone);  // a bad zone fails here, before planning
  } else {
    m.zone = &zones.find(node, m.time_zone);
  }
  if (auto offpeak = node.find("offpeak")) m.offpeak = read_offpeak(*offpeak);
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

InstallDurations parse_install_durations(const JsonNode& node) {
  node.expect_object({"hotpatch", "baseline", "lcu"});
  InstallDurations durations;
  auto read = [&](std::string_view key, std::chrono::minutes& out) {
    const auto field = node.find(key);
    if (field) out = read_minutes_duration(*field);
  };
  read("hotpatch", durations.hotpatch);
  read("baseline", durations.baseline);
  read("lcu", durations.lcu);
  return durations;
}

void check_region_pairs(const Fleet& fleet) {
  std::unordered_set<std::string_view> known;
  for (const auto& region : fleet.regions) known.insert(region.name);
  for (const auto& region : fleet.regions) {
    if (!region.pair) continue;
    const auto where = json_pointer_append(json_pointer_append("/regions", region.name), "pair");
    if (*region.pair == region.name)
      throw InputError(where, fmt::format("region \"{}\" cannot be paired with itself", region.name));
    if (!known.count(*region.pair)) {
      throw InputError(where, fmt::format("region \"{}\" is paired with \"{}\", which is not in \"regions\"",
                                          region.name, *region.pair));
    }
  }
}

// Unknown ids first, then cycles: each strongly connected component with more
// than one machine, or a machine depending on itself, is a cycle.
void check_dependencies(const Fleet& fleet) {
  const auto& machines = fleet.machines;
  // Most fleets have no dependencies: no index of every id to build.
  if (std::all_of(machines.begin(), machines.end(), [](const Machine& m) { return m.placement.depends_on.empty(); })) {
    return;
  }
  const detail::MachineIndex index(machines);  // flat: a fleet may have millions of machines
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  for (std::size_t i = 0; i < machines.size(); ++i) {
    const auto& deps = machines[i].placement.depends_on;
    for (std::size_t j = 0; j < deps.size(); ++j) {
      const auto dep = index.find(deps[j]);
      if (!dep) {
        throw InputError(
            fmt::format("/machines/{}/depends_on/{}", i, j),
            fmt::format("machine \"{}\" depends on \"{}\", which is not in the fleet", machines[i].id, deps[j]));
      }
      if (*dep == i) {
        throw InputError(fmt::format("/machines/{}/depends_on/{}", i, j),
                         fmt::format("dependency cycle: machine \"{}\" depends on itself", machines[i].id));
      }
      edges.emplace_back(i, *dep);
    }
  }
  if (edges.empty()) return;
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph graph(machines.size());
  for (const auto& [from, to] : edges) boost::add_edge(from, to, graph);
  std::vector<std::size_t> component(machines.size());
  const auto count = boost::strong_components(graph, component.data());
  std::vector<std::size_t> size(count, 0);
  for (const auto c : component) ++size[c];
  for (std::size_t i = 0; i < machines.size(); ++i) {
    if (size[component[i]] < 2) continue;
    std::vector<std::string_view> members;
    for (std::size_t k = i; k < machines.size(); ++k) {
      if (component[k] == component[i]) members.push_back(machines[k].id);
    }
    throw InputError(fmt::format("/machines/{}/depends_on", i),
                     fmt::format("dependency cycle among machines {}", fmt::join(members, ", ")));
  }
}

}  // namespace

void validate_placement(const Fleet& fleet) {
  check_region_pairs(fleet);
  check_dependencies(fleet);
}

namespace {

void expect_fleet_fields(const JsonNode& root) {
  root.expect_object({"machines", "regions", "install_durations", "as_of"});
}

void check_machine_count(std::size_t n) {
  if (n > limits::kMaxMachines) {
    throw LimitError("/machines", fmt::format("{} machines; the limit is {}", n, limits::kMaxMachines));
  }
}

// The fleet-level fields of `root` but its machines, into `fleet`; then the
// placement checks.
Fleet finish_fleet(Fleet fleet, const JsonNode& root) {
  if (auto regions = root.find("regions")) {
    if (!regions->is_object()) regions->fail("expected an object mapping region names to {\"pair\": ...}");
    for (std::size_t i = 0; i < regions->object_size(); ++i) {
      const auto name = regions->key(i);
      const auto region = regions->member(i);
      check_printable_name(region, name);
      region.expect_object({"pair"});
      RegionInfo info{std::string(name), std::nullopt};
      if (auto pair = region.find("pair")) info.pair = read_name(*pair);
      fleet.regions.push_back(std::move(info));
    }
  }
  if (auto durations = root.find("install_durations")) fleet.install_durations = parse_install_durations(*durations);
  if (auto as_of = root.find("as_of")) fleet.as_of = read_date(*as_of);
  validate_placement(fleet);
  return fleet;
}

Fleet read_fleet(const JsonNode& root) {
  expect_fleet_fields(root);
  const auto machines = root.at("machines");
  const std::size_t n = machines.array_size();
  check_machine_count(n);
  Fleet fleet;
  fleet.machines.reserve(n);
  std::unordered_map<std::string_view, std::size_t> seen;  // ids in fleet.machines, which never reallocates
  seen.reserve(n);
  ZoneCache zones;
  for (std::size_t i = 0; i < n; ++i) {
    fleet.machines.push_back(parse_machine(machines.element(i), zones));
    const auto [it, inserted] = seen.emplace(fleet.machines.back().id, i);
    if (!inserted) {
      throw InputError(
          fmt::format("/machines/{}/id", i),
          fmt::format("duplicate machine id \"{}\" (first at /machines/{})", fleet.machines.back().id, it->second));
    }
  }
  return finish_fleet(std::move(fleet), root);
}

// Whether two machines share an id (which one is the whole reading's to say).
bool has_repeated_id(const std::vector<Machine>& machines) { return detail::MachineIndex(machines).repeats(); }

// The text wrapped as the fleet wraps it (inside the document object and the
// machines array), so that nesting limits count the same levels.
constexpr std::string_view kSliceOpen = "{\"machines\":[";
constexpr std::string_view kSliceClose = "]}";

}  // namespace

namespace detail {

std::optional<Fleet> read_fleet_in_slices(std::string_view text, std::size_t machines_per_slice, unsigned threads) {
  auto split = split_at_array(text, "machines", limits::kMaxMachines);
  if (!split || machines_per_slice == 0) return std::nullopt;
  const auto& elements = split->elements;
  try {
    const auto outline = LeanDocument::parse(split->outline, false);
    if (!outline) return std::nullopt;
    const JsonNode root(&*outline, "");
    expect_fleet_fields(root);
    Fleet fleet;
    fleet.machines.resize(elements.size());
    std::atomic<bool> refused = false;  // a slice simdjson or the checker would not take
    // Each thread reads its own run of machines, slice by slice, into place.
    parallel_ranges(elements.size(), threads, [&](std::size_t begin, std::size_t end) {
      ZoneCache zones;
      std::string slice;
      for (std::size_t first = begin; first < end && !refused; first += machines_per_slice) {
        const std::size_t count = std::min(machines_per_slice, end - first);
        // From the first element's start to the last one's end: the separators too.
        const auto body = text.substr(elements[first].begin, elements[first + count - 1].end - elements[first].begin);
        slice.assign(kSliceOpen).append(body).append(kSliceClose).append(kJsonPadding, '\0');
        const auto document = LeanDocument::parse(std::string_view(slice).substr(0, slice.size() - kJsonPadding), true);
        if (!document) {
          refused = true;
          return;
        }
        const JsonNode slice_root(&*document, "");
        const auto machines = slice_root.at("machines");
        if (machines.array_size() != count) {
          refused = true;
          return;
        }
        for (std::size_t i = 0; i < count; ++i) fleet.machines[first + i] = parse_machine(machines.element(i), zones);
      }
    });
    if (refused || has_repeated_id(fleet.machines)) return std::nullopt;
    return finish_fleet(std::move(fleet), root);
  } catch (const InputError&) {
    return std::nullopt;  // the whole document's reading reports it, exactly
  }
}

}  // namespace detail

namespace {

// Documents this large are read in slices on every core (see json_split.hpp):
// at 10,000 machines (2.6 MB) `plan --json` takes 4 ms (3 %) less on two cores.
// Smaller ones whole, where threads cost about what they save.
constexpr std::size_t kSlicedFromBytes = std::size_t{1} << 20;
constexpr std::size_t kMachinesPerSlice = 4096;

}  // namespace

Fleet parse_fleet(const Json& document) { return read_fleet(JsonNode(document, "")); }

Fleet parse_fleet_text(std::string_view text, std::string_view source) {
  return detail::read_json_text(text, source, false, read_fleet);
}

const TimeZone& machine_zone(const Machine& machine, std::optional<std::size_t> index) {
  if (machine.zone != nullptr) return *machine.zone;
  return find_time_zone(machine.time_zone, index ? fmt::format("/machines/{}/time_zone", *index) : "time_zone");
}

Fleet load_fleet(const std::string& path) {
  const auto source = detail::read_json_source(path);
  if (source.size >= kSlicedFromBytes) {
    if (auto fleet = detail::read_fleet_in_slices(source.text(), kMachinesPerSlice, 0)) return std::move(*fleet);
  }
  return detail::read_json_text(source.text(), source.name, true, read_fleet);
}

}  // namespace hotplan
