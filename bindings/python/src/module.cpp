// hotplan._hotplan: the compiled half of the `hotplan` Python package. Each
// function converts its arguments (arguments.hpp), runs the library without
// the GIL and returns the same structure the CLI prints with --json.
#include <fmt/format.h>
#include <pybind11/pybind11.h>

#include "arguments.hpp"
#include "hotplan/hotplan.hpp"
#include "json_bridge.hpp"

namespace py = pybind11;
using namespace hotplan;
using namespace hotplan::python;

namespace {

constexpr const char* kCalendarDoc = R"(calendar(product, start, months=12, *, data=None) -> dict

A product's hotpatch calendar, month by month: the structure
`hotplan calendar --json` prints.

product: "ws2025" or "ws2022-azure-edition".
start:   first month: datetime.date, "YYYY-MM" or "YYYY-MM-DD" (its month).
months:  number of months, 1 to 1200.
data:    calendar data (dict or path to a JSON file) instead of the shipped
         calendar, as `--calendar`; its product must be `product`.

Returns {"product", "months": [{"month", "kind", "source", "patch_tuesday",
"release_utc", "kb", "build", "lcu_kb", "lcu_build", "out_of_band"}]}.
Raises hotplan.InputError (with .path) for bad input, TypeError for an
argument of the wrong type.)";

constexpr const char* kPlanDoc = R"(plan(fleet, start, months=12) -> dict

Each machine's updates month by month: what it is offered, whether it
restarts and why: the structure `hotplan plan --json` prints.

fleet:   fleet document: dict or path to a JSON file.
start:   first month: datetime.date, "YYYY-MM" or "YYYY-MM-DD" (its month).
months:  number of months, 1 to 1200.

Returns {"from", "to", "machines": [{"id", "product", "eligible", "reasons",
"failed_checks", "warnings", "reboots", "months": [{"month", "kind", "source",
"offer", "kb", "build", "reboot", "reason", "reason_code", "out_of_band"}]}]}.
Raises hotplan.InputError (with .path, a JSON pointer such as
"/machines/3/build") for bad input, TypeError for an argument of the wrong type.
Releases the GIL while planning.)";

constexpr const char* kWindowsDoc = R"(windows(tz, start, end, offpeak=None) -> dict

Off-peak install windows in a time zone, one per local start date from start
to end: the structure `hotplan windows --json` prints.

tz:      IANA zone ("Europe/Berlin") or Windows id ("W. Europe Standard Time").
start:   first local start date: datetime.date or "YYYY-MM-DD".
end:     last local start date: datetime.date or "YYYY-MM-DD".
offpeak: the policy, dict or path to a JSON file: {"start": "22:00",
         "end": "06:00", "days": ["Mon", ...], "max_duration": "PT4H"}, every
         field optional; None for the default 22:00 to 06:00 every day.

Returns {"tz", "windows": [...]}; a daylight-saving change can shorten,
lengthen or drop a window.
Raises hotplan.InputError (.path names the argument, or is a JSON pointer
inside offpeak) for bad input, TypeError for an argument of the wrong type.
Releases the GIL while computing.)";

constexpr const char* kCheckDoc = R"(check(fleet) -> dict

Every machine's hotpatch prerequisites: the structure `hotplan check --json`
prints.

fleet:   fleet document: dict or path to a JSON file.

Returns {"machines": [{"id", "product", "eligible", "reasons",
"failed_checks"}], "eligible", "ineligible"}.
Raises hotplan.InputError (with .path) for bad input, TypeError for an
argument of the wrong type. Releases the GIL while checking.)";

py::object calendar(py::handle product_value, py::handle start, py::handle months, py::handle data) {
  const Product product = product_arg(product_value, "product");
  const auto from = month_arg(start, "start");
  const int count = month_count_arg(months, "months", from);
  auto custom = optional_document_arg(data, "data");
  return call_without_gil([&] {
    if (!custom) return calendar_to_json(product, Calendar::shipped(product).months(from, count));
    const auto loaded = Calendar::from_json(custom->load());
    if (loaded.product() != product) {
      throw InputError("/product", fmt::format("calendar data is for {}, not {}", product_id(loaded.product()),
                                               product_id(product)));
    }
    return calendar_to_json(product, loaded.months(from, count));
  });
}

py::object plan(py::handle fleet_value, py::handle start, py::handle months) {
  DocumentArg fleet(fleet_value, "fleet");
  const auto from = month_arg(start, "start");
  const int count = month_count_arg(months, "months", from);
  return call_without_gil([&] {
    const auto parsed = parse_fleet(fleet.load());
    auto result = plan_fleet(parsed, from, count);
    add_install_windows(parsed, result);  // as `hotplan plan`: each step's window
    return plan_to_json(result);
  });
}

py::object windows(py::handle tz_value, py::handle start, py::handle end, py::handle offpeak_value) {
  const auto tz = text_arg(tz_value, "tz");
  const date::local_days from{date::sys_days{date_arg(start, "start")}.time_since_epoch()};
  const date::local_days to{date::sys_days{date_arg(end, "end")}.time_since_epoch()};
  if (from > to) throw InputError("start", "is after end");
  auto offpeak = optional_document_arg(offpeak_value, "offpeak");
  return call_without_gil([&] {
    const auto& zone = find_time_zone(tz, "tz");
    OffpeakPolicy policy;
    if (offpeak) {
      const auto document = offpeak->load();
      policy = parse_offpeak(JsonNode(document, ""));
    }
    return windows_to_json(zone.name(), offpeak_windows(zone, policy, from, to));
  });
}

py::object check(py::handle fleet_value) {
  DocumentArg fleet(fleet_value, "fleet");
  return call_without_gil([&] { return check_to_json(parse_fleet(fleet.load())); });
}

// The text round trip the bridge avoids, kept for bench/bench_python_overhead.py.
std::string plan_json_text(const std::string& fleet_text, py::handle start, py::handle months) {
  const auto from = month_arg(start, "start");
  const int count = month_count_arg(months, "months", from);
  py::gil_scoped_release release;
  const auto fleet = parse_fleet(parse_json_text(fleet_text, "fleet"));
  auto result = plan_fleet(fleet, from, count);
  add_install_windows(fleet, result);
  return plan_to_json(result).dump();
}

}  // namespace

PYBIND11_MODULE(_hotplan, m) {
  m.doc() = "hotplan's compiled functions; import them from the hotplan package.";
  m.attr("__version__") = std::string(kVersion);
  register_error_translation();
  py::options options;
  options.disable_function_signatures();  // each docstring starts with its own Python signature

  m.def("calendar", &calendar, kCalendarDoc, py::arg("product"), py::arg("start"), py::arg("months") = 12,
        py::kw_only(), py::arg("data") = py::none());
  m.def("plan", &plan, kPlanDoc, py::arg("fleet"), py::arg("start"), py::arg("months") = 12);
  m.def("check", &check, kCheckDoc, py::arg("fleet"));
  m.def("windows", &windows, kWindowsDoc, py::arg("tz"), py::arg("start"), py::arg("end"),
        py::arg("offpeak") = py::none());
  m.def("_plan_json_text", &plan_json_text, "Benchmark aid: plan() through JSON text instead of the object bridge.",
        py::arg("fleet_text"), py::arg("start"), py::arg("months") = 12);
}
