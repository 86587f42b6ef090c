// A large plan's steps live in shared blocks (block_allocator.hpp): taken front
// to back, the heap once a block is full, copies on the heap, and a block alive
// as long as any container that took from it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

#include "fleet_generator.hpp"
#include "hotplan/hotplan.hpp"

using namespace hotplan;

namespace {

template <typename T>
using BlockVector = std::vector<T, BlockAllocator<T>>;

bool in_block(const auto& list) {
  const auto block = list.get_allocator().block();  // a copy: get_allocator() returns a temporary
  return block != nullptr && block->holds(list.data());
}

Fleet generated_fleet(std::size_t machines) {
  FleetShape shape;
  shape.machines = machines;
  return generate_fleet(shape);
}

}  // namespace

TEST_CASE("a block hands out aligned storage front to back, then nothing") {
  StorageBlock block(64);
  auto* first = static_cast<std::byte*>(block.take(3, 1));
  auto* second = static_cast<std::byte*>(block.take(8, 8));
  REQUIRE(first != nullptr);
  REQUIRE(second != nullptr);
  CHECK(reinterpret_cast<std::uintptr_t>(second) % 8 == 0);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
  CHECK(second >= first + 3);
  CHECK(second < first + 3 + 8);
  CHECK(block.holds(first));
  CHECK(block.holds(second + 7));
  CHECK(block.take(64, 1) == nullptr);
  CHECK(block.take(40, 8) != nullptr);  // 16 + 40 of 64
  CHECK(block.take(9, 1) == nullptr);
  CHECK(block.take(8, 1) != nullptr);
  CHECK(block.take(1, 1) == nullptr);

  StorageBlock empty(0);
  CHECK(empty.take(1, 1) == nullptr);
  CHECK_FALSE(empty.holds(&empty));
}

TEST_CASE("a large block is written and read back whole") {
  const std::size_t count = (std::size_t{40} << 20) / sizeof(std::uint64_t);
  BlockVector<std::uint64_t> values(
      BlockAllocator<std::uint64_t>(std::make_shared<StorageBlock>(count * sizeof(std::uint64_t))));
  values.reserve(count);
  REQUIRE(in_block(values));
  for (std::size_t i = 0; i < count; ++i) values.push_back(i * 7);
  CHECK(in_block(values));  // no reallocation: it fit
  std::uint64_t sum = 0;
  for (auto v : values) sum += v;
  CHECK(sum == 7 * (count * (count - 1) / 2));
}

TEST_CASE("a full block leaves the rest to the heap") {
  const BlockAllocator<int> ints(std::make_shared<StorageBlock>(2 * sizeof(int)));
  BlockVector<int> small(ints);
  small.reserve(2);
  CHECK(in_block(small));
  BlockVector<int> large(ints);
  large.assign({1, 2, 3});
  CHECK_FALSE(in_block(large));
  small.assign({4, 5, 6});  // outgrows its share: moves to the heap
  CHECK_FALSE(in_block(small));
  CHECK(small == BlockVector<int>({4, 5, 6}));
  CHECK(large == BlockVector<int>({1, 2, 3}));
}

TEST_CASE("threads take disjoint storage from one block") {
  constexpr std::size_t kThreads = 4;
  constexpr std::size_t kTakes = 2'000;
  auto block = std::make_shared<StorageBlock>(kThreads * kTakes * sizeof(std::uint32_t));
  std::vector<std::vector<std::uint32_t*>> taken(kThreads);
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (std::size_t i = 0; i < kTakes; ++i) {
          auto* slot = static_cast<std::uint32_t*>(block->take(sizeof(std::uint32_t), alignof(std::uint32_t)));
          if (slot != nullptr) *slot = static_cast<std::uint32_t>(t * kTakes + i);
          taken[t].push_back(slot);
        }
      });
    }
  }
  std::vector<std::uint32_t*> all;
  for (std::size_t t = 0; t < kThreads; ++t) {
    for (std::size_t i = 0; i < kTakes; ++i) {
      REQUIRE(taken[t][i] != nullptr);
      CHECK(block->holds(taken[t][i]));
      CHECK(*taken[t][i] == t * kTakes + i);  // nobody else wrote there
      all.push_back(taken[t][i]);
    }
  }
  std::sort(all.begin(), all.end());
  CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
  CHECK(block->take(1, 1) == nullptr);
}

TEST_CASE("a fleet's trajectory shares blocks, copies are the heap's and moves keep the block") {
  const auto fleet = generated_fleet(300);
  const date::year_month from = date::year{2025} / date::October;
  auto plan = plan_fleet(fleet, from, 12, CalendarSet::shipped(), 2);
  for (const auto& machine : plan.machines) {
    CHECK(machine.steps.size() == 12);
    CHECK(in_block(machine.steps));
  }
  CHECK(plan.machines.front().steps.get_allocator() == plan.machines[1].steps.get_allocator());
  CHECK(plan.machines.front().steps.get_allocator() != plan.machines.back().steps.get_allocator());  // two threads

  const auto expected = describe(plan.machines[5].steps[3]);
  const MachineTrajectory copied = plan.machines[5];
  CHECK(copied.steps.get_allocator().block() == nullptr);
  MachineTrajectory moved = std::move(plan.machines[5]);
  plan = {};  // the plan and every other holder of the block are gone
  CHECK(in_block(moved.steps));
  CHECK(describe(moved.steps[3]) == expected);
  CHECK(describe(copied.steps[3]) == expected);
}

TEST_CASE("a fleet's plan shares blocks too") {
  const auto fleet = generated_fleet(300);
  PlanOptions options;
  options.threads = 1;
  const auto plan = make_plan(fleet, CalendarSet::shipped(), date::year{2025} / date::October, 6, options);
  for (const auto& machine : plan.machines) {
    CHECK(machine.steps.size() == 6);
    CHECK(in_block(machine.steps));
  }
}
