#pragma once
// Reading untrusted JSON: every error says where it is ("/machines/3/build:
// expected a build such as 26100.6899"). A node knows its parent and its key or
// index, so the JSON pointer is spelt out only when an error is reported.
// Private to the library's sources (and white-box tests).
//
// One reader per document reads either kind of value through JsonNode: a Json
// DOM (the Python dicts, the public parse_* functions) or a lean document read
// straight from text (lean_json.hpp: load_fleet and the *_text functions).
#include <date/date.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "hotplan/error.hpp"
#include "hotplan/json.hpp"
#include "hotplan/kb.hpp"
#include "lean_json.hpp"

namespace hotplan {

// Appends a key to a JSON pointer, escaping "~" and "/" as RFC 6901 requires.
std::string json_pointer_append(std::string_view pointer, std::string_view key);

class JsonNode {
 public:
  // A root: the whole document (pointer ""), or a value whose pointer is given.
  JsonNode(const Json& value, std::string pointer);
  // (A pointer: Json converts implicitly to almost any type, but not to one.)
  JsonNode(const detail::LeanDocument* document, std::string pointer);

  // The Json value itself; only for nodes over a Json DOM (calendar layering).
  [[nodiscard]] const Json& value() const;
  // Spelt out on each call: for errors and for the few readers that keep it.
  [[nodiscard]] std::string pointer() const;
  [[nodiscard]] bool is_null() const noexcept;
  [[nodiscard]] bool is_object() const noexcept;

  [[noreturn]] void fail(const std::string& message) const;

  // Requires an object whose keys are all in `allowed`; an unknown key is an
  // error naming it, so a misspelt field is never silently ignored.
  void expect_object(std::initializer_list<std::string_view> allowed) const;
  // A child (at, find, element, member) refers to its parent, which must outlive
  // it: asking a temporary for a child does not compile.
  //
  // A member that must be present (null allowed only if the caller accepts it).
  [[nodiscard]] JsonNode at(std::string_view key) const&;
  JsonNode at(std::string_view key) const&& = delete;
  // A member that may be absent; absent or null gives nullopt.
  [[nodiscard]] std::optional<JsonNode> find(std::string_view key) const&;
  std::optional<JsonNode> find(std::string_view key) const&& = delete;
  // Requires an array; returns its size. Elements via element(i).
  [[nodiscard]] std::size_t array_size() const;
  [[nodiscard]] JsonNode element(std::size_t index) const&;
  JsonNode element(std::size_t index) const&& = delete;
  // Requires an object; returns its member count. Members, in document order,
  // via key(i) and member(i).
  [[nodiscard]] std::size_t object_size() const;
  [[nodiscard]] std::string_view key(std::size_t index) const;
  [[nodiscard]] JsonNode member(std::size_t index) const&;
  JsonNode member(std::size_t index) const&& = delete;
  // The same value with its pointer spelt out and no parent, to keep beyond the
  // parent's life.
  [[nodiscard]] JsonNode detached() const;

  [[nodiscard]] std::string_view string() const;
  [[nodiscard]] bool boolean() const;
  [[nodiscard]] std::int64_t integer(std::int64_t min, std::int64_t max) const;

 private:
  enum class Kind : std::uint8_t { null, boolean, integer, unsigned_integer, number, string, array, object, other };
  JsonNode(const JsonNode& parent, std::size_t child);  // an element of an array, a member of an object
  void classify() noexcept;                             // sets kind_ and count_
  [[nodiscard]] std::string_view type_name() const noexcept;
  [[nodiscard]] std::string_view key_at(std::size_t i) const noexcept;      // an object's i-th key
  [[nodiscard]] std::size_t index_of(std::string_view key) const noexcept;  // count_ if absent
  [[nodiscard]] static unsigned key_bit(std::string_view key) noexcept;

  const Json* json_ = nullptr;  // a Json value, or (when null) a lean one
  detail::LeanRef lean_;
  mutable detail::LeanCursor cursor_;  // lean: where the last look at the children ended
  Kind kind_ = Kind::null;
  std::size_t count_ = 0;  // a container's children
  // Where this node is: its parent and its key there, or its index (npos for a key);
  // a root has no parent and its pointer spelt out.
  const JsonNode* parent_ = nullptr;
  std::string_view key_;
  std::size_t index_ = std::string::npos;
  std::string root_pointer_;
  // Readers ask for fields mostly in document order: a lookup starts where the
  // last one matched.
  mutable std::size_t next_ = 0;
  // One bit per key hash (key_bit), set by expect_object: a lookup whose bit is
  // clear knows the key is absent without a search. All set until then.
  mutable std::uint64_t key_bits_ = ~std::uint64_t{0};
};

// "a, b or c": for messages that list what was expected.
std::string join_alternatives(std::initializer_list<std::string_view> names);

// A string that must be one of `choices`; otherwise an error listing them.
template <typename Enum, std::size_t N>
Enum read_enum(const JsonNode& node, const std::pair<std::string_view, Enum> (&choices)[N]) {
  const auto text = node.string();
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
// The same for a string node, at its pointer.
std::chrono::minutes read_minutes_duration(const JsonNode& node);

namespace detail {

// A JSON input's text, read once into a buffer with kJsonPadding spare bytes
// after it so that simdjson reads it in place, and the name its errors give it
// ("standard input", the path).
struct JsonSource {
  std::unique_ptr<char[]> buffer;
  std::size_t size = 0;
  std::string name;
  [[nodiscard]] std::string_view text() const noexcept { return {buffer.get(), size}; }
};
// Reads a file ("-": standard input) within kMaxInputBytes; a missing or
// unreadable file, or a directory, is an InputError.
JsonSource read_json_source(const std::string& path);

// Parses `text` as parse_json_text does (the same limits, errors and messages)
// and hands `read` the root: a lean document when the text allows, otherwise the
// Json DOM. `padded`: the buffer has kJsonPadding readable bytes past the text.
void visit_json_text(std::string_view text, std::string_view source, bool padded,
                     const std::function<void(const JsonNode&)>& read);

// The same, returning what `reader` returns.
template <typename Reader>
auto read_json_text(std::string_view text, std::string_view source, bool padded, Reader&& reader) {
  std::optional<std::invoke_result_t<Reader, const JsonNode&>> result;
  visit_json_text(text, source, padded, [&](const JsonNode& root) { result.emplace(reader(root)); });
  return std::move(*result);
}

template <typename Reader>
auto read_json_file(const std::string& path, Reader&& reader) {
  const auto source = read_json_source(path);
  return read_json_text(source.text(), source.name, true, std::forward<Reader>(reader));
}

}  // namespace detail

}  // namespace hotplan
