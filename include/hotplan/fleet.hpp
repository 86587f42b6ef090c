#pragma once
// The fleet: machines with their OS state, hotpatch prerequisites, time zone,
// off-peak policy and placement. Parsed from untrusted JSON at the edge.
#include <date/date.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hotplan/build.hpp"
#include "hotplan/compact.hpp"
#include "hotplan/kb.hpp"
#include "hotplan/names.hpp"
#include "hotplan/offpeak.hpp"
#include "hotplan/product.hpp"

namespace hotplan {

class TimeZone;

enum class Edition : std::uint8_t { standard, datacenter, datacenter_azure_edition };
enum class Licence : std::uint8_t { active, expired };
enum class VmssMode : std::uint8_t { none, flexible, uniform };

inline constexpr NameEntry<Edition> kEditionIds[] = {{"standard", Edition::standard},
                                                     {"datacenter", Edition::datacenter},
                                                     {"datacenter-azure-edition", Edition::datacenter_azure_edition}};
inline constexpr NameEntry<Licence> kLicenceIds[] = {{"active", Licence::active}, {"expired", Licence::expired}};
inline constexpr NameEntry<VmssMode> kVmssModeIds[] = {
    {"none", VmssMode::none}, {"flexible", VmssMode::flexible}, {"uniform", VmssMode::uniform}};
constexpr std::string_view edition_id(Edition e) noexcept { return name_of(e, kEditionIds); }
constexpr std::string_view licence_id(Licence l) noexcept { return name_of(l, kLicenceIds); }
constexpr std::string_view vmss_mode_id(VmssMode m) noexcept { return name_of(m, kVmssModeIds); }

struct ImageRef {
  std::string publisher;
  std::string offer;
  std::string sku;
};

struct Placement {
  std::string region = "default";
  std::optional<std::string> zone;
  std::optional<std::string> availability_set;
  std::optional<int> update_domain;
  std::optional<int> fault_domain;
  std::string subscription = "default";
  CompactOptional<std::string> vmss;    // Flexible scale set name
  std::vector<std::string> depends_on;  // machine ids that must finish first
};

struct Machine {
  std::string id;
  Product product = Product::ws2025;
  Edition edition = Edition::datacenter_azure_edition;
  Kb installed_kb = *Kb::parse("KB0000000");
  Build build;
  std::optional<date::sys_days> hotpatch_enrolled;  // none: not enrolled
  bool arc_connected = false;
  Licence licence = Licence::active;
  // When the October 2025 licensing workaround was (or will be) applied: a restart
  // that day, after which hotpatches resume.
  std::optional<date::sys_days> licence_remediated;
  int vbs_status = 0;  // Win32_DeviceGuard VirtualizationBasedSecurityStatus; 2 = running
  bool uefi = false;
  bool secure_boot = false;
  int generation = 1;
  bool preview = false;
  CompactOptional<ImageRef> image;  // none: not an Azure Marketplace image
  VmssMode vmss_mode = VmssMode::none;
  std::string time_zone = "UTC";  // IANA or Windows id, as given
  // `time_zone` resolved (parse_fleet sets it; zones live for the whole program).
  // Null in a machine built in code: machine_zone() looks the name up.
  const TimeZone* zone = nullptr;
  OffpeakPolicy offpeak;
  bool install_oob = false;  // installs out-of-band releases when they ship
  Placement placement;
};

struct RegionInfo {
  std::string name;
  std::optional<std::string> pair;  // geo-paired region
};

// How long one install takes, by what is installed. A hotpatch patches in
// memory; a baseline or regular update (LCU) installs and restarts.
struct InstallDurations {
  std::chrono::minutes hotpatch{15};
  std::chrono::minutes baseline{60};
  std::chrono::minutes lcu{60};
  friend bool operator==(const InstallDurations&, const InstallDurations&) = default;
};

struct Fleet {
  std::vector<Machine> machines;
  std::vector<RegionInfo> regions;     // fleet-level "regions" map, in name order
  InstallDurations install_durations;  // fleet-level "install_durations"
  // The day the inventory describes (fleet-level "as_of"): every release up to
  // that day is already reflected in each machine's installed KB, so plans and
  // rollouts start with the first release after it. Unset: the inventory is
  // taken as the state just before the first planned month's release.
  std::optional<date::sys_days> as_of;
};

// Placement rules that span machines: a region pair names a known region other
// than itself, depends_on names known machines, and dependencies have no cycle
// (the error names every machine in it). Errors carry JSON pointers into the
// fleet document (a fleet built in code is reported as if it were one).
void validate_placement(const Fleet& fleet);

// The machine's resolved time zone; an unknown name (possible only in a machine
// built in code) is an InputError at "/machines/<index>/time_zone", or at
// "time_zone" without an index.
const TimeZone& machine_zone(const Machine& machine, std::optional<std::size_t> index = std::nullopt);
Fleet load_fleet(const std::string& path);

}  // namespace hotplan
