#pragma once
// Two writers with one interface, so each structure's serialiser is written once
// (report.cpp) and serves both the CLI's streamed text and the library's Json
// values (Python's return values):
//   JsonTextWriter appends text byte-identical to nlohmann's dump(2), to a buffer
//   the caller drains as it goes;
//   JsonDomWriter builds a Json value.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json_node.hpp"

namespace hotplan::detail {

class JsonTextWriter {
 public:
  explicit JsonTextWriter(std::string& out) : out_(&out) {}

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
    out_->append(std::to_string(value));
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
  void escaped(std::string_view text) {
    out_->push_back('"');
    for (const char c : text) {
      const auto u = static_cast<unsigned char>(c);
      switch (c) {
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
        default:
          if (u < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            out_->append("\\u00");
            out_->push_back(kHex[u >> 4U]);
            out_->push_back(kHex[u & 0xFU]);
          } else {
            out_->push_back(c);
          }
      }
    }
    out_->push_back('"');
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
