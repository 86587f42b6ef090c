// Property: a machine's plan is the same alone and inside a shuffled fleet, with
// and without a catalog and policy (no stage may carry state from one machine to
// the next).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "fleet_generator.hpp"
#include "hotplan/hotplan.hpp"
#include "support.hpp"

using namespace hotplan;

namespace {

// Machines of many shapes around the October 2025 out-of-band releases: on and off
// the chain, out-of-band installs, licence states, both products, not eligible.
Json varied_fleet() {
  Json machines = Json::array();
  const char* const kbs[][2] = {{"KB5066835", "26100.6899"}, {"KB5070773", "26100.6901"}, {"KB5070881", "26100.6905"},
                                {"KB5070893", "26100.6905"}, {"KB5068966", "26100.7092"}, {"KB5068861", "26100.7171"},
                                {"KB5999999", "26100.9999"}};
  int n = 0;
  for (const auto& kb : kbs) {
    for (const bool oob : {false, true}) {
      for (const char* edition : {"datacenter-azure-edition", "standard"}) {
        for (const bool eligible : {true, false}) {
          auto m = test::eligible_machine("m" + std::to_string(n++));
          m["installed_kb"] = kb[0];
          m["build"] = kb[1];
          m["install_oob"] = oob;
          m["edition"] = edition;
          m["arc_connected"] = true;
          if (!eligible) m["vbs_status"] = 0;
          machines.push_back(m);
        }
      }
    }
  }
  auto ws2022 = test::eligible_machine("m-2022");
  ws2022["product"] = "ws2022-azure-edition";
  ws2022["installed_kb"] = "KB5066782";
  ws2022["build"] = "20348.4294";
  machines.push_back(ws2022);
  return Json{{"machines", machines}};
}

Json machine_json(const FleetPlan& plan, std::size_t i) {
  return plan_to_json(FleetPlan{plan.from, plan.months, {plan.machines[i]}})["machines"][0];
}

}  // namespace

TEST_CASE("a machine's plan alone equals its plan inside a shuffled fleet / with and without a catalog") {
  const auto document = varied_fleet();
  const auto catalog = load_catalog(test::source_path("data/examples/catalog.json"));
  const auto automatic = load_policy(std::string(kAutomaticByPlatform));
  const auto baseline = load_policy(test::source_path("data/examples/policies/patch-baseline.json"));
  const auto maintenance = load_policy(test::source_path("data/examples/policies/maintenance-configuration.json"));
  const Policy* policies[] = {nullptr, &automatic, &baseline, &maintenance};
  const auto from = date::year{2025} / date::October;
  std::mt19937 random(20261122);
  for (const Policy* policy : policies) {
    CAPTURE(policy != nullptr);
    const PlanOptions options{policy ? &catalog : nullptr, policy, true, 1};
    auto shuffled = document;
    auto& list = shuffled["machines"];
    std::vector<Json> order(list.begin(), list.end());
    std::shuffle(order.begin(), order.end(), random);
    list = Json(order);
    const auto fleet = parse_fleet(shuffled);
    const auto together = make_plan(fleet, CalendarSet::shipped(), from, 6, options);
    for (std::size_t i = 0; i < fleet.machines.size(); ++i) {
      CAPTURE(fleet.machines[i].id);
      Fleet alone{{fleet.machines[i]}, fleet.regions, fleet.install_durations};
      const auto single = make_plan(alone, CalendarSet::shipped(), from, 6, options);
      CHECK(machine_json(single, 0) == machine_json(together, i));
    }
  }
}

namespace {

// A generated fleet (placements, zones, ineligible machines) whose OS states vary
// by index: both products, on and off chain KBs, install_oob, licence states.
Fleet generated_fleet() {
  FleetShape shape;
  shape.machines = 48;
  shape.regions = 2;
  shape.min_set = 2;
  shape.max_set = 6;
  shape.ineligible = 0.1;
  shape.seed = 7;
  auto fleet = generate_fleet(shape);
  struct State {
    Product product;
    const char* kb;
    const char* build;
  };
  const State states[] = {
      {Product::ws2025, "KB5066835", "26100.6899"},
      {Product::ws2025, "KB5070881", "26100.6905"},
      {Product::ws2025, "KB5070893", "26100.6905"},
      {Product::ws2025, "KB5068966", "26100.7092"},
      {Product::ws2025, "KB5065474", "26100.6508"},
      {Product::ws2022_azure_edition, "KB5066782", "20348.4294"},
      {Product::ws2022_azure_edition, "KB5070884", "20348.4297"},
      {Product::ws2022_azure_edition, "KB5068840", "20348.4346"},
  };
  for (std::size_t i = 0; i < fleet.machines.size(); ++i) {
    auto& m = fleet.machines[i];
    const auto& state = states[i % std::size(states)];
    m.product = state.product;
    m.installed_kb = *Kb::parse(state.kb);
    m.build = *Build::parse(state.build);
    m.install_oob = (i / std::size(states)) % 2 == 1;
    if (m.product == Product::ws2025 && i % 5 == 3) {
      m.edition = Edition::standard;
      m.arc_connected = true;
      m.licence = i % 10 == 3 ? Licence::expired : Licence::active;
    }
  }
  return fleet;
}

}  // namespace

TEST_CASE("generated fleet: every machine plans alone as inside the shuffled fleet / under every example policy") {
  const auto fleet = generated_fleet();
  const auto catalog = load_catalog(test::source_path("data/examples/catalog.json"));
  const auto automatic = load_policy(std::string(kAutomaticByPlatform));
  const auto baseline = load_policy(test::source_path("data/examples/policies/patch-baseline.json"));
  const auto maintenance = load_policy(test::source_path("data/examples/policies/maintenance-configuration.json"));
  const auto no_restart = load_policy(test::source_path("tests/data/no-restart-policy.json"));
  const Policy* policies[] = {nullptr, &automatic, &baseline, &maintenance, &no_restart};
  const auto from = date::year{2025} / date::October;
  std::mt19937 random(42);
  for (const Policy* policy : policies) {
    CAPTURE(policy != nullptr);
    const PlanOptions options{policy ? &catalog : nullptr, policy, false, 1};
    auto shuffled = fleet;
    std::shuffle(shuffled.machines.begin(), shuffled.machines.end(), random);
    for (auto& m : shuffled.machines) m.placement.depends_on.clear();  // order-free: no dependencies to keep valid
    const auto together = make_plan(shuffled, CalendarSet::shipped(), from, 6, options);
    for (std::size_t i = 0; i < shuffled.machines.size(); ++i) {
      CAPTURE(shuffled.machines[i].id);
      Fleet alone{{shuffled.machines[i]}, shuffled.regions, shuffled.install_durations};
      const auto single = make_plan(alone, CalendarSet::shipped(), from, 6, options);
      CHECK(machine_json(single, 0) == machine_json(together, i));
    }
  }
}
