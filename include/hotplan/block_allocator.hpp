#pragma once
// Where a large plan's steps live. A plan of a million machine-months is a
// hundred thousand small step arrays made together and freed together; from
// one block, they cost no malloc or free of their own.
#include <atomic>
#include <cstddef>
#include <memory>
#include <type_traits>

namespace hotplan {

// Storage handed out front to back and released all at once, when the last
// allocator holding it is gone. Safe to take from on any thread.
class StorageBlock {
 public:
  explicit StorageBlock(std::size_t bytes);
  StorageBlock(const StorageBlock&) = delete;
  StorageBlock& operator=(const StorageBlock&) = delete;
  ~StorageBlock();

  // `bytes` aligned to `align`, or nullptr when the block has no room left.
  [[nodiscard]] void* take(std::size_t bytes, std::size_t align) noexcept;
  [[nodiscard]] bool holds(const void* pointer) const noexcept {
    const auto* byte = static_cast<const std::byte*>(pointer);
    return byte >= begin_ && byte < end_;
  }

 private:
  std::byte* begin_ = nullptr;
  std::atomic<std::byte*> next_ = nullptr;
  std::byte* end_ = nullptr;
};

// A standard allocator that takes from a shared StorageBlock, and from the heap
// once the block is full or when it has none (default-constructed: the heap
// only, as std::allocator). Copies of a container go to the heap: only the
// container the block was made for, and what it is moved to, keep it alive.
template <typename T>
class BlockAllocator {
 public:
  using value_type = T;
  using propagate_on_container_copy_assignment = std::false_type;
  using propagate_on_container_move_assignment = std::true_type;
  using propagate_on_container_swap = std::true_type;
  using is_always_equal = std::false_type;

  BlockAllocator() noexcept = default;
  explicit BlockAllocator(std::shared_ptr<StorageBlock> block) noexcept : block_(std::move(block)) {}
  // An allocator over a new block with room for `count` values of T.
  [[nodiscard]] static BlockAllocator with_room_for(std::size_t count) {
    return BlockAllocator(std::make_shared<StorageBlock>(count * sizeof(T)));
  }
  template <typename U>
  BlockAllocator(const BlockAllocator<U>& other) noexcept  // NOLINT(google-explicit-constructor): rebinding
      : block_(other.block()) {}

  [[nodiscard]] T* allocate(std::size_t count) {
    if (block_ != nullptr && count <= static_cast<std::size_t>(-1) / sizeof(T)) {
      if (void* memory = block_->take(count * sizeof(T), alignof(T))) return static_cast<T*>(memory);
    }
    return std::allocator<T>{}.allocate(count);
  }
  void deallocate(T* pointer, std::size_t count) noexcept {
    if (block_ != nullptr && block_->holds(pointer)) return;  // freed with the block
    std::allocator<T>{}.deallocate(pointer, count);
  }
  [[nodiscard]] BlockAllocator select_on_container_copy_construction() const noexcept { return {}; }

  [[nodiscard]] const std::shared_ptr<StorageBlock>& block() const noexcept { return block_; }
  template <typename U>
  friend bool operator==(const BlockAllocator& a, const BlockAllocator<U>& b) noexcept {
    return a.block_ == b.block();
  }

 private:
  std::shared_ptr<StorageBlock> block_;
};

}  // namespace hotplan
