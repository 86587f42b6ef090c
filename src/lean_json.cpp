#include "lean_json.hpp"

#include <simdjson.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

#include "hotplan/limits.hpp"

namespace hotplan::detail {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// simdjson's handles are a document pointer and a tape index: trivially copyable,
// so they travel as bytes (LeanRef, LeanCursor) and come back whole.
template <typename T>
T from_bytes(const std::array<std::byte, 16>& bytes) noexcept {
  static_assert(sizeof(T) == 16 && std::is_trivially_copyable_v<T>);
  return std::bit_cast<T>(bytes);
}
template <typename T>
std::array<std::byte, 16> to_bytes(const T& value) noexcept {
  static_assert(sizeof(T) == 16 && std::is_trivially_copyable_v<T>);
  return std::bit_cast<std::array<std::byte, 16>>(value);
}

element as_element(const LeanRef& ref) noexcept { return from_bytes<element>(ref.bytes); }
LeanRef as_ref(element value) noexcept { return LeanRef{to_bytes(value)}; }

// Typed views of an element already known to be of that type (get() leaves
// the out value alone on a mismatch, which never happens here).
template <typename T>
T as(element value) noexcept {
  T out{};
  [[maybe_unused]] const auto error = value.get(out);
  return out;
}

// Moves `cursor` to child i of `container` (an array or an object, per
// Container), from where it is when that is not past i, else from the start.
template <typename Container>
typename Container::iterator seek(const Container& container, std::size_t i, LeanCursor& cursor) noexcept {
  using Iterator = typename Container::iterator;
  Iterator it;
  if (cursor.index <= i) {
    it = from_bytes<Iterator>(cursor.bytes);
  } else {
    it = container.begin();
    cursor.index = 0;
  }
  for (; cursor.index < i; ++cursor.index) ++it;
  cursor.bytes = to_bytes(it);
  return it;
}

// The tape stores a container's size up to 0xFFFFFF; past it, count.
template <typename Container>
std::size_t count(const Container& container) noexcept {
  const std::size_t n = container.size();
  if (n < 0xFFFFFF) return n;
  return static_cast<std::size_t>(std::distance(container.begin(), container.end()));
}

// What simdjson does not check and parse_json_text does: nesting, string and key
// length, repeated keys. Any of them sends the text down the exact path.
class Checker {
 public:
  // `value` sits inside `depth` containers.
  bool check(element value, int depth) {
    switch (value.type()) {
      case element_type::ARRAY:
        if (depth >= limits::kMaxJsonDepth) return false;
        for (const element child : as<array>(value)) {
          if (!check(child, depth + 1)) return false;
        }
        return true;
      case element_type::OBJECT: {
        if (depth >= limits::kMaxJsonDepth) return false;
        const object members = as<object>(value);
        for (const auto member : members) {
          if (member.key.size() > limits::kMaxStringLength || !check(member.value, depth + 1)) return false;
        }
        return unique_keys(members);
      }
      case element_type::STRING:
        return as<std::string_view>(value).size() <= limits::kMaxStringLength;
      default:
        return true;
    }
  }

 private:
  // Each key's fingerprint (its length and first bytes) is compared first: a
  // small object's keys pairwise as they come, a large object's after sorting.
  // Only equal fingerprints compare whole keys.
  static std::uint64_t fingerprint(std::string_view key) noexcept {
    // Built in a register: bytes stored and loaded as one word would stall.
    std::uint64_t print = static_cast<std::uint64_t>(key.size()) << 48;
    for (std::size_t i = 0; i < key.size() && i < 6; ++i) {
      print ^= static_cast<std::uint64_t>(static_cast<unsigned char>(key[i])) << (8 * i);
    }
    return print;
  }

  bool unique_keys(const object& members) {
    constexpr std::size_t kSmall = 32;
    std::uint64_t prints[kSmall];
    std::string_view keys[kSmall];
    std::size_t n = 0;
    std::uint64_t seen = 0;  // a bit per fingerprint hash: a clear bit needs no comparison
    for (const auto member : members) {
      if (n == kSmall) return unique_keys_sorted(members);
      const auto print = fingerprint(member.key);
      const std::uint64_t bit = std::uint64_t{1} << ((print ^ (print >> 48) ^ (print >> 29)) & 63U);
      if ((seen & bit) != 0) {
        for (std::size_t b = 0; b < n; ++b) {
          if (prints[b] == print && keys[b] == member.key) return false;
        }
      }
      seen |= bit;
      prints[n] = print;
      keys[n++] = member.key;
    }
    return true;
  }

  bool unique_keys_sorted(const object& members) {
    keys_.clear();
    for (const auto member : members) keys_.push_back({fingerprint(member.key), member.key});
    std::sort(keys_.begin(), keys_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t a = 0; a + 1 < keys_.size(); ++a) {
      for (std::size_t b = a + 1; b < keys_.size() && keys_[b].first == keys_[a].first; ++b) {
        if (keys_[a].second == keys_[b].second) return false;
      }
    }
    return true;
  }

  std::vector<std::pair<std::uint64_t, std::string_view>> keys_;  // reused by every object
};

}  // namespace

struct LeanDocument::Parser {
  simdjson::dom::parser parser;
};

LeanDocument::LeanDocument() : parser_(std::make_unique<Parser>()) {}
LeanDocument::LeanDocument(LeanDocument&&) noexcept = default;
LeanDocument& LeanDocument::operator=(LeanDocument&&) noexcept = default;
LeanDocument::~LeanDocument() = default;

std::optional<LeanDocument> LeanDocument::parse(std::string_view text, bool padded) {
  static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING);
  if (text.size() > limits::kMaxInputBytes) return std::nullopt;
  LeanDocument document;
  auto& parser = document.parser_->parser;
  // One level of slack: the checker enforces kMaxJsonDepth itself; this bounds
  // its recursion.
  if (parser.allocate(std::max<std::size_t>(text.size(), 64), limits::kMaxJsonDepth + 1) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  element root;
  if (parser.parse(text.data(), text.size(), !padded).get(root) != simdjson::SUCCESS) return std::nullopt;
  if (!Checker().check(root, 0)) return std::nullopt;
  document.root_ = as_ref(root);
  return document;
}

LeanRef LeanDocument::root() const noexcept { return root_; }

LeanType LeanDocument::type(const LeanRef& value, std::size_t& size) noexcept {
  const element e = as_element(value);
  switch (e.type()) {
    case element_type::ARRAY:
      size = count(as<array>(e));
      return LeanType::array;
    case element_type::OBJECT:
      size = count(as<object>(e));
      return LeanType::object;
    case element_type::STRING:
      return LeanType::string;
    case element_type::INT64:
      return as<std::int64_t>(e) >= 0 ? LeanType::unsigned_integer : LeanType::integer;
    case element_type::UINT64:
      return LeanType::unsigned_integer;
    case element_type::DOUBLE:
      return LeanType::number;
    case element_type::BOOL:
      return LeanType::boolean;
    case element_type::NULL_VALUE:
      break;
  }
  return LeanType::null;
}

LeanRef LeanDocument::child(const LeanRef& container, std::size_t i, LeanCursor& cursor,
                            std::string_view* key) noexcept {
  const element e = as_element(container);
  if (e.type() == element_type::ARRAY) return as_ref(*seek(as<array>(e), i, cursor));
  const auto it = seek(as<object>(e), i, cursor);
  if (key != nullptr) *key = it.key();
  return as_ref(it.value());
}

std::string_view LeanDocument::key(const LeanRef& object, std::size_t i, LeanCursor& cursor) noexcept {
  return seek(as<simdjson::dom::object>(as_element(object)), i, cursor).key();
}

std::size_t LeanDocument::find(const LeanRef& object_ref, std::size_t size, std::string_view key, std::size_t start,
                               LeanCursor& cursor) noexcept {
  const auto members = as<object>(as_element(object_ref));
  const auto matches = [&](const object::iterator& it) {
    // Lengths, then first bytes, before a call to memcmp: most keys differ there.
    if (it.key_length() != key.size()) return false;
    const char* text = it.key_c_str();
    return key.empty() || (text[0] == key[0] && std::memcmp(text, key.data(), key.size()) == 0);
  };
  const auto found = [&](std::size_t i, const object::iterator& it) {
    cursor.index = i;
    cursor.bytes = to_bytes(it);
    return i;
  };
  auto it = seek(members, start, cursor);
  for (std::size_t i = start; i < size; ++i, ++it) {
    if (matches(it)) return found(i, it);
  }
  it = members.begin();
  for (std::size_t i = 0; i < start; ++i, ++it) {
    if (matches(it)) return found(i, it);
  }
  return size;
}

std::string_view LeanDocument::string(const LeanRef& value) noexcept { return as<std::string_view>(as_element(value)); }

std::int64_t LeanDocument::integer(const LeanRef& value) noexcept { return as<std::int64_t>(as_element(value)); }

std::uint64_t LeanDocument::unsigned_integer(const LeanRef& value) noexcept {
  // A non-negative int64 on the tape is unsigned to JsonNode.
  const element e = as_element(value);
  if (e.type() == element_type::INT64) return static_cast<std::uint64_t>(as<std::int64_t>(e));
  return as<std::uint64_t>(e);
}

bool LeanDocument::boolean(const LeanRef& value) noexcept { return as<bool>(as_element(value)); }

}  // namespace hotplan::detail
