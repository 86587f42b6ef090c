#pragma once
// Small value types for the fields of a plan step, which exist once per
// machine-month (a million of them in a large plan) and are mostly empty: an
// empty list or text costs one pointer and no allocation.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotplan {

// A list with the interface of a std::vector that is one null pointer while
// empty. Copies are deep (a value, like std::vector).
template <typename T>
class CompactList {
 public:
  using value_type = T;
  using size_type = std::size_t;
  using const_iterator = const T*;
  using iterator = T*;

  CompactList() noexcept = default;
  CompactList(std::initializer_list<T> items) { assign(items.begin(), items.end()); }
  CompactList(std::vector<T> items) {  // NOLINT(google-explicit-constructor): a list is a list
    if (!items.empty()) items_ = std::make_unique<std::vector<T>>(std::move(items));
  }
  CompactList(const CompactList& other)
      : items_(other.empty() ? nullptr : std::make_unique<std::vector<T>>(*other.items_)) {}
  CompactList(CompactList&&) noexcept = default;
  CompactList& operator=(const CompactList& other) {
    if (this != &other) *this = CompactList(other);
    return *this;
  }
  CompactList& operator=(CompactList&&) noexcept = default;
  ~CompactList() = default;

  [[nodiscard]] bool empty() const noexcept { return !items_ || items_->empty(); }
  [[nodiscard]] size_type size() const noexcept { return items_ ? items_->size() : 0; }
  [[nodiscard]] const T* begin() const noexcept { return items_ ? items_->data() : nullptr; }
  [[nodiscard]] const T* end() const noexcept { return items_ ? items_->data() + items_->size() : nullptr; }
  [[nodiscard]] T* begin() noexcept { return items_ ? items_->data() : nullptr; }
  [[nodiscard]] T* end() noexcept { return items_ ? items_->data() + items_->size() : nullptr; }
  [[nodiscard]] const T& operator[](size_type i) const noexcept { return (*items_)[i]; }
  [[nodiscard]] T& operator[](size_type i) noexcept { return (*items_)[i]; }
  [[nodiscard]] const T& front() const noexcept { return items_->front(); }
  [[nodiscard]] const T& back() const noexcept { return items_->back(); }

  void push_back(T item) { items().push_back(std::move(item)); }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    return items().emplace_back(std::forward<Args>(args)...);
  }
  template <typename It>
  void append(It first, It last) {
    if (first != last) items().insert(items().end(), first, last);
  }
  template <typename It>
  void assign(It first, It last) {
    clear();
    append(first, last);
  }
  void reserve(size_type n) {
    if (n > 0) items().reserve(n);
  }
  void clear() noexcept { items_.reset(); }

  // The items as a std::vector (a copy).
  [[nodiscard]] std::vector<T> to_vector() const { return items_ ? *items_ : std::vector<T>{}; }

  friend bool operator==(const CompactList& a, const CompactList& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  std::vector<T>& items() {
    if (!items_) items_ = std::make_unique<std::vector<T>>();
    return *items_;
  }
  std::unique_ptr<std::vector<T>> items_;
};

// An optional with the interface of std::optional that is one null pointer
// while empty, for fields a million machines carry and few set (a Marketplace
// image is 104 bytes in a std::optional). Copies are deep (a value).
template <typename T>
class CompactOptional {
 public:
  using value_type = T;

  CompactOptional() noexcept = default;
  CompactOptional(std::nullopt_t) noexcept {}  // NOLINT(google-explicit-constructor): as std::optional
  CompactOptional(T value)                     // NOLINT(google-explicit-constructor): as std::optional
      : value_(std::make_unique<T>(std::move(value))) {}
  CompactOptional(const CompactOptional& other) : value_(other ? std::make_unique<T>(*other) : nullptr) {}
  CompactOptional(CompactOptional&&) noexcept = default;
  CompactOptional& operator=(const CompactOptional& other) {
    if (this != &other) *this = CompactOptional(other);
    return *this;
  }
  CompactOptional& operator=(CompactOptional&&) noexcept = default;
  CompactOptional& operator=(std::nullopt_t) noexcept {
    reset();
    return *this;
  }
  ~CompactOptional() = default;

  [[nodiscard]] bool has_value() const noexcept { return value_ != nullptr; }
  explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] const T& operator*() const noexcept { return *value_; }
  [[nodiscard]] T& operator*() noexcept { return *value_; }
  [[nodiscard]] const T* operator->() const noexcept { return value_.get(); }
  [[nodiscard]] T* operator->() noexcept { return value_.get(); }
  [[nodiscard]] const T& value() const {
    if (!value_) throw std::bad_optional_access();
    return *value_;
  }
  template <typename U>
  [[nodiscard]] T value_or(U&& fallback) const {
    return value_ ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }
  template <typename... Args>
  T& emplace(Args&&... args) {
    value_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *value_;
  }
  void reset() noexcept { value_.reset(); }

  friend bool operator==(const CompactOptional& a, const CompactOptional& b) {
    return a && b ? *a == *b : a.has_value() == b.has_value();
  }
  friend bool operator==(const CompactOptional& a, std::nullopt_t) noexcept { return !a; }

 private:
  std::unique_ptr<T> value_;
};

// Immutable text shared by its copies: a plan copies the same sentence (e.g. an
// assumption) into every month it concerns, so a copy only counts a reference.
// Reads as a const std::string; empty text holds nothing. One pointer wide.
class SharedText {
 public:
  SharedText() noexcept = default;
  SharedText(std::string text)  // NOLINT(google-explicit-constructor): text is text
      : block_(text.empty() ? nullptr : new Block{{1}, std::move(text)}) {}
  SharedText(const char* text) : SharedText(std::string(text)) {}  // NOLINT(google-explicit-constructor)
  SharedText(const SharedText& other) noexcept : block_(other.block_) {
    if (block_ != nullptr) block_->references.fetch_add(1, std::memory_order_relaxed);
  }
  SharedText(SharedText&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
  SharedText& operator=(SharedText other) noexcept {
    std::swap(block_, other.block_);
    return *this;
  }
  ~SharedText() { release(); }

  [[nodiscard]] const std::string& str() const noexcept { return block_ != nullptr ? block_->text : empty_string(); }
  operator const std::string&() const noexcept { return str(); }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] bool empty() const noexcept { return block_ == nullptr; }
  [[nodiscard]] std::size_t size() const noexcept { return str().size(); }
  [[nodiscard]] std::size_t find(std::string_view part, std::size_t from = 0) const noexcept {
    return str().find(part, from);
  }
  void clear() noexcept {
    release();
    block_ = nullptr;
  }

  friend bool operator==(const SharedText& a, const SharedText& b) noexcept { return a.str() == b.str(); }

 private:
  struct Block {
    std::atomic<std::size_t> references;
    std::string text;
  };
  void release() noexcept {
    // The last reference deletes; acquire-release so its reads of the text happen first.
    if (block_ != nullptr && block_->references.fetch_sub(1, std::memory_order_acq_rel) == 1) delete block_;
  }
  static const std::string& empty_string() noexcept {
    static const std::string empty;
    return empty;
  }
  Block* block_ = nullptr;
};

}  // namespace hotplan
