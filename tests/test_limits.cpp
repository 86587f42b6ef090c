// Every documented input limit (include/hotplan/limits.hpp) is a LimitError, never
// a crash, a hang or an out-of-memory; malformed numbers and repeated records are
// InputErrors at the right JSON pointer.
#include <doctest/doctest.h>
#include <pthread.h>
#include <sys/mman.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "support.hpp"

using namespace hotplan;
using namespace hotplan::test;

namespace {

// Runs `body` on a thread with a small stack (256 KiB): anything recursive per
// nesting level would overflow it long before 100,000 levels.
void run_with_small_stack(const std::function<void()>& body) {
  pthread_attr_t attributes;
  REQUIRE(pthread_attr_init(&attributes) == 0);
  REQUIRE(pthread_attr_setstacksize(&attributes, 256 * 1024) == 0);
  pthread_t thread;
  auto trampoline = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  REQUIRE(pthread_create(&thread, &attributes, trampoline, const_cast<std::function<void()>*>(&body)) == 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
}

std::string nested_arrays(std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

std::string nested_objects(std::size_t levels) {
  std::string text;
  for (std::size_t i = 0; i < levels; ++i) text += "{\"a\":";
  text += "1";
  text += std::string(levels, '}');
  return text;
}

// The error parse_json_text throws for `text`, as "<kind>: <message>".
std::string parse_failure(const std::string& text) {
  try {
    (void)parse_json_text(text, "input");
  } catch (const LimitError& e) {
    return "limit: " + std::string(e.what());
  } catch (const InputError& e) {
    return "input: " + std::string(e.what());
  }
  return "none";
}

}  // namespace

TEST_CASE("input larger than kMaxInputBytes is a LimitError before any byte is read") {
  const std::size_t size = limits::kMaxInputBytes + 1;
  // Untouched anonymous pages: the size check must not read them (or this test would need 256 MiB).
  void* pages = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  REQUIRE(pages != MAP_FAILED);
  CHECK_THROWS_AS((void)parse_json_text(std::string_view(static_cast<const char*>(pages), size), "big"), LimitError);
  munmap(pages, size);

  // A sparse file of the same size: load_json_file checks the size before reading.
  const auto path = std::filesystem::temp_directory_path() / "hotplan-test-limits-big.json";
  { std::ofstream(path) << ""; }
  std::filesystem::resize_file(path, size);
  CHECK_THROWS_AS((void)load_json_file(path.string()), LimitError);
  std::filesystem::remove(path);
}

TEST_CASE("JSON nesting: kMaxJsonDepth levels parse / one more is a LimitError") {
  const auto depth = static_cast<std::size_t>(limits::kMaxJsonDepth);
  CHECK_NOTHROW((void)parse_json_text(nested_arrays(depth), "input"));
  CHECK_NOTHROW((void)parse_json_text(nested_objects(depth), "input"));
  CHECK(parse_failure(nested_arrays(depth + 1)).rfind("limit: input nests arrays and objects deeper than 64", 0) == 0);
  CHECK(parse_failure(nested_objects(depth + 1)).rfind("limit:", 0) == 0);
}

TEST_CASE("100 /000 nested levels are a LimitError without deep recursion") {
  std::string arrays, objects, unclosed, mixed;
  run_with_small_stack([&] {
    arrays = parse_failure(nested_arrays(100'000));
    objects = parse_failure(nested_objects(100'000));
    unclosed = parse_failure(std::string(100'000, '['));
    std::string text;
    for (int i = 0; i < 50'000; ++i) text += "[{\"k\":";
    mixed = parse_failure(text);
  });
  CHECK(arrays.rfind("limit:", 0) == 0);
  CHECK(objects.rfind("limit:", 0) == 0);
  CHECK(unclosed.rfind("limit:", 0) == 0);
  CHECK(mixed.rfind("limit:", 0) == 0);
  // The whole path, as the CLI takes it: a file through load_fleet.
  const auto path = std::filesystem::temp_directory_path() / "hotplan-test-limits-deep.json";
  { std::ofstream(path) << "{\"machines\":" << nested_arrays(100'000) << "}"; }
  CHECK(run_cli("plan --from 2025-10 --fleet " + path.string()).exit_code == 2);
  std::filesystem::remove(path);
}

TEST_CASE("strings and keys longer than kMaxStringLength are a LimitError") {
  const std::string longest(limits::kMaxStringLength, 'x');
  const std::string too_long(limits::kMaxStringLength + 1, 'x');
  CHECK_NOTHROW((void)parse_json_text("[\"" + longest + "\"]", "input"));
  CHECK_NOTHROW((void)parse_json_text("{\"" + longest + "\": 1}", "input"));
  CHECK(parse_failure("[\"" + too_long + "\"]").rfind("limit: input has a string longer than 4096 bytes", 0) == 0);
  CHECK(parse_failure("{\"" + too_long + "\": 1}").rfind("limit:", 0) == 0);
  CHECK(parse_failure("{\"machines\": [{\"id\": \"" + too_long + "\"}]}").rfind("limit:", 0) == 0);
}

TEST_CASE("more than kMaxMachines machines is a LimitError at /machines / checked before any machine is read") {
  // Null elements would each be an "expected an object" error if they were read.
  Json document{{"machines", Json::array_t(limits::kMaxMachines + 1)}};
  try {
    (void)parse_fleet(document);
    FAIL("expected a LimitError");
  } catch (const LimitError& e) {
    CHECK(e.path() == "/machines");
  }
  document["machines"] = Json::array_t(1);
  try {
    (void)parse_fleet(document);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.path() == "/machines/0");
  }
}

namespace {
// Calendar data without a first supported month, so plans may start in 1970.
CalendarSet unbounded_calendars() {
  return CalendarSet::shipped().replaced(calendar_from_json(Json{{"product", "ws2025"}, {"months", Json::array()}}));
}
}  // namespace

TEST_CASE("months planned: 1 to kMaxMonths / anything else is a LimitError") {
  const Fleet fleet = parse_fleet(fleet_of({eligible_machine("a")}));
  const auto from = date::year{1970} / date::January;
  const auto calendars = unbounded_calendars();
  CHECK_THROWS_AS((void)plan_fleet(fleet, from, 0, calendars), LimitError);
  CHECK_THROWS_AS((void)plan_fleet(fleet, from, -5, calendars), LimitError);
  CHECK_THROWS_AS((void)plan_fleet(fleet, from, limits::kMaxMonths + 1, calendars), LimitError);
  const auto plan = plan_fleet(fleet, from, limits::kMaxMonths, calendars);
  REQUIRE(plan.machines.size() == 1);
  CHECK(plan.machines[0].steps.size() == static_cast<std::size_t>(limits::kMaxMonths));
  CHECK(run_cli("plan --from 2025-10 --months 1201 --fleet " + source_path("data/examples/fleet.json")).exit_code == 2);
  CHECK(run_cli("calendar --from 2025-10 --months 1201").exit_code == 2);
}

TEST_CASE("machines times months beyond kMaxPlanMachineMonths is a LimitError / not an out-of-memory") {
  Fleet fleet;
  const std::size_t months = limits::kMaxMonths;
  fleet.machines.resize(limits::kMaxPlanMachineMonths / months + 1,
                        parse_fleet(fleet_of({eligible_machine("a")})).machines[0]);
  try {
    (void)plan_fleet(fleet, date::year{2000} / date::January, static_cast<int>(months), unbounded_calendars());
    FAIL("expected a LimitError");
  } catch (const LimitError& e) {
    CHECK(e.path() == "/machines");
  }
}

TEST_CASE("a number too large for a double is an InputError / not a json exception") {
  CHECK(parse_failure("{\"machines\": [1e999]}").rfind("input: input is not valid JSON: number overflow", 0) == 0);
  CHECK(parse_failure("-1e400").rfind("input:", 0) == 0);
}

TEST_CASE("a KB listed twice in calendar data is an error at the repeat's pointer") {
  const Json months =
      Json::parse(R"([{"month": "2025-10", "kind": "baseline", "status": "published", "kb": "KB5066835"},
                      {"month": "2025-11", "kind": "hotpatch", "status": "published", "lcu": {"kb": "KB5066835"}}])");
  try {
    (void)calendar_from_json(Json{{"product", "ws2025"}, {"months", months}});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.path() == "/months/1/lcu/kb");
    CHECK(e.message() == "KB5066835 is listed more than once (first at /months/0/kb)");
  }
  const Json oob = Json::parse(R"([{"date": "2025-10-29", "kb": "KB5000001", "keeps_chain": true},
                                   {"date": "2025-10-01", "kb": "KB5000001", "keeps_chain": true}])");
  try {
    (void)calendar_from_json(Json{{"product", "ws2025"}, {"months", Json::array({months[0]})}, {"out_of_band", oob}});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    // Reported at the input's own index, not at its position after sorting by date.
    CHECK(e.path() == "/out_of_band/1/kb");
  }
}

TEST_CASE("error messages are valid UTF-8 whatever bytes the input holds") {
  CHECK(valid_utf8("plain café ✓ 𝄞") == "plain café ✓ 𝄞");
  CHECK(valid_utf8("a\xff") == "a\\xFF");
  CHECK(valid_utf8("\xc0\xaf") == "\\xC0\\xAF");                    // overlong
  CHECK(valid_utf8("\xed\xa0\x80") == "\\xED\\xA0\\x80");           // surrogate
  CHECK(valid_utf8("\xf4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
  CHECK(valid_utf8("\xe2\x9c") == "\\xE2\\x9C");                    // truncated
  const InputError error("/machines/0/id\xfe", "bad \"a\xff\"");
  CHECK(std::string(error.what()) == "/machines/0/id\\xFE: bad \"a\\xFF\"");
  CHECK(error.path() == "/machines/0/id\\xFE");
  // Through the parser and the CLI: invalid bytes in JSON text are escaped in the message.
  const std::string text = "{\"machines\": [\"a\xff";
  try {
    (void)parse_json_text(text, "fleet");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(valid_utf8(e.what()) == e.what());
    CHECK(std::string(e.what()).find('\xff') == std::string::npos);
  }
}
