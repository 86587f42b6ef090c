#include "json_bridge.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hotplan/limits.hpp"

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

// Output objects repeat the same few keys thousands of times; one str object
// per distinct key, shared within a conversion, saves an allocation per member.
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
        return text(value.get_ref<const std::string&>());
      case Json::value_t::array: {
        const auto& elements = value.get_ref<const Json::array_t&>();
        py::list out(elements.size());
        for (std::size_t i = 0; i < elements.size(); ++i) {
          PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), build(elements[i]).release().ptr());
        }
        return out;
      }
      case Json::value_t::object: {
        py::dict out;
        for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
          if (PyDict_SetItem(out.ptr(), key_object(key).ptr(), build(member).ptr()) != 0) throw py::error_already_set();
        }
        return out;
      }
      default:
        return py::none();  // binary and discarded values are never produced
    }
  }

 private:
  static py::object steal(PyObject* created) {
    if (created == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(created);
  }
  static py::object text(const std::string& utf8) {
    return steal(PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "replace"));
  }
  const py::object& key_object(const std::string& key) {
    auto it = keys_.find(key);
    if (it == keys_.end()) it = keys_.emplace(key, text(key)).first;
    return it->second;
  }

  std::unordered_map<std::string_view, py::object> keys_;  // views into the Json being converted
};

}  // namespace

Json to_json(py::handle value) {
  const Location root{};
  return walk(value.ptr(), &root, 0);
}

py::object to_python(const Json& value) { return PythonBuilder{}.build(value); }

}  // namespace hotplan::python
