#pragma once
// Converting between the library's Json and Python objects by walking both
// directly, with no JSON text in between (see the README's Python section for
// the measurement against a text round trip). Both directions need the GIL.
#include <pybind11/pybind11.h>

#include "hotplan/planner.hpp"
#include "json_node.hpp"

namespace hotplan::python {

namespace py = pybind11;

// dict, list, tuple, str, int, float, bool and None to Json; dicts keep their
// order. Anything else, a non-str key, an int beyond 64 bits, NaN or a string
// that is not valid Unicode is an InputError naming the JSON pointer inside
// `value`; nesting deeper than limits::kMaxJsonDepth or a string longer than
// limits::kMaxStringLength is a LimitError. Runs no Python code, so the objects
// cannot change under it.
Json to_json(py::handle value);

// Json to dict, list, str, int, float, bool and None; objects keep their field order.
py::object to_python(const Json& value);

// What to_python(plan_to_json(plan)) gives, built from the plan directly.
py::object to_python(const FleetPlan& plan);

}  // namespace hotplan::python
