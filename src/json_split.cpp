#include "json_split.hpp"

#include <bit>
#include <cstdint>

#include "byte_words.hpp"

namespace hotplan::detail {

namespace {

constexpr auto npos = std::string_view::npos;

constexpr bool is_whitespace(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_whitespace(std::string_view text, std::size_t at) noexcept {
  while (at < text.size() && is_whitespace(text[at])) ++at;
  return at;
}

// `at` is a string's opening quote: the index past its closing quote, or npos.
// Eight bytes at a time to the next quote or backslash: a fleet is mostly
// strings, and this scan was the longest part of reading one that runs on one core.
std::size_t skip_string(std::string_view text, std::size_t at) noexcept {
  const char* const data = text.data();
  const std::size_t size = text.size();
  ++at;
  while (at < size) {
    if constexpr (std::endian::native == std::endian::little) {
      if (at + 8 <= size) {
        const std::uint64_t word = load_word(data + at);
        const std::uint64_t hits = bytes_equal(word, '"') | bytes_equal(word, '\\');
        if (hits == 0) {
          at += 8;
          continue;
        }
        at += static_cast<std::size_t>(std::countr_zero(hits)) / 8;
      }
    }
    if (data[at] == '"') return at + 1;
    at += data[at] == '\\' ? 2 : 1;  // past an escape: the escaped character, whatever it is
  }
  return npos;
}

// `at` starts a value: the index past it, or npos. Brackets are counted, not
// matched: a mismatch is left to the parse of the piece that holds it.
std::size_t skip_value(std::string_view text, std::size_t at) noexcept {
  if (at >= text.size()) return npos;
  if (text[at] == '"') return skip_string(text, at);
  if (text[at] != '{' && text[at] != '[') {
    while (at < text.size() && !is_whitespace(text[at]) && text[at] != ',' && text[at] != '}' && text[at] != ']') {
      ++at;
    }
    return at;
  }
  std::size_t depth = 0;
  while (at < text.size()) {
    const char c = text[at];
    if (c == '"') {
      at = skip_string(text, at);
      if (at == npos) return npos;
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return at + 1;
    }
    ++at;
  }
  return npos;
}

// `at` is just past the array's '['; fills `elements` (at most `max_elements`);
// the index of its ']', or npos.
std::size_t split_elements(std::string_view text, std::size_t at, std::size_t max_elements,
                           std::vector<TextSpan>& elements) {
  at = skip_whitespace(text, at);
  if (at < text.size() && text[at] == ']') return at;
  while (true) {
    const std::size_t end = skip_value(text, at);
    if (end == npos || end == at || elements.size() == max_elements) return npos;
    elements.push_back({at, end});
    at = skip_whitespace(text, end);
    if (at >= text.size()) return npos;
    if (text[at] == ']') return at;
    if (text[at] != ',') return npos;
    at = skip_whitespace(text, at + 1);
  }
}

}  // namespace

std::optional<SplitDocument> split_at_array(std::string_view text, std::string_view key, std::size_t max_elements) {
  std::size_t at = skip_whitespace(text, 0);
  if (at >= text.size() || text[at] != '{') return std::nullopt;
  ++at;
  while (true) {
    at = skip_whitespace(text, at);
    if (at >= text.size() || text[at] != '"') return std::nullopt;
    const std::size_t key_end = skip_string(text, at);
    if (key_end == npos) return std::nullopt;
    const bool wanted = text.substr(at + 1, key_end - at - 2) == key;
    at = skip_whitespace(text, key_end);
    if (at >= text.size() || text[at] != ':') return std::nullopt;
    at = skip_whitespace(text, at + 1);
    if (wanted) {
      if (at >= text.size() || text[at] != '[') return std::nullopt;
      SplitDocument split;
      const std::size_t close = split_elements(text, at + 1, max_elements, split.elements);
      if (close == npos) return std::nullopt;
      split.outline.reserve(text.size() - (close - at - 1));
      split.outline.append(text.substr(0, at + 1)).append(text.substr(close));
      return split;
    }
    at = skip_value(text, at);
    if (at == npos) return std::nullopt;
    at = skip_whitespace(text, at);
    if (at >= text.size() || text[at] != ',') return std::nullopt;  // '}' too: the key is not there
    ++at;
  }
}

}  // namespace hotplan::detail
