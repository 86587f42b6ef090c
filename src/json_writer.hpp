#pragma once
// Two writers with one interface, so each structure's serialiser is written once
// (report.cpp) and serves both the CLI's streamed text and the library's Json
// values (Python's return values):
//   JsonTextWriter appends text byte-identical to nlohmann's dump(2), to a buffer
//   the caller drains as it goes;
//   JsonDomWriter builds a Json value.
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "byte_words.hpp"
#include "json_node.hpp"

namespace hotplan::detail {

class JsonTextWriter {
 public:
  explicit JsonTextWriter(std::string& out) : out_(&out) {}

  // A writer in this one's place, writing to `out`: what it writes is what this
  // writer would write next, so text written in pieces (on several threads) and
  // joined in order is the text written whole. `after_sibling`: the innermost
  // container will already hold a value when this piece's text follows.
  [[nodiscard]] JsonTextWriter continued_in(std::string& out, bool after_sibling) const {
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
  void key(std::string_view name) {
    separate();
    escaped(name);
    out_->append(": ");
    after_key_ = true;
  }
  void string(std::string_view text) {
    separate();
    escaped(text);
  }
  void boolean(bool value) {
    separate();
    out_->append(value ? "true" : "false");
  }
  void integer(std::int64_t value) {
    separate();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out_->append(digits, end);
  }
  void null() {
    separate();
    out_->append("null");
  }

 private:
  struct Level {
    bool empty = true;
  };

  // Before a value: a comma after an earlier sibling, then a newline and indent,
  // unless the value follows its key.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (levels_.empty()) return;
    if (!levels_.back().empty) out_->push_back(',');
    levels_.back().empty = false;
    out_->push_back('\n');
    indent(levels_.size());
  }
  void open(char bracket) {
    separate();
    out_->push_back(bracket);
    levels_.push_back({});
  }
  void close(char bracket) {
    const bool empty = levels_.back().empty;
    levels_.pop_back();
    if (!empty) {
      out_->push_back('\n');
      indent(levels_.size());
    }
    out_->push_back(bracket);
  }
  void indent(std::size_t depth) { out_->append(depth * 2, ' '); }

  // As nlohmann's serializer with ensure_ascii = false: quote and backslash
  // escaped, control characters as \b \t \n \f \r or \u00xx, UTF-8 as is.
  // Runs of characters that need no escape (nearly all text) are appended whole,
  // found eight bytes at a time.
  void escaped(std::string_view text) {
    out_->push_back('"');
    const char* const data = text.data();
    const std::size_t size = text.size();
    std::size_t plain = 0;  // start of the current run that needs no escape
    std::size_t i = 0;
    while (i < size) {
      if (i + 8 <= size && !needs_escape(data + i)) {
        i += 8;
        continue;
      }
      const auto u = static_cast<unsigned char>(data[i]);
      if (u < 0x20 || u == '"' || u == '\\') {
        out_->append(data + plain, i - plain);
        escape(u);
        plain = i + 1;
      }
      ++i;
    }
    out_->append(data + plain, size - plain);
    out_->push_back('"');
  }
  // Whether any of the 8 bytes at `p` is a control character, a quote or a backslash.
  static bool needs_escape(const char* p) noexcept {
    const std::uint64_t x = load_word(p);
    return (bytes_below(x, 0x20) | bytes_equal(x, '"') | bytes_equal(x, '\\')) != 0;
  }
  void escape(unsigned char u) {
    switch (u) {
      case '"':
        out_->append("\\\"");
        break;
      case '\\':
        out_->append("\\\\");
        break;
      case '\b':
        out_->append("\\b");
        break;
      case '\t':
        out_->append("\\t");
        break;
      case '\n':
        out_->append("\\n");
        break;
      case '\f':
        out_->append("\\f");
        break;
      case '\r':
        out_->append("\\r");
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out_->append("\\u00");
        out_->push_back(kHex[u >> 4U]);
        out_->push_back(kHex[u & 0xFU]);
      }
    }
  }

  std::string* out_;
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
