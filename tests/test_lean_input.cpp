// The lean input path (simdjson's tape read in place by the same readers) gives
// exactly what the DOM path gives: the same values, and the same errors, limits
// and JSON pointers, word for word.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "json_node.hpp"
#include "lean_json.hpp"
#include "same_reading.hpp"
#include "support.hpp"

using namespace hotplan;
using namespace hotplan::test;

namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> corpus(const std::string& name) {
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("tests/fuzz/corpus/" + name))) {
    texts.push_back(file_text(entry.path().string()));
  }
  return texts;
}

template <typename Document>
void check_same(const std::string& text) {
  const auto readings = read_both<Document>(text);
  CAPTURE(text.substr(0, 300));
  CHECK(readings.text == readings.dom);
  CHECK(readings.same_value);
  if constexpr (std::is_same_v<Document, Fleet>) {
    CHECK(sliced_reading_agrees(text, 1));
    CHECK(sliced_reading_agrees(text, 2));
  }
}

std::string nested(std::size_t levels, bool objects) {
  std::string text;
  for (std::size_t i = 0; i < levels; ++i) text += objects ? "{\"a\":" : "[";
  text += "1";
  for (std::size_t i = 0; i < levels; ++i) text += objects ? "}" : "]";
  return text;
}

// Deterministic byte-level damage: tokens JSON parsers disagree about, spliced in,
// cut out or overwritten.
std::vector<std::string> mutants(const std::string& seed, std::size_t count, std::uint64_t random_seed) {
  static const std::string tokens[] = {"-0",
                                       "1e5",
                                       "1E-5",
                                       "\\u0000",
                                       "\\ud83d\\ude00",
                                       "\\ud800",
                                       "\"",
                                       "{",
                                       "}",
                                       "[",
                                       "]",
                                       ",",
                                       ":",
                                       "null",
                                       "true",
                                       "false",
                                       "1.",
                                       "01",
                                       "-",
                                       "+1",
                                       ".5",
                                       "\xff",
                                       "\xc3\xa9",
                                       "\xed\xa0\x80",
                                       "\x7f",
                                       "\x01",
                                       " ",
                                       "\\",
                                       "1e999",
                                       "300",
                                       "-1",
                                       "2.0",
                                       "\xef\xbb\xbf",
                                       "12345678901234567890",
                                       "\"a\":1",
                                       "\"id\"",
                                       "\"x\":{}",
                                       "PT1H",
                                       "Mon",
                                       "KB5066835",
                                       "2025-10-01",
                                       std::string(1, '\0')};
  std::mt19937_64 random(random_seed);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  std::vector<std::string> out;
  for (std::size_t k = 0; k < count; ++k) {
    std::string text = seed;
    for (std::size_t m = 0, edits = 1 + pick(3); m < edits; ++m) {
      const std::size_t at = pick(text.size() + 1);
      switch (pick(3)) {
        case 0:
          text.insert(at, tokens[pick(std::size(tokens))]);
          break;
        case 1:
          text.erase(at, 1 + pick(6));
          break;
        default:
          if (at < text.size()) text[at] = static_cast<char>(pick(256));
      }
    }
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace

TEST_CASE("the example documents and the fuzz corpora read the same both ways") {
  check_same<Fleet>(file_text(source_path("data/examples/fleet.json")));
  check_same<Catalog>(file_text(source_path("data/examples/catalog.json")));
  check_same<Policy>(file_text(source_path("data/examples/policies/maintenance-configuration.json")));
  check_same<Policy>(file_text(source_path("data/examples/policies/patch-baseline.json")));
  for (const auto& text : corpus("fleet")) check_same<Fleet>(text);
  for (const auto& text : corpus("rollout")) check_same<Fleet>(text);
  for (const auto& text : corpus("catalog")) check_same<Catalog>(text);
  for (const auto& text : corpus("policy")) check_same<Policy>(text);
  for (const auto& text : corpus("offpeak")) check_same<OffpeakPolicy>(text);
}

TEST_CASE("syntax errors, limits and repeated keys read the same both ways") {
  const std::string machine = eligible_machine("a").dump();
  const std::string longest(limits::kMaxStringLength, 'x');
  const std::string too_long(limits::kMaxStringLength + 1, 'x');
  const auto depth = static_cast<std::size_t>(limits::kMaxJsonDepth);
  const std::vector<std::string> texts = {
      "", " ", "{", "[", "{\"machines\": [", "nul", "tru", "{\"machines\": []} x", "{\"machines\": []} {}",
      std::string("{\"machines\": []}\0x", 18), "\xef\xbb\xbf{\"machines\": []}", "{\"machines\": [1e999]}", "-1e400",
      "{\"machines\": [18446744073709551616]}", "{\"machines\": [-9223372036854775809]}", "{\"machines\": [\"a\xff\"]}",
      "{\"machines\": [\"\\ud800\"]}", "{\"machines\": [\"\\udc00\"]}", "{\"machines\": [\"a\x01\"]}",
      "{\"machines\": [], \"machines\": []}", R"({"machines": [], "regions": {"a": {"pair": "b"}, "a": {}}})",
      R"({"machines": [[{"x": 1, "x": 2}]]})", R"({"machines": [{"id": 1, "i\u0064": 2}]})",
      R"({"machines": [{"id": 1, "i\u0064x": 2}]})", "{\"machines\": [\"" + longest + "\"]}",
      "{\"machines\": [\"" + too_long + "\"]}", "{\"" + too_long + "\": 1}",
      "{\"machines\": [{\"" + longest + "\": 1}]}", "{\"machines\": " + nested(depth - 1, false) + "}",
      "{\"machines\": " + nested(depth, false) + "}", "{\"machines\": " + nested(depth - 1, true) + "}",
      "{\"machines\": " + nested(depth, true) + "}", nested(100'000, false), std::string(100'000, '['),
      "{\"machines\": [" + machine + "," + machine + "]}",
      // A repeated key after an error the readers would find first: the repeat wins, as it did.
      R"({"machines": [{"id": ""}], "as_of": 1, "as_of": 2})",
      // A limit after a syntax error, and the reverse: whichever comes first in the text.
      "[1,]" + nested(100, false), nested(100, false) + "[1,]"};
  for (const auto& text : texts) check_same<Fleet>(text);
  for (const auto& text : texts) check_same<Catalog>(text);
}

TEST_CASE("every field's errors read the same both ways") {
  std::vector<Json> machines;
  const Json bad_values[] = {nullptr,
                             true,
                             0,
                             -1,
                             300,
                             2.0,
                             -0.0,
                             1e300,
                             "",
                             "x",
                             "\x01",
                             Json::array(),
                             Json::object(),
                             Json::array({1, 2}),
                             Json{{"start", "25:00"}}};
  const auto fields = eligible_machine("m");
  const char* extra_fields[] = {
      "offpeak",       "image",        "vmss_mode",    "region", "zone",       "availability_set",
      "update_domain", "fault_domain", "subscription", "vmss",   "depends_on", "license_remediated",
      "install_oob",   "unknown"};
  for (const auto& [key, unused] : fields.items()) {
    for (const auto& bad : bad_values) {
      auto m = fields;
      m[key] = bad;
      machines.push_back(m);
    }
  }
  for (const char* key : extra_fields) {
    for (const auto& bad : bad_values) {
      auto m = fields;
      m[key] = bad;
      machines.push_back(m);
    }
  }
  for (const auto& m : machines) {
    check_same<Fleet>(fleet_of({eligible_machine("ok"), m}).dump());
    check_same<Fleet>(fleet_of({eligible_machine("ok"), m}).dump(2));
  }
  auto zone = fields;
  zone["time_zone"] = "Europe/Brelin";
  check_same<Fleet>(fleet_of({zone}).dump());
  zone["time_zone"] = "W. Europe Standard Time";
  check_same<Fleet>(fleet_of({zone}).dump());
  auto offpeak = fields;
  offpeak["offpeak"] = Json{{"start", "22:00"}, {"end", "22:00"}};
  check_same<Fleet>(fleet_of({offpeak}).dump());
  offpeak["offpeak"] = Json{{"days", {"Mon", "Funday"}}, {"max_duration", "PT90S"}};
  check_same<Fleet>(fleet_of({offpeak}).dump());
  for (const auto& top : {Json{{"machines", Json::array()}, {"regions", 5}},
                          Json{{"machines", Json::array()}, {"regions", {{"a/b~", {{"pir", "x"}}}}}},
                          Json{{"machines", Json::array()}, {"regions", {{"a\x01", Json::object()}}}},
                          Json{{"machines", Json::array()}, {"install_durations", {{"lcu", "PT25H"}}}},
                          Json{{"machines", Json::array()}, {"as_of", "2025-13-01"}}, Json{{"machines", 5}},
                          Json::array(), Json(nullptr)}) {
    check_same<Fleet>(top.dump());
  }
}

TEST_CASE("damaged documents read the same both ways") {
  const auto fleet = file_text(source_path("data/examples/fleet.json"));
  for (const auto& text : mutants(fleet, 3000, 1)) check_same<Fleet>(text);
  for (const auto& text : mutants(file_text(source_path("data/examples/catalog.json")), 1500, 2)) {
    check_same<Catalog>(text);
  }
  for (const auto& text : mutants(file_text(source_path("data/examples/policies/patch-baseline.json")), 1000, 3)) {
    check_same<Policy>(text);
  }
  for (const auto& text : mutants(R"({"start": "23:00", "end": "04:30", "days": ["Sat", "Sun"],
                                      "max_duration": "PT3H"})",
                                  1000, 4)) {
    check_same<OffpeakPolicy>(text);
  }
}

TEST_CASE("a generated fleet reads back as it was written") {
  FleetShape shape;
  shape.machines = 3000;
  shape.dependencies = 0.01;
  shape.time_zones = {"Europe/Berlin", "Asia/Tokyo", "W. Europe Standard Time"};
  const auto fleet = generate_fleet(shape);
  const auto text = fleet_to_json(fleet).dump(2);
  CHECK(fleet_to_json(parse_fleet_text(text, "fleet")) == fleet_to_json(fleet));
  check_same<Fleet>(text);
}

TEST_CASE("load_fleet, load_catalog and load_policy read files as the DOM path does") {
  const auto fleet = source_path("data/examples/fleet.json");
  CHECK(same_document(load_fleet(fleet), parse_fleet(load_json_file(fleet))));
  const auto catalog = source_path("data/examples/catalog.json");
  CHECK(same_document(load_catalog(catalog), parse_catalog(load_json_file(catalog))));
  const auto policy = source_path("data/examples/policies/maintenance-configuration.json");
  CHECK(same_document(load_policy(policy), parse_policy(load_json_file(policy))));
  try {
    (void)load_fleet(source_path("tests/data/duplicate-key-fleet.json"));
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.message() == "this key appears more than once in its object");
  }
}

TEST_CASE("the lean parse leaves to the DOM path what it cannot vouch for") {
  using detail::LeanDocument;
  const auto depth = static_cast<std::size_t>(limits::kMaxJsonDepth);
  CHECK(LeanDocument::parse(nested(depth, false), false));
  CHECK(LeanDocument::parse(nested(depth, true), false));
  CHECK(LeanDocument::parse("[\"" + std::string(limits::kMaxStringLength, 'x') + "\"]", false));
  CHECK(LeanDocument::parse(file_text(source_path("data/examples/fleet.json")), false));
  CHECK_FALSE(LeanDocument::parse(nested(depth + 1, false), false));
  CHECK_FALSE(LeanDocument::parse(nested(depth + 1, true), false));
  CHECK_FALSE(LeanDocument::parse("[\"" + std::string(limits::kMaxStringLength + 1, 'x') + "\"]", false));
  CHECK_FALSE(LeanDocument::parse("{\"" + std::string(limits::kMaxStringLength + 1, 'x') + "\": 1}", false));
  CHECK_FALSE(LeanDocument::parse(R"({"a": 1, "b": 2, "a": 3})", false));
  CHECK_FALSE(LeanDocument::parse(R"([{"a": 1, "\u0061": 3}])", false));
  std::string many = "{";
  for (int i = 0; i < 100; ++i) many += "\"k" + std::to_string(i) + "\": 1, ";
  CHECK(LeanDocument::parse(many + "\"last\": 1}", false));
  CHECK_FALSE(LeanDocument::parse(many + "\"k7\": 1}", false));
  CHECK_FALSE(LeanDocument::parse("\xef\xbb\xbf[]", false));          // nlohmann skips a byte-order mark
  CHECK_FALSE(LeanDocument::parse("[18446744073709551616]", false));  // nlohmann makes it a double
  CHECK_FALSE(LeanDocument::parse("", false));
}

TEST_CASE("an array past the tape's 24-bit count is counted, not misread") {
  // 2^24 elements: simdjson's tape stores counts up to 2^24 - 1.
  std::string text = "{\"machines\": [";
  text.reserve(2 * (1U << 24) + 32);
  for (std::size_t i = 0; i < (1U << 24); ++i) text += i == 0 ? "0" : ",0";
  text += "]}";
  try {
    (void)parse_fleet_text(text, "fleet");
    FAIL("expected a LimitError");
  } catch (const LimitError& e) {
    CHECK(std::string(e.what()) == "/machines: 16777216 machines; the limit is 2000000");
  }
}

namespace {
template <typename Node>
concept child_of_temporary = requires(Node node) {
  std::move(node).at("k");
};
template <typename Node>
concept child_of_lvalue = requires(const Node& node) {
  node.at("k");
};
}  // namespace

TEST_CASE("a node's children keep a reference to it / children of a temporary do not compile") {
  static_assert(child_of_lvalue<JsonNode>);
  static_assert(!child_of_temporary<JsonNode>);
  // A detached node carries its pointer and outlives its parent.
  const Json document = Json::parse(R"({"list": [{"x": "a"}, {"x": 1}]})");
  std::optional<JsonNode> kept;
  {
    const JsonNode root(document, "");
    const auto list = root.at("list");
    kept.emplace(list.element(1).detached());
  }
  CHECK(kept->pointer() == "/list/1");
  try {
    (void)kept->at("x").string();
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "/list/1/x: expected a string, found an integer");
  }
}
