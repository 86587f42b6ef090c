#include "hotplan/block_allocator.hpp"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace hotplan {

namespace {

// Asks for large pages for the whole pages of [memory, memory + bytes).
void advise_large_pages(void* memory, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<std::uintptr_t>(memory);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
  const std::uintptr_t first = (begin + page - 1) / page * page;
  const std::uintptr_t last = (begin + bytes) / page * page;
  if (first < last) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast, performance-no-int-to-ptr)
    (void)::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
#else
  (void)memory;
  (void)bytes;
#endif
}

}  // namespace

StorageBlock::StorageBlock(std::size_t bytes) {
  if (bytes == 0) return;
  begin_ = static_cast<std::byte*>(::operator new(bytes));
  if (bytes >= kLargePagesFromBytes) advise_large_pages(begin_, bytes);
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
