#include "hotplan/block_allocator.hpp"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hotplan {

namespace {
// Below a large page (2 MiB on x86-64 and most arm64 kernels), the system's
// pages gain nothing over the heap.
constexpr std::size_t kMappedFromBytes = std::size_t{2} << 20;
}  // namespace

StorageBlock::StorageBlock(std::size_t bytes) {
  if (bytes == 0) return;
#if defined(__linux__)
  if (bytes >= kMappedFromBytes) {
    void* memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory != MAP_FAILED) {
      // A hint: where large pages are off, or only on request, this asks; failure costs nothing.
      (void)::madvise(memory, bytes, MADV_HUGEPAGE);
      begin_ = static_cast<std::byte*>(memory);
      mapped_ = true;
    }
  }
#endif
  if (begin_ == nullptr) begin_ = static_cast<std::byte*>(::operator new(bytes));
  next_.store(begin_, std::memory_order_relaxed);
  end_ = begin_ + bytes;
}

StorageBlock::~StorageBlock() {
  if (begin_ == nullptr) return;
#if defined(__linux__)
  if (mapped_) {
    ::munmap(begin_, static_cast<std::size_t>(end_ - begin_));
    return;
  }
#endif
  ::operator delete(begin_);
}

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
