#pragma once
// One machine built in code, as a program linking hotplan would: Azure Edition on
// the October 2025 baseline, enrolled, every prerequisite met.
#include <hotplan/fleet.hpp>

inline hotplan::Machine example_machine() {
  using namespace hotplan;
  Machine machine;
  machine.id = "vm";
  machine.product = Product::ws2025;
  machine.edition = Edition::datacenter_azure_edition;
  machine.installed_kb = *Kb::parse("KB5066835");
  machine.build = Build{26100, 6899};
  machine.hotpatch_enrolled = date::sys_days{date::year{2025} / date::September / 1};
  machine.vbs_status = 2;
  machine.uefi = true;
  machine.secure_boot = true;
  machine.generation = 2;
  machine.image = ImageRef{"MicrosoftWindowsServer", "WindowsServer", "2025-datacenter-azure-edition"};
  return machine;
}
