// Property: planning months M..M+k equals planning M..M+j, then continuing from
// the state reached (the update the machine runs) for the remaining months.
// Generated machines of many shapes over both products' published data.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "hotplan/hotplan.hpp"
#include "support.hpp"

using namespace hotplan;

namespace {

// A small deterministic generator (SplitMix64): the same seed gives the same machines.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }

 private:
  std::uint64_t state_;
};

struct KnownKb {
  Kb kb;
  Build build;
};

// Every KB with a build that the product's data knows: offers, regular updates, out-of-band releases.
std::vector<KnownKb> known_kbs(const Calendar& cal) {
  std::vector<KnownKb> out;
  for (auto m = *cal.first_supported(); m <= *cal.data_through(); m += date::months{1}) {
    const auto month = cal.month(m);
    for (const auto& id : {month.offer, month.lcu}) {
      if (id.kb && id.build) out.push_back({*id.kb, *id.build});
    }
  }
  for (const auto& oob : cal.out_of_band()) {
    if (oob.build) out.push_back({oob.kb, *oob.build});
  }
  return out;
}

Json random_machine(Random& random, Product product, const std::vector<KnownKb>& kbs, date::year_month from) {
  auto m = test::eligible_machine("m");
  m["product"] = product_id(product);
  if (product == Product::ws2022_azure_edition || random.chance(50)) {
    m["edition"] = "datacenter-azure-edition";
  } else {
    m["edition"] = random.chance(50) ? "standard" : "datacenter";
    m["arc_connected"] = true;
  }
  const auto& installed = kbs[static_cast<std::size_t>(random.below(static_cast<int>(kbs.size())))];
  m["installed_kb"] = installed.kb.str();
  m["build"] = installed.build.str();
  // Enrolled long before, around the plan (before or after a Patch Tuesday), or never.
  const int enrolment = random.below(4);
  if (enrolment == 0) m["hotpatch_enrolled"] = nullptr;
  if (enrolment == 1) m["hotpatch_enrolled"] = "2023-06-01";
  if (enrolment >= 2) {
    const auto month = from + date::months{random.below(6)};
    m["hotpatch_enrolled"] =
        format_date(date::sys_days{month / date::day{static_cast<unsigned>(1 + random.below(28))}});
  }
  if (random.chance(10)) m["vbs_status"] = 0;  // not eligible
  m["install_oob"] = random.chance(25);
  return m;
}

MachineTrajectory plan_one(const Json& machine, date::year_month from, int months) {
  return plan_fleet(parse_fleet(test::fleet_of({machine})), from, months, CalendarSet::shipped()).machines.at(0);
}

// Out-of-band releases dated before a month's Patch Tuesday belong to the previous
// cycle: a continuation started at such a month would see them twice.
bool has_out_of_band_before_patch_tuesday(const Calendar& cal, date::year_month month) {
  const auto m = cal.month(month);
  for (const auto& oob : m.out_of_band) {
    if (oob.date < m.patch_tuesday) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a plan split at any month and continued from the state reached equals the whole plan") {
  Random random(20261122);
  int compared = 0;
  for (int n = 0; n < 4000; ++n) {
    const Product product = random.chance(50) ? Product::ws2025 : Product::ws2022_azure_edition;
    const auto& cal = CalendarSet::shipped()[product];
    const auto kbs = known_kbs(cal);
    const int span = months_between(*cal.first_supported(), *cal.data_through());
    const auto from = *cal.first_supported() + date::months{random.below(span - 3)};
    const int months = 4 + random.below(12);
    const auto machine = random_machine(random, product, kbs, from);
    const auto whole = plan_one(machine, from, months);
    const int split = 1 + random.below(months - 1);
    const auto& reached = whole.steps[static_cast<std::size_t>(split)].before;
    // The continuation needs the state as a KB and build the data knows, and not a
    // state the plan only assumed (a chain-keeping release installed off the chain).
    if (!reached.id.kb || !reached.id.build || cal.find(*reached.id.kb) == nullptr) continue;
    if (!whole.steps[static_cast<std::size_t>(split)].assumption.empty()) continue;
    if (machine["install_oob"] == true && has_out_of_band_before_patch_tuesday(cal, from + date::months{split}))
      continue;
    auto continued_machine = machine;
    continued_machine["installed_kb"] = reached.id.kb->str();
    continued_machine["build"] = reached.id.build->str();
    const auto rest = plan_one(continued_machine, from + date::months{split}, months - split);
    CAPTURE(machine.dump());
    CAPTURE(format_year_month(from));
    CAPTURE(split);
    for (int i = 0; i < months - split; ++i) {
      const auto& a = whole.steps[static_cast<std::size_t>(split + i)];
      const auto& b = rest.steps[static_cast<std::size_t>(i)];
      CAPTURE(format_year_month(a.month));
      CHECK(offer_id(a.offer) == offer_id(b.offer));
      CHECK(a.update == b.update);
      CHECK(a.reboot == b.reboot);
      CHECK(step_reason_id(a.reason) == step_reason_id(b.reason));
    }
    ++compared;
  }
  CHECK(compared > 1000);  // most generated machines reach a state the data knows
}
