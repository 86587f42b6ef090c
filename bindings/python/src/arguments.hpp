#pragma once
// Python arguments into library values, each kind in one place: JSON inputs
// given as a dict or a path, months given as datetime.date or text, counts and
// products. A bad value is an InputError naming the argument (or the JSON
// pointer inside it); a value of the wrong Python type is a TypeError.
#include <date/date.h>
#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "hotplan/calendar_set.hpp"
#include "hotplan/policy.hpp"
#include "hotplan/product.hpp"
#include "json_bridge.hpp"
#include "json_node.hpp"

namespace hotplan::python {

// A JSON document argument: a dict is converted at once (that needs the GIL),
// a path is only remembered and read by load(), which needs no GIL.
class DocumentArg {
 public:
  // `name` is the parameter name, used in errors.
  DocumentArg(py::handle value, const char* name);
  // The document; call once, with or without the GIL.
  [[nodiscard]] Json load();
  // The document read as T: a dict's Json by `from_json`, a file by `from_file`
  // (load_fleet and the others read it without a Json DOM). Call once.
  template <typename T>
  [[nodiscard]] T read(T (*from_json)(const Json&), T (*from_file)(const std::string&)) {
    if (document_) return from_json(*document_);
    return from_file(path_);
  }

 private:
  std::optional<Json> document_;
  std::string path_;
};

// An optional document argument: None gives nullopt.
std::optional<DocumentArg> optional_document_arg(py::handle value, const char* name);

// A policy argument: "automatic-by-platform", a dict or a path to a JSON file,
// as the CLI's --policy. Converted like DocumentArg; load() needs no GIL.
class PolicyArg {
 public:
  PolicyArg(py::handle value, const char* name);
  [[nodiscard]] Policy load();

 private:
  std::optional<DocumentArg> document_;  // nullopt: automatic-by-platform
};

// Release data over the shipped data, as the CLI's --calendar: None, one calendar
// document (dict or path) or a list of them, later ones overriding earlier ones.
// load() needs no GIL.
class CalendarDataArg {
 public:
  CalendarDataArg(py::handle value, const char* name);
  [[nodiscard]] CalendarSet load();

 private:
  std::vector<std::pair<std::string, DocumentArg>> documents_;  // layer name, document
};

// datetime.date (or datetime.datetime), "YYYY-MM" or "YYYY-MM-DD" (its month).
date::year_month month_arg(py::handle value, const char* name);

// datetime.date (a datetime's date) or "YYYY-MM-DD".
date::year_month_day date_arg(py::handle value, const char* name);

// A str argument (a zone name, say), as UTF-8.
std::string text_arg(py::handle value, const char* name);

// A month count for a plan or calendar starting at `from`: 1 to limits::kMaxMonths.
int month_count_arg(py::handle value, const char* name, date::year_month from);

// A thread count, 0 (every core) to 1024.
unsigned thread_count_arg(py::handle value, const char* name);

// A product id such as "ws2025".
Product product_arg(py::handle value, const char* name);

// Runs `work` (which returns Json or a FleetPlan) with the GIL released, so
// other Python threads run meanwhile, then converts its result to Python objects.
template <typename Work>
py::object call_without_gil(Work&& work) {
  std::optional<std::invoke_result_t<Work>> result;
  {
    py::gil_scoped_release release;
    result.emplace(std::forward<Work>(work)());
  }
  py::object converted = to_python(*result);
  py::gil_scoped_release release;  // freeing a large result needs no GIL either
  result.reset();
  return converted;
}

// Maps hotplan::InputError and LimitError to hotplan.InputError and
// hotplan.LimitError (defined in hotplan/_errors.py) with .path and .message.
void register_error_translation();

}  // namespace hotplan::python
