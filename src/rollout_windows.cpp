#include "hotplan/rollout.hpp"

namespace hotplan {

WindowSource machine_release_windows() {
  return [](const Machine& machine, date::sys_seconds release) {
    return release_windows(machine_zone(machine), machine.offpeak, release);
  };
}

}  // namespace hotplan
