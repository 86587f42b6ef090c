#pragma once
// JSON text read without a general DOM: simdjson parses the text onto its tape
// (one array of 64-bit words for the whole document, no allocation per value),
// one pass checks what simdjson does not (nesting, string length, repeated keys),
// and JsonNode reads the tape in place. Private to the library's sources (and
// white-box tests and benchmarks); simdjson itself stays in lean_json.cpp.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace hotplan::detail {

// Spare bytes past the end of a text that let simdjson read it in place.
inline constexpr std::size_t kJsonPadding = 64;

// The kinds of value JsonNode tells apart, in its own order. A non-negative
// integer is unsigned, as nlohmann has it: error messages differ by class.
enum class LeanType : std::uint8_t { null, boolean, integer, unsigned_integer, number, string, array, object };

// A value on the tape: simdjson's dom::element, held as bytes so that no header
// names simdjson (lean_json.cpp checks that the type fits and copies as bytes).
struct alignas(8) LeanRef {
  std::array<std::byte, 16> bytes{};
};

// Where the last look at a container's children ended (simdjson's array or
// object iterator): reading children in order costs one step each.
struct alignas(8) LeanCursor {
  std::array<std::byte, 16> bytes{};
  std::size_t index = static_cast<std::size_t>(-1);  // none yet
};

class LeanDocument {
 public:
  // The text as a lean document, or nullopt when it is not one parse_json_text
  // would accept as it is: a syntax error, a limit of limits.hpp, a repeated key,
  // or anything simdjson refuses that nlohmann might take (a byte-order mark, an
  // integer beyond 64 bits). The caller then takes the exact path, which reports
  // the error (or reads the DOM). `padded`: the text's buffer has kJsonPadding
  // readable bytes past its end, so simdjson needs no copy.
  static std::optional<LeanDocument> parse(std::string_view text, bool padded);

  LeanDocument(LeanDocument&&) noexcept;
  LeanDocument& operator=(LeanDocument&&) noexcept;
  ~LeanDocument();

  [[nodiscard]] LeanRef root() const noexcept;

  // The value's type, and for an array or object its number of children in `size`.
  [[nodiscard]] static LeanType type(const LeanRef& value, std::size_t& size) noexcept;
  // The i-th child of an array or object (i < size), and its key for an object
  // when `key` is given. The other accessors expect a value of their type.
  [[nodiscard]] static LeanRef child(const LeanRef& container, std::size_t i, LeanCursor& cursor,
                                     std::string_view* key) noexcept;
  [[nodiscard]] static std::string_view key(const LeanRef& object, std::size_t i, LeanCursor& cursor) noexcept;
  // The index of `key` in an object of `size` members, searched from `start` on
  // and then from the beginning; `size` when absent. Leaves `cursor` there.
  [[nodiscard]] static std::size_t find(const LeanRef& object, std::size_t size, std::string_view key,
                                        std::size_t start, LeanCursor& cursor) noexcept;
  [[nodiscard]] static std::string_view string(const LeanRef& value) noexcept;
  [[nodiscard]] static std::int64_t integer(const LeanRef& value) noexcept;
  [[nodiscard]] static std::uint64_t unsigned_integer(const LeanRef& value) noexcept;
  [[nodiscard]] static bool boolean(const LeanRef& value) noexcept;

 private:
  struct Parser;  // simdjson's parser: it owns the tape and the strings
  LeanDocument();
  std::unique_ptr<Parser> parser_;
  LeanRef root_;
};

}  // namespace hotplan::detail
