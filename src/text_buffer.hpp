#pragma once
// A growable run of bytes written through a cursor: room(n) makes space for n
// bytes once, then the caller writes them without a check per character (as
// std::string's push_back and append do, each also storing a size and a
// terminator). The JSON text writer's output: 92 MB for 10,000 machines' plans.
#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <utility>

namespace hotplan::detail {

class TextBuffer {
 public:
  TextBuffer() = default;
  TextBuffer(TextBuffer&& other) noexcept
      : bytes_(std::move(other.bytes_)),
        end_(std::exchange(other.end_, nullptr)),
        limit_(std::exchange(other.limit_, nullptr)) {}
  TextBuffer& operator=(TextBuffer&& other) noexcept {
    bytes_ = std::move(other.bytes_);
    end_ = std::exchange(other.end_, nullptr);
    limit_ = std::exchange(other.limit_, nullptr);
    return *this;
  }
  TextBuffer(const TextBuffer&) = delete;
  TextBuffer& operator=(const TextBuffer&) = delete;
  ~TextBuffer() = default;

  // Space for at least `count` more bytes at the returned cursor; write them,
  // then hand the cursor past the last one to commit().
  [[nodiscard]] char* room(std::size_t count) {
    if (count > static_cast<std::size_t>(limit_ - end_)) grow(count);
    return end_;
  }
  void commit(char* new_end) noexcept { end_ = new_end; }

  void append(std::string_view text) {
    char* out = room(text.size());
    std::memcpy(out, text.data(), text.size());
    end_ = out + text.size();
  }
  void push_back(char c) {
    *room(1) = c;
    ++end_;
  }

  [[nodiscard]] std::string_view view() const noexcept {
    return {bytes_.get(), static_cast<std::size_t>(end_ - bytes_.get())};
  }
  [[nodiscard]] std::size_t size() const noexcept { return static_cast<std::size_t>(end_ - bytes_.get()); }
  // Empties the buffer and keeps its memory for the next text.
  void clear() noexcept { end_ = bytes_.get(); }

 private:
  void grow(std::size_t count) {
    const std::size_t used = size();
    const std::size_t capacity = static_cast<std::size_t>(limit_ - bytes_.get());
    const std::size_t wanted = std::max({capacity * 2, used + count, kFirstCapacity});
    // realloc, not a fresh block and a copy: a large buffer is moved by the
    // kernel's page tables (mremap), so its written pages are neither copied nor
    // faulted in again; that had been a third of `plan --json`'s page faults.
    void* bytes = std::realloc(bytes_.get(), wanted);  // NOLINT(cppcoreguidelines-no-malloc)
    if (bytes == nullptr) throw std::bad_alloc();
    (void)bytes_.release();
    bytes_.reset(static_cast<char*>(bytes));
    end_ = bytes_.get() + used;
    limit_ = bytes_.get() + wanted;
  }
  struct Free {
    void operator()(char* bytes) const noexcept { std::free(bytes); }  // NOLINT(cppcoreguidelines-no-malloc)
  };

  static constexpr std::size_t kFirstCapacity = 4096;
  std::unique_ptr<char, Free> bytes_;
  char* end_ = nullptr;
  char* limit_ = nullptr;
};

}  // namespace hotplan::detail
