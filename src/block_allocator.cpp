#include "hotplan/block_allocator.hpp"

#include <cstdint>

namespace hotplan {

StorageBlock::StorageBlock(std::size_t bytes) {
  if (bytes == 0) return;
  begin_ = static_cast<std::byte*>(::operator new(bytes));
  next_.store(begin_, std::memory_order_relaxed);
  end_ = begin_ + bytes;
}

StorageBlock::~StorageBlock() { ::operator delete(begin_); }

void* StorageBlock::take(std::size_t bytes, std::size_t align) noexcept {
  std::byte* start = nullptr;
  std::byte* next = next_.load(std::memory_order_relaxed);
  do {
    const auto address = reinterpret_cast<std::uintptr_t>(next);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
    const std::size_t skip = (align - address % align) % align;
    const auto room = static_cast<std::size_t>(end_ - next);
    if (skip > room || bytes > room - skip) return nullptr;
    start = next + skip;
  } while (!next_.compare_exchange_weak(next, start + bytes, std::memory_order_relaxed));
  return start;
}

}  // namespace hotplan
