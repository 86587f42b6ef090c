#include <doctest/doctest.h>

#include "support.hpp"

using namespace hotplan;
using hotplan::test::run_cli;
using hotplan::test::source_path;

namespace {

Json update(const std::string& kb, const std::string& classification = "Security") {
  return Json{{"kb", kb},
              {"title", "t"},
              {"product", "ws2025"},
              {"classification", classification},
              {"severity", "Important"},
              {"category", "other"},
              {"released", "2025-11-11"},
              {"reboot", "never"}};
}

Json catalog_of(std::initializer_list<Json> updates) {
  Json list = Json::array();
  for (const auto& u : updates) list.push_back(u);
  return Json{{"updates", list}};
}

// The pointer of the InputError the document raises.
std::string error_path(const Json& doc) {
  try {
    (void)parse_catalog(doc);
  } catch (const InputError& e) {
    return e.path();
  }
  return "no error";
}

std::string error_message(const Json& doc) {
  try {
    (void)parse_catalog(doc);
  } catch (const InputError& e) {
    return e.message();
  }
  return "no error";
}

}  // namespace

TEST_CASE("the example catalog parses with strong types") {
  const auto catalog = load_catalog(source_path("data/examples/catalog.json"));
  const auto i = catalog.index_of(*Kb::parse("KB5071234"));
  REQUIRE(i);
  const auto& u = catalog[*i];
  CHECK(u.category == UpdateCategory::dotnet);
  CHECK(u.reboot == RebootBehaviour::may);
  CHECK(u.classification == UpdateClassification::security);
  CHECK(u.severity == Severity::important);
  CHECK(u.released == date::sys_days{date::year{2025} / 11 / 11});
  CHECK(u.supersedes == std::vector<Kb>{*Kb::parse("KB5066130")});
  const auto msrt = catalog.index_of(*Kb::parse("KB890830"));
  REQUIRE(msrt);
  CHECK(catalog[*msrt].products.size() == 2);
}

TEST_CASE("bad catalog input names its JSON pointer") {
  auto bad_classification = update("KB5000001");
  bad_classification["classification"] = "Securty";
  CHECK(error_path(catalog_of({update("KB5000000"), bad_classification})) == "/updates/1/classification");
  auto bad_severity = update("KB5000001");
  bad_severity["severity"] = "Severe";
  CHECK(error_path(catalog_of({bad_severity})) == "/updates/0/severity");
  CHECK(error_path(catalog_of({update("KB12345")})) == "/updates/0/kb");
  CHECK(error_path(catalog_of({update("5000001")})) == "/updates/0/kb");
  auto bad_category = update("KB5000001");
  bad_category["category"] = "bios";
  CHECK(error_path(catalog_of({bad_category})) == "/updates/0/category");
  auto bad_reboot = update("KB5000001");
  bad_reboot["reboot"] = "sometimes";
  CHECK(error_path(catalog_of({bad_reboot})) == "/updates/0/reboot");
  auto bad_date = update("KB5000001");
  bad_date["released"] = "2025-02-30";
  CHECK(error_path(catalog_of({bad_date})) == "/updates/0/released");
  auto unknown_field = update("KB5000001");
  unknown_field["severty"] = "Low";
  CHECK(error_path(catalog_of({unknown_field})) == "/updates/0/severty");
  auto both_products = update("KB5000001");
  both_products["products"] = Json::array({"ws2025"});
  CHECK(error_path(catalog_of({both_products})) == "/updates/0");
  auto no_product = update("KB5000001");
  no_product.erase("product");
  CHECK(error_path(catalog_of({no_product})) == "/updates/0");
  auto unknown_product = update("KB5000001");
  unknown_product["product"] = "win11";
  CHECK(error_path(catalog_of({unknown_product})) == "/updates/0/product");
  auto bad_supersedes = update("KB5000001");
  bad_supersedes["supersedes"] = Json::array({"KB5000000", "KBX"});
  CHECK(error_path(catalog_of({bad_supersedes})) == "/updates/0/supersedes/1");
  CHECK(error_path(Json::array()) == "");
  CHECK(error_path(Json{{"updates", Json::object()}}) == "/updates");
  CHECK(error_path(catalog_of({Json("KB5000001")})) == "/updates/0");
}

TEST_CASE("a duplicate KB is an error at the second entry") {
  const auto doc = catalog_of({update("KB5000001"), update("KB5000002"), update("KB5000001")});
  CHECK(error_path(doc) == "/updates/2/kb");
  CHECK(error_message(doc).find("/updates/0") != std::string::npos);
}

TEST_CASE("an update superseding or requiring itself is an error") {
  auto self = update("KB5000001");
  self["supersedes"] = Json::array({"KB5000001"});
  CHECK(error_path(catalog_of({self})) == "/updates/0/supersedes/0");
  auto needs_self = update("KB5000001");
  needs_self["requires"] = Json::array({"KB5000001"});
  CHECK(error_path(catalog_of({needs_self})) == "/updates/0/requires/0");
}

TEST_CASE("a supersedence cycle names every KB in it") {
  auto a = update("KB5000001");
  auto b = update("KB5000002");
  auto c = update("KB5000003");
  auto d = update("KB5000004");
  a["supersedes"] = Json::array({"KB5000002"});
  b["supersedes"] = Json::array({"KB5000003"});
  c["supersedes"] = Json::array({"KB5000001"});
  d["supersedes"] = Json::array({"KB5000001"});  // outside the cycle: not named
  const auto doc = catalog_of({d, a, b, c});
  CHECK(error_path(doc) == "/updates/1/supersedes");
  const auto message = error_message(doc);
  CHECK(message.find("supersedence cycle") != std::string::npos);
  CHECK(message.find("KB5000001") != std::string::npos);
  CHECK(message.find("KB5000002") != std::string::npos);
  CHECK(message.find("KB5000003") != std::string::npos);
  CHECK(message.find("KB5000004") == std::string::npos);
}

TEST_CASE("a prerequisite cycle names every KB in it") {
  auto a = update("KB5000001");
  auto b = update("KB5000002");
  a["requires"] = Json::array({"KB5000002"});
  b["requires"] = Json::array({"KB5000001"});
  const auto doc = catalog_of({a, b});
  CHECK(error_path(doc) == "/updates/0/requires");
  const auto message = error_message(doc);
  CHECK(message.find("prerequisite cycle") != std::string::npos);
  CHECK(message.find("KB5000001 and KB5000002") != std::string::npos);
}

TEST_CASE("supersedes may name KBs outside the catalog") {
  auto a = update("KB5000001");
  a["supersedes"] = Json::array({"KB4000000"});
  CHECK(error_path(catalog_of({a})) == "no error");
}

TEST_CASE("bad catalog and policy files exit with code 2 through the CLI") {
  const std::string dir = "/tmp/hotplan_test_catalog";
  std::system(("mkdir -p " + dir).c_str());
  auto write = [&](const std::string& name, const Json& doc) {
    const auto path = dir + "/" + name;
    FILE* f = std::fopen(path.c_str(), "w");
    REQUIRE(f != nullptr);
    const auto text = doc.dump();
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    return path;
  };
  auto bad = update("KB5000001");
  bad["classification"] = "Nope";
  const auto bad_catalog = write("bad_catalog.json", catalog_of({bad}));
  const auto good_catalog = source_path("data/examples/catalog.json");
  CHECK(run_cli("classify --catalog " + bad_catalog + " --policy automatic-by-platform").exit_code == 2);
  const auto bad_policy =
      write("bad_policy.json",
            Json{{"type", "patch-baseline"},
                 {"rules",
                  Json::array({Json{{"classifications", Json::array({"Security"})}, {"approve_after_days", 1000}}})}});
  CHECK(run_cli("classify --catalog " + good_catalog + " --policy " + bad_policy).exit_code == 2);
  CHECK(run_cli("classify --catalog " + good_catalog + " --policy automatic-by-platform --month 2025-13").exit_code ==
        2);
  CHECK(
      run_cli("classify --catalog " + good_catalog + " --policy automatic-by-platform --as-of 2025-02-30").exit_code ==
      2);
  CHECK(run_cli("classify --catalog " + good_catalog + " --policy automatic-by-platform --machine x").exit_code == 2);
  CHECK(run_cli("classify --catalog " + good_catalog + " --policy automatic-by-platform --fleet " +
                source_path("data/examples/fleet.json") + " --machine no-such-machine")
            .exit_code == 2);
  CHECK(run_cli("classify --catalog /nonexistent.json --policy automatic-by-platform").exit_code == 2);
  CHECK(run_cli("plan --fleet " + source_path("data/examples/fleet.json") + " --from 2025-10 --catalog " + bad_catalog)
            .exit_code == 2);
  CHECK(run_cli("plan --fleet " + source_path("data/examples/fleet.json") +
                " --from 2025-10 --policy automatic-by-platform")
            .exit_code == 2);
}
