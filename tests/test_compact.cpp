// The compact value types a plan step is made of (CompactList, SharedText, a Kb
// in one word) and the flat machine-id index the rollout resolves ids with.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "hotplan/compact.hpp"
#include "hotplan/kb.hpp"
#include "machine_index.hpp"

using namespace hotplan;

TEST_CASE("a CompactList is a vector that is one null pointer while empty") {
  static_assert(sizeof(CompactList<std::string>) == sizeof(void*));
  CompactList<std::string> list;
  CHECK(list.empty());
  CHECK(list.size() == 0);
  CHECK(list.begin() == list.end());
  list.push_back("a");
  list.emplace_back("b");
  const std::vector<std::string> more{"c", "d"};
  list.append(more.begin(), more.end());
  REQUIRE(list.size() == 4);
  CHECK(list[0] == "a");
  CHECK(list.back() == "d");
  CHECK(list.to_vector() == std::vector<std::string>{"a", "b", "c", "d"});

  auto copy = list;  // a value: the copy is deep
  copy[0] = "changed";
  CHECK(list[0] == "a");
  CHECK_FALSE(copy == list);
  auto moved = std::move(copy);
  CHECK(moved[0] == "changed");
  CHECK(moved.size() == 4);
  list.clear();
  CHECK(list.empty());
  CHECK(list == CompactList<std::string>{});

  const CompactList<int> from_vector(std::vector<int>{1, 2, 3});
  int sum = 0;
  for (const int x : from_vector) sum += x;
  CHECK(sum == 6);
  CHECK(CompactList<int>(std::vector<int>{}).empty());
}

TEST_CASE("SharedText reads as a string and its copies share one") {
  static_assert(sizeof(SharedText) == sizeof(void*));
  SharedText none;
  CHECK(none.empty());
  CHECK(none.str().empty());
  CHECK(SharedText(std::string()).empty());  // empty text holds nothing

  const SharedText text(std::string("installed KB5999999 is not in hotplan's data"));
  CHECK_FALSE(text.empty());
  const std::string& as_string = text;
  CHECK(as_string == "installed KB5999999 is not in hotplan's data");
  CHECK(text.find("KB5999999") == 10);
  CHECK(text.find("KB0") == std::string::npos);

  SharedText copy = text;
  CHECK(&copy.str() == &text.str());  // shared, not copied
  CHECK(copy == text);
  copy = "other";
  CHECK(copy.str() == "other");
  CHECK(text.str() == "installed KB5999999 is not in hotplan's data");
  SharedText moved = std::move(copy);
  CHECK(moved.str() == "other");
  moved.clear();
  CHECK(moved.empty());
}

TEST_CASE("a Kb in one word keeps its digits and orders by number then digits") {
  static_assert(sizeof(Kb) == 4);
  CHECK(Kb::parse("KB0123456")->str() == "KB0123456");
  CHECK(Kb::parse("kb99999999")->str() == "KB99999999");
  CHECK(Kb::parse("KB5066835")->number() == 5066835U);
  CHECK(*Kb::parse("KB0123456") != *Kb::parse("KB123456"));
  CHECK(*Kb::parse("KB123456") < *Kb::parse("KB0123456"));  // same number, fewer digits first
  CHECK(*Kb::parse("KB0123456") < *Kb::parse("KB123457"));
}

TEST_CASE("MachineIndex finds machines by id and of equal ids the first") {
  std::vector<Machine> machines(1000);
  for (std::size_t i = 0; i < machines.size(); ++i) machines[i].id = "machine-" + std::to_string(i);
  machines[700].id = "machine-3";  // a duplicate (a fleet built in code may have one)
  const std::vector<Machine> with_repeat = machines;
  const detail::MachineIndex index(with_repeat);
  CHECK(index.find("machine-0") == 0U);
  CHECK(index.find("machine-999") == 999U);
  CHECK(index.find("machine-3") == 3U);
  CHECK_FALSE(index.find("machine-700").has_value());
  CHECK_FALSE(index.find("").has_value());
  CHECK_FALSE(detail::MachineIndex().find("machine-0").has_value());
  CHECK(index.repeats());
  machines[700].id = "machine-700";
  CHECK_FALSE(detail::MachineIndex(machines).repeats());
  machines[999].id = "machine-998";  // the last pair
  CHECK(detail::MachineIndex(machines).repeats());
  CHECK_FALSE(detail::MachineIndex().repeats());

  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 100; ++i) ids.push_back("machine-" + std::to_string(i * 37 % 1100));
  std::vector<std::optional<std::uint32_t>> found;
  index.find_each(ids, [&](std::size_t k, std::optional<std::uint32_t> m) {
    CHECK(k == found.size());  // in order
    found.push_back(m);
  });
  REQUIRE(found.size() == ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k) {
    CAPTURE(ids[k]);
    CHECK(found[k] == index.find(ids[k]));
  }
  index.find_each(std::vector<std::string>{}, [](std::size_t, std::optional<std::uint32_t>) { FAIL("no ids"); });
}

TEST_CASE("CompactOptional reads as std::optional, is one pointer wide and copies deeply") {
  static_assert(sizeof(CompactOptional<ImageRef>) == sizeof(void*));
  CompactOptional<std::string> empty;
  CHECK_FALSE(empty.has_value());
  CHECK_FALSE(empty);
  CHECK(empty == std::nullopt);
  CHECK_THROWS_AS((void)empty.value(), std::bad_optional_access);
  CHECK(empty.value_or("fallback") == "fallback");

  CompactOptional<std::string> name = std::string("scale-set-1");
  REQUIRE(name.has_value());
  CHECK(*name == "scale-set-1");
  CHECK(name->size() == 11);
  CHECK(name.value() == "scale-set-1");
  CHECK(name.value_or("fallback") == "scale-set-1");
  CHECK_FALSE(name == empty);
  CHECK_FALSE(name == std::nullopt);

  auto copy = name;
  CHECK(copy == name);
  copy->append("-copy");
  CHECK(*name == "scale-set-1");  // deep: the original is untouched
  CHECK_FALSE(copy == name);
  copy = name;
  CHECK(copy == name);

  auto moved = std::move(copy);
  CHECK(*moved == "scale-set-1");
  moved = std::nullopt;
  CHECK_FALSE(moved);
  CHECK(moved == empty);
  moved.emplace(3, 'x');
  CHECK(*moved == "xxx");
  moved.reset();
  CHECK_FALSE(moved.has_value());

  Machine machine;
  machine.image = ImageRef{"MicrosoftWindowsServer", "WindowsServer", "2025-datacenter-azure-edition"};
  Machine other = machine;
  other.image->sku = "2022-datacenter";
  CHECK(machine.image->sku == "2025-datacenter-azure-edition");
  other = machine;
  CHECK(other.image->sku == "2025-datacenter-azure-edition");
}

TEST_CASE("PackedOptional is the size of its value and behaves as std::optional") {
  static_assert(sizeof(PackedOptional<Kb>) == sizeof(Kb));
  static_assert(sizeof(PackedOptional<Build>) == sizeof(Build));
  static_assert(sizeof(UpdateId) == sizeof(Kb) + sizeof(Build));

  // The values that stand for "none" are never read from text.
  for (const char* text : {"KB000000", "KB00000000", "kb0000000", "KB99999999"}) {
    CAPTURE(text);
    CHECK(PackedOptional<Kb>(Kb::parse(text)).has_value());
  }
  for (const char* text : {"0.0", "999999999.999999999", "4294967295.1"}) {
    CAPTURE(text);
    CHECK(PackedOptional<Build>(Build::parse(text)) == Build::parse(text));
  }

  const PackedOptional<Kb> empty;
  CHECK_FALSE(empty.has_value());
  CHECK_FALSE(empty);
  CHECK(empty == std::nullopt);
  CHECK(empty == std::optional<Kb>());
  CHECK_FALSE(static_cast<std::optional<Kb>>(empty).has_value());
  CHECK_THROWS_AS((void)empty.value(), std::bad_optional_access);
  const auto fallback = *Kb::parse("KB5066835");
  CHECK(empty.value_or(fallback) == fallback);

  PackedOptional<Kb> kb = Kb::parse("KB5070881");
  REQUIRE(kb.has_value());
  CHECK(kb->str() == "KB5070881");
  CHECK((*kb).number() == 5070881U);
  CHECK(kb == *Kb::parse("KB5070881"));
  CHECK(kb == Kb::parse("KB5070881"));
  CHECK_FALSE(kb == fallback);
  CHECK_FALSE(kb == empty);
  CHECK(static_cast<std::optional<Kb>>(kb) == Kb::parse("KB5070881"));
  kb.reset();
  CHECK(kb == empty);
  kb = std::nullopt;
  CHECK_FALSE(kb.has_value());

  // Ordered as std::optional orders: empty first, then by value.
  const std::vector<std::optional<Build>> builds = {std::nullopt, Build{26100, 6899}, Build{26100, 7092},
                                                    Build{20348, 4294}, Build{0, 0}};
  for (const auto& a : builds) {
    for (const auto& b : builds) {
      const PackedOptional<Build> pa = a;
      const PackedOptional<Build> pb = b;
      CHECK((pa == pb) == (a == b));
      CHECK((pa < pb) == (a < b));
      CHECK((pa > pb) == (a > b));
    }
  }
}
