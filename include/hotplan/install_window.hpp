#pragma once
// One install window: when automatic patching may run, as instants with the
// local UTC offset at each end (so it prints in the VM's local time).
#include "hotplan/zones.hpp"

namespace hotplan {

struct InstallWindow {
  ZonedInstant start;
  ZonedInstant end;
  [[nodiscard]] std::chrono::seconds length() const noexcept { return end.utc - start.utc; }
  friend bool operator==(const InstallWindow&, const InstallWindow&) = default;
};

}  // namespace hotplan
