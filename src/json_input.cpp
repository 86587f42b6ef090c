#include "json_node.hpp"

#include "lean_json.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "hotplan/civil.hpp"
#include "hotplan/clock_time.hpp"
#include "hotplan/limits.hpp"
#include "parallel.hpp"

namespace hotplan {

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

namespace detail {

namespace {
JsonSource padded_source(std::size_t size, std::string name) {
  JsonSource source{std::make_unique_for_overwrite<char[]>(size + kJsonPadding), size, std::move(name)};
  std::fill_n(source.buffer.get() + size, kJsonPadding, '\0');  // read, never used: defined all the same
  return source;
}

// A regular file large enough to read on several threads: the kernel's copy
// into fresh memory (and its page faults) was 0.2 s of reading a 266 MB fleet,
// on one core. Nullopt for anything else, and on any error or a file that
// changed size meanwhile: the stream reading below then reads (or reports) it.
std::optional<JsonSource> read_large_file_in_parts(const std::string& path) {
  constexpr std::size_t kBlock = std::size_t{256} << 10;  // at least 64 blocks (16 MiB) a thread
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0 || !S_ISREG(status.st_mode)) return std::nullopt;
  const auto size = static_cast<std::size_t>(status.st_size);
  const std::size_t blocks = size / kBlock;
  if (size > limits::kMaxInputBytes || detail::parallel_part_count(blocks, 0) < 2) return std::nullopt;
  struct File {
    explicit File(int descriptor) noexcept : fd(descriptor) {}
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    ~File() {
      if (fd >= 0) ::close(fd);
    }
    int fd;
  };
  const File file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.fd < 0) return std::nullopt;
  auto source = padded_source(size, path);
  std::atomic<bool> complete = true;
  detail::parallel_ranges(blocks, 0, [&](std::size_t begin, std::size_t end) {
    std::size_t offset = begin * kBlock;
    const std::size_t stop = end == blocks ? size : end * kBlock;  // the last part takes the tail
    while (offset < stop) {
      const auto got = ::pread(file.fd, source.buffer.get() + offset, stop - offset, static_cast<off_t>(offset));
      if (got <= 0) {
        if (got < 0 && errno == EINTR) continue;
        complete = false;
        return;
      }
      offset += static_cast<std::size_t>(got);
    }
  });
  char past_end = 0;
  if (!complete || ::pread(file.fd, &past_end, 1, static_cast<off_t>(size)) != 0) return std::nullopt;
  return source;
}

}  // namespace

JsonSource read_json_source(const std::string& path) {
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
    auto source = padded_source(text.size(), "standard input");
    std::copy(text.begin(), text.end(), source.buffer.get());
    return source;
  }
  if (auto source = read_large_file_in_parts(path)) return std::move(*source);
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
  auto source = padded_source(static_cast<std::size_t>(size), path);
  in.read(source.buffer.get(), size);
  // A file that shrank since: what was read, and defined bytes after it.
  source.size = static_cast<std::size_t>(in.gcount());
  std::fill_n(source.buffer.get() + source.size, static_cast<std::size_t>(size) - source.size + kJsonPadding, '\0');
  return source;
}

void visit_json_text(std::string_view text, std::string_view source, bool padded,
                     const std::function<void(const JsonNode&)>& read) {
  if (const auto lean = LeanDocument::parse(text, padded)) {
    read(JsonNode(&*lean, ""));
    return;
  }
  // Whatever the lean parse refused: the DOM parse reports it exactly as it
  // always has, or (a byte-order mark, a 100-digit integer) reads it.
  const Json document = parse_json_text(text, source);
  read(JsonNode(document, ""));
}

}  // namespace detail

Json load_json_file(const std::string& path) {
  const auto source = detail::read_json_source(path);
  return parse_json_text(source.text(), source.name);
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

JsonNode::JsonNode(const Json& value, std::string pointer) : json_(&value), root_pointer_(std::move(pointer)) {
  classify();
}

JsonNode::JsonNode(const detail::LeanDocument* document, std::string pointer)
    : lean_(document->root()), root_pointer_(std::move(pointer)) {
  classify();
}

JsonNode::JsonNode(const JsonNode& parent, std::size_t child) : parent_(&parent) {
  const bool member = parent.kind_ == Kind::object;
  if (!member) index_ = child;
  if (parent.json_ != nullptr) {
    if (member) {
      const auto& entry =
          *(parent.json_->get_ref<const Json::object_t&>().begin() + static_cast<std::ptrdiff_t>(child));
      key_ = entry.first;
      json_ = &entry.second;
    } else {
      json_ = &(*parent.json_)[child];
    }
  } else {
    lean_ = detail::LeanDocument::child(parent.lean_, child, parent.cursor_, member ? &key_ : nullptr);
  }
  classify();
}

void JsonNode::classify() noexcept {
  if (json_ == nullptr) {
    // LeanType lists the same kinds in the same order.
    kind_ = static_cast<Kind>(detail::LeanDocument::type(lean_, count_));
    return;
  }
  switch (json_->type()) {
    case Json::value_t::null:
      kind_ = Kind::null;
      return;
    case Json::value_t::object:
      kind_ = Kind::object;
      count_ = json_->size();
      return;
    case Json::value_t::array:
      kind_ = Kind::array;
      count_ = json_->size();
      return;
    case Json::value_t::string:
      kind_ = Kind::string;
      return;
    case Json::value_t::boolean:
      kind_ = Kind::boolean;
      return;
    case Json::value_t::number_integer:
      kind_ = Kind::integer;
      return;
    case Json::value_t::number_unsigned:
      kind_ = Kind::unsigned_integer;
      return;
    case Json::value_t::number_float:
      kind_ = Kind::number;
      return;
    default:
      kind_ = Kind::other;
  }
}

static_assert(static_cast<int>(detail::LeanType::object) == 7 && static_cast<int>(detail::LeanType::null) == 0 &&
              static_cast<int>(detail::LeanType::string) == 5);

std::string_view JsonNode::type_name() const noexcept {
  switch (kind_) {
    case Kind::null:
      return "null";
    case Kind::object:
      return "an object";
    case Kind::array:
      return "an array";
    case Kind::string:
      return "a string";
    case Kind::boolean:
      return "a boolean";
    case Kind::integer:
    case Kind::unsigned_integer:
      return "an integer";
    case Kind::number:
      return "a number";
    case Kind::other:
      break;
  }
  return "an unsupported value";
}

std::string_view JsonNode::key_at(std::size_t i) const noexcept {
  if (json_ != nullptr) {
    return (json_->get_ref<const Json::object_t&>().begin() + static_cast<std::ptrdiff_t>(i))->first;
  }
  return detail::LeanDocument::key(lean_, i, cursor_);
}

unsigned JsonNode::key_bit(std::string_view key) noexcept {
  const unsigned ends =
      key.empty() ? 0U : static_cast<unsigned char>(key.front()) * 3U + static_cast<unsigned char>(key.back());
  return (static_cast<unsigned>(key.size()) * 7U + ends) & 63U;
}

std::size_t JsonNode::index_of(std::string_view key) const noexcept {
  const std::size_t n = count_;
  if (((key_bits_ >> key_bit(key)) & 1U) == 0) return n;
  const std::size_t start = next_ < n ? next_ : 0;
  std::size_t found = n;
  if (json_ == nullptr) {
    found = detail::LeanDocument::find(lean_, n, key, start, cursor_);
  } else {
    const auto& members = json_->get_ref<const Json::object_t&>();
    for (std::size_t k = 0; k < n && found == n; ++k) {
      const std::size_t i = start + k < n ? start + k : start + k - n;
      if ((members.begin() + static_cast<std::ptrdiff_t>(i))->first == key) found = i;
    }
  }
  if (found < n) next_ = found + 1;
  return found;
}

const Json& JsonNode::value() const {
  if (json_ == nullptr) throw std::logic_error("JsonNode::value() on a lean document");
  return *json_;
}

std::string JsonNode::pointer() const {
  if (parent_ == nullptr) return root_pointer_;
  std::string out = parent_->pointer();
  if (index_ != std::string::npos) return out + "/" + std::to_string(index_);
  return json_pointer_append(out, key_);
}

bool JsonNode::is_null() const noexcept { return kind_ == Kind::null; }
bool JsonNode::is_object() const noexcept { return kind_ == Kind::object; }

void JsonNode::fail(const std::string& message) const { throw InputError(pointer(), message); }

void JsonNode::expect_object(std::initializer_list<std::string_view> allowed) const {
  if (kind_ != Kind::object) fail(fmt::format("expected an object, found {}", type_name()));
  // Keys mostly come in the order `allowed` lists them: each search starts after
  // the last match.
  const std::size_t n = count_;
  const std::size_t names = allowed.size();
  std::size_t next = 0;
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto key = key_at(i);
    bits |= std::uint64_t{1} << key_bit(key);
    bool known = false;
    for (std::size_t k = 0; k < names && !known; ++k) {
      const std::size_t j = (next + k) % names;
      if (allowed.begin()[j] == key) {
        known = true;
        next = j + 1;
      }
    }
    if (!known) {
      std::string list;
      for (auto name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
      throw InputError(json_pointer_append(pointer(), key), fmt::format("unknown field; expected one of: {}", list));
    }
  }
  key_bits_ = bits;
}

JsonNode JsonNode::at(std::string_view key) const& {
  if (kind_ != Kind::object) fail(fmt::format("expected an object, found {}", type_name()));
  const std::size_t i = index_of(key);
  if (i == count_) fail(fmt::format("missing required field \"{}\"", key));
  return JsonNode(*this, i);
}

std::optional<JsonNode> JsonNode::find(std::string_view key) const& {
  if (kind_ != Kind::object) fail(fmt::format("expected an object, found {}", type_name()));
  const std::size_t i = index_of(key);
  if (i == count_) return std::nullopt;
  JsonNode member(*this, i);
  if (member.is_null()) return std::nullopt;
  return member;
}

std::size_t JsonNode::array_size() const {
  if (kind_ != Kind::array) fail(fmt::format("expected an array, found {}", type_name()));
  return count_;
}

JsonNode JsonNode::element(std::size_t index) const& { return JsonNode(*this, index); }

std::size_t JsonNode::object_size() const {
  if (kind_ != Kind::object) fail(fmt::format("expected an object, found {}", type_name()));
  return count_;
}

std::string_view JsonNode::key(std::size_t index) const { return key_at(index); }

JsonNode JsonNode::member(std::size_t index) const& { return JsonNode(*this, index); }

JsonNode JsonNode::detached() const {
  JsonNode out = *this;
  out.root_pointer_ = pointer();
  out.parent_ = nullptr;
  out.key_ = {};
  out.index_ = std::string::npos;
  return out;
}

std::string_view JsonNode::string() const {
  if (kind_ != Kind::string) fail(fmt::format("expected a string, found {}", type_name()));
  if (json_ != nullptr) return json_->get_ref<const std::string&>();
  return detail::LeanDocument::string(lean_);
}

bool JsonNode::boolean() const {
  if (kind_ != Kind::boolean) fail(fmt::format("expected true or false, found {}", type_name()));
  return json_ != nullptr ? json_->get<bool>() : detail::LeanDocument::boolean(lean_);
}

std::int64_t JsonNode::integer(std::int64_t min, std::int64_t max) const {
  std::int64_t result = 0;
  const auto k = kind_;
  if (k == Kind::unsigned_integer) {
    const auto u = json_ != nullptr ? json_->get<std::uint64_t>() : detail::LeanDocument::unsigned_integer(lean_);
    if (u > static_cast<std::uint64_t>(max)) fail(fmt::format("expected an integer from {} to {}", min, max));
    result = static_cast<std::int64_t>(u);
  } else if (k == Kind::integer) {
    result = json_ != nullptr ? json_->get<std::int64_t>() : detail::LeanDocument::integer(lean_);
  } else {
    fail(fmt::format("expected an integer, found {}", type_name()));
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

namespace {
// Whole minutes only: hotplan schedules in minutes, and a duration it would have
// to round has no one right rounding (up for an install, down for a cap).
std::optional<std::chrono::minutes> minutes_duration(std::string_view text) {
  const auto d = parse_iso_duration(text);
  if (!d || *d % std::chrono::minutes{1} != std::chrono::seconds{0} || *d < kMinDuration || *d > kMaxDuration) {
    return std::nullopt;
  }
  return std::chrono::duration_cast<std::chrono::minutes>(*d);
}

std::string duration_error(std::string_view text) {
  return fmt::format(
      "expected an ISO 8601 duration in whole minutes from PT1M to PT24H, such as PT4H or PT1H30M, found \"{}\"", text);
}
}  // namespace

std::chrono::minutes read_minutes_duration(std::string_view text, const std::string& where) {
  const auto minutes = minutes_duration(text);
  if (!minutes) throw InputError(where, duration_error(text));
  return *minutes;
}

std::chrono::minutes read_minutes_duration(const JsonNode& node) {
  const auto text = node.string();
  const auto minutes = minutes_duration(text);
  if (!minutes) node.fail(duration_error(text));
  return *minutes;
}

}  // namespace hotplan
