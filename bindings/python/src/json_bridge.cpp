#include "json_bridge.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hotplan/limits.hpp"
#include "json_sink.hpp"

namespace hotplan::python {

namespace {

// Where a value sits, as a chain of links on the C++ stack; the JSON pointer
// text is built only when an error needs it, so the walk costs no strings.
struct Location {
  const Location* parent = nullptr;
  std::string_view key;  // a dict key, or empty with is_index
  std::size_t index = 0;
  bool is_index = false;
};

std::string pointer_of(const Location* at) {
  std::vector<const Location*> chain;
  for (; at != nullptr && at->parent != nullptr; at = at->parent) chain.push_back(at);
  std::string pointer;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    pointer = (*it)->is_index ? pointer + "/" + std::to_string((*it)->index) : json_pointer_append(pointer, (*it)->key);
  }
  return pointer;
}

std::string_view utf8_of(PyObject* text, const Location* at, const char* what) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(text, &size);
  if (data == nullptr) {
    PyErr_Clear();  // a lone surrogate such as "\ud800" has no UTF-8 form
    throw InputError(pointer_of(at), fmt::format("{} is not valid Unicode", what));
  }
  if (static_cast<std::size_t>(size) > limits::kMaxStringLength) {
    throw LimitError(pointer_of(at), fmt::format("{} is longer than {} characters", what, limits::kMaxStringLength));
  }
  return {data, static_cast<std::size_t>(size)};
}

Json integer_to_json(PyObject* number, const Location* at) {
  int overflow = 0;
  const long long value = PyLong_AsLongLongAndOverflow(number, &overflow);
  if (overflow == 0 && !(value == -1 && PyErr_Occurred() != nullptr)) return Json(static_cast<std::int64_t>(value));
  PyErr_Clear();
  if (overflow > 0) {
    const unsigned long long big = PyLong_AsUnsignedLongLong(number);
    if (!(big == static_cast<unsigned long long>(-1) && PyErr_Occurred() != nullptr)) {
      return Json(static_cast<std::uint64_t>(big));
    }
    PyErr_Clear();
  }
  throw InputError(pointer_of(at), "integer does not fit in 64 bits");
}

Json walk(PyObject* value, const Location* at, int depth) {
  if (value == Py_None) return Json(nullptr);
  if (PyBool_Check(value)) return Json(value == Py_True);  // before int: bool is an int subclass
  if (PyLong_Check(value)) return integer_to_json(value, at);
  if (PyFloat_Check(value)) {
    const double number = PyFloat_AS_DOUBLE(value);
    if (!std::isfinite(number)) throw InputError(pointer_of(at), "NaN and infinity are not JSON numbers");
    return Json(number);
  }
  if (PyUnicode_Check(value)) return Json(std::string(utf8_of(value, at, "string")));

  const bool is_dict = PyDict_Check(value);
  const bool is_list = PyList_Check(value);
  if (!is_dict && !is_list && !PyTuple_Check(value)) {
    throw InputError(pointer_of(at), fmt::format("expected a JSON value (dict, list, str, int, float, bool or None), "
                                                 "found {}",
                                                 Py_TYPE(value)->tp_name));
  }
  if (depth >= limits::kMaxJsonDepth) {
    throw LimitError(pointer_of(at), fmt::format("nests deeper than {} levels", limits::kMaxJsonDepth));
  }
  if (is_dict) {
    Json out = Json::object();
    auto& members = out.get_ref<Json::object_t&>();
    members.reserve(static_cast<std::size_t>(PyDict_GET_SIZE(value)));
    Py_ssize_t position = 0;
    PyObject* key = nullptr;
    PyObject* member = nullptr;
    while (PyDict_Next(value, &position, &key, &member)) {
      if (!PyUnicode_Check(key)) {
        throw InputError(pointer_of(at), fmt::format("object keys must be str, found {}", Py_TYPE(key)->tp_name));
      }
      const Location here{at, utf8_of(key, at, "key"), 0, false};
      // Python keys are unique, so append instead of ordered_map's linear emplace.
      members.emplace_back(std::string(here.key), walk(member, &here, depth + 1));
    }
    return out;
  }
  const Py_ssize_t size = is_list ? PyList_GET_SIZE(value) : PyTuple_GET_SIZE(value);
  Json out = Json::array();
  auto& elements = out.get_ref<Json::array_t&>();
  elements.reserve(static_cast<std::size_t>(size));
  for (Py_ssize_t i = 0; i < size; ++i) {
    const Location here{at, {}, static_cast<std::size_t>(i), true};
    elements.push_back(walk(is_list ? PyList_GET_ITEM(value, i) : PyTuple_GET_ITEM(value, i), &here, depth + 1));
  }
  return out;
}

py::object steal(PyObject* created) {
  if (created == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(created);
}

PyObject* new_text(std::string_view utf8) {
  PyObject* text = PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "replace");
  if (text == nullptr) throw py::error_already_set();
  return text;
}

// Output objects repeat the same few keys thousands of times, and most values
// too (months, kinds, KBs, reason codes, window times of machines that share a
// zone): one str object per distinct short text, shared within a conversion
// (str is immutable), saves an allocation and a UTF-8 decode per member.
// Longer texts (reasons, notes) seldom repeat; past kMaxEntries distinct texts
// (a large fleet's machine ids) new ones are no longer kept.
class SharedTexts {
 public:
  // A new reference to the str for `utf8`.
  PyObject* get(std::string_view utf8) {
    if (utf8.size() > kMaxBytes) return new_text(utf8);
    if (const auto it = texts_.find(utf8); it != texts_.end()) return Py_NewRef(it->second.ptr());
    PyObject* text = new_text(utf8);
    if (texts_.size() < kMaxEntries) texts_.emplace(std::string(utf8), py::reinterpret_borrow<py::object>(text));
    return text;
  }

 private:
  static constexpr std::size_t kMaxBytes = 40;
  static constexpr std::size_t kMaxEntries = 1U << 16U;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, py::object, Hash, std::equal_to<>> texts_;
};

// A plan is millions of new dicts and lists, none in a cycle: the cyclic
// collector, which would otherwise run every 700 of them and walk the young
// ones each time, is paused while they are built (and resumed as it was).
class PausedCollector {
 public:
  PausedCollector() : was_enabled_(PyGC_Disable() != 0) {}
  PausedCollector(const PausedCollector&) = delete;
  PausedCollector& operator=(const PausedCollector&) = delete;
  ~PausedCollector() {
    if (was_enabled_) PyGC_Enable();
  }

 private:
  bool was_enabled_;
};

class PythonBuilder {
 public:
  py::object build(const Json& value) {
    switch (value.type()) {
      case Json::value_t::null:
        return py::none();
      case Json::value_t::boolean:
        return py::bool_(value.get<bool>());
      case Json::value_t::number_integer:
        return steal(PyLong_FromLongLong(value.get<std::int64_t>()));
      case Json::value_t::number_unsigned:
        return steal(PyLong_FromUnsignedLongLong(value.get<std::uint64_t>()));
      case Json::value_t::number_float:
        return steal(PyFloat_FromDouble(value.get<double>()));
      case Json::value_t::string:
        return steal(texts_.get(value.get_ref<const std::string&>()));
      case Json::value_t::array: {
        const auto& elements = value.get_ref<const Json::array_t&>();
        py::list out(elements.size());
        for (std::size_t i = 0; i < elements.size(); ++i) {
          PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), build(elements[i]).release().ptr());
        }
        return out;
      }
      case Json::value_t::object: {
        const auto& members = value.get_ref<const Json::object_t&>();
        // Sized for its members up front: a dict grown one member at a time resizes several times.
        auto out = steal(_PyDict_NewPresized(static_cast<Py_ssize_t>(members.size())));
        for (const auto& [key, member] : members) {
          const auto key_object = steal(texts_.get(key));
          if (PyDict_SetItem(out.ptr(), key_object.ptr(), build(member).ptr()) != 0) throw py::error_already_set();
        }
        return out;
      }
      default:
        return py::none();  // binary and discarded values are never produced
    }
  }

 private:
  PausedCollector paused_;
  SharedTexts texts_;
};

// The same objects built straight from the library's serialisers (json_sink.hpp),
// with no Json value in between: each open container's items wait on a stack
// (owned references) until it closes, then become one presized dict or list.
class PythonSink final : public detail::JsonSink {
 public:
  PythonSink() = default;
  ~PythonSink() override {
    for (auto& level : levels_) {
      for (PyObject* item : level.items) Py_XDECREF(item);
    }
    Py_XDECREF(key_);
  }

  void begin_object() override { open(true); }
  void begin_array() override { open(false); }
  void end_object() override {
    Level& level = levels_[depth_ - 1];
    auto dict = steal(_PyDict_NewPresized(static_cast<Py_ssize_t>(level.items.size() / 2)));
    for (std::size_t i = 0; i < level.items.size(); i += 2) {
      if (PyDict_SetItem(dict.ptr(), level.items[i], level.items[i + 1]) != 0) throw py::error_already_set();
    }
    close(level);
    put_container(dict.release().ptr());
  }
  void end_array() override {
    Level& level = levels_[depth_ - 1];
    auto list = steal(PyList_New(static_cast<Py_ssize_t>(level.items.size())));
    for (std::size_t i = 0; i < level.items.size(); ++i) {
      PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), level.items[i]);  // steals the reference
    }
    level.items.clear();
    --depth_;
    put_container(list.release().ptr());
  }
  void key(std::string_view name) override {
    Py_XDECREF(key_);
    key_ = texts_.get(name);
  }
  void string(std::string_view text) override { put_scalar(texts_.get(text)); }
  void boolean(bool value) override { put_scalar(Py_NewRef(value ? Py_True : Py_False)); }
  void integer(std::int64_t value) override { put_scalar(steal(PyLong_FromLongLong(value)).release().ptr()); }
  void null() override { put_scalar(Py_NewRef(Py_None)); }

  // The finished value; call once, after the outermost end_*().
  py::object take() { return std::move(root_); }

 private:
  struct Level {
    bool object = false;
    std::vector<PyObject*> items;  // an object's key, value, key, value...
  };

  void open(bool object) {
    claim_key();  // the keys of the new container's members come before it closes
    if (depth_ == levels_.size()) levels_.emplace_back();  // levels are reused with their capacity
    levels_[depth_].object = object;
    ++depth_;
  }
  // Drops an object level's references once its dict holds its own.
  void close(Level& level) {
    for (PyObject* item : level.items) Py_DECREF(item);
    level.items.clear();
    --depth_;
  }
  // In an object, the pending key goes in before its value (or its container).
  void claim_key() {
    if (depth_ > 0 && levels_[depth_ - 1].object) {
      levels_[depth_ - 1].items.push_back(key_);
      key_ = nullptr;
    }
  }
  // Each takes the new reference `value`.
  void put_scalar(PyObject* value) {
    if (depth_ > 0) claim_key();
    put_container(value);
  }
  void put_container(PyObject* value) {
    if (depth_ == 0) {
      root_ = py::reinterpret_steal<py::object>(value);
      return;
    }
    levels_[depth_ - 1].items.push_back(value);
  }

  PausedCollector paused_;
  SharedTexts texts_;
  std::vector<Level> levels_;
  std::size_t depth_ = 0;
  PyObject* key_ = nullptr;  // the pending key (a new reference), until its value comes
  py::object root_;
};

}  // namespace

Json to_json(py::handle value) {
  const Location root{};
  return walk(value.ptr(), &root, 0);
}

py::object to_python(const Json& value) { return PythonBuilder{}.build(value); }

py::object to_python(const FleetPlan& plan) {
  PythonSink sink;
  detail::write_plan_to(sink, plan);
  return sink.take();
}

}  // namespace hotplan::python
