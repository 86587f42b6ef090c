#include "arguments.hpp"

#include <fmt/format.h>

#include <string_view>

#include "hotplan/civil.hpp"
#include "hotplan/error.hpp"
#include "hotplan/limits.hpp"
#include "hotplan/trajectory.hpp"
#include "plan_horizon.hpp"

namespace hotplan::python {

namespace {

std::string type_name(py::handle value) { return Py_TYPE(value.ptr())->tp_name; }

// Quotes user text in a message, shortened so a huge string cannot flood it.
std::string shown_text(std::string_view text) {
  constexpr std::size_t kShown = 40;
  return text.size() <= kShown ? fmt::format("\"{}\"", text) : fmt::format("\"{}...\"", text.substr(0, kShown));
}

bool is_path_like(py::handle value) {
  return PyUnicode_Check(value.ptr()) || PyBytes_Check(value.ptr()) ||
         PyObject_HasAttrString(value.ptr(), "__fspath__") != 0;
}

}  // namespace

DocumentArg::DocumentArg(py::handle value, const char* name) {
  if (PyDict_Check(value.ptr())) {
    document_ = to_json(value);
    return;
  }
  if (!is_path_like(value)) {
    throw py::type_error(fmt::format("{}: expected a dict or a path to a JSON file, found {}", name, type_name(value)));
  }
  PyObject* encoded = nullptr;  // the path in the file system's encoding, as bytes
  if (PyUnicode_FSConverter(value.ptr(), &encoded) == 0) throw py::error_already_set();
  const auto bytes = py::reinterpret_steal<py::bytes>(encoded);
  path_ = std::string(bytes);
}

Json DocumentArg::load() {
  if (document_) return std::move(*document_);
  return load_json_file(path_);
}

std::optional<DocumentArg> optional_document_arg(py::handle value, const char* name) {
  if (value.is_none()) return std::nullopt;
  return DocumentArg(value, name);
}

CalendarDataArg::CalendarDataArg(py::handle value, const char* name) {
  if (value.is_none()) return;
  auto add = [&](py::handle item, std::string layer) {
    if (!PyDict_Check(item.ptr()) && is_path_like(item)) layer = py::str(item).cast<std::string>();
    documents_.emplace_back(std::move(layer), DocumentArg(item, name));
  };
  if (PyList_Check(value.ptr()) || PyTuple_Check(value.ptr())) {
    std::size_t i = 0;
    for (const auto item : value) add(item, fmt::format("{}[{}]", name, i++));
  } else {
    add(value, name);
  }
}

CalendarSet CalendarDataArg::load() {
  std::vector<CalendarLayer> layers;
  layers.reserve(documents_.size());
  for (auto& [layer, document] : documents_) layers.push_back({layer, document.load()});
  return CalendarSet::with_layers(layers);
}

PolicyArg::PolicyArg(py::handle value, const char* name) {
  if (PyUnicode_Check(value.ptr()) && value.cast<std::string>() == kAutomaticByPlatform) return;
  document_.emplace(value, name);
}

Policy PolicyArg::load() {
  if (!document_) return AutomaticByPlatform{};
  return document_->read(parse_policy, load_policy);
}

namespace {
// A datetime.date (or datetime) as a civil date, or nullopt for other types.
std::optional<date::year_month_day> python_date(py::handle value, const char* name) {
  if (!py::isinstance(value, py::module_::import("datetime").attr("date"))) return std::nullopt;
  const int year = value.attr("year").cast<int>();
  const date::year_month_day ymd{date::year{year}, date::month{value.attr("month").cast<unsigned>()},
                                 date::day{value.attr("day").cast<unsigned>()}};
  if (!ymd.ok() || ymd.year() < kFirstYear || ymd.year() > kLastYear) {
    throw InputError(name, fmt::format("expected a date between {} and {}, found year {}", static_cast<int>(kFirstYear),
                                       static_cast<int>(kLastYear), year));
  }
  return ymd;
}
}  // namespace

std::string text_arg(py::handle value, const char* name) {
  if (!PyUnicode_Check(value.ptr())) {
    throw py::type_error(fmt::format("{}: expected a str, found {}", name, type_name(value)));
  }
  return value.cast<std::string>();
}

date::year_month_day date_arg(py::handle value, const char* name) {
  if (const auto ymd = python_date(value, name)) return *ymd;
  if (!PyUnicode_Check(value.ptr())) {
    throw py::type_error(
        fmt::format("{}: expected a datetime.date or a \"YYYY-MM-DD\" string, found {}", name, type_name(value)));
  }
  const auto text = value.cast<std::string>();
  if (const auto day = parse_date(text)) return *day;
  throw InputError(name, fmt::format("expected a date YYYY-MM-DD between {} and {}, found {}",
                                     static_cast<int>(kFirstYear), static_cast<int>(kLastYear), shown_text(text)));
}

date::year_month month_arg(py::handle value, const char* name) {
  if (const auto ymd = python_date(value, name)) return ymd->year() / ymd->month();
  if (!PyUnicode_Check(value.ptr())) {
    throw py::type_error(
        fmt::format("{}: expected a datetime.date or a \"YYYY-MM\" string, found {}", name, type_name(value)));
  }
  const auto text = value.cast<std::string>();
  if (const auto ym = parse_year_month(text)) return *ym;
  if (const auto day = parse_date(text)) return day->year() / day->month();
  throw InputError(name, fmt::format("expected a month YYYY-MM or a date YYYY-MM-DD between {} and {}, found {}",
                                     static_cast<int>(kFirstYear), static_cast<int>(kLastYear), shown_text(text)));
}

int month_count_arg(py::handle value, const char* name, date::year_month from) {
  if (PyBool_Check(value.ptr()) || !PyLong_Check(value.ptr())) {
    throw py::type_error(fmt::format("{}: expected an int, found {}", name, type_name(value)));
  }
  int overflow = 0;
  const long long count = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow != 0 || count < 1 || count > limits::kMaxMonths) {
    throw InputError(name, fmt::format("expected a month count from 1 to {}", limits::kMaxMonths));
  }
  check_plan_range(from, static_cast<int>(count), name);
  return static_cast<int>(count);
}

unsigned thread_count_arg(py::handle value, const char* name) {
  if (PyBool_Check(value.ptr()) || !PyLong_Check(value.ptr())) {
    throw py::type_error(fmt::format("{}: expected an int, found {}", name, type_name(value)));
  }
  int overflow = 0;
  const long long count = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow != 0 || count < 0 || count > 1024) throw InputError(name, "expected a thread count from 0 to 1024");
  return static_cast<unsigned>(count);
}

Product product_arg(py::handle value, const char* name) {
  const auto text = text_arg(value, name);
  if (const auto product = parse_product(text)) return *product;
  std::string expected;
  for (Product p : kAllProducts) expected += fmt::format("{}{}", expected.empty() ? "" : ", ", product_id(p));
  throw InputError(name, fmt::format("unknown product {}; expected one of: {}", shown_text(text), expected));
}

namespace {

void raise_python_error(const char* class_name, const InputError& error) {
  try {
    const auto error_class = py::module_::import("hotplan._errors").attr(class_name);
    const auto instance = error_class(error.message(), error.path());
    PyErr_SetObject(error_class.ptr(), instance.ptr());
  } catch (py::error_already_set& failure) {
    failure.restore();  // the package layer is missing: report that instead
  }
}

void translate(std::exception_ptr thrown) {
  try {
    if (thrown) std::rethrow_exception(thrown);
  } catch (const LimitError& e) {
    raise_python_error("LimitError", e);
  } catch (const InputError& e) {
    raise_python_error("InputError", e);
  }
}

}  // namespace

void register_error_translation() { py::register_exception_translator(&translate); }

}  // namespace hotplan::python
