// hotplan._hotplan: the compiled half of the `hotplan` Python package. Each
// function converts its arguments (arguments.hpp), runs the library without
// the GIL and returns the same structure the CLI prints with --json.
#include <fmt/format.h>
#include <pybind11/pybind11.h>

#include <sstream>

#include "arguments.hpp"
#include "hotplan/hotplan.hpp"
#include "json_bridge.hpp"
#include "plan_horizon.hpp"

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
data:    calendar data over the shipped data, as `--calendar`: a dict, a
         path, or a list of them (later ones override earlier ones); it
         must hold `product`'s data.

Returns {"product", "months": [{"month", "kind", "status", "patch_tuesday",
"release_utc", "kb", "build", "kb_status", "lcu_kb", "lcu_build", "lcu_status",
"reference", "note", "out_of_band"}]}.
Raises hotplan.InputError (with .path) for bad input, TypeError for an
argument of the wrong type.)";

constexpr const char* kPlanDoc =
    R"(plan(fleet, start, months=12, catalog=None, policy=None, *, calendar_data=None, threads=0) -> dict

Each machine's updates month by month: what it is offered, whether it
restarts and why, and its install window: the structure `hotplan plan --json`
prints.

fleet:   fleet document: dict or path to a JSON file.
start:   first month: datetime.date, "YYYY-MM" or "YYYY-MM-DD" (its month).
months:  number of months, 1 to 1200.
catalog: update catalog (dict or path), as `--catalog`: the restarts its
         updates cause join each month.
policy:  with a catalog, the policy that approves its updates, as `--policy`:
         "automatic-by-platform" (the default), a dict or a path. A policy
         without a catalog is an InputError.
calendar_data: release data over the shipped data, as `--calendar`: a dict,
         a path, or a list of them.
threads: plan machines on this many threads (0: every core), as `--threads`;
         the result is the same for any number.

With the fleet's "as_of", the machines are planned from the first release
after it (start before that is an InputError at "start").

Returns {"from", "to", "as_of", "warnings", "machines": [{"id", "product", "eligible",
"reasons", "failed_checks", "warnings", "installed_kb_known", "restarts",
"restart_months", "months": [{"month", "kind", "status", "offer", "kb", "build",
"reboot", "restarts", "reason", "reason_code", "out_of_band", "window", "assumed", "assumption"}]}]}.
Raises hotplan.InputError (with .path, a JSON pointer such as
"/machines/3/build") for bad input, TypeError for an argument of the wrong type.
Releases the GIL while planning.)";

constexpr const char* kClassifyDoc =
    R"(classify(catalog, policy, fleet=None, machine=None, month=None, as_of=None, *, calendar_data=None) -> dict

Which catalog updates install, in what order, and whether they restart the
machine: the structure `hotplan classify --json` prints.

catalog: update catalog: dict or path to a JSON file.
policy:  "automatic-by-platform", a policy dict or a path to a JSON file.
fleet:   fleet document (dict or path); goes together with machine.
machine: a machine id in fleet: its product and its OS offer that month
         decide which updates apply and whether they restart it.
month:   release cycle (datetime.date or "YYYY-MM"): only updates released
         from its Patch Tuesday to the next. With a machine and no month, the
         cycle of as_of.
as_of:   evaluation day (datetime.date or "YYYY-MM-DD"); default: the
         cycle's last day with a month, else today (UTC).

Returns {"approved": [{"kb", "order", "reboot", ...}], "skipped": [{"kb",
"code", "reason"}], "reboot", "reboot_kbs", "warnings", ...}.
Raises hotplan.InputError (with .path) for bad input or an unknown machine
id, TypeError for an argument of the wrong type. Releases the GIL while
classifying.)";

constexpr const char* kRolloutDoc =
    R"(rollout(fleet, month, failures=None, *, catalog=None, policy=None, calendar_data=None) -> dict

A month's availability-first rollout across the fleet: phases over paired
regions, batches per zone and update domain inside each machine's off-peak
window, and checks that re-verify every rule: the structure
`hotplan rollout --json` prints.

fleet:    fleet document: dict or path to a JSON file.
month:    the release month: datetime.date or "YYYY-MM".
failures: {"failed": [machine ids]} (dict or path), as `--failures`: updates
          that fail, to see how the rollout stops.
catalog:  update catalog (dict or path), as `--catalog`: its restarts join
          the month, as in plan().
policy:   with catalog: "automatic-by-platform" (default) or a policy.

The month is taken from the fleet's plan: from its "as_of" (default: today),
so plan() and rollout() agree on what each machine installs; a month whose
release the inventory already reflects is an InputError at "month".

Returns {"month", "release_utc", "deadline_utc", "phases", "batches",
"not_patched", "checks"}.
Raises hotplan.InputError (with .path, e.g. "/failed/0" for an unknown failed
id) for bad input, TypeError for an argument of the wrong type. Releases the
GIL while planning.)";

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

constexpr const char* kCheckDoc = R"(check(fleet, *, calendar_data=None) -> dict

Every machine's hotpatch prerequisites: the structure `hotplan check --json`
prints.

fleet:   fleet document: dict or path to a JSON file.

calendar_data: release data over the shipped data, as `--calendar`.

Returns {"machines": [{"id", "product", "eligible", "reasons",
"failed_checks", "warnings", "installed_kb_known"}], "eligible", "ineligible",
"unknown_kb"}.
Raises hotplan.InputError (with .path) for bad input, TypeError for an
argument of the wrong type. Releases the GIL while checking.)";

constexpr const char* kReportDoc =
    R"(report(fleet, start, months=12, catalog=None, policy=None, *, rollout=None, failures=None, calendar_data=None, path=None, threads=0) -> str | None

The plan (and with rollout=, that month's rollout) as one self-contained HTML
file: the page `hotplan report` writes.

fleet, start, months, catalog, policy, calendar_data, threads: as plan().
rollout:  a month (datetime.date or "YYYY-MM"): add its rollout, as
          `--rollout` (the fleet's as_of, default today, as rollout()).
failures: with rollout: {"failed": [machine ids]} (dict or path).
path:     None: return the HTML as a str; a path (str or os.PathLike): write
          it there (complete or not at all) and return None.

Returns the HTML text, or None with path.

Raises hotplan.InputError (with .path) for bad input, TypeError for an
argument of the wrong type. Releases the GIL while working.)";

constexpr const char* kPlanCsvDoc =
    R"(plan_csv(fleet, start, months=12, catalog=None, policy=None, *, calendar_data=None, threads=0) -> str

plan() as CSV text, `hotplan plan --csv`: one row per machine-month (id,
product, month, offer, kb, restart, restarts, reason_code, reason, window
start/end UTC and local, status), RFC 4180 with CRLF line ends; a field starting
with =, +, -, @ is prefixed with an apostrophe so spreadsheets do not run it.
Arguments as plan(). Returns the CSV text.
Raises hotplan.InputError (with .path) for bad input, TypeError for an
argument of the wrong type. Releases the GIL while working.)";

constexpr const char* kRolloutCsvDoc =
    R"(rollout_csv(fleet, month, failures=None, *, catalog=None, policy=None, calendar_data=None) -> str

rollout() as CSV text, `hotplan rollout --csv`: one row per machine (id, state,
batch, phase, region, zone, start_utc, end_utc, reason, detail).
Arguments as rollout(). Returns the CSV text.
Raises hotplan.InputError (with .path) for bad input, TypeError for an
argument of the wrong type. Releases the GIL while working.)";

py::object calendar(py::handle product_value, py::handle start, py::handle months, py::handle data) {
  const Product product = product_arg(product_value, "product");
  const auto from = month_arg(start, "start");
  const int count = month_count_arg(months, "months", from);
  const bool given = !data.is_none();
  CalendarDataArg calendar_data(data, "data");
  return call_without_gil([&] {
    const auto calendars = calendar_data.load();
    const auto& chosen = calendars[product];
    // Data that holds nothing for `product` would be silently ignored: say so.
    if (given && &chosen == &CalendarSet::shipped()[product]) {
      throw InputError("data", fmt::format("the calendar data holds no {} data", product_id(product)));
    }
    check_first_supported(chosen, from, "start");
    return calendar_to_json(product, chosen.months(from, count));
  });
}

// catalog= and policy= as plan() and rollout() take them; loaded in the CLI's
// order (policy, catalog) without the GIL.
class CatalogArgs {
 public:
  CatalogArgs(py::handle catalog_value, py::handle policy_value)
      : catalog_(optional_document_arg(catalog_value, "catalog")) {
    if (!policy_value.is_none() && !catalog_) throw InputError("policy", "policy needs catalog");
    if (catalog_) policy_.emplace(policy_value.is_none() ? py::str(kAutomaticByPlatform) : policy_value, "policy");
  }
  void load() {
    if (!catalog_) return;
    policy_value_ = policy_->load();
    catalog_value_ = catalog_->read(parse_catalog, load_catalog);
  }
  [[nodiscard]] PlanOptions plan_options(bool install_windows, unsigned threads) const {
    return {catalog_value_ ? &*catalog_value_ : nullptr, policy_value_ ? &*policy_value_ : nullptr, install_windows,
            threads};
  }

 private:
  std::optional<DocumentArg> catalog_;
  std::optional<PolicyArg> policy_;
  std::optional<Policy> policy_value_;
  std::optional<Catalog> catalog_value_;
};

py::object plan(py::handle fleet_value, py::handle start, py::handle months, py::handle catalog_value,
                py::handle policy_value, py::handle calendar_value, py::handle threads_value) {
  CalendarDataArg calendar_data(calendar_value, "calendar_data");
  const unsigned threads = thread_count_arg(threads_value, "threads");
  DocumentArg fleet(fleet_value, "fleet");
  const auto from = month_arg(start, "start");
  const int count = month_count_arg(months, "months", from);
  CatalogArgs catalog(catalog_value, policy_value);
  return call_without_gil([&] {
    catalog.load();
    const auto calendars = calendar_data.load();
    const auto parsed = fleet.read(parse_fleet, load_fleet);
    (void)plan_start(parsed, from, "start");
    return make_plan(parsed, calendars, from, count, catalog.plan_options(true, threads));
  });
}

// Runs `work` (which returns text) without the GIL; the text becomes a str.
template <typename Work>
py::str text_without_gil(Work&& work) {
  std::string text;
  {
    py::gil_scoped_release release;
    text = std::forward<Work>(work)();
  }
  return py::str(text);
}

// The plan() arguments, converted with the GIL held; plan() without the GIL.
class PlanArgs {
 public:
  PlanArgs(py::handle fleet, py::handle start, py::handle months, py::handle catalog, py::handle policy,
           py::handle calendar, py::handle threads)
      : calendar_data_(calendar, "calendar_data"),
        threads_(thread_count_arg(threads, "threads")),
        fleet_(fleet, "fleet"),
        from_(month_arg(start, "start")),
        count_(month_count_arg(months, "months", from_)),
        catalog_(catalog, policy) {}
  struct Loaded {
    CalendarSet calendars;
    Fleet fleet;
    FleetPlan plan;
  };
  Loaded plan() {
    catalog_.load();
    auto calendars = calendar_data_.load();
    auto fleet = fleet_.read(parse_fleet, load_fleet);
    (void)plan_start(fleet, from_, "start");
    auto result = make_plan(fleet, calendars, from_, count_, catalog_.plan_options(true, threads_));
    return {std::move(calendars), std::move(fleet), std::move(result)};
  }
  const CatalogArgs& catalog() const { return catalog_; }

 private:
  CalendarDataArg calendar_data_;
  unsigned threads_;
  DocumentArg fleet_;
  date::year_month from_;
  int count_;
  CatalogArgs catalog_;
};

py::object report(py::handle fleet_value, py::handle start, py::handle months, py::handle catalog_value,
                  py::handle policy_value, py::handle rollout_value, py::handle failures_value,
                  py::handle calendar_value, py::handle path_value, py::handle threads_value) {
  PlanArgs args(fleet_value, start, months, catalog_value, policy_value, calendar_value, threads_value);
  std::optional<date::year_month> rollout_month;
  if (!rollout_value.is_none()) rollout_month = month_arg(rollout_value, "rollout");
  auto failures = optional_document_arg(failures_value, "failures");
  if (failures && !rollout_month) throw InputError("failures", "failures needs rollout");
  std::optional<std::string> path;
  if (!path_value.is_none()) path = py::module_::import("os").attr("fsdecode")(path_value).cast<std::string>();
  auto html = text_without_gil([&] {
    auto loaded = args.plan();
    std::optional<Rollout> rolled;
    if (rollout_month) {
      RolloutOptions options;
      if (failures) options.failed = parse_failures(failures->load());
      Fleet fleet = loaded.fleet;
      if (!fleet.as_of) fleet.as_of = date::floor<date::days>(std::chrono::system_clock::now());
      rolled = make_rollout(fleet, loaded.calendars, *rollout_month, args.catalog().plan_options(false, 0), options,
                            "rollout");
    }
    auto text = report_html(loaded.fleet, loaded.plan, loaded.calendars, rolled ? &*rolled : nullptr);
    if (path) {
      write_file_atomically(*path, text, "path");
      text.clear();
    }
    return text;
  });
  if (path) return py::none();
  return html;
}

py::object plan_csv(py::handle fleet_value, py::handle start, py::handle months, py::handle catalog_value,
                    py::handle policy_value, py::handle calendar_value, py::handle threads_value) {
  PlanArgs args(fleet_value, start, months, catalog_value, policy_value, calendar_value, threads_value);
  return text_without_gil([&] {
    std::ostringstream out;
    write_plan_csv(out, args.plan().plan);
    return std::move(out).str();
  });
}

py::object classify_updates(py::handle catalog_value, py::handle policy_value, py::handle fleet_value,
                            py::handle machine_value, py::handle month_value, py::handle as_of_value,
                            py::handle calendar_value) {
  CalendarDataArg calendar_data(calendar_value, "calendar_data");
  DocumentArg catalog(catalog_value, "catalog");
  PolicyArg policy(policy_value, "policy");
  auto fleet = optional_document_arg(fleet_value, "fleet");
  ClassifyRequest request;
  if (!machine_value.is_none()) request.machine_id = text_arg(machine_value, "machine");
  if (!month_value.is_none()) request.month = month_arg(month_value, "month");
  if (!as_of_value.is_none()) request.as_of = date::sys_days{date_arg(as_of_value, "as_of")};
  return call_without_gil([&] {
    const auto parsed_policy = policy.load();
    const auto parsed_catalog = catalog.read(parse_catalog, load_catalog);
    std::optional<Fleet> parsed_fleet;
    if (fleet) {
      parsed_fleet = fleet->read(parse_fleet, load_fleet);
      request.fleet = &*parsed_fleet;
    }
    return classify_to_json(classify_request(parsed_catalog, parsed_policy, request, calendar_data.load()).result);
  });
}

// rollout() and rollout_csv(): the month's rollout, computed without the GIL.
Rollout rollout_of(DocumentArg& fleet, date::year_month month, std::optional<DocumentArg>& failures,
                   CatalogArgs& catalog, CalendarDataArg& calendar_data) {
  catalog.load();
  const auto calendars = calendar_data.load();
  auto parsed = fleet.read(parse_fleet, load_fleet);
  // As the CLI: the inventory describes the machines as of its as_of, else today.
  if (!parsed.as_of) parsed.as_of = date::floor<date::days>(std::chrono::system_clock::now());
  RolloutOptions options;
  if (failures) options.failed = parse_failures(failures->load());
  return make_rollout(parsed, calendars, month, catalog.plan_options(false, 0), options);
}

py::object rollout(py::handle fleet_value, py::handle month_value, py::handle failures_value, py::handle catalog_value,
                   py::handle policy_value, py::handle calendar_value) {
  CalendarDataArg calendar_data(calendar_value, "calendar_data");
  DocumentArg fleet(fleet_value, "fleet");
  const auto month = month_arg(month_value, "month");
  auto failures = optional_document_arg(failures_value, "failures");
  CatalogArgs catalog(catalog_value, policy_value);
  return call_without_gil([&] { return rollout_to_json(rollout_of(fleet, month, failures, catalog, calendar_data)); });
}

py::object rollout_csv(py::handle fleet_value, py::handle month_value, py::handle failures_value,
                       py::handle catalog_value, py::handle policy_value, py::handle calendar_value) {
  CalendarDataArg calendar_data(calendar_value, "calendar_data");
  DocumentArg fleet(fleet_value, "fleet");
  const auto month = month_arg(month_value, "month");
  auto failures = optional_document_arg(failures_value, "failures");
  CatalogArgs catalog(catalog_value, policy_value);
  return text_without_gil([&] {
    std::ostringstream out;
    write_rollout_csv(out, rollout_of(fleet, month, failures, catalog, calendar_data));
    return std::move(out).str();
  });
}

py::object windows(py::handle tz_value, py::handle start, py::handle end, py::handle offpeak_value) {
  const auto tz = text_arg(tz_value, "tz");
  const date::local_days from{date_arg(start, "start")};
  const date::local_days to{date_arg(end, "end")};
  if (from > to) throw InputError("start", "is after end");
  auto offpeak = optional_document_arg(offpeak_value, "offpeak");
  return call_without_gil([&] {
    const auto& zone = find_time_zone(tz, "tz");
    OffpeakPolicy policy;
    if (offpeak) {
      const auto document = offpeak->load();
      policy = parse_offpeak(document);
    }
    return windows_to_json(zone.name(), offpeak_windows(zone, policy, from, to));
  });
}

py::object check(py::handle fleet_value, py::handle calendar_value) {
  DocumentArg fleet(fleet_value, "fleet");
  CalendarDataArg calendar_data(calendar_value, "calendar_data");
  return call_without_gil([&] {
    const auto calendars = calendar_data.load();
    return check_to_json(fleet.read(parse_fleet, load_fleet), calendars);
  });
}

// The text round trip the bridge avoids, kept for bench/bench_python_overhead.py.
std::string plan_json_text(const std::string& fleet_text, py::handle start, py::handle months) {
  const auto from = month_arg(start, "start");
  const int count = month_count_arg(months, "months", from);
  py::gil_scoped_release release;
  const auto fleet = parse_fleet_text(fleet_text, "fleet");
  return plan_to_json(make_plan(fleet, CalendarSet::shipped(), from, count)).dump();
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
  m.def("plan", &plan, kPlanDoc, py::arg("fleet"), py::arg("start"), py::arg("months") = 12,
        py::arg("catalog") = py::none(), py::arg("policy") = py::none(), py::kw_only(),
        py::arg("calendar_data") = py::none(), py::arg("threads") = 0);
  m.def("classify", &classify_updates, kClassifyDoc, py::arg("catalog"), py::arg("policy"),
        py::arg("fleet") = py::none(), py::arg("machine") = py::none(), py::arg("month") = py::none(),
        py::arg("as_of") = py::none(), py::kw_only(), py::arg("calendar_data") = py::none());
  m.def("rollout", &rollout, kRolloutDoc, py::arg("fleet"), py::arg("month"), py::arg("failures") = py::none(),
        py::kw_only(), py::arg("catalog") = py::none(), py::arg("policy") = py::none(),
        py::arg("calendar_data") = py::none());
  m.def("report", &report, kReportDoc, py::arg("fleet"), py::arg("start"), py::arg("months") = 12,
        py::arg("catalog") = py::none(), py::arg("policy") = py::none(), py::kw_only(), py::arg("rollout") = py::none(),
        py::arg("failures") = py::none(), py::arg("calendar_data") = py::none(), py::arg("path") = py::none(),
        py::arg("threads") = 0);
  m.def("plan_csv", &plan_csv, kPlanCsvDoc, py::arg("fleet"), py::arg("start"), py::arg("months") = 12,
        py::arg("catalog") = py::none(), py::arg("policy") = py::none(), py::kw_only(),
        py::arg("calendar_data") = py::none(), py::arg("threads") = 0);
  m.def("rollout_csv", &rollout_csv, kRolloutCsvDoc, py::arg("fleet"), py::arg("month"),
        py::arg("failures") = py::none(), py::kw_only(), py::arg("catalog") = py::none(),
        py::arg("policy") = py::none(), py::arg("calendar_data") = py::none());
  m.def("check", &check, kCheckDoc, py::arg("fleet"), py::kw_only(), py::arg("calendar_data") = py::none());
  m.def("windows", &windows, kWindowsDoc, py::arg("tz"), py::arg("start"), py::arg("end"),
        py::arg("offpeak") = py::none());
  m.def("_plan_json_text", &plan_json_text, "Benchmark aid: plan() through JSON text instead of the object bridge.",
        py::arg("fleet_text"), py::arg("start"), py::arg("months") = 12);
}
