#pragma once
// An optional that spends no flag on "none": a value the type can never hold
// stands for it (PackedNone<T>). A plan holds several optional KBs and builds per
// machine-month; as std::optional each is twice its value's size or more.
#include <compare>
#include <optional>
#include <utility>

namespace hotplan {

// The impossible value of T that a PackedOptional<T> holds while empty; each
// type that may be packed specialises it.
template <typename T>
struct PackedNone;

// The interface of std::optional that hotplan uses, with conversions both ways.
template <typename T>
class PackedOptional {
 public:
  using value_type = T;

  constexpr PackedOptional() noexcept : value_(PackedNone<T>::value()) {}
  constexpr PackedOptional(std::nullopt_t) noexcept : PackedOptional() {}  // NOLINT(google-explicit-constructor)
  constexpr PackedOptional(const T& value) noexcept : value_(value) {}     // NOLINT(google-explicit-constructor)
  constexpr PackedOptional(const std::optional<T>& value) noexcept         // NOLINT(google-explicit-constructor)
      : value_(value ? *value : PackedNone<T>::value()) {}
  constexpr operator std::optional<T>() const noexcept {  // NOLINT(google-explicit-constructor)
    return has_value() ? std::optional<T>(value_) : std::nullopt;
  }

  [[nodiscard]] constexpr bool has_value() const noexcept { return !(value_ == PackedNone<T>::value()); }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] constexpr const T& operator*() const noexcept { return value_; }
  [[nodiscard]] constexpr const T* operator->() const noexcept { return &value_; }
  [[nodiscard]] constexpr const T& value() const {
    if (!has_value()) throw std::bad_optional_access();
    return value_;
  }
  template <typename U>
  [[nodiscard]] constexpr T value_or(U&& fallback) const {
    return has_value() ? value_ : static_cast<T>(std::forward<U>(fallback));
  }
  constexpr void reset() noexcept { value_ = PackedNone<T>::value(); }

  // As std::optional: equal when both are empty or both hold equal values; an
  // empty one orders before any value.
  friend constexpr bool operator==(const PackedOptional& a, const PackedOptional& b) noexcept {
    return a.value_ == b.value_;
  }
  friend constexpr bool operator==(const PackedOptional& a, std::nullopt_t) noexcept { return !a.has_value(); }
  friend constexpr bool operator==(const PackedOptional& a, const T& b) noexcept {
    return a.has_value() && a.value_ == b;
  }
  friend constexpr bool operator==(const PackedOptional& a, const std::optional<T>& b) noexcept {
    return a == PackedOptional(b);
  }
  friend constexpr std::strong_ordering operator<=>(const PackedOptional& a, const PackedOptional& b) noexcept {
    if (!a.has_value() || !b.has_value()) return a.has_value() <=> b.has_value();
    return a.value_ <=> b.value_;
  }

 private:
  T value_;
};

}  // namespace hotplan
