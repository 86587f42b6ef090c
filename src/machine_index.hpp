#pragma once
// Machine ids to fleet indices in one flat table: open addressing over the ids'
// hashes, the ids themselves left in the fleet. A rollout resolves every id of a
// large fleet more than once; a node-based map allocates per id and follows a
// pointer per probe. Private to src/.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <functional>
#include <iterator>
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
    // Each slot is fetched kAhead ids before it is written: the writes land all
    // over the table, and fetching them one at a time would wait for each.
    std::array<std::uint64_t, kAhead> hashes{};  // of ids k - kAhead + 1 .. k
    for (std::size_t k = 0; k < machines.size() + kAhead; ++k) {
      if (k >= kAhead) {
        const std::size_t i = k - kAhead;
        const auto hash = hashes[i % kAhead];
        std::size_t at = hash & mask();
        while (slots_[at].machine != kEmpty && !matches(slots_[at], hash, machines[i].id)) at = (at + 1) & mask();
        if (slots_[at].machine == kEmpty) {
          slots_[at] = {tag_of(hash), static_cast<Index>(i)};
        } else {
          repeats_ = true;
        }
      }
      if (k < machines.size()) {
        hashes[k % kAhead] = hash_of(machines[k].id);
        __builtin_prefetch(&slots_[hashes[k % kAhead] & mask()], 1);
      }
    }
  }

  // Whether two machines have the same id.
  [[nodiscard]] bool repeats() const noexcept { return repeats_; }

  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view id) const noexcept {
    if (machines_ == nullptr) return std::nullopt;
    return find(id, hash_of(id));
  }

  // find(ids[k]) for every k in order, as found(k, machine or nullopt). The
  // lookups overlap: each id's slot, then its machine, is fetched while earlier
  // ids are compared; several times faster than one find() after another.
  template <typename Ids, typename Found>
  void find_each(const Ids& ids, Found&& found) const {
    const std::size_t n = std::size(ids);
    if (machines_ == nullptr) {
      for (std::size_t k = 0; k < n; ++k) found(k, std::optional<std::uint32_t>());
      return;
    }
    std::array<std::uint64_t, 2 * kAhead> hashes{};  // of ids k - 2 kAhead + 1 .. k
    for (std::size_t k = 0; k < n + 2 * kAhead; ++k) {
      if (k >= 2 * kAhead) {
        const std::size_t i = k - 2 * kAhead;
        found(i, find(ids[i], hashes[i % (2 * kAhead)]));
      }
      if (k >= kAhead && k - kAhead < n) {
        const auto& slot = slots_[hashes[(k - kAhead) % (2 * kAhead)] & mask()];
        if (slot.machine != kEmpty) __builtin_prefetch(&(*machines_)[slot.machine].id);
      }
      if (k < n) {
        hashes[k % (2 * kAhead)] = hash_of(ids[k]);
        __builtin_prefetch(&slots_[hashes[k % (2 * kAhead)] & mask()]);
      }
    }
  }

 private:
  using Index = std::uint32_t;
  static constexpr Index kEmpty = static_cast<Index>(-1);
  static constexpr std::size_t kAhead = 8;  // lookups in flight
  // The hash's upper half, compared before the id (which lives in the machine).
  struct Slot {
    std::uint32_t tag = 0;
    Index machine = kEmpty;
  };

  static std::uint64_t hash_of(std::string_view id) noexcept { return std::hash<std::string_view>{}(id); }
  static std::uint32_t tag_of(std::uint64_t hash) noexcept { return static_cast<std::uint32_t>(hash >> 32); }
  [[nodiscard]] std::size_t mask() const noexcept { return slots_.size() - 1; }
  [[nodiscard]] bool matches(const Slot& slot, std::uint64_t hash, std::string_view id) const noexcept {
    return slot.tag == tag_of(hash) && (*machines_)[slot.machine].id == id;
  }
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view id, std::uint64_t hash) const noexcept {
    for (std::size_t at = hash & mask(); slots_[at].machine != kEmpty; at = (at + 1) & mask()) {
      if (matches(slots_[at], hash, id)) return slots_[at].machine;
    }
    return std::nullopt;
  }

  const std::vector<Machine>* machines_ = nullptr;
  std::vector<Slot> slots_;  // a power of two, at least twice the machines: probes stay short
  bool repeats_ = false;
};

}  // namespace hotplan::detail
