#include "hotplan/rollout.hpp"

namespace hotplan {

WindowSource machine_release_windows() {
  return [](const Machine& machine, date::sys_seconds release) {
    return release_windows(find_time_zone(machine.time_zone, "time_zone"), machine.offpeak, release);
  };
}

}  // namespace hotplan
