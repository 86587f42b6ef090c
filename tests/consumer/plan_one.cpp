// Plans one machine built in code, as a program linking hotplan would, and
// prints its first three months: "vm 2025-11 hotpatch no-restart" ...
#include <hotplan/planner.hpp>
#include <hotplan/version.hpp>

#include <iostream>

#include "example_machine.hpp"

int main() {
  using namespace hotplan;
  Fleet fleet;
  fleet.machines.push_back(example_machine());
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::November, 3);
  std::cout << "hotplan " << kVersion << '\n';
  for (const auto& step : plan.machines.at(0).steps) {
    std::cout << plan.machines[0].id << ' ' << format_year_month(step.month) << ' ' << offer_id(step.offer) << ' '
              << (step.reboot ? "restart" : "no-restart") << '\n';
  }
}
