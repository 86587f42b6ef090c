#include "json_node.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "hotplan/civil.hpp"
#include "hotplan/clock_time.hpp"
#include "hotplan/limits.hpp"

namespace hotplan {

namespace {
std::string_view type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "an integer";
    case Json::value_t::number_float:
      return "a number";
    default:
      return "an unsupported value";
  }
}
}  // namespace

Json parse_json_text(std::string_view text, std::string_view source) {
  if (text.size() > limits::kMaxInputBytes) {
    throw LimitError("",
                     fmt::format("{} is {} bytes; the limit is {} bytes", source, text.size(), limits::kMaxInputBytes));
  }
  // The callback sees each value as it is parsed: nesting and string length are
  // checked before any deep structure is built.
  bool too_deep = false;
  bool too_long = false;
  // Where the parser is, to name a repeated key by its pointer: one entry per open
  // container, with an object's keys so far or an array's next index.
  struct Open {
    bool object = false;
    std::unordered_set<std::string> keys;
    std::string key;
    std::size_t index = 0;
  };
  std::vector<Open> open;
  std::optional<std::string> repeated;  // the pointer of the first repeated key
  auto pointer_to = [&](std::string_view last) {
    std::string pointer;
    for (std::size_t i = 0; i + 1 < open.size(); ++i) {
      pointer = open[i].object ? json_pointer_append(pointer, open[i].key)
                               : json_pointer_append(pointer, std::to_string(open[i].index));
    }
    return json_pointer_append(pointer, last);
  };
  auto element_done = [&] {
    if (!open.empty() && !open.back().object) ++open.back().index;
  };
  // nlohmann's parser is iterative and, once the callback refuses a value, builds
  // nothing below it: 100,000 nested brackets cost a little heap, never stack.
  auto guard = [&](int depth, Json::parse_event_t event, Json& parsed) {
    // `depth` counts the enclosing containers; an array or object opened at depth
    // d is the (d+1)-th nesting level.
    const bool opens = event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start;
    if (opens && depth >= limits::kMaxJsonDepth) too_deep = true;
    if (event == Json::parse_event_t::value && parsed.is_string() &&
        parsed.get_ref<const std::string&>().size() > limits::kMaxStringLength) {
      too_long = true;
    }
    if (event == Json::parse_event_t::key && parsed.get_ref<const std::string&>().size() > limits::kMaxStringLength) {
      too_long = true;
    }
    if (too_deep || too_long) return false;
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        open.push_back({event == Json::parse_event_t::object_start, {}, {}, 0});
        break;
      case Json::parse_event_t::key: {
        auto& top = open.back();
        top.key = parsed.get_ref<const std::string&>();
        if (!top.keys.insert(top.key).second && !repeated) repeated = pointer_to(top.key);
        break;
      }
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        open.pop_back();
        element_done();
        break;
      case Json::parse_event_t::value:
        element_done();
        break;
    }
    return true;
  };
  Json result;
  try {
    result = Json::parse(text.begin(), text.end(), guard, /*allow_exceptions=*/true, /*ignore_comments=*/false);
  } catch (const Json::exception& e) {
    // parse_error for bad syntax, out_of_range for numbers such as 1e999: both are bad input.
    if (too_deep || too_long) {
      // Past a limit the callback discards everything; the limit is the error to report.
    } else {
      const std::string what = e.what();
      const auto tag_end = what.find("] ");  // drops nlohmann's "[json.exception.parse_error.101] "
      throw InputError("", fmt::format("{} is not valid JSON: {}", source,
                                       tag_end == std::string::npos ? what : what.substr(tag_end + 2)));
    }
  }
  if (too_deep) {
    throw LimitError("",
                     fmt::format("{} nests arrays and objects deeper than {} levels", source, limits::kMaxJsonDepth));
  }
  if (too_long) {
    throw LimitError("", fmt::format("{} has a string longer than {} bytes", source, limits::kMaxStringLength));
  }
  // A repeated key would silently lose one of its values.
  if (repeated) throw InputError(*repeated, "this key appears more than once in its object");
  return result;
}

Json load_json_file(const std::string& path) {
  if (path == "-") {
    // Standard input, read up to one byte past the limit.
    std::string text;
    char buffer[65536];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
      text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
      if (text.size() > limits::kMaxInputBytes) {
        throw LimitError("", fmt::format("standard input is more than {} bytes; the limit is {} bytes",
                                         limits::kMaxInputBytes, limits::kMaxInputBytes));
      }
    }
    return parse_json_text(text, "standard input");
  }
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw InputError("", fmt::format("{} is a directory, not a JSON file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("", fmt::format("cannot read {}", path));
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) throw InputError("", fmt::format("cannot read {}", path));
  if (static_cast<std::size_t>(size) > limits::kMaxInputBytes) {
    throw LimitError("", fmt::format("{} is {} bytes; the limit is {} bytes", path, static_cast<long long>(size),
                                     limits::kMaxInputBytes));
  }
  in.seekg(0);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), size);
  return parse_json_text(text, path);
}

std::string json_pointer_append(std::string_view pointer, std::string_view key) {
  std::string out(pointer);
  out.push_back('/');
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string join_alternatives(std::initializer_list<std::string_view> names) {
  std::string out;
  std::size_t i = 0;
  for (auto name : names) {
    if (i > 0) out += (i + 1 == names.size()) ? " or " : ", ";
    out += name;
    ++i;
  }
  return out;
}

void JsonNode::expect_object(std::initializer_list<std::string_view> allowed) const {
  if (!value_->is_object()) fail(fmt::format("expected an object, found {}", type_name(*value_)));
  for (const auto& [key, unused] : value_->items()) {
    bool known = false;
    for (auto name : allowed) known = known || name == key;
    if (!known) {
      std::string list;
      for (auto name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
      throw InputError(json_pointer_append(pointer_, key), fmt::format("unknown field; expected one of: {}", list));
    }
  }
}

JsonNode JsonNode::at(std::string_view key) const {
  if (!value_->is_object()) fail(fmt::format("expected an object, found {}", type_name(*value_)));
  const auto it = value_->find(key);
  if (it == value_->end()) fail(fmt::format("missing required field \"{}\"", key));
  return JsonNode(*it, json_pointer_append(pointer_, key));
}

std::optional<JsonNode> JsonNode::find(std::string_view key) const {
  if (!value_->is_object()) fail(fmt::format("expected an object, found {}", type_name(*value_)));
  const auto it = value_->find(key);
  if (it == value_->end() || it->is_null()) return std::nullopt;
  return JsonNode(*it, json_pointer_append(pointer_, key));
}

std::size_t JsonNode::array_size() const {
  if (!value_->is_array()) fail(fmt::format("expected an array, found {}", type_name(*value_)));
  return value_->size();
}

JsonNode JsonNode::element(std::size_t index) const {
  return JsonNode((*value_)[index], pointer_ + "/" + std::to_string(index));
}

const std::string& JsonNode::string() const {
  if (!value_->is_string()) fail(fmt::format("expected a string, found {}", type_name(*value_)));
  return value_->get_ref<const std::string&>();
}

bool JsonNode::boolean() const {
  if (!value_->is_boolean()) fail(fmt::format("expected true or false, found {}", type_name(*value_)));
  return value_->get<bool>();
}

std::int64_t JsonNode::integer(std::int64_t min, std::int64_t max) const {
  std::int64_t result = 0;
  if (value_->is_number_unsigned()) {
    const auto u = value_->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max)) fail(fmt::format("expected an integer from {} to {}", min, max));
    result = static_cast<std::int64_t>(u);
  } else if (value_->is_number_integer()) {
    result = value_->get<std::int64_t>();
  } else {
    fail(fmt::format("expected an integer, found {}", type_name(*value_)));
  }
  if (result < min || result > max) fail(fmt::format("expected an integer from {} to {}, found {}", min, max, result));
  return result;
}

Kb read_kb(const JsonNode& node) {
  const auto kb = Kb::parse(node.string());
  if (!kb)
    node.fail(fmt::format("expected a KB id such as KB5066835 (KB and 6 to 8 digits), found \"{}\"", node.string()));
  return *kb;
}

date::sys_days read_date(const JsonNode& node) {
  const auto day = parse_date(node.string());
  if (!day) node.fail(fmt::format("expected a date YYYY-MM-DD between 1970 and 2100, found \"{}\"", node.string()));
  return date::sys_days{*day};
}

std::chrono::minutes read_minutes_duration(std::string_view text, const std::string& where) {
  const auto d = parse_iso_duration(text);
  // Whole minutes only: hotplan schedules in minutes, and a duration it would
  // have to round has no one right rounding (up for an install, down for a cap).
  if (!d || *d % std::chrono::minutes{1} != std::chrono::seconds{0} || *d < kMinDuration || *d > kMaxDuration) {
    throw InputError(where, fmt::format("expected an ISO 8601 duration in whole minutes from PT1M to PT24H, such as "
                                        "PT4H or PT1H30M, found \"{}\"",
                                        text));
  }
  return std::chrono::duration_cast<std::chrono::minutes>(*d);
}

}  // namespace hotplan
