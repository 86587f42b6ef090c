// Plans one machine built in code, as a program linking hotplan would, and
// prints its first three months: "vm 2025-11 hotpatch no-restart" ...
#include <hotplan/planner.hpp>
#include <hotplan/version.hpp>

#include <iostream>

int main() {
  using namespace hotplan;
  Machine machine;
  machine.id = "vm";
  machine.product = Product::ws2025;
  machine.edition = Edition::datacenter_azure_edition;
  machine.installed_kb = *Kb::parse("KB5066835");  // the October 2025 baseline
  machine.build = Build{26100, 6899};
  machine.hotpatch_enrolled = date::sys_days{date::year{2025} / date::September / 1};
  machine.vbs_status = 2;
  machine.uefi = true;
  machine.secure_boot = true;
  machine.generation = 2;
  machine.image = ImageRef{"MicrosoftWindowsServer", "WindowsServer", "2025-datacenter-azure-edition"};
  Fleet fleet;
  fleet.machines.push_back(machine);
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::November, 3);
  std::cout << "hotplan " << kVersion << '\n';
  for (const auto& step : plan.machines.at(0).steps) {
    std::cout << plan.machines[0].id << ' ' << format_year_month(step.month) << ' ' << offer_id(step.offer) << ' '
              << (step.reboot ? "restart" : "no-restart") << '\n';
  }
}
