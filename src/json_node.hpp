#pragma once
// Reading untrusted JSON: every value travels with its JSON pointer, so every
// error says where it is ("/machines/3/build: expected a build such as 26100.6899").
// Private to the library's sources (and white-box tests).
#include <date/date.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "hotplan/error.hpp"
#include "hotplan/json.hpp"
#include "hotplan/kb.hpp"

namespace hotplan {

// Appends a key to a JSON pointer, escaping "~" and "/" as RFC 6901 requires.
std::string json_pointer_append(std::string_view pointer, std::string_view key);

class JsonNode {
 public:
  JsonNode(const Json& value, std::string pointer) : value_(&value), pointer_(std::move(pointer)) {}

  [[nodiscard]] const Json& value() const noexcept { return *value_; }
  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }
  [[nodiscard]] bool is_null() const noexcept { return value_->is_null(); }

  [[noreturn]] void fail(const std::string& message) const { throw InputError(pointer_, message); }

  // Requires an object whose keys are all in `allowed`; an unknown key is an
  // error naming it, so a misspelt field is never silently ignored.
  void expect_object(std::initializer_list<std::string_view> allowed) const;
  // A member that must be present (null allowed only if the caller accepts it).
  [[nodiscard]] JsonNode at(std::string_view key) const;
  // A member that may be absent; absent or null gives nullopt.
  [[nodiscard]] std::optional<JsonNode> find(std::string_view key) const;
  // Requires an array; returns its size. Elements via element(i).
  [[nodiscard]] std::size_t array_size() const;
  [[nodiscard]] JsonNode element(std::size_t index) const;

  [[nodiscard]] const std::string& string() const;
  [[nodiscard]] bool boolean() const;
  [[nodiscard]] std::int64_t integer(std::int64_t min, std::int64_t max) const;

 private:
  const Json* value_;
  std::string pointer_;
};

// "a, b or c": for messages that list what was expected.
std::string join_alternatives(std::initializer_list<std::string_view> names);

// A string that must be one of `choices`; otherwise an error listing them.
template <typename Enum, std::size_t N>
Enum read_enum(const JsonNode& node, const std::pair<std::string_view, Enum> (&choices)[N]) {
  const auto& text = node.string();
  std::string expected;
  for (const auto& [name, value] : choices) {
    if (name == text) return value;
    expected += (expected.empty() ? "" : ", ") + std::string(name);
  }
  node.fail(fmt::format("unknown value \"{}\"; expected one of: {}", text, expected));
}

// "KB" and 6 to 8 digits.
Kb read_kb(const JsonNode& node);
// "YYYY-MM-DD", a real day within the supported years.
date::sys_days read_date(const JsonNode& node);
// The one reader of durations (install durations, off-peak and maintenance
// window caps, --max-duration): ISO 8601 ("PT4H", "PT1H30M"), whole minutes,
// from kMinDuration to kMaxDuration; otherwise an InputError at `where`.
inline constexpr std::chrono::minutes kMinDuration{1};
inline constexpr std::chrono::minutes kMaxDuration{24 * 60};
std::chrono::minutes read_minutes_duration(std::string_view text, const std::string& where);

}  // namespace hotplan
