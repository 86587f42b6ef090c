#pragma once
// Shared checks for the fuzz harnesses (tests/fuzz/fuzz_*.cpp). A harness calls
// the real entry point and, for any input, requires: success with every input
// record accounted for, or an InputError whose path is "" or a JSON pointer that
// resolves in the document. Anything else aborts, so libFuzzer (or the replay
// runner) reports the input.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>

#include "../same_reading.hpp"
#include "hotplan/hotplan.hpp"

namespace hotplan::fuzz {

[[noreturn]] inline void failed(const std::string& what, const char* file, int line) {
  std::fprintf(stderr, "fuzz invariant violated at %s:%d: %s\n", file, line, what.c_str());
  std::fflush(stderr);
  std::abort();
}

// Unlike assert(), active in every build type.
#define HOTPLAN_FUZZ_CHECK(condition) ((condition) ? void(0) : ::hotplan::fuzz::failed(#condition, __FILE__, __LINE__))

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) noexcept {
  return {reinterpret_cast<const char*>(data), size};
}

// RFC 6901 syntax: empty, or "/"-separated tokens where "~" is followed by 0 or 1.
inline bool is_json_pointer(std::string_view path) noexcept {
  if (path.empty()) return true;
  if (path.front() != '/') return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '~' && (i + 1 == path.size() || (path[i + 1] != '0' && path[i + 1] != '1'))) return false;
  }
  return true;
}

// An error path must be a JSON pointer that names a value in `document` (when the
// input got as far as being a document); the empty pointer names the whole input.
inline void check_error_path(const InputError& error, const Json* document) {
  const auto& path = error.path();
  if (!is_json_pointer(path))
    failed("error path is not a JSON pointer: " + std::string(error.what()), __FILE__, __LINE__);
  if (path.empty()) return;
  // The one parse error with a path: a repeated key, at its pointer in the text.
  if (document == nullptr && error.message() == "this key appears more than once in its object") return;
  if (document == nullptr)
    failed("error before parsing names a path: " + std::string(error.what()), __FILE__, __LINE__);
  if (!document->contains(Json::json_pointer(path))) {
    failed("error path does not resolve in the input: " + std::string(error.what()), __FILE__, __LINE__);
  }
}

// Runs `step`; true on success, false on an InputError with a valid path; aborts
// on any other exception, which would be a crash (exit 3) in the CLI.
template <typename Step>
bool succeeds_or_input_error(Step&& step, const Json* document) {
  try {
    step();
    return true;
  } catch (const InputError& e) {
    check_error_path(e, document);
    return false;
  } catch (const std::exception& e) {
    failed(std::string("unexpected ") + typeid(e).name() + ": " + e.what(), __FILE__, __LINE__);
  } catch (...) {
    failed("unexpected non-standard exception", __FILE__, __LINE__);
  }
}

// Runs `step` that must not fail at all (the input has been validated already).
template <typename Step>
void must_succeed(Step&& step) {
  try {
    step();
  } catch (const std::exception& e) {
    failed(std::string("validated input failed later: ") + typeid(e).name() + ": " + e.what(), __FILE__, __LINE__);
  } catch (...) {
    failed("validated input failed later with a non-standard exception", __FILE__, __LINE__);
  }
}

// The lean path (load_fleet's: the text read in place) and the DOM path (the
// text parsed into Json, then read) give the same document or the same error.
template <typename Document>
void check_same_reading(std::string_view text) {
  must_succeed([&] {
    const auto readings = test::read_both<Document>(text);
    if (readings.text != readings.dom || !readings.same_value) {
      failed("the lean and DOM readings differ: " + readings.text + " | " + readings.dom +
                 (readings.same_value ? "" : " (different values)"),
             __FILE__, __LINE__);
    }
    if constexpr (std::is_same_v<Document, Fleet>) {
      // Two machines a slice: every cut between slices is exercised.
      if (!test::sliced_reading_agrees(text, 2))
        failed("the sliced reading differs from the whole", __FILE__, __LINE__);
    }
  });
}

// A plan accounts for every machine of the fleet, in order, each with `months`
// consecutive steps starting at plan.from; its JSON says the same and serialises.
inline void check_plan(const Fleet& fleet, const FleetPlan& plan, int months) {
  HOTPLAN_FUZZ_CHECK(plan.machines.size() == fleet.machines.size());
  HOTPLAN_FUZZ_CHECK(plan.months == months);
  for (std::size_t i = 0; i < plan.machines.size(); ++i) {
    const auto& machine = plan.machines[i];
    HOTPLAN_FUZZ_CHECK(machine.id == fleet.machines[i].id);
    HOTPLAN_FUZZ_CHECK(machine.product == fleet.machines[i].product);
    HOTPLAN_FUZZ_CHECK(machine.eligible == machine.failures.empty());
    HOTPLAN_FUZZ_CHECK(machine.steps.size() == static_cast<std::size_t>(months));
    int restarts = 0;
    int restart_months = 0;
    for (std::size_t m = 0; m < machine.steps.size(); ++m) {
      const auto& step = machine.steps[m];
      HOTPLAN_FUZZ_CHECK(step.month == plan.from + date::months{static_cast<int>(m)});
      HOTPLAN_FUZZ_CHECK(step.reboot == (step.offer == Offer::baseline || step.offer == Offer::lcu ||
                                         !step.out_of_band_installed.empty()));
      HOTPLAN_FUZZ_CHECK(!describe(step).empty());
      restarts += step.restarts;
      restart_months += step.reboot ? 1 : 0;
    }
    HOTPLAN_FUZZ_CHECK(machine.restarts == restarts && machine.restart_months == restart_months);
  }
  const Json json = plan_to_json(plan);
  const auto& listed = json.at("machines");
  HOTPLAN_FUZZ_CHECK(listed.size() == fleet.machines.size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    HOTPLAN_FUZZ_CHECK(listed[i].at("id") == fleet.machines[i].id);
    HOTPLAN_FUZZ_CHECK(listed[i].at("months").size() == static_cast<std::size_t>(months));
  }
  HOTPLAN_FUZZ_CHECK(!json.dump().empty());
}

// An example input file of data/examples, parsed once (the harnesses that vary
// one input classify or roll out against a fixed other one).
inline Json example_document(const std::string& relative) {
  return load_json_file(std::string(HOTPLAN_SOURCE_DIR) + "/data/examples/" + relative);
}

// classify() accounts for every catalog entry exactly once, in approved (orders
// 1..n) or skipped, and its JSON serialises.
inline void check_classification(const Catalog& catalog, const ClassifyResult& result) {
  HOTPLAN_FUZZ_CHECK(result.approved.size() + result.skipped.size() == catalog.size());
  std::vector<int> seen(catalog.size(), 0);
  for (const auto& a : result.approved) {
    const auto index = catalog.index_of(a.kb);
    HOTPLAN_FUZZ_CHECK(index.has_value());
    ++seen[*index];
  }
  for (const auto& s : result.skipped) {
    const auto index = catalog.index_of(s.kb);
    HOTPLAN_FUZZ_CHECK(index.has_value());
    HOTPLAN_FUZZ_CHECK(!s.reason.empty());
    ++seen[*index];
  }
  for (const int count : seen) HOTPLAN_FUZZ_CHECK(count == 1);
  for (std::size_t i = 0; i < result.approved.size(); ++i) {
    HOTPLAN_FUZZ_CHECK(result.approved[i].order == static_cast<int>(i) + 1);
  }
  HOTPLAN_FUZZ_CHECK(!classify_to_json(result).dump().empty());
}

// Classifies the whole catalog as of a day after every example release, and one
// release cycle for one product (the CLI's two shapes), checking each.
inline void check_classify_all(const Catalog& catalog, const Policy& policy) {
  using namespace date::literals;
  const ClassifyOptions everything{date::sys_days{2026_y / date::June / 30}, std::nullopt, std::nullopt, nullptr,
                                   CalendarSet::shipped()};
  check_classification(catalog, classify(catalog, policy, everything));
  const auto month = 2025_y / date::November;
  const ClassifyOptions cycle{last_day_of_cycle(month), month, Product::ws2025, nullptr, CalendarSet::shipped()};
  check_classification(catalog, classify(catalog, policy, cycle));
}

// A rollout accounts for every machine of the fleet exactly once, in a batch
// (healthy or failed) or in not_patched, and every independent check holds.
inline void check_rollout(const Fleet& fleet, const Rollout& rollout) {
  std::set<std::string> ids;
  for (const auto& m : fleet.machines) ids.insert(m.id);
  HOTPLAN_FUZZ_CHECK(ids.size() == fleet.machines.size());
  std::multiset<std::string> placed;
  for (const auto& batch : rollout.batches) {
    HOTPLAN_FUZZ_CHECK(batch.start <= batch.end);
    placed.insert(batch.machines.begin(), batch.machines.end());
    placed.insert(batch.failed.begin(), batch.failed.end());
  }
  for (const auto& skip : rollout.not_patched) placed.insert(skip.id);
  HOTPLAN_FUZZ_CHECK(placed.size() == fleet.machines.size());
  for (const auto& id : ids) HOTPLAN_FUZZ_CHECK(placed.count(id) == 1);
  HOTPLAN_FUZZ_CHECK(!rollout.checks.empty());
  for (const auto& check : rollout.checks) {
    if (!check.ok) failed("rollout check failed: " + check.rule + ": " + check.detail, __FILE__, __LINE__);
  }
  HOTPLAN_FUZZ_CHECK(!rollout_to_json(rollout).dump().empty());
}

}  // namespace hotplan::fuzz
