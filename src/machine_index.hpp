#pragma once
// Machine ids to fleet indices in one flat table: open addressing over the ids'
// hashes, the ids themselves left in the fleet. A rollout resolves every id of a
// large fleet more than once; a node-based map allocates per id and follows a
// pointer per probe. Private to src/.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "hotplan/fleet.hpp"

namespace hotplan::detail {

class MachineIndex {
 public:
  MachineIndex() = default;
  // Views `machines`, which must outlive it. Of equal ids the first is found.
  explicit MachineIndex(const std::vector<Machine>& machines)
      : machines_(&machines), slots_(std::bit_ceil(std::max<std::size_t>(2 * machines.size(), 16))) {
    for (std::size_t i = 0; i < machines.size(); ++i) {
      const auto hash = hash_of(machines[i].id);
      std::size_t at = hash & mask();
      for (; slots_[at].machine != kEmpty; at = (at + 1) & mask()) {
        if (matches(slots_[at], hash, machines[i].id)) break;
      }
      if (slots_[at].machine == kEmpty) slots_[at] = {static_cast<std::uint32_t>(hash >> 32), static_cast<Index>(i)};
    }
  }

  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view id) const noexcept {
    if (machines_ == nullptr) return std::nullopt;
    const auto hash = hash_of(id);
    for (std::size_t at = hash & mask(); slots_[at].machine != kEmpty; at = (at + 1) & mask()) {
      if (matches(slots_[at], hash, id)) return slots_[at].machine;
    }
    return std::nullopt;
  }

 private:
  using Index = std::uint32_t;
  static constexpr Index kEmpty = static_cast<Index>(-1);
  // The hash's upper half, compared before the id (which lives in the machine).
  struct Slot {
    std::uint32_t tag = 0;
    Index machine = kEmpty;
  };

  static std::uint64_t hash_of(std::string_view id) noexcept { return std::hash<std::string_view>{}(id); }
  [[nodiscard]] std::size_t mask() const noexcept { return slots_.size() - 1; }
  [[nodiscard]] bool matches(const Slot& slot, std::uint64_t hash, std::string_view id) const noexcept {
    return slot.tag == static_cast<std::uint32_t>(hash >> 32) && (*machines_)[slot.machine].id == id;
  }

  const std::vector<Machine>* machines_ = nullptr;
  std::vector<Slot> slots_;  // a power of two, at least twice the machines: probes stay short
};

}  // namespace hotplan::detail
