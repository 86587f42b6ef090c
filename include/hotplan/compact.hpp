#pragma once
// Small value types for the fields of a plan step, which exist once per
// machine-month (a million of them in a large plan) and are mostly empty: an
// empty list or text costs one pointer and no allocation.
#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
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

// Immutable text shared by its copies: a plan copies the same sentence (e.g. an
// assumption) into every month it concerns, so a copy only counts a reference.
// Reads as a const std::string; empty text holds nothing.
class SharedText {
 public:
  SharedText() noexcept = default;
  SharedText(std::string text)  // NOLINT(google-explicit-constructor): text is text
      : text_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
  SharedText(const char* text) : SharedText(std::string(text)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] const std::string& str() const noexcept { return text_ ? *text_ : empty_string(); }
  operator const std::string&() const noexcept { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const noexcept { return str(); }    // NOLINT(google-explicit-constructor)
  [[nodiscard]] bool empty() const noexcept { return !text_; }
  [[nodiscard]] std::size_t size() const noexcept { return str().size(); }
  [[nodiscard]] std::size_t find(std::string_view part, std::size_t from = 0) const noexcept {
    return str().find(part, from);
  }
  void clear() noexcept { text_.reset(); }

  friend bool operator==(const SharedText& a, const SharedText& b) noexcept { return a.str() == b.str(); }
  friend bool operator==(const SharedText& a, std::string_view b) noexcept { return a.str() == b; }

 private:
  static const std::string& empty_string() noexcept {
    static const std::string empty;
    return empty;
  }
  std::shared_ptr<const std::string> text_;
};

}  // namespace hotplan
