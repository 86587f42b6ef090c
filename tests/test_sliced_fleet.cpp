// A large fleet is read in slices (json_split.hpp, read_fleet_in_slices) so that
// simdjson never holds the whole document: the cut must be exact, and the sliced
// reading must give exactly the whole reading's fleet, or step aside so that the
// whole reading reports the error word for word.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fleet_generator.hpp"
#include "fleet_reader.hpp"
#include "json_node.hpp"
#include "json_split.hpp"
#include "same_reading.hpp"
#include "support.hpp"

using namespace hotplan;
using namespace hotplan::test;

namespace {

std::vector<std::string> element_texts(std::string_view text, const detail::SplitDocument& split) {
  std::vector<std::string> out;
  for (const auto& span : split.elements) out.emplace_back(text.substr(span.begin, span.end - span.begin));
  return out;
}

// The error the whole reading gives, or "ok".
std::string whole_reading(const std::string& text) {
  try {
    (void)parse_fleet_text(text, "input");
    return "ok";
  } catch (const InputError& e) {
    return e.what();
  }
}

// A fleet of many shapes (placement, zones, dependencies, off-peak) as text.
std::string generated_fleet_text(std::size_t machines) {
  FleetShape shape;
  shape.machines = machines;
  shape.dependencies = 0.05;
  shape.time_zones = {"Europe/Berlin", "Pacific Standard Time", "Asia/Kolkata"};
  return fleet_to_json(generate_fleet(shape)).dump();
}

}  // namespace

TEST_CASE("the scan cuts a fleet's machines array exactly, past strings that look like structure") {
  const std::string text =
      R"( {"a" : "x]\"[,", "machines" : [ {"id":"}\\","n":[1,{"b":"]"}]} , [1,[2]],3 ,"s\"]",-1.5e3,null ] ,)"
      R"( "b":{"machines":[9]}} )";
  const auto split = detail::split_at_array(text, "machines", 100);
  REQUIRE(split);
  CHECK(element_texts(text, *split) ==
        std::vector<std::string>{R"({"id":"}\\","n":[1,{"b":"]"}]})", "[1,[2]]", "3", R"("s\"]")", "-1.5e3", "null"});
  CHECK(split->outline == R"( {"a" : "x]\"[,", "machines" : [] , "b":{"machines":[9]}} )");

  const auto empty = detail::split_at_array(R"({"machines": [ ], "as_of": "2025-10-25"})", "machines", 100);
  REQUIRE(empty);
  CHECK(empty->elements.empty());
  CHECK(empty->outline == R"({"machines": [], "as_of": "2025-10-25"})");
}

TEST_CASE("the scan finds a string's end wherever its quote and escapes fall against 8-byte words") {
  // Strings of every length to 24 with an escaped quote or an escaped backslash at
  // every position, and the document cut at every point inside the string.
  for (std::size_t length = 0; length <= 24; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (const std::string_view escape : {R"(\")", R"(\\)", R"(\u0022)"}) {
        std::string literal = "\"" + std::string(length, 'x') + "\"";
        literal.insert(1 + at, escape);
        const std::string text = R"({"machines":[)" + literal + R"(,"]"]})";
        CAPTURE(text);
        const auto split = detail::split_at_array(text, "machines", 100);
        REQUIRE(split);
        CHECK(element_texts(text, *split) == std::vector<std::string>{literal, R"("]")"});
        // Cut short inside the string: a string left open, never a cut.
        for (std::size_t end = 14; end < 13 + literal.size(); ++end) {
          CHECK_FALSE(detail::split_at_array(std::string_view(text).substr(0, end), "machines", 100));
        }
      }
    }
  }
}

TEST_CASE("the scan steps aside when it cannot vouch for the cut") {
  const std::string refused[] = {
      "",
      "[]",
      R"({"regions": {}})",              // no machines
      R"({"x": {"machines": []}})",      // only nested
      R"({"machine\u0073": [{}]})",      // spelt with an escape: the whole reading knows it
      R"({"machines": {"a": 1}})",       // not an array
      R"({"machines": [1,]})",           // an empty element
      R"({"machines": [1 2]})",          // no comma
      R"({"machines": ["open]})",        // a string left open
      R"({"machines": [{"a": [1]})",     // a bracket left open
      R"({"a": "\"})",                   // an escape runs to the end
      R"({"a" 1, "machines": []})",      // no colon before it
      "\xef\xbb\xbf{\"machines\": []}",  // a byte-order mark
  };
  for (const auto& text : refused) {
    CAPTURE(text);
    CHECK_FALSE(detail::split_at_array(text, "machines", 100));
  }
}

TEST_CASE("a fleet read in slices of any size, on any number of threads, is the fleet read whole") {
  const std::string text = generated_fleet_text(300);
  const auto whole = parse_fleet_text(text, "input");
  for (const unsigned threads : {1U, 2U, 3U}) {
    for (const std::size_t per_slice : {1, 2, 7, 64, 299, 300, 4096}) {
      CAPTURE(threads);
      CAPTURE(per_slice);
      const auto sliced = detail::read_fleet_in_slices(text, per_slice, threads);
      REQUIRE(sliced);
      CHECK(same_document(*sliced, whole));
    }
  }
  std::ifstream in(source_path("data/examples/fleet.json"));
  const std::string example_text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto example = detail::read_fleet_in_slices(example_text, 3, 2);
  REQUIRE(example);
  CHECK(same_document(*example, load_fleet(source_path("data/examples/fleet.json"))));
}

TEST_CASE("an error anywhere makes the sliced reading step aside for the whole reading's error") {
  const std::string good = fleet_of({eligible_machine("a"), eligible_machine("b"), eligible_machine("c")}).dump();
  auto bad_build = fleet_of({eligible_machine("a"), eligible_machine("b"), eligible_machine("c")});
  bad_build["machines"][2]["build"] = "26100";
  auto duplicate = fleet_of({eligible_machine("a"), eligible_machine("b"), eligible_machine("a")});
  auto cycle = fleet_of({eligible_machine("a"), eligible_machine("b")});
  cycle["machines"][0]["depends_on"] = Json::array({"b"});
  cycle["machines"][1]["depends_on"] = Json::array({"a"});
  const std::string errors[] = {
      bad_build.dump(), duplicate.dump(), cycle.dump(),
      // Repeated keys, in a machine of a later slice and at the top level.
      R"({"machines": [{"id": "a"}, {"id": "b", "id": "c"}]})", R"({"machines": [], "machines": []})",
      // Invalid between elements and inside one.
      R"({"machines": [{"id": "a"}, {"id": "b"]]})", R"({"machines": [{"id": "a"};{"id": "b"}]})",
      R"({"machines": [{"id": "a\u0001"}, 1e999]})",
      // Unknown top-level field, bad as_of after the machines.
      good.substr(0, good.size() - 1) + R"(, "unknown": 1})", good.substr(0, good.size() - 1) + R"(, "as_of": 1})"};
  CHECK(detail::read_fleet_in_slices(good, 1, 1));
  for (const auto& text : errors) {
    CAPTURE(text);
    CHECK(whole_reading(text) != "ok");
    for (const std::size_t per_slice : {1, 2, 3}) CHECK_FALSE(detail::read_fleet_in_slices(text, per_slice, 1));
  }
  // On several threads: an error in the last thread's machines, an id repeated across threads.
  auto many = fleet_to_json(generate_fleet(FleetShape{.machines = 300}));
  REQUIRE(detail::read_fleet_in_slices(many.dump(), 16, 3));
  auto repeated = many;
  repeated["machines"][299]["id"] = many["machines"][0]["id"];
  auto bad_last = many;
  bad_last["machines"][299]["generation"] = 3;
  for (const auto& fleet : {repeated, bad_last}) {
    CHECK(whole_reading(fleet.dump()) != "ok");
    CHECK_FALSE(detail::read_fleet_in_slices(fleet.dump(), 16, 3));
  }
}

TEST_CASE("load_fleet reads a large fleet file in slices: the same fleet, and the same error") {
  // Past load_fleet's threshold for slicing (1 MiB): about 2,600 machines.
  std::string text = generated_fleet_text(3'000);
  REQUIRE(text.size() > (std::size_t{1} << 20));
  const auto path = std::filesystem::temp_directory_path() / "hotplan-test-sliced-fleet.json";
  const auto write = [&](const std::string& content) { std::ofstream(path, std::ios::binary) << content; };
  write(text);
  CHECK(same_document(load_fleet(path.string()), parse_fleet_text(text, "input")));

  // A bad value in the last machine: the whole reading's error, with its pointer.
  const auto at = text.rfind("\"build\":\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, 9, "\"build\":\"x");
  write(text);
  const std::string expected = whole_reading(text);
  CHECK(expected.find("/machines/2999/build") != std::string::npos);
  try {
    (void)load_fleet(path.string());
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == expected);
  }

  // Past the machine limit (17 million one-byte "machines"): the limit's error, as read whole.
  std::string many = "{\"machines\":[";
  while (many.size() < (std::size_t{34} << 20)) many += "1,";
  many += "1]}";
  write(many);
  try {
    (void)load_fleet(path.string());
    FAIL("expected a LimitError");
  } catch (const LimitError& e) {
    CHECK(e.path() == "/machines");
    CHECK(std::string(e.what()) == whole_reading(many));
  }
  std::filesystem::remove(path);
}

TEST_CASE("a file of 32 MiB or more is read on several threads: the same bytes, padded") {
  // A JSON array of distinct numbers, an odd size (not a multiple of the threads' blocks).
  std::string text = "[";
  std::size_t numbers = 0;
  for (; text.size() < (std::size_t{40} << 20); ++numbers) text += std::to_string(numbers * 7919) + ",";
  text += "1]";
  const auto path = std::filesystem::temp_directory_path() / "hotplan-test-parts.json";
  std::ofstream(path, std::ios::binary) << text;
  const auto source = detail::read_json_source(path.string());
  CHECK(source.size == text.size());
  CHECK(source.text() == text);
  CHECK(std::all_of(source.buffer.get() + source.size, source.buffer.get() + source.size + detail::kJsonPadding,
                    [](char c) { return c == '\0'; }));
  const auto document = load_json_file(path.string());
  REQUIRE(document.size() == numbers + 1);
  CHECK(document[numbers - 1] == (numbers - 1) * 7919);
  std::filesystem::remove(path);
}
