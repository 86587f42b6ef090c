// The rollout's window source. Stand-in until windows.hpp (issue 3) lands: IANA
// zones only, with the DST rules (a start in a gap begins at the
// transition, an ambiguous start takes the earlier instant, an ambiguous end the later).
#include <date/tz.h>

#include "hotplan/rollout.hpp"

namespace hotplan {

WindowSource offpeak_windows() {
  return [](const Machine& machine, date::sys_seconds release, date::sys_seconds deadline) {
    const date::time_zone* zone = date::locate_zone(machine.time_zone);
    const auto& policy = machine.offpeak;
    std::vector<InstallWindow> windows;
    // A window that starts the local day before the release may still start after it (UTC offsets).
    const auto first = date::floor<date::days>(zone->to_local(release)) - date::days{1};
    const auto last = date::floor<date::days>(zone->to_local(deadline));
    for (auto day = first; day <= last; day += date::days{1}) {
      if (!policy.days.contains(date::weekday{day})) continue;
      const auto end_day = policy.end > policy.start ? day : day + date::days{1};
      const date::sys_seconds start = zone->to_sys(date::local_seconds{day + policy.start}, date::choose::earliest);
      date::sys_seconds end = zone->to_sys(date::local_seconds{end_day + policy.end}, date::choose::latest);
      if (policy.max_duration) end = std::min(end, start + *policy.max_duration);
      if (start < release || start >= deadline) continue;
      windows.push_back({start, std::min(end, deadline)});
    }
    return windows;
  };
}

}  // namespace hotplan
