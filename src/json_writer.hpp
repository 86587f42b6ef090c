#pragma once
// Two writers with one interface, so each structure's serialiser is written once
// (report.cpp) and serves both the CLI's streamed text and the library's Json
// values (Python's return values):
//   JsonTextWriter appends text byte-identical to nlohmann's dump(2), to a buffer
//   the caller drains as it goes;
//   JsonDomWriter builds a Json value.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "byte_words.hpp"
#include "json_node.hpp"
#include "text_buffer.hpp"

namespace hotplan::detail {

// An object key known when the program is compiled, checked then (printable
// ASCII that JSON does not escape; a wrong key does not compile) and held
// quoted with its colon, so that the text writer copies it in fixed-size words.
// The other writers take it as the name it is.
class JsonKey {
 public:
  static constexpr std::size_t kQuotedRoom = 32;  // "name": and padding

  template <std::size_t N>
  consteval JsonKey(const char (&name)[N]) : size_(N - 1) {  // NOLINT(google-explicit-constructor): a literal is a key
    static_assert(N - 1 + 4 <= kQuotedRoom, "a JSON key of at most 28 characters");
    quoted_[0] = '"';
    for (std::size_t i = 0; i + 1 < N; ++i) {
      if (name[i] < 0x20 || name[i] == '"' || name[i] == '\\' || name[i] > 0x7E) {
        throw "a JSON key is printable ASCII without quotes or backslashes";  // not a constant: does not compile
      }
      quoted_[i + 1] = name[i];
    }
    quoted_[N] = '"';
    quoted_[N + 1] = ':';
    quoted_[N + 2] = ' ';
  }
  [[nodiscard]] constexpr std::string_view name() const noexcept { return {quoted_.data() + 1, size_}; }
  constexpr operator std::string_view() const noexcept { return name(); }  // NOLINT(google-explicit-constructor)
  // `"name": ` in the first quoted_size() bytes of kQuotedRoom.
  [[nodiscard]] constexpr const char* quoted() const noexcept { return quoted_.data(); }
  [[nodiscard]] constexpr std::size_t quoted_size() const noexcept { return size_ + 4; }

 private:
  std::array<char, kQuotedRoom> quoted_{};
  std::size_t size_;
};

class JsonTextWriter {
 public:
  explicit JsonTextWriter(TextBuffer& out) : out_(&out) {}

  // A writer in this one's place, writing to `out`: what it writes is what this
  // writer would write next, so text written in pieces (on several threads) and
  // joined in order is the text written whole. `after_sibling`: the innermost
  // container will already hold a value when this piece's text follows.
  [[nodiscard]] JsonTextWriter continued_in(TextBuffer& out, bool after_sibling) const {
    JsonTextWriter piece(out);
    piece.levels_ = levels_;
    piece.after_key_ = after_key_;
    if (after_sibling && !piece.levels_.empty()) piece.levels_.back().empty = false;
    return piece;
  }
  // Takes the place of `piece` (continued_in's), whose text has been appended here.
  void continue_from(const JsonTextWriter& piece) {
    levels_ = piece.levels_;
    after_key_ = piece.after_key_;
  }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(const JsonKey& name) {
    char* out = separated(JsonKey::kQuotedRoom);
    std::memcpy(out, name.quoted(), JsonKey::kQuotedRoom);  // a fixed size: a few stores, no call
    out_->commit(out + name.quoted_size());
    after_key_ = true;
  }
  void string(std::string_view text) { out_->commit(put_escaped(separated(escaped_room(text)), text)); }
  void boolean(bool value) { literal(value ? std::string_view("true") : std::string_view("false")); }
  void integer(std::int64_t value) {
    char* out = separated(kIntegerRoom);
    out_->commit(std::to_chars(out, out + kIntegerRoom, value).ptr);
  }
  void null() { literal("null"); }

 private:
  struct Level {
    bool empty = true;
  };
  static constexpr std::size_t kIntegerRoom = 20;  // "-9223372036854775808"

  // Before a value: a comma after an earlier sibling, then a newline and indent,
  // unless the value follows its key. Returns the cursor after them, with room
  // for `value_room` more bytes.
  char* separated(std::size_t value_room) {
    if (after_key_ || levels_.empty()) {
      after_key_ = false;
      return out_->room(value_room);
    }
    const std::size_t indent = 2 * levels_.size();
    char* out = out_->room(2 + std::max(indent, kSpacesRoom) + value_room);
    if (!levels_.back().empty) *out++ = ',';
    levels_.back().empty = false;
    *out++ = '\n';
    return put_indent(out, indent);
  }
  // `count` spaces; up to 16 (eight levels) as two stores, the value written
  // over any extra, so the caller's room holds at least kSpacesRoom bytes.
  static constexpr std::size_t kSpacesRoom = 16;
  static char* put_indent(char* out, std::size_t count) noexcept {
    if (count > kSpacesRoom) {
      std::memset(out, ' ', count);
    } else {
      const std::uint64_t spaces = kByteOnes * ' ';
      std::memcpy(out, &spaces, 8);
      std::memcpy(out + 8, &spaces, 8);
    }
    return out + count;
  }
  void literal(std::string_view text) {
    char* out = separated(text.size());
    std::memcpy(out, text.data(), text.size());
    out_->commit(out + text.size());
  }
  void open(char bracket) {
    char* out = separated(1);
    *out = bracket;
    out_->commit(out + 1);
    levels_.push_back({});
  }
  void close(char bracket) {
    const bool empty = levels_.back().empty;
    levels_.pop_back();
    const std::size_t indent = empty ? 0 : 2 * levels_.size();
    char* out = out_->room(2 + std::max(indent, kSpacesRoom));
    if (!empty) {
      *out++ = '\n';
      out = put_indent(out, indent);
    }
    *out++ = bracket;
    out_->commit(out);
  }

  // Room for `text` quoted and escaped: six bytes a character at worst (\u00xx).
  static std::size_t escaped_room(std::string_view text) noexcept { return 6 * text.size() + 2; }

  // As nlohmann's serializer with ensure_ascii = false: quote and backslash
  // escaped, control characters as \b \t \n \f \r or \u00xx, UTF-8 as is.
  static char* put_escaped(char* out, std::string_view text) noexcept {
    *out++ = '"';
    if (char* end = put_if_plain(out, text.data(), text.size())) {
      out = end;
    } else {
      for (const char c : text) out = put_character(out, static_cast<unsigned char>(c));
    }
    *out++ = '"';
    return out;
  }
  // Nearly all text needs no escape: copies the `size` bytes at `in` to `out` and
  // returns their end when none is a control character, a quote or a backslash,
  // else nullptr (with some of them copied). Eight bytes at a time, the last
  // (partial) word as two overlapping halves or ends, so that a short key or
  // value takes a few instructions and no call.
  static char* put_if_plain(char* out, const char* in, std::size_t size) noexcept {
    if (size >= 8) {
      for (std::size_t i = 0; i + 8 <= size; i += 8) {
        if (!put_plain_word(out + i, in + i)) return nullptr;
      }
      return put_plain_word(out + size - 8, in + size - 8) ? out + size : nullptr;
    }
    if (size >= 4) {
      std::uint32_t low;
      std::uint32_t high;
      std::memcpy(&low, in, 4);
      std::memcpy(&high, in + size - 4, 4);
      if (special_bytes(std::uint64_t{high} << 32U | low) != 0) return nullptr;
      std::memcpy(out, &low, 4);
      std::memcpy(out + size - 4, &high, 4);
      return out + size;
    }
    if (size == 0) return out;
    // One to three bytes: the first, the middle and the last cover them all.
    const char first = in[0];
    const char middle = in[size / 2];
    const char last = in[size - 1];
    const auto byte = [](char c, unsigned shift) { return std::uint64_t{static_cast<unsigned char>(c)} << shift; };
    if (special_bytes((kByteOnes * 'a' & ~std::uint64_t{0xFFFFFF}) | byte(first, 0) | byte(middle, 8) |
                      byte(last, 16)) != 0) {
      return nullptr;
    }
    out[0] = first;
    out[size / 2] = middle;
    out[size - 1] = last;
    return out + size;
  }
  static bool put_plain_word(char* out, const char* in) noexcept {
    const std::uint64_t word = load_word(in);
    if (special_bytes(word) != 0) return false;
    std::memcpy(out, &word, 8);
    return true;
  }
  // The bytes of `x` that are control characters, quotes or backslashes.
  static std::uint64_t special_bytes(std::uint64_t x) noexcept {
    return bytes_below(x, 0x20) | bytes_equal(x, '"') | bytes_equal(x, '\\');
  }
  static char* put_character(char* out, unsigned char u) noexcept {
    const auto two = [&](char second) {
      out[0] = '\\';
      out[1] = second;
      return out + 2;
    };
    switch (u) {
      case '"':
        return two('"');
      case '\\':
        return two('\\');
      case '\b':
        return two('b');
      case '\t':
        return two('t');
      case '\n':
        return two('n');
      case '\f':
        return two('f');
      case '\r':
        return two('r');
      default:
        break;
    }
    if (u >= 0x20) {
      *out = static_cast<char>(u);
      return out + 1;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::memcpy(out, "\\u00", 4);
    out[4] = kHex[u >> 4U];
    out[5] = kHex[u & 0xFU];
    return out + 6;
  }

  TextBuffer* out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

class JsonDomWriter {
 public:
  void begin_object() { open(Json::value_t::object); }
  void end_object() { close(); }
  void begin_array() { open(Json::value_t::array); }
  void end_array() { close(); }
  void key(std::string_view name) { key_.assign(name); }
  void string(std::string_view text) { put(Json(std::string(text))); }
  void boolean(bool value) { put(Json(value)); }
  void integer(std::int64_t value) { put(Json(value)); }
  void null() { put(Json(nullptr)); }

  // The finished value; call once, after the outermost end_*().
  [[nodiscard]] Json take() { return std::move(root_); }

 private:
  // Containers under construction, innermost last; each is moved into its
  // parent when it closes, so the work is proportional to the output.
  struct Open {
    Json value;
    std::string key;  // its key in the parent object
  };

  void put(Json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return;
    }
    auto& top = stack_.back().value;
    if (top.is_object()) {
      top.get_ref<Json::object_t&>().emplace_back(std::move(key_), std::move(value));
    } else {
      top.get_ref<Json::array_t&>().push_back(std::move(value));
    }
  }
  void open(Json::value_t type) { stack_.push_back({Json(type), std::move(key_)}); }
  void close() {
    auto open = std::move(stack_.back());
    stack_.pop_back();
    key_ = std::move(open.key);
    put(std::move(open.value));
  }

  std::vector<Open> stack_;
  std::string key_;
  Json root_;
};

}  // namespace hotplan::detail
